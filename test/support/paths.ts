// Where things are, for every test harness. Tests are bundled into out/test/…, so paths are found from the
// repository root (the folder whose package.json is this extension's), never from the bundle's own location.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'gitlab-artifact-flow'
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no gitlab-artifact-flow package.json above ${__dirname}`);
  }
}

/** The repository root. */
export const ROOT = findRoot();
/** Debian's Chromium, installed by scripts/setup.mjs. */
export const CHROMIUM = '/usr/bin/chromium';
/** code-server's cache folder and binary (installed by scripts/setup.mjs, outside the packaged extension). */
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_BIN = join(ROOT, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
/** The packaged extension that `npm run package` writes. */
export const VSIX = join(ROOT, 'dist-vsix', 'gitlab-artifact-flow.vsix');

/** `test-output/<sub>/` (git-ignored), created on demand: screenshots and logs go here. */
export function testOutput(sub: string): string {
  const dir = join(ROOT, 'test-output', sub);
  mkdirSync(dir, { recursive: true });
  return dir;
}
