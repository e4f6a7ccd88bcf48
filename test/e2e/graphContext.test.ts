// The pipeline-context selector and the Problems panel in a real VS Code: examples/dotenv-mr, where a job's dotenv
// producer only runs in merge request pipelines. Branch pipeline: the producer is ghosted and the consumer's card
// says why nothing arrives; switch the panel to "Merge request" and the graph flips. Also: Export Graph as SVG.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeServer } from '../support/codeServer';
import type { Workbench } from '../support/codeServer';

let cs: CodeServer;
let wb: Workbench;

before(async () => {
  cs = await CodeServer.start({ workspace: 'examples/dotenv-mr', install: 'vsix', settings: { 'workbench.editor.enablePreview': false } });
  wb = await cs.openWorkbench();
});
after(async () => { await cs?.stop(); });

function job(name: string): ReturnType<ReturnType<Workbench['webview']>['locator']> {
  return wb.webview().locator(`svg.graph g.node[data-job="${name}"]`);
}

void test('branch pipeline: the MR-only producer is ghosted with its reason, the consumer says what it misses', async () => {
  await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: '.gitlab-ci.yml' }).first().click();
  await wb.page.locator('.tabs-container .tab[data-resource-name=".gitlab-ci.yml"]').waitFor();
  await wb.runCommand('GitLab Artifact Flow: Open Pipeline Graph');
  await job('building').waitFor({ timeout: 60_000 });
  assert.match((await job('building').getAttribute('class')) ?? '', /excluded/);
  assert.match((await job('building').getAttribute('aria-label')) ?? '', /excluded: rules\[0\]/);
  assert.doesNotMatch((await job('deploying').getAttribute('class')) ?? '', /excluded/);
  await job('deploying').hover();
  const card = wb.webview().locator('#card');
  await card.waitFor({ state: 'visible' });
  assert.match(await card.innerText(), /Does not receive[\s\S]*building[\s\S]*artifacts never cross pipelines/);
  await wb.screenshot('graph-context-1-branch');
  await wb.page.mouse.move(5, 5);
});

void test('the engine warning is in the Problems panel', async () => {
  await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  const problem = wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'never arrive' });
  await problem.first().waitFor({ timeout: 20_000 });
  assert.match(await problem.first().innerText(), /\[Ln 22, Col 18\]|22/);
  await wb.screenshot('graph-context-2-problems');
});

void test('switching the panel to a merge request pipeline flips which job runs', async () => {
  const view = wb.webview();
  await view.locator('#ctx-ref').fill('feature');
  await view.locator('#ctx-kind').selectOption('mr');
  await wb.webview().locator('svg.graph g.node.excluded[data-job="deploying"]').waitFor({ timeout: 20_000 });
  assert.doesNotMatch((await job('building').getAttribute('class')) ?? '', /excluded/);
  assert.match(await view.locator('#summary').innerText(), /merge request feature → main/);
  await wb.screenshot('graph-context-3-merge-request');
});

void test('Export Graph as SVG writes the whole graph to the chosen file', async () => {
  await wb.runCommand('GitLab Artifact Flow: Export Graph as SVG');
  // code-server's save dialog is VS Code's simple file dialog: a quick input prefilled with the suggested path.
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  // The dialog fills in the folder first, then the suggested name.
  let value = '';
  for (let i = 0; i < 100 && !/pipeline-artifact-flow\.svg$/.test(value); i++) {
    value = await input.inputValue();
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(value, /pipeline-artifact-flow\.svg$/);
  await wb.page.keyboard.press('Enter');
  const file = join(cs.workspace, 'pipeline-artifact-flow.svg');
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(existsSync(file), 'the SVG file was not written');
  const svg = readFileSync(file, 'utf8');
  assert.match(svg, /^<svg/);
  assert.ok(svg.includes('building') && svg.includes('deploying'));
});
