// Child and multi-project pipelines in the graph (real Chromium, the extension's CSP): a local child fed by a
// needs:pipeline:job, a dynamic child that could not be fetched (placeholder) and a trigger:project pipeline. Cards
// and frames are present with namespaced ids, expand and collapse by click and by keyboard, every arrow stays attached
// (drawn and exported), and hover cards say whose child a job is.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowModel } from '../../src/ci/model';
import type { ToWebview } from '../../src/protocol';
import { arrowProblems, extractDrawn, extractExportedSource } from '../support/arrowGeometry';
import type { Drawn } from '../support/arrowGeometry';
import { WebviewHarness } from '../support/webviewHarness';
import type { WebviewPage } from '../support/webviewHarness';
import { analyze, defaultContext } from '../../src/ci/analyze';
import { layoutModel } from '../../webview/graph/layout';
import { memoryReader } from '../unit/ci/helpers';
import { bigChildJobs, DOWNSTREAM_FILES, downstreamModel } from '../unit/webview/downstreamFixture';

let h: WebviewHarness;
before(async () => {
  h = await WebviewHarness.start();
});
after(async () => {
  await h.stop();
});

function modelMessage(model: FlowModel): ToWebview {
  return {
    type: 'didChangeModel',
    model,
    banner: null,
    rootLabel: '.gitlab-ci.yml',
    rootUri: 'file:///p/.gitlab-ci.yml',
  };
}

async function opened(model: FlowModel): Promise<WebviewPage> {
  const v = await h.open({ viewport: { width: 1400, height: 800 } });
  await v.waitForMessage('ready');
  await v.send(modelMessage(model));
  await v.page.locator('svg.graph g.node[data-node="job:build"]').waitFor();
  return v;
}

const card = (v: WebviewPage, id: string) => v.page.locator(`svg.graph g.node[data-node="${id}"]`);

async function drawn(v: WebviewPage): Promise<Drawn> {
  return v.page.locator('svg.graph').evaluate(extractDrawn);
}

async function assertAttached(v: WebviewPage, when: string): Promise<Drawn> {
  const d = await drawn(v);
  assert.deepEqual(arrowProblems(d), [], `arrows after ${when}`);
  return d;
}

async function hoverText(v: WebviewPage, id: string): Promise<string> {
  await card(v, id).hover();
  const box = v.page.locator('#card');
  await box.waitFor({ state: 'visible' });
  return (await box.textContent()) ?? '';
}

