// Findings on the graph, in headless Chromium: diagnostic markers on the cards, the hover card's Findings section,
// broken arrows for dependencies that deliver nothing (attached to their cards like any arrow), and why a conflict's
// likely winner wins. Models: the engine's real output for examples/monorepo, and the sample with added diagnostics.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze, defaultContext } from '../../src/ci/analyze';
import type { FlowModel } from '../../src/ci/model';
import { nodeFileReader } from '../../src/cli/nodeFileReader';
import type { ToWebview } from '../../src/protocol';
import { arrowProblems, extractDrawn } from '../support/arrowGeometry';
import { ROOT } from '../support/paths';
import { WebviewHarness } from '../support/webviewHarness';
import type { WebviewPage } from '../support/webviewHarness';
import { range, sampleModel } from '../fixtures/models/builders';

let h: WebviewHarness;
before(async () => {
  h = await WebviewHarness.start();
});
after(async () => {
  await h.stop();
});

async function openWith(model: FlowModel): Promise<WebviewPage> {
  const v = await h.open();
  await v.waitForMessage('ready');
  const msg: ToWebview = {
    type: 'didChangeModel',
    model,
    banner: null,
    rootLabel: '.gitlab-ci.yml',
    rootUri: 'file:///p/.gitlab-ci.yml',
  };
  await v.send(msg);
  await v.page.locator('svg.graph g.node').first().waitFor();
  return v;
}

const node = (v: WebviewPage, job: string) => v.page.locator(`svg.graph g.node[data-job="${job}"]`);

void test('a same-stage dependency: a warning marker on the card, listed in the hover card, drawn as a broken arrow on hover', async () => {
  const m = await analyze({
    root: '.gitlab-ci.yml',
    reader: nodeFileReader(join(ROOT, 'examples/monorepo')),
    context: defaultContext(),
  });
  assert.ok(m.diagnostics.some((d) => d.code === 'same-stage-dependency' && d.job === 'coverage'));
  const v = await openWith(m);
  const marker = node(v, 'coverage').locator('g.finding-marker');
  assert.equal(await marker.getAttribute('data-findings'), 'warning');
  assert.equal(await marker.locator('title').textContent(), '1 warning');
  assert.match((await node(v, 'coverage').getAttribute('aria-label')) ?? '', /1 warning/);
  assert.equal(
    await v.page.locator('svg.graph g.finding-marker').count(),
    m.jobs.filter((j) => m.diagnostics.some((d) => d.job === j.name && d.severity !== 'info')).length,
  );

  await node(v, 'coverage').hover();
  const card = v.page.locator('#card');
  await card.waitFor({ state: 'visible' });
  const text = await card.innerText();
  assert.match(text, /Findings \(1\)\s*warning\s*coverage job: same-stage dependency ignored/);
  assert.match(text, /ci\/test\.yml:10/);
  assert.match(text, /Does not receive\s*unit\s*delivers nothing/);
  // The broken arrow runs from unit's card to coverage's (same stage: it bends out to the right).
  const broken = v.page.locator('svg.graph-overlay g.edge.broken');
  assert.equal(await broken.count(), 1);
  assert.equal(await broken.getAttribute('data-from'), 'job:unit');
  assert.equal(await broken.getAttribute('data-to'), 'job:coverage');
  assert.match((await broken.locator('path.edge-line').getAttribute('marker-end')) ?? '', /arrow-broken/);
  assert.match(
    (await v.page.locator('svg.graph-overlay g.node[data-lit-node="job:unit"]').getAttribute('class')) ?? '',
    /lit-missing/,
  );
  const drawn = await v.page.locator('svg.graph').evaluate(extractDrawn);
  const d = await broken.locator('path.edge-line').getAttribute('d');
  assert.deepEqual(
    arrowProblems({
      nodes: drawn.nodes,
      edges: [
        { id: 'job:unit->job:coverage', from: 'job:unit', to: 'job:coverage', line: d ?? '', hit: null, hidden: false },
      ],
    }),
    [],
  );
  await v.screenshot('findings-broken-arrow');

  // The conflict line says why: the four build instances write bin/, the last created wins.
  await v.page.mouse.move(2, 690);
  await node(v, 'unit').hover();
  await card.waitFor({ state: 'visible' });
  assert.match(
    await card.innerText(),
    /bin: from [^\n]*likely winner build: \[darwin, arm64\]\s*build: \[darwin, arm64\]'s archive is extracted after build: \[darwin, amd64\]'s: instance order/,
  );
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test("an error (undefined need) puts an error marker on the card; a group collects its instances' findings", async () => {
  const m = sampleModel();
  m.diagnostics = [
    {
      ...range(60),
      severity: 'error',
      code: 'undefined-need',
      message: 'deploy job: undefined need: nope',
      job: 'deploy',
    },
    {
      ...range(61),
      severity: 'warning',
      code: 'dotenv-variable-missing',
      message: 'deploy job: reads $VERSION, which will be empty here',
      job: 'deploy',
    },
    { ...range(20), severity: 'warning', code: 'x', message: 'unit 2/2 job: a warning', job: 'unit 2/2' },
    { ...range(1), severity: 'info', code: 'y', message: 'an info only', job: 'compile' },
  ];
  const v = await openWith(m);
  const deploy = node(v, 'deploy').locator('g.finding-marker');
  assert.equal(await deploy.getAttribute('data-findings'), 'error');
  assert.equal(await deploy.getAttribute('data-count'), '2');
  assert.equal(await deploy.locator('title').textContent(), '1 error, 1 warning');
  assert.equal(await node(v, 'unit').locator('g.finding-marker').getAttribute('data-findings'), 'warning');
  assert.equal(await node(v, 'compile').locator('g.finding-marker').count(), 0);
  await node(v, 'deploy').hover();
  await v.page.locator('#card').waitFor({ state: 'visible' });
  assert.match(
    await v.page.locator('#card').innerText(),
    /Findings \(2\)\s*error\s*deploy job: undefined need: nope[\s\S]*warning\s*deploy job: reads \$VERSION/,
  );
  await v.screenshot('findings-error-marker');
  // A fixed model clears the marker.
  m.diagnostics = [];
  await v.send({
    type: 'didChangeModel',
    model: m,
    banner: null,
    rootLabel: '.gitlab-ci.yml',
    rootUri: 'file:///p/.gitlab-ci.yml',
  });
  await v.page.locator('svg.graph g.finding-marker').first().waitFor({ state: 'detached' });
  assert.deepEqual(v.errors, []);
  await v.close();
});
