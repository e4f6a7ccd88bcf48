// `npm run test:desktop`: the SAME extension-host suite as the e2e tier (test/exthost/ → out/test/exthost/suite.js),
// run in desktop VS Code through @vscode/test-electron. It downloads VS Code (VSCODE_TEST_VERSION, default 1.100.3,
// the engine minimum the e2e tier's code-server also runs), so it needs internet access to update.code.visualstudio.com;
// on Linux without a display, run it under `xvfb-run -a`. Not part of `npm test`: offline machines use code-server.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, setup } from '../../scripts/setup.mjs';

setup('deps');
const { runTests } = await import('@vscode/test-electron');
const { buildExthostSuite } = await import('../../scripts/buildTests.mjs');

process.chdir(ROOT);
if (spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const suite = join(ROOT, await buildExthostSuite());
const tmp = mkdtempSync(join(tmpdir(), 'gaf-desktop-'));
const workspace = join(tmp, 'ws');
cpSync(join(ROOT, 'examples', 'basic'), workspace, { recursive: true });
const version = process.env.VSCODE_TEST_VERSION ?? '1.100.3';

try {
  await runTests({
    version,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      join(tmp, 'ud'),
    ],
  });
  console.log(`test:desktop: the extension-host suite passed in VS Code ${version}`);
} catch (e) {
  const text = e instanceof Error ? `${e.message}\n${String(e.cause ?? '')}` : String(e);
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|getaddrinfo|network/i.test(text)) {
    console.error(
      `test:desktop: could not download VS Code ${version} (${text.split('\n')[0]}).\n` +
        'This command needs internet access to update.code.visualstudio.com. Offline, the same suite runs in code-server: `npm test -- e2e`.',
    );
  } else {
    console.error(`test:desktop: the extension-host suite failed in VS Code ${version}: ${text}`);
  }
  process.exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