void test('child, dynamic placeholder and trigger:project are drawn with namespaced ids and attached arrows', async () => {
  const v = await opened(downstreamModel());
  const d = await assertAttached(v, 'the first render');
  const ids = new Set(d.nodes.map((n) => n.id));
  for (const id of [
    'job:test',
    'ds:child',
    'ds:child/job:compile',
    'ds:child/job:test',
    'ds:dynamic',
    'ds:downstream-deploy',
  ]) {
    assert.ok(ids.has(id), `${id} drawn`);
  }
  const edges = new Set(d.edges.map((e) => e.id));
  for (const id of [
    'job:child->ds:child',
    'job:build->ds:child/job:compile',
    'ds:child/job:compile->ds:child/job:test',
    'job:dynamic->ds:dynamic',
    'job:downstream-deploy->ds:downstream-deploy',
  ]) {
    assert.ok(edges.has(id), `${id} drawn`);
  }
  assert.equal(await v.page.locator('svg.graph g.edge.triggers').count(), 3);
  assert.equal(await card(v, 'ds:child').getAttribute('aria-expanded'), 'true');
  assert.match(
    (await card(v, 'ds:child').locator('text.label').textContent()) ?? '',
    /^child pipeline · ci\/child\.yml/,
  );
  const stages = await card(v, 'ds:child').locator('text.frame-column').allTextContents();
  assert.deepEqual(stages, ['build', 'test']);
  assert.match((await card(v, 'ds:dynamic').locator('text.meta').textContent()) ?? '', /unknown/);
  assert.match((await card(v, 'ds:downstream-deploy').locator('text.meta').textContent()) ?? '', /@ main/);
  // Nothing of a child job borrows the parent job of the same name: no job commands, and no status badge.
  assert.equal(await card(v, 'ds:child/job:test').getAttribute('data-job'), null);
  assert.equal(await card(v, 'job:test').getAttribute('data-job'), 'test');
  await v.screenshot('downstream-dark');
  // Zoomed out below a readable scale, the overview has a Downstream column like any other.
  for (let i = 0; i < 12 && !/overview/.test((await v.page.locator('svg.graph').getAttribute('class')) ?? ''); i++) {
    await v.page.locator('#zoom-out').click();
  }
  assert.ok((await v.page.locator('text.overview-title').allTextContents()).includes('Downstream'));
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('hover cards: a child job is "child pipeline of `x`"; the placeholder shows its unknown text', async () => {
  const v = await opened(downstreamModel());
  const child = await hoverText(v, 'ds:child/job:test');
  assert.match(child, /child pipeline of `child`/);
  assert.match(child, /compile/, 'its own source, from the child');
  assert.match(child, /a warning/, "the child's own finding");
  const parent = await hoverText(v, 'job:test');
  assert.doesNotMatch(parent, /child pipeline of/);
  assert.match(await hoverText(v, 'ds:child/job:compile'), /build \(parent pipeline\)/);
  assert.match(await hoverText(v, 'ds:dynamic'), /Unknown: not connected to GitLab/);
  assert.match(await hoverText(v, 'ds:downstream-deploy'), /project group\/other on main/);
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('expand and collapse by click and by keyboard; arrows stay attached, the export holds what is drawn', async () => {
  const v = await opened(downstreamModel({ child: bigChildJobs(14) }));
  assert.equal(await card(v, 'ds:child').getAttribute('aria-expanded'), 'false', 'a big child starts collapsed');
  assert.equal(await v.page.locator('svg.graph g.node[data-pipeline="ds:child"]').count(), 0);
  await assertAttached(v, 'collapsed');
  // Click: expands.
  await card(v, 'ds:child').click();
  await v.page.locator('svg.graph g.node[data-node="ds:child/job:part 1"]').waitFor();
  assert.equal(await card(v, 'ds:child').getAttribute('aria-expanded'), 'true');
  assert.equal(await v.page.locator('svg.graph g.node[data-pipeline="ds:child"]').count(), 14);
  await assertAttached(v, 'expanding by click');
  const exported = await exportedDrawn(v);
  assert.deepEqual(arrowProblems(exported), [], 'arrows in the exported SVG');
  assert.ok(
    exported.nodes.some((n) => n.id === 'ds:child/job:part 14'),
    'the export holds the child jobs',
  );
  // Keyboard: the frame keeps the focus; Enter collapses, Space expands again.
  await card(v, 'ds:child').focus();
  await v.page.keyboard.press('Enter');
  await expanded(v, 'false');
  await assertAttached(v, 'collapsing by Enter');
  assert.equal(await focused(v), 'ds:child');
  await v.page.keyboard.press('Space');
  await expanded(v, 'true');
  await assertAttached(v, 'expanding by Space');
  // Arrow keys walk into the frame and back.
  await v.page.keyboard.press('ArrowRight');
  const inside = await focused(v);
  assert.ok(inside?.startsWith('ds:child/job:'), `ArrowRight enters the frame (${inside})`);
  await v.page.keyboard.press('ArrowLeft');
  assert.equal(await focused(v), 'ds:child');
  // A click on the expanded frame's title collapses it; a click on a child job does not.
  await card(v, 'ds:child/job:part 1').click();
  assert.equal(await card(v, 'ds:child').getAttribute('aria-expanded'), 'true');
  await card(v, 'ds:child').locator('text.label').click();
  await expanded(v, 'false');
  await assertAttached(v, 'collapsing by a click on the title');
  // The placeholder cannot expand: Enter keeps it as it is.
  await card(v, 'ds:dynamic').focus();
  await v.page.keyboard.press('Enter');
  assert.equal(await card(v, 'ds:dynamic').getAttribute('aria-expanded'), null);
  assert.deepEqual(v.errors, []);
  await v.close();
});

/** Waits until the child's frame or card says it is expanded (`true`) or collapsed (`false`). */
async function expanded(v: WebviewPage, state: 'true' | 'false'): Promise<void> {
  await v.page.locator(`svg.graph g.node[data-node="ds:child"][aria-expanded="${state}"]`).waitFor();
}

/** The node id of the card that has the keyboard focus. */
function focused(v: WebviewPage): Promise<string | null> {
  return v.page.evaluate<string | null>("document.activeElement?.getAttribute('data-node') ?? null");
}

void test("the engine's own model: drawn exactly as laid out, every arrow attached, collapsed and expanded", async () => {
  const model = await analyze({
    root: '.gitlab-ci.yml',
    reader: memoryReader(DOWNSTREAM_FILES),
    context: defaultContext(),
  });
  assert.deepEqual(
    (model.downstream ?? []).map((d) => `${d.kind}:${d.trigger}`),
    ['child:child', 'dynamic:dynamic', 'project:deploy-other'],
  );
  const v = await opened(model);
  for (const toggled of [[], ['ds:child']]) {
    if (toggled.length > 0) {
      await card(v, 'ds:child').locator('text.label').click();
      await expanded(v, 'false');
    }
    const d = await assertAttached(v, `toggled ${toggled.join()}`);
    const l = layoutModel(model, { mode: 'stages', downstreamToggled: toggled });
    assert.deepEqual(d.nodes.map((n) => n.id).sort(), l.nodes.map((n) => n.id).sort());
    assert.deepEqual(d.edges.map((e) => e.id).sort(), l.edges.map((e) => e.id).sort());
  }
  assert.ok(
    (await drawn(v)).edges.some((e) => e.id === 'job:build->ds:child'),
    'collapsed, the needs:pipeline:job arrow ends on the child card',
  );
  assert.deepEqual(v.errors, []);
  await v.close();
});

async function exportedDrawn(v: WebviewPage): Promise<Drawn> {
  const before = v.posted.length;
  await v.page.locator('#export').click();
  await v.page.waitForFunction(() => true);
  const msg = v.posted.slice(before).find((m) => m.type === 'exportSvg');
  assert.ok(msg && msg.type === 'exportSvg', 'the export button posts the SVG');
  return v.page.evaluate<Drawn>(extractExportedSource(msg.svg));
}
