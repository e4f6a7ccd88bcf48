// The pipeline-context selector and the Problems panel in a real VS Code: examples/dotenv-mr, where a job's dotenv
// producer only runs in merge request pipelines. Branch pipeline: the producer is ghosted and the consumer's card
// says why nothing arrives; switch the panel to "Merge request" and the graph flips. Also: Export Graph as SVG.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, defaultContext } from '../../src/ci/analyze';
import { nodeFileReader } from '../../src/cli/nodeFileReader';
import { CodeServer } from '../support/codeServer';
import type { Workbench } from '../support/codeServer';
import { ROOT } from '../support/paths';

let cs: CodeServer;
let wb: Workbench;

before(async () => {
  cs = await CodeServer.start({
    workspace: 'examples/dotenv-mr',
    install: 'vsix',
    settings: { 'workbench.editor.enablePreview': false },
  });
  wb = await cs.openWorkbench();
});
after(async () => {
  await cs?.stop();
});

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
  const model = await analyze({
    root: '.gitlab-ci.yml',
    reader: nodeFileReader(join(ROOT, 'examples/dotenv-mr')),
    context: defaultContext(),
  });
  const missing = model.jobs.find((j) => j.name === 'deploying')?.missing.find((m) => m.job === 'building');
  assert.ok(missing, 'the engine should say deploying does not receive building');
  const text = await card.innerText();
  assert.match(text, /Does not receive[\s\S]*building/);
  assert.ok(text.includes(missing.reason), `card lacks "${missing.reason}":\n${text}`);
  await wb.screenshot('graph-context-1-branch');
  await wb.page.mouse.move(5, 5);
});

void test("the engine's diagnostics are in the Problems panel, at their lines", async () => {
  const model = await analyze({
    root: '.gitlab-ci.yml',
    reader: nodeFileReader(join(ROOT, 'examples/dotenv-mr')),
    context: defaultContext(),
  });
  const warning = model.diagnostics.find((d) => d.severity === 'warning');
  assert.ok(warning, 'the example should produce a warning in a branch pipeline');
  await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  const problem = wb.page.locator('.markers-panel .monaco-list-row', { hasText: warning.message.slice(0, 40) });
  await problem.first().waitFor({ timeout: 20_000 });
  assert.ok((await problem.first().innerText()).includes(`[Ln ${warning.line}, Col ${warning.column}]`));
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
