// Arrows never lie: after every kind of redraw (first render, layout switch, expand/collapse, pipeline-context change,
// live model update, theme change, export) every arrow starts on its producer's card and ends on its consumer's
// card, checked geometrically on what is drawn (see test/support/arrowGeometry.ts), and the drawn arrows are exactly
// the layout's. Models: the hand-written sample and the engine's real output for examples/monorepo.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../src/ci/analyze';
import type { FlowModel, PipelineContext } from '../../src/ci/model';
import { nodeFileReader } from '../../src/cli/nodeFileReader';
import type { ToWebview, ViewState } from '../../src/protocol';
import { layoutModel } from '../../webview/graph/layout';
import type { LayoutOptions } from '../../webview/graph/layoutTypes';
import { arrowProblems, extractDrawn, extractExportedSource } from '../support/arrowGeometry';
import type { Drawn } from '../support/arrowGeometry';
import { ROOT } from '../support/paths';
import { themeBodyClass, themeVariables } from '../support/vscodeTheme';
import { WebviewHarness } from '../support/webviewHarness';
import type { WebviewPage } from '../support/webviewHarness';
import { job, sampleModel, source } from '../fixtures/models/builders';

let h: WebviewHarness;
before(async () => {
  h = await WebviewHarness.start();
});
after(async () => {
  await h.stop();
});

const branch: PipelineContext = {
  source: 'push',
  refKind: 'branch',
  branch: 'main',
  defaultBranch: 'main',
  variables: {},
};
const feature: PipelineContext = {
  source: 'push',
  refKind: 'branch',
  branch: 'feature',
  defaultBranch: 'main',
  variables: {},
};

function monorepo(context: PipelineContext): Promise<FlowModel> {
  return analyze({ root: '.gitlab-ci.yml', reader: nodeFileReader(join(ROOT, 'examples/monorepo')), context });
}

function modelMessage(model: FlowModel): ToWebview {
  return {
    type: 'didChangeModel',
    model,
    banner: null,
    rootLabel: '.gitlab-ci.yml',
    rootUri: 'file:///project/.gitlab-ci.yml',
  };
}

async function drawn(v: WebviewPage): Promise<Drawn> {
  return v.page.locator('svg.graph').evaluate(extractDrawn);
}

/** The geometric check, plus: the drawn edges are exactly the layout's for the same model and view options. */
async function assertAttached(v: WebviewPage, model: FlowModel, options: LayoutOptions, when: string): Promise<void> {
  const d = await drawn(v);
  assert.deepEqual(arrowProblems(d), [], `after ${when}`);
  const expected = layoutModel(model, options);
  assert.deepEqual(d.edges.map((e) => e.id).sort(), expected.edges.map((e) => e.id).sort(), `edges after ${when}`);
  assert.deepEqual(d.nodes.map((n) => n.id).sort(), expected.nodes.map((n) => n.id).sort(), `nodes after ${when}`);
  assert.ok(d.edges.length > 0, `no arrows after ${when}`);
}

async function exported(v: WebviewPage): Promise<Drawn> {
  const before = v.posted.length;
  await v.page.locator('#export').click();
  await v.page.waitForFunction(() => true);
  const msg = v.posted.slice(before).find((m) => m.type === 'exportSvg');
  assert.ok(msg && msg.type === 'exportSvg', 'the export button posts the SVG');
  return v.page.evaluate<Drawn>(extractExportedSource(msg.svg));
}

async function layoutSwitch(v: WebviewPage, mode: 'stages' | 'needs'): Promise<void> {
  await v.page.locator('#layout').selectOption(mode);
  await v.page.waitForFunction(
    (m) => (globalThis as unknown as { __harnessState?: { layout?: string } }).__harnessState?.layout === m,
    mode,
  );
}

