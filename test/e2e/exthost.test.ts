// The extension-host API suite (test/exthost/, bundled to out/test/exthost/suite.js by the test runner) run inside
// code-server's real remote extension host through the workbench's `payload` URL parameter.
// `npm run test:desktop` runs the same bundle through @vscode/test-electron where VS Code can be downloaded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeServer } from '../support/codeServer';
import { ROOT } from '../support/paths';
import type { ExthostResult } from '../exthost/runner';

const SUITE = join(ROOT, 'out', 'test', 'exthost', 'suite.js');
let cs: CodeServer;
let resultsFile: string;

before(async () => {
  assert.ok(existsSync(SUITE), `${SUITE} is missing: run \`node scripts/test.mjs e2e\` (it bundles test/exthost/)`);
  resultsFile = join(ROOT, 'out', 'test-results', `exthost-${process.pid}.json`);
  cs = await CodeServer.start({ workspace: 'examples/basic', install: 'none', env: { EXTHOST_RESULTS: resultsFile } });
});
after(async () => {
  await cs?.stop();
});

void test('the extension-host suite passes in code-server (payload: extensionDevelopmentPath + extensionTestsPath)', async (t) => {
  const { code, console: lines } = await cs.runExtensionTests(SUITE);
  assert.ok(
    existsSync(resultsFile),
    `the suite wrote no results (exit ${code}); last console lines:\n${lines.slice(-30).join('\n')}`,
  );
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as ExthostResult[];
  assert.ok(results.length > 0, 'no extension-host tests ran');
  // One node:test subtest per extension-host test, so each shows (and counts) in the tier's summary.
  for (const r of results) {
    await t.test(`exthost: ${r.name}`, () => {
      assert.ok(r.ok, r.error);
    });
  }
  assert.equal(code, 0, `codeAutomationExit(${code}); the suite's last console lines:\n${lines.slice(-30).join('\n')}`);
});
