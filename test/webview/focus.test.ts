// Big pipelines in headless Chromium: focus mode (in and out by key, button, search box and editor cursor; arrows
// attached; the whole graph comes back with its elements and view), instance names in full, the one-line note when
// most jobs are left out, and a 5,000-job pipeline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowModel } from '../../src/ci/model';
import type { ToWebview, ViewState } from '../../src/protocol';
import { lineage } from '../../webview/graph/focus';
import { layoutModel } from '../../webview/graph/layout';
import { arrowProblems, extractDrawn, extractExportedSource } from '../support/arrowGeometry';
import type { Drawn } from '../support/arrowGeometry';
import { mustBeDrawn, viewBox } from '../support/viewCoverage';
import { WebviewHarness } from '../support/webviewHarness';
import type { WebviewPage } from '../support/webviewHarness';
import { generatedModel, job, model, sampleModel, source } from '../fixtures/models/builders';

let h: WebviewHarness;
before(async () => {
  h = await WebviewHarness.start();
});
after(async () => {
  await h.stop();
});

function message(m: FlowModel): ToWebview {
  return {
    type: 'didChangeModel',
    model: m,
    banner: null,
    rootLabel: '.gitlab-ci.yml',
    rootUri: 'file:///p/.gitlab-ci.yml',
  };
}

async function openWith(m: FlowModel, viewport?: { width: number; height: number }): Promise<WebviewPage> {
  const v = await h.open(viewport ? { viewport } : {});
  await v.waitForMessage('ready');
  await v.send(message(m));
  await v.page.locator('svg.graph g.node').first().waitFor();
  return v;
}

/** The cards the user sees: focus mode keeps the whole graph's under a cover (`g.nodes.covered`). */
const SHOWN = 'svg.graph g.nodes:not(.covered) > g.node';
const node = (v: WebviewPage, job: string) => v.page.locator(`${SHOWN}[data-job="${job}"]`);
const drawnJobs = async (v: WebviewPage): Promise<string[]> =>
  (await v.attributes(SHOWN, 'data-node')).map(String).sort();
const focused = (v: WebviewPage): Promise<string | null> =>
  v.page.evaluate(
    () =>
      (
        globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }
      ).document.activeElement?.getAttribute('data-job') ?? null,
  );

async function attached(v: WebviewPage, when: string): Promise<void> {
  const d = await v.page.locator('svg.graph').evaluate(extractDrawn);
  assert.deepEqual(arrowProblems(d), [], when);
}