for (const name of ['sample', 'monorepo'] as const) {
  void test(`${name}: arrows stay on their cards through every kind of redraw and in the exported SVG`, async () => {
    const first = name === 'sample' ? sampleModel() : await monorepo(branch);
    const group = name === 'sample' ? 'unit' : 'build';
    const v = await h.open();
    await v.waitForMessage('ready');
    await v.send(modelMessage(first));
    await v.page.locator('svg.graph g.node').first().waitFor();
    await assertAttached(v, first, { mode: 'stages' }, 'the first render');

    // Layout switches, both ways, twice (the reported bug: the second path of each edge lagged one redraw).
    await layoutSwitch(v, 'needs');
    await assertAttached(v, first, { mode: 'needs' }, 'switching to By needs');
    assert.deepEqual(arrowProblems(await exported(v)), [], 'export after switching to By needs');
    await layoutSwitch(v, 'stages');
    await assertAttached(v, first, { mode: 'stages' }, 'switching back to Stages');
    await layoutSwitch(v, 'needs');
    await assertAttached(v, first, { mode: 'needs' }, 'switching to By needs again');

    // Expand and collapse a matrix/parallel group (badge click), in the needs layout.
    await v.page.locator(`svg.graph g.node[data-node="group:${group}"] text.badge`).click();
    await v.page.locator(`svg.graph g.node.instance`).first().waitFor();
    await assertAttached(v, first, { mode: 'needs', expanded: [group] }, `expanding ${group}`);
    assert.deepEqual(arrowProblems(await exported(v)), [], `export with ${group} expanded`);
    await v.page.locator('svg.graph g.node.instance text.badge').first().click();
    await v.page.locator(`svg.graph g.node[data-node="group:${group}"]`).waitFor();
    await assertAttached(v, first, { mode: 'needs' }, `collapsing ${group}`);

    // A live update: a new job, a dropped source, the same element identities for the rest.
    const live = name === 'sample' ? sampleModel() : await monorepo(branch);
    const stages = live.stages;
    const lastStage = stages[stages.length - 2] ?? stages[0]!;
    const producer = live.jobs.find((j) => j.inPipeline && j.sources.length === 0)!.name;
    live.jobs.push(
      job('late-smoke', lastStage, stages, { sources: [source(producer, { via: 'needs' })], needs: [producer] }),
    );
    const consumer = live.jobs.find((j) => j.sources.length > 1)!;
    consumer.sources = consumer.sources.slice(1);
    await v.send(modelMessage(live));
    await v.page.locator('svg.graph g.node[data-job="late-smoke"]').waitFor();
    await assertAttached(v, live, { mode: 'needs' }, 'a live model update');
    await layoutSwitch(v, 'stages');
    await assertAttached(v, live, { mode: 'stages' }, 'a layout switch after a live update');

    // A pipeline-context change: the webview asks, the host answers with the other context's model.
    // (monorepo: on a feature branch deploy is excluded, and with it its eight arrows.)
    await v.page.locator('#ctx-ref').fill('feature');
    await v.page.locator('#ctx-ref').press('Tab');
    const asked = await v.waitForMessage('setContext');
    assert.equal(asked.context.branch, 'feature');
    const other =
      name === 'sample'
        ? (() => {
            const m = sampleModel();
            m.context = feature;
            m.jobs = m.jobs.filter((j) => j.name !== 'docs');
            for (const j of m.jobs) j.sources = j.sources.filter((s) => s.job !== 'docs');
            return m;
          })()
        : await monorepo(feature);
    await v.send(modelMessage(other));
    await v.page.waitForFunction(
      (n) =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('svg.graph g.node').length === n,
      layoutModel(other, { mode: 'stages' }).nodes.length,
    );
    await assertAttached(v, other, { mode: 'stages' }, 'a pipeline-context change');

    // A theme change (VS Code swaps the body class and the variables): nothing may move.
    const before = await drawn(v);
    await v.page.evaluate(
      ({ vars, cls }) => {
        const d = (
          globalThis as unknown as {
            document: {
              documentElement: { style: { setProperty(n: string, v: string): void } };
              body: { className: string };
            };
          }
        ).document;
        for (const [n, value] of vars) d.documentElement.style.setProperty(`--vscode-${n}`, value);
        d.body.className = cls;
      },
      { vars: Object.entries(themeVariables.light), cls: themeBodyClass.light },
    );
    await assertAttached(v, other, { mode: 'stages' }, 'a theme change');
    assert.deepEqual(await drawn(v), before, 'a theme change redraws nothing');

    // Export: the file's arrows are the panel's.
    const file = await exported(v);
    assert.deepEqual(arrowProblems(file), [], 'the exported SVG');
    assert.deepEqual(
      file.edges.map((e) => [e.id, e.line]),
      before.edges.map((e) => [e.id, e.line]),
      'the export draws what the panel draws',
    );

    // Hover: the overlay's lit copies are the arrows as drawn.
    const lit = layoutModel(other, { mode: 'stages' }).edges[0]!;
    await v.page.locator(`svg.graph g.node[data-node="${lit.to.replace(/"/g, '\\"')}"]`).hover();
    const copies = await v.page.locator('svg.graph-overlay g.edge').evaluateAll((els) =>
      els.map((e) => {
        const g = e as unknown as {
          getAttribute(n: string): string | null;
          querySelector(s: string): { getAttribute(n: string): string | null } | null;
        };
        return [g.getAttribute('data-lit-edge'), g.querySelector('path.edge-line')?.getAttribute('d') ?? null];
      }),
    );
    assert.ok(copies.length > 0);
    const byId = new Map(before.edges.map((e) => [e.id, e.line] as const));
    for (const [id, d] of copies) assert.equal(d, byId.get(id ?? ''), `the lit copy of ${id}`);

    assert.equal(((await v.state()) as ViewState).layout, 'stages');
    assert.deepEqual(v.errors, []);
    await v.close();
  });
}
