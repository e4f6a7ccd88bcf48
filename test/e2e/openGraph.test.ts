// First scenario in a real VS Code: open examples/basic, run the command from the palette, find the graph webview.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeServer } from '../support/codeServer';
import type { Workbench } from '../support/codeServer';

let cs: CodeServer;
let wb: Workbench;

before(async () => {
  cs = await CodeServer.start({ workspace: 'examples/basic', install: 'vsix' });
  wb = await cs.openWorkbench();
});
after(async () => {
  await cs?.stop();
});

void test('the workbench shows the workspace; Quick Open opens .gitlab-ci.yml in an editor', async () => {
  assert.match(cs.log(), /HTTP server listening/);
  const tab = await wb.openFile('.gitlab-ci.yml');
  assert.equal(await tab.getAttribute('data-resource-name'), '.gitlab-ci.yml');
  await wb.screenshot('open-graph-1-workbench');
});

void test('"GitLab Artifact Flow: Open Pipeline Graph" from the palette opens the webview with svg.graph', async () => {
  await wb.runCommand('GitLab Artifact Flow: Open Pipeline Graph');
  const view = wb.webview();
  await view.locator('svg.graph').waitFor({ state: 'attached', timeout: 30_000 });
  assert.equal(await view.locator('svg.graph').count(), 1);
  await wb.page
    .getByRole('tab', { name: /^Pipeline/ })
    .first()
    .waitFor();
  await wb.screenshot('open-graph-2-webview');
});