void test('F on a job shows only its lineage; Esc brings back the whole graph, its elements and its view', async () => {
  const m = sampleModel();
  const v = await openWith(m);
  const all = await drawnJobs(v);
  await v.page.evaluate(() => {
    (
      globalThis as unknown as { document: { querySelector(s: string): { __mark?: number } | null } }
    ).document.querySelector('g.node[data-job="compile"]')!.__mark = 7;
  });
  const view = await v.page.locator('g.viewport').getAttribute('transform');
  await node(v, 'package').focus();
  await v.page.keyboard.press('f');
  await v.page.locator('#focus-bar').waitFor({ state: 'visible' });
  const lin = lineage(m, ['package']);
  assert.deepEqual(await drawnJobs(v), [
    'group:unit',
    'job:compile',
    'job:deploy',
    'job:docs',
    'job:package',
    'job:version',
  ]);
  assert.equal(lin.all.size, 7); // unit's two instances are one card
  assert.match(
    await v.page.locator('#focus-bar').innerText(),
    /Focus on package: 7 of 12 jobs — 5 upstream[^\n]*1 downstream[\s\S]*Show all/,
  );
  assert.equal(await v.page.locator('#focus-toggle').getAttribute('aria-pressed'), 'true');
  assert.match((await node(v, 'package').getAttribute('class')) ?? '', /focus-root/);
  assert.equal(await focused(v), 'package');
  assert.equal(((await v.state()) as ViewState).focus, 'package');
  await attached(v, 'in focus mode');
  // Export in focus mode writes the lineage, as shown.
  await v.page.locator('#export').click();
  const file = await v.page.evaluate<Drawn>(extractExportedSource((await v.waitForMessage('exportSvg')).svg));
  assert.deepEqual(file.nodes.map((n) => n.id).sort(), await drawnJobs(v));
  assert.deepEqual(arrowProblems(file), [], 'the exported lineage');
  await node(v, 'package').focus();
  await v.screenshot('focus-package');
  // Keyboard moves stay inside the lineage.
  await v.page.keyboard.press('ArrowLeft');
  assert.ok(['compile', 'docs', 'version', 'unit'].includes((await focused(v)) ?? ''));
  // Esc closes the card, the next Esc leaves focus mode.
  await v.page.keyboard.press('Escape');
  await v.page.keyboard.press('Escape');
  await v.page.locator('#focus-bar').waitFor({ state: 'hidden' });
  assert.deepEqual(await drawnJobs(v), all);
  assert.equal(
    await v.page.evaluate(
      () =>
        (
          globalThis as unknown as { document: { querySelector(s: string): { __mark?: number } | null } }
        ).document.querySelector('g.node[data-job="compile"]')?.__mark,
    ),
    7,
    'the whole graph is the same elements',
  );
  assert.equal(await v.page.locator('g.viewport').getAttribute('transform'), view);
  assert.equal(((await v.state()) as ViewState).focus, null);
  await attached(v, 'after leaving focus mode');
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('the Focus button, the search box (Shift+Enter) and the editor cursor enter and move focus mode', async () => {
  const m = sampleModel();
  const v = await openWith(m);
  await node(v, 'compile').click();
  await v.page.locator('#focus-toggle').click();
  await v.page.locator('#focus-bar').waitFor({ state: 'visible' });
  assert.match(await v.page.locator('#focus-bar').innerText(), /Focus on compile/);
  assert.ok(!(await drawnJobs(v)).includes('job:notify'));
  await v.page.locator('#focus-exit').click();
  await v.page.locator('#focus-bar').waitFor({ state: 'hidden' });
  // Search: Shift+Enter focuses on the first match.
  await v.page.locator('#search').fill('vers');
  await v.page.locator('#search').press('Shift+Enter');
  await v.page.locator('#focus-bar').waitFor({ state: 'visible' });
  assert.match(await v.page.locator('#focus-bar').innerText(), /Focus on version/);
  // Enter on a job outside the lineage moves the focus to it.
  await v.page.locator('#search').fill('notify');
  await v.page.locator('#search').press('Enter');
  await v.page.locator('#focus-bar', { hasText: 'Focus on notify' }).waitFor();
  // The editor's cursor in a job outside the lineage moves the focus; inside it, it only selects.
  await v.send({ type: 'revealJob', job: 'deploy' });
  await v.page.locator('#focus-bar', { hasText: 'Focus on deploy' }).waitFor();
  await v.send({ type: 'revealJob', job: 'package' });
  await v.page.locator('svg.graph g.node.selected[data-job="package"]').waitFor();
  assert.match(await v.page.locator('#focus-bar').innerText(), /Focus on deploy/);
  await attached(v, 'after the cursor moved the focus');
  // A live update in focus mode redraws the lineage; leaving then draws the new whole graph.
  const next = sampleModel();
  next.jobs.push(job('audit', 'deploy', next.stages, { sources: [source('package')] }));
  next.jobs = model(next.stages, next.jobs).jobs;
  await v.send(message(next));
  await v.page.locator('#focus-bar', { hasText: 'Focus on deploy' }).waitFor();
  await v.page.locator('#focus-toggle').click();
  await node(v, 'audit').waitFor();
  assert.equal(await v.page.locator(SHOWN).count(), layoutModel(next, { mode: 'stages' }).nodes.length);
  await attached(v, 'after leaving focus mode past a live update');
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('a stage header collapses the stage into one card with its arrows; its badge, Space or the header expands it', async () => {
  const m = sampleModel();
  const v = await openWith(m);
  await v.page.locator('g.column[data-stage="test"] text.column-label').click();
  const card = v.page.locator('svg.graph g.node[data-stage-card="test"]');
  await card.waitFor();
  assert.equal(await card.locator('text.meta').textContent(), '6 jobs, collapsed');
  assert.equal(await v.page.locator('g.column[data-stage="test"]').getAttribute('data-collapsed'), 'true');
  assert.equal(await v.page.locator('g.column[data-stage="test"] text.column-label').textContent(), '▸ test');
  assert.deepEqual(((await v.state()) as ViewState).collapsedStages, ['test']);
  await attached(v, 'collapsing a stage');
  await card.hover();
  await v.page.locator('#card').waitFor({ state: 'visible' });
  assert.match(await v.page.locator('#card').innerText(), /Stage test\s*6 jobs, 1 left out[\s\S]*lint \(left out\)/);
  // Space on the stage card expands it; C on a job collapses its stage again; the badge expands.
  await card.focus();
  await v.page.keyboard.press('Space');
  await node(v, 'lint').waitFor();
  await attached(v, 'expanding a stage');
  await node(v, 'lint').focus();
  // A chord is the editor's, not the graph's: Ctrl+C copies and collapses nothing.
  await v.page.keyboard.press('Control+c');
  assert.deepEqual(((await v.state()) as ViewState).collapsedStages, []);
  await v.page.keyboard.press('c');
  await card.waitFor();
  await card.locator('text.badge').click();
  await node(v, 'lint').waitFor();
  assert.deepEqual(((await v.state()) as ViewState).collapsedStages, []);
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('expanded instances show their full names over two lines, kept together', async () => {
  const stages = ['build', 'test'];
  const m = model(stages, [
    job('integration: [ubuntu-22.04, gcc-12, release]', 'build', stages, {
      group: 'integration',
      parallel: { index: 1, total: 2, matrix: { OS: 'u' } },
    }),
    job('integration: [debian-12, clang-17, debug]', 'build', stages, {
      group: 'integration',
      parallel: { index: 2, total: 2, matrix: { OS: 'd' } },
    }),
  ]);
  const v = await openWith(m);
  await node(v, 'integration').locator('text.badge').click();
  const inst = node(v, 'integration: [debian-12, clang-17, debug]');
  await inst.waitFor();
  assert.equal(await inst.locator('text.label').textContent(), 'integration');
  assert.equal(await inst.locator('text.meta').textContent(), '[debian-12, clang-17, debug]');
  assert.equal(await inst.locator('title').textContent(), 'integration: [debian-12, clang-17, debug]');
  await v.close();
});

void test('when most jobs are left out, one line says why, with a way to change the pipeline', async () => {
  const stages = ['test'];
  const jobs = [job('lint', 'test', stages)];
  for (let i = 0; i < 30; i++) {
    jobs.push(
      job(`weekly ${i}`, 'test', stages, {
        inPipeline: false,
        excludedReason: "rules[0]: if '$CI_DESCRIPTION =~ /Weekly/' is false for a branch pipeline",
      }),
    );
  }
  const v = await openWith(model(stages, jobs));
  const note = v.page.locator('#excluded-note');
  await note.waitFor({ state: 'visible' });
  assert.match(
    await note.innerText(),
    /Only 1 of 31 jobs run[\s\S]*All of the 30 left out: rules\[0\]: if '\$CI_DESCRIPTION[\s\S]*reads \$CI_DESCRIPTION[\s\S]*Change pipeline/,
  );
  await v.page.locator('#excluded-action').click();
  assert.equal(
    await v.page.evaluate(
      () =>
        (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id,
    ),
    'ctx-kind',
  );
  await v.screenshot('excluded-note');
  await v.send(message(sampleModel()));
  await note.waitFor({ state: 'hidden' });
  await v.close();
});

/**
 * Every card and arrow the view shows is drawn, and only a small part of the rest; what the view shows of each arrow
 * ends on drawn cards (an arrow may leave the view for a card that is not drawn).
 */
async function coversView(v: WebviewPage, l: ReturnType<typeof layoutModel>, when: string): Promise<string[]> {
  const drawn = await drawnJobs(v);
  const edges = new Set((await v.attributes('svg.graph g.edges:not(.covered) > g.edge', 'data-edge')).map(String));
  const view = await viewBox(v.page);
  const must = mustBeDrawn(l, view);
  assert.ok(must.nodes.length > 10, `${when}: the view shows cards`);
  assert.deepEqual(
    must.nodes.filter((id) => !drawn.includes(id)),
    [],
    `${when}: a card in view is not drawn`,
  );
  assert.deepEqual(
    must.edges.filter((id) => !edges.has(id)),
    [],
    `${when}: an arrow in view is not drawn`,
  );
  assert.ok(drawn.length < l.nodes.length / 8, `${when}: ${drawn.length} of ${l.nodes.length} cards drawn`);
  const d = await v.page.locator('svg.graph').evaluate(extractDrawn);
  assert.deepEqual(
    arrowProblems(d, { view: { x: view.x0, y: view.y0, width: view.x1 - view.x0, height: view.y1 - view.y0 } }),
    [],
    when,
  );
  return drawn;
}

void test('a 5,000-job pipeline draws the cards near the view, wherever it moves, and focus mode shows a lineage', async () => {
  const m = generatedModel(5000);
  const v = await openWith(m);
  const l = layoutModel(m, { mode: 'stages' });
  const before = await coversView(v, l, 'first paint');
  assert.ok((await v.page.locator('svg.graph *').count()) < 12_000, 'a few thousand elements, not tens of thousands');
  // The search box jumps far down the graph: the cards there are drawn, the target has the keyboard focus.
  const far = l.nodes.filter((n) => n.kind === 'job')[3000]!;
  await v.page.locator('#search').fill(far.jobs[0]!);
  await v.page.locator('#search').press('Enter');
  await v.page.waitForFunction(
    (id) =>
      (
        globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }
      ).document.activeElement?.getAttribute('data-node') === id,
    far.id,
  );
  assert.ok(!before.includes(far.id));
  await coversView(v, l, 'after jumping to a far job');
  // Panning with the mouse draws the cards it reveals.
  const box = await v.page.locator('svg.graph').boundingBox();
  assert.ok(box);
  await v.page.mouse.move(box.x + box.width / 2, box.y + box.height - 20);
  await v.page.mouse.down();
  await v.page.mouse.move(box.x + box.width / 2, box.y + 20, { steps: 8 });
  await v.page.mouse.up();
  await coversView(v, l, 'after a drag');
  // The exported file holds the whole graph, every arrow on its cards.
  await v.page.locator('#export').click();
  const file = await v.page.evaluate<Drawn>(extractExportedSource((await v.waitForMessage('exportSvg')).svg));
  assert.equal(file.nodes.length, l.nodes.length);
  assert.equal(file.edges.length, l.edges.length);
  assert.deepEqual(arrowProblems(file), [], 'the exported 5,000-job graph');
  await v.page.locator('#search').fill('');
  const target = m.jobs[4321]!;
  await v.page.locator('#search').fill(target.name);
  await v.page.locator('#search').press('Shift+Enter');
  await v.page.locator('#focus-bar').waitFor({ state: 'visible' });
  const lin = lineage(m, [target.name]);
  assert.equal(
    await v.page.locator(SHOWN).count(),
    layoutModel(m, { mode: 'stages' }).nodes.filter((n) => n.jobs.some((j) => lin.all.has(j))).length,
  );
  await attached(v, 'focus in a 5,000-job pipeline');
  await v.screenshot('focus-5000');
  await v.page.locator('#focus-exit').click();
  await v.page.locator('#focus-bar').waitFor({ state: 'hidden' });
  assert.equal(
    await v.page.locator('svg.graph g.nodes.focus-layer, svg.graph g.columns.focus-layer').count(),
    0,
    'the focus layer is gone',
  );
  const back = await coversView(v, l, 'back from focus mode');
  assert.ok(back.includes(l.nodeOfJob.get(target.name)!), 'the focused job is selected and drawn');
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('at low zoom an overview replaces the cards: readable column counts and bundles; a minimap shows the view', async () => {
  const m = generatedModel(1500);
  const v = await openWith(m);
  const l = layoutModel(m, { mode: 'stages' });
  // Opened at a readable scale on the first stages: the minimap shows where the view is.
  assert.doesNotMatch((await v.page.locator('svg.graph').getAttribute('class')) ?? '', /overview/);
  await v.page.locator('svg.minimap').waitFor({ state: 'visible' });
  const view = v.page.locator('svg.minimap rect.minimap-view');
  assert.ok(Number(await view.getAttribute('width')) < l.width);
  // Fit: the whole graph is far below a readable scale, so the overview takes over.
  await v.page.locator('#fit').click();
  await v.page.waitForFunction(
    () =>
      (
        globalThis as unknown as {
          document: { querySelector(s: string): { classList: { contains(c: string): boolean } } | null };
        }
      ).document
        .querySelector('svg.graph')
        ?.classList.contains('overview') === true,
  );
  assert.equal(
    await v.page
      .locator('svg.graph g.viewport')
      .evaluate(
        (e) =>
          (globalThis as unknown as { getComputedStyle(x: unknown): { display: string } }).getComputedStyle(e).display,
      ),
    'none',
  );
  const jobsPerColumn = (await v.attributes('g.overview-column', 'data-jobs')).map(Number);
  assert.equal(jobsPerColumn.length, l.columns.length);
  assert.equal(
    jobsPerColumn.reduce((a, b) => a + b, 0),
    m.jobs.length,
  );
  const flows = (await v.attributes('g.overview-bundle', 'data-flows')).map(Number).reduce((a, b) => a + b, 0);
  assert.equal(
    flows,
    l.edges.filter((e) => l.nodes.find((n) => n.id === e.from)!.column !== l.nodes.find((n) => n.id === e.to)!.column)
      .length,
  );
  // Its text is readable on screen, however small the graph is drawn.
  const box = await v.page.locator('text.overview-title').first().boundingBox();
  assert.ok(box && box.height >= 12, `title ${JSON.stringify(box)}`);
  assert.equal(await v.page.locator('text.overview-title').first().textContent(), 'stage-0');
  assert.match(
    (await v.page.locator('g.overview-column').first().getAttribute('aria-label')) ?? '',
    /^stage-0: 18\d jobs/,
  );
  // No minimap over the overview: it is the whole graph already.
  assert.equal(await v.page.locator('svg.minimap').isVisible(), false);
  await v.screenshot('overview-1500');
  // Clicking a column zooms into it: the cards come back.
  await v.page.locator('g.overview-column[data-column="3"] rect.overview-block').click();
  await v.page.waitForFunction(
    () =>
      (
        globalThis as unknown as {
          document: { querySelector(s: string): { classList: { contains(c: string): boolean } } | null };
        }
      ).document
        .querySelector('svg.graph')
        ?.classList.contains('overview') === false,
  );
  assert.match((await v.page.locator('g.viewport').getAttribute('transform')) ?? '', /scale\(0\.8\)/);
  // The minimap moves the view.
  const before = await v.page.locator('g.viewport').getAttribute('transform');
  const mini = await v.page.locator('svg.minimap').boundingBox();
  assert.ok(mini);
  await v.page.mouse.click(mini.x + mini.width * 0.9, mini.y + mini.height * 0.5);
  assert.notEqual(await v.page.locator('g.viewport').getAttribute('transform'), before);
  // The export never carries the overview.
  await v.page.locator('#export').click();
  const svg = (await v.waitForMessage('exportSvg')).svg;
  assert.ok(!svg.includes('overview-layer'));
  assert.deepEqual(v.errors, []);
  await v.close();
});
