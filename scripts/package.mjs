// `npm run package`: production bundles, then `vsce package --no-dependencies` into dist-vsix/gitlab-artifact-flow.vsix.
// What goes in is decided by .vscodeignore (an allowlist); test/e2e/package.test.ts checks the file list.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ROOT } from './setup.mjs';

const out = join(ROOT, 'dist-vsix', 'gitlab-artifact-flow.vsix');
mkdirSync(dirname(out), { recursive: true });
rmSync(out, { force: true });
const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
// vsce runs the `vscode:prepublish` script (the production build) itself before packing. README links stay
// relative: the project has no public repository URL for vsce to rewrite them against (and no `repository` field,
// which vsce would otherwise ask about on stdin).
const r = spawnSync(
  process.execPath,
  [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', out],
  { cwd: ROOT, stdio: 'inherit' },
);
if (r.status !== 0) {
  console.error(`vsce package failed (exit ${r.status ?? r.signal})`);
  process.exit(1);
}
console.log(`packaged ${out}`);
