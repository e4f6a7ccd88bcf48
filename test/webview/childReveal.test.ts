// A child pipeline's jobs in the graph (real Chromium): a click or Enter on a card inside a frame asks the host to
// reveal that job under the frame's path (a well-formed message the host's guard accepts), the card's context menu
// offers only the child-safe commands, and the frames the user expanded or collapsed come back after a reload.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowModel } from '../../src/ci/model';
import { isFromWebview, type FromWebview, type ToWebview, type ViewState } from '../../src/protocol';
import { WebviewHarness } from '../support/webviewHarness';
import type { WebviewPage } from '../support/webviewHarness';
import { bigChildJobs, downstreamModel } from '../unit/webview/downstreamFixture';

let h: WebviewHarness;
before(async () => {
  h = await WebviewHarness.start();
});
after(async () => {
  await h.stop();
});

function modelMessage(model: FlowModel, rootUri = 'file:///p/.gitlab-ci.yml'): ToWebview {
  return { type: 'didChangeModel', model, banner: null, rootLabel: '.gitlab-ci.yml', rootUri };
}

async function opened(model: FlowModel, state?: unknown): Promise<WebviewPage> {
  const v = await h.open({ viewport: { width: 1400, height: 800 }, ...(state === undefined ? {} : { state }) });
  await v.waitForMessage('ready');
  await v.send(modelMessage(model));
  await v.page.locator('svg.graph g.node[data-node="job:build"]').waitFor();
  return v;
}

const card = (v: WebviewPage, id: string) => v.page.locator(`svg.graph g.node[data-node="${id}"]`);

/** The next revealJob the webview posts after `before` of them were already posted. */
async function nextReveal(v: WebviewPage, before: number): Promise<Extract<FromWebview, { type: 'revealJob' }>> {
  const reveals = (): Extract<FromWebview, { type: 'revealJob' }>[] =>
    v.posted.filter((m): m is Extract<FromWebview, { type: 'revealJob' }> => m.type === 'revealJob');
  for (let i = 0; i < 200 && reveals().length <= before; i += 1) await v.page.waitForTimeout(25);
  const m = reveals()[before];
  assert.ok(m, `a revealJob message after ${before}`);
  assert.equal(isFromWebview(m), true, `the host's guard accepts ${JSON.stringify(m)}`);
  return m;
}

const revealCount = (v: WebviewPage): number => v.posted.filter((m) => m.type === 'revealJob').length;

void test('a click or Enter on a child job reveals it under its frame path; a parent job stays a parent job', async () => {
  const v = await opened(downstreamModel({ grandchild: true }));
  await card(v, 'ds:child/job:compile').click();
  assert.deepEqual(await nextReveal(v, 0), { type: 'revealJob', job: 'compile', pipeline: 'ds:child' });
  // `test` is a job of both pipelines: the child's card names the child, the parent's card does not.
  await card(v, 'ds:child/job:test').focus();
  await v.page.keyboard.press('Enter');
  assert.deepEqual(await nextReveal(v, 1), { type: 'revealJob', job: 'test', pipeline: 'ds:child' });
  await card(v, 'job:test').click();
  assert.deepEqual(await nextReveal(v, 2), { type: 'revealJob', job: 'test' });
  await card(v, 'ds:child/ds:nested/job:leaf').click();
  assert.deepEqual(await nextReveal(v, 3), { type: 'revealJob', job: 'leaf', pipeline: 'ds:child/ds:nested' });
  // A frame or a placeholder is no job: clicking it reveals nothing.
  await card(v, 'ds:dynamic').click();
  await card(v, 'job:deploy').click();
  assert.deepEqual(await nextReveal(v, 4), { type: 'revealJob', job: 'deploy' }, 'the placeholder posted nothing');
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test("a child job's context menu is a childJob with its frame path; the parent's jobs keep theirs", async () => {
  const v = await opened(downstreamModel());
  const menu = async (id: string): Promise<unknown> =>
    JSON.parse((await card(v, id).getAttribute('data-vscode-context')) ?? 'null') as unknown;
  assert.deepEqual(await menu('ds:child/job:compile'), {
    webviewSection: 'childJob',
    jobName: 'compile',
    pipeline: 'ds:child',
    preventDefaultContextMenuItems: true,
  });
  assert.deepEqual(await menu('job:build'), {
    webviewSection: 'job',
    jobName: 'build',
    preventDefaultContextMenuItems: true,
  });
  assert.equal(((await menu('ds:child')) as { webviewSection?: string }).webviewSection, 'external');
  await v.close();
});

void test('expanded and collapsed frames survive a reload; another CI file starts from the defaults', async () => {
  const big = (): FlowModel => downstreamModel({ child: bigChildJobs(14) });
  const v = await opened(big());
  assert.equal(await card(v, 'ds:child').getAttribute('aria-expanded'), 'false', 'a big child starts collapsed');
  await card(v, 'ds:child').click();
  await card(v, 'ds:child/job:part 1').waitFor();
  const saved = (await v.state()) as ViewState;
  assert.deepEqual(saved.downstreamToggled, ['ds:child']);
  await v.close();

  // The reload: the same state handed back, the same model: the child is open without a click.
  const again = await opened(big(), saved);
  assert.equal(await card(again, 'ds:child').getAttribute('aria-expanded'), 'true');
  assert.equal(await again.page.locator('svg.graph g.node[data-pipeline="ds:child"]').count(), 14);
  assert.equal(revealCount(again), 0);
  // Collapsing it again is remembered too (back to the default: nothing flipped).
  await card(again, 'ds:child').locator('text.label').click();
  await again.page.waitForFunction(
    () =>
      (globalThis as unknown as { __harnessState?: { downstreamToggled?: string[] } }).__harnessState?.downstreamToggled
        ?.length === 0,
  );
  assert.equal(await card(again, 'ds:child').getAttribute('aria-expanded'), 'false');
  await again.close();

  // The panel following another CI file does not carry the flipped frames over.
  const other = await opened(big(), saved);
  assert.equal(await card(other, 'ds:child').getAttribute('aria-expanded'), 'true');
  await other.send(modelMessage(big(), 'file:///q/.gitlab-ci.yml'));
  await other.page.waitForFunction(
    () =>
      (globalThis as unknown as { __harnessState?: { root?: string } }).__harnessState?.root ===
      'file:///q/.gitlab-ci.yml',
  );
  assert.deepEqual(((await other.state()) as ViewState).downstreamToggled, []);
  assert.equal(await card(other, 'ds:child').getAttribute('aria-expanded'), 'false');
  assert.deepEqual(other.errors, []);
  await other.close();
});
