// A first-time user in a real VS Code: the first-run hint in the status bar (a workspace with a .gitlab-ci.yml whose
// user never opened the graph), gone once the graph is open; the Get Started walkthrough from its command, whose
// steps are ticked by the user's real actions (a CI file opened, the graph opened, a job hovered in the graph, the
// pipeline type switched in the graph), not by reading them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

const hint = (): ReturnType<Workbench['page']['locator']> =>
  wb.page.locator('.statusbar-item', { hasText: 'Pipeline graph' });

void test('a workspace with a .gitlab-ci.yml and a graph never opened: one status-bar hint, no notification', async () => {
  await hint().first().waitFor({ state: 'visible', timeout: 60_000 });
  assert.equal(await hint().count(), 1);
  assert.equal(await wb.page.locator('.notifications-toasts .notification-toast').count(), 0, 'no notification');
  await wb.screenshot('onboarding-1-hint');
});

void test('opening the graph hides the hint', async () => {
  await wb.openFile('.gitlab-ci.yml');
  await wb.runCommand('GitLab Artifact Flow: Open Pipeline Graph');
  await wb.webview().locator('svg.graph').waitFor({ state: 'attached', timeout: 30_000 });
  await hint().first().waitFor({ state: 'detached', timeout: 30_000 });
  assert.equal(await hint().count(), 0);
});

void test('"GitLab Artifact Flow: Get Started" opens the walkthrough with its seven steps', async () => {
  await wb.runCommand('GitLab Artifact Flow: Get Started');
  const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
  await wb.page
    .getByText(nls['walkthrough.gettingStarted.title']!, { exact: true })
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  const steps = ['openCiFile', 'openGraph', 'hoverJob', 'pipelineType', 'connect', 'selectPipeline', 'download'];
  for (const step of steps) {
    const title = nls[`walkthrough.gettingStarted.${step}.title`]!;
    assert.ok(title, step);
    await wb.page.getByText(title, { exact: true }).first().waitFor({ state: 'attached', timeout: 10_000 });
  }
  await wb.screenshot('onboarding-2-walkthrough');
});

/** The step's check mark in the open walkthrough (VS Code marks a done step's badge `.complete`). */
const badge = (step: string): ReturnType<Workbench['page']['locator']> =>
  wb.page.locator(`[data-done-step-id$="#gettingStarted#${step}"]`).first();

async function ticked(step: string): Promise<boolean> {
  return /\bcomplete\b/.test((await badge(step).getAttribute('class')) ?? '');
}

async function waitTicked(step: string): Promise<void> {
  await wb.page
    .locator(`[data-done-step-id$="#gettingStarted#${step}"].complete`)
    .first()
    .waitFor({ state: 'attached', timeout: 20_000 });
}

void test('the steps done before the walkthrough opened (CI file, graph) are ticked; hover and pipeline type are not yet', async () => {
  await badge('openCiFile').waitFor({ state: 'attached', timeout: 10_000 });
  await waitTicked('openCiFile');
  await waitTicked('openGraph');
  assert.equal(await ticked('hoverJob'), false, 'hoverJob is ticked before any job was hovered');
  assert.equal(await ticked('pipelineType'), false, 'pipelineType is ticked before the type was switched');
});

void test('hovering a job in the graph ticks "Hover a job"', async () => {
  const node = wb.webview().locator('svg.graph g.node[data-job="deploy"]');
  await node.waitFor({ timeout: 30_000 });
  await node.hover();
  await wb.webview().locator('#card').waitFor({ state: 'visible', timeout: 10_000 });
  await waitTicked('hoverJob');
  assert.equal(await ticked('pipelineType'), false, 'hovering does not tick the pipeline type');
  await wb.page.mouse.move(5, 5);
});

void test('switching the pipeline type in the graph ticks "Switch the pipeline type"', async () => {
  await wb.webview().locator('#ctx-kind').selectOption('tag');
  await waitTicked('pipelineType');
  await wb.screenshot('onboarding-3-steps-ticked');
});
