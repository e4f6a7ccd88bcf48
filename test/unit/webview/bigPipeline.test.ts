// Big pipelines, pure parts: focus-mode lineage and its cut-down model, expanded groups kept in one block, instance
// names shown in full (two lines), and the one-line explanation when most jobs are left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { focusJobs, focusModel, lineage } from '../../../webview/graph/focus';
import { layoutModel } from '../../../webview/graph/layout';
import { cardLines } from '../../../webview/graph/labels';
import { excludedSummary } from '../../../webview/graph/summary';
import { generatedModel, job, model, sampleModel, source } from '../../fixtures/models/builders';

void test('lineage: the jobs whose artifacts reach the job, transitively, and those its artifacts reach', () => {
  const stages = ['a', 'b', 'c', 'd'];
  const m = model(stages, [
    job('gen', 'a', stages),
    job('other', 'a', stages),
    job('noart', 'a', stages),
    job('build', 'b', stages, { sources: [source('gen')] }),
    job('side', 'b', stages, { sources: [source('other')] }),
    job('test', 'c', stages, {
      sources: [source('build'), source('side'), source('noart', { files: false, dotenv: false })],
    }),
    job('deploy', 'd', stages, { sources: [source('test', { files: false, dotenv: true })] }),
    job('alone', 'd', stages),
  ]);
  const l = lineage(m, ['build']);
  assert.deepEqual([...l.up].sort(), ['gen']);
  assert.deepEqual([...l.down].sort(), ['deploy', 'test']);
  assert.deepEqual([...l.all].sort(), ['build', 'deploy', 'gen', 'test']);
  const cut = focusModel(m, l, ['build']);
  assert.deepEqual(
    cut.jobs.map((j) => j.name),
    ['gen', 'build', 'test', 'deploy'],
  );
  // test's sources from outside the lineage (side, noart) are dropped; what remains is drawn as edges.
  assert.deepEqual(
    cut.jobs.find((j) => j.name === 'test')!.sources.map((s) => s.job),
    ['build'],
  );
  assert.deepEqual(
    layoutModel(cut, { mode: 'stages' })
      .edges.map((e) => e.id)
      .sort(),
    ['job:build->job:test', 'job:gen->job:build', 'job:test->job:deploy'],
  );
  assert.equal(m.jobs.find((j) => j.name === 'test')!.sources.length, 3, 'the original model is untouched');
});

void test('a group is a focus target by its name; sources from other projects stay only on the upstream side', () => {
  const m = sampleModel();
  assert.deepEqual(focusJobs(m, 'unit'), ['unit 1/2', 'unit 2/2']);
  assert.deepEqual(focusJobs(m, 'compile'), ['compile']);
  assert.deepEqual(focusJobs(m, 'nope'), []);
  const deploy = lineage(m, ['deploy']);
  const withExt = layoutModel(focusModel(m, deploy, ['deploy']), { mode: 'stages' });
  assert.equal(withExt.nodes.filter((n) => n.kind === 'external').length, 2);
  const pkg = lineage(m, ['package']);
  const noExt = layoutModel(focusModel(m, pkg, ['package']), { mode: 'stages' });
  assert.equal(
    noExt.nodes.filter((n) => n.kind === 'external').length,
    0,
    "deploy's other-project sources do not reach package",
  );
  assert.ok(noExt.nodes.some((n) => n.id === 'job:deploy'));
});

void test('focus on a 5,000-job pipeline lays out only the lineage', () => {
  const m = generatedModel(5000);
  const target = m.jobs[4000]!.name;
  const l = lineage(m, [target]);
  assert.ok(l.all.size > 1 && l.all.size < 1000, `lineage of ${l.all.size}`);
  const lay = layoutModel(focusModel(m, l, [target]), { mode: 'stages' });
  assert.equal(new Set(lay.nodes.flatMap((n) => n.jobs)).size, l.all.size);
});

void test('the instances of an expanded group stay together in their column', () => {
  const stages = ['build', 'test'];
  // Barycenters would interleave: a and b alternate between the producers of the two instances.
  const m = model(stages, [
    job('p1', 'build', stages),
    job('p2', 'build', stages),
    job('p3', 'build', stages),
    job('m 1/2', 'test', stages, { group: 'm', parallel: { index: 1, total: 2 }, sources: [source('p1')] }),
    job('x', 'test', stages, { sources: [source('p2')] }),
    job('m 2/2', 'test', stages, { group: 'm', parallel: { index: 2, total: 2 }, sources: [source('p3')] }),
  ]);
  const l = layoutModel(m, { mode: 'stages', expanded: ['m'] });
  const col = l.nodes
    .filter((n) => n.column === 1)
    .sort((a, b) => a.order - b.order)
    .map((n) => n.label);
  assert.equal(Math.abs(col.indexOf('m 1/2') - col.indexOf('m 2/2')), 1, col.join(' | '));
  for (const n of l.nodes) assert.equal(n.y, 60 + n.order * 48);
});

void test('an instance name that does not fit is shown in full over two lines', () => {
  const m = sampleModel();
  const l = layoutModel(m, { mode: 'stages', expanded: ['e2e'] });
  const stages = m.stages;
  const long = layoutModel(
    model(stages, [
      job('integration: [ubuntu-22.04, gcc-12, release]', 'test', stages, {
        group: 'integration',
        parallel: { index: 1, total: 2, matrix: { OS: 'ubuntu-22.04' } },
      }),
      job('integration: [debian-12, clang-17, debug]', 'test', stages, {
        group: 'integration',
        parallel: { index: 2, total: 2, matrix: { OS: 'debian-12' } },
      }),
    ]),
    { mode: 'stages', expanded: ['integration'] },
  );
  const lines = new Map(long.nodes.map((n) => [n.label, cardLines(n)] as const));
  assert.deepEqual(lines.get('integration: [ubuntu-22.04, gcc-12, release]'), {
    label: 'integration',
    meta: '[ubuntu-22.04, gcc-12, release]',
  });
  assert.deepEqual(lines.get('integration: [debian-12, clang-17, debug]'), {
    label: 'integration',
    meta: '[debian-12, clang-17, debug]',
  });
  // Short names stay on one line.
  assert.deepEqual(cardLines(l.nodes.find((n) => n.id === 'job:e2e: [chrome]')!), { label: 'e2e: [chrome]', meta: '' });
  assert.deepEqual(cardLines(l.nodes.find((n) => n.id === 'job:lint')!), { label: 'lint', meta: 'excluded' });
});

void test('when most jobs are left out, one line says how many run, the rule that excludes the most, and unread includes', () => {
  const stages = ['test'];
  const weekly = "rules[0]: if '$CI_DESCRIPTION =~ /Weekly/' is false for a branch pipeline";
  const jobs = [job('lint', 'test', stages)];
  for (let i = 0; i < 8; i++) jobs.push(job(`w${i}`, 'test', stages, { inPipeline: false, excludedReason: weekly }));
  jobs.push(job('n', 'test', stages, { inPipeline: false, excludedReason: 'rules: when: never' }));
  const m = model(stages, jobs, {
    includes: [
      {
        kind: 'project',
        location: 'g/tools:all.yml@1',
        from: { file: '.gitlab-ci.yml', line: 1, column: 1, endLine: 1, endColumn: 2 },
        resolved: false,
        files: [],
      },
    ],
  });
  assert.equal(
    excludedSummary(m),
    `Only 1 of 10 jobs run in this pipeline (branch main (default)). 8 of the 9 left out: ${weekly} (reads $CI_DESCRIPTION: set by another pipeline type or as a variable?). 1 include (project) could not be read offline, so their jobs and rules are unknown here.`,
  );
  assert.equal(excludedSummary(sampleModel()), null);
});

void test('overview: per-column job counts and flow bundles; blocks fit the view at a readable size', async () => {
  const { overviewGrid, overviewOf } = await import('../../../webview/graph/overviewModel');
  const m = generatedModel(1500);
  const l = layoutModel(m, { mode: 'stages' });
  const o = overviewOf(l);
  assert.equal(o.columns.length, 8);
  assert.equal(
    o.columns.reduce((a, c) => a + c.jobs, 0),
    1500,
  );
  assert.equal(
    o.columns.reduce((a, c) => a + c.excluded, 0),
    m.jobs.filter((j) => !j.inPipeline).length,
  );
  const crossColumn = l.edges.filter(
    (e) => l.nodes.find((n) => n.id === e.from)!.column !== l.nodes.find((n) => n.id === e.to)!.column,
  ).length;
  assert.equal(
    o.bundles.reduce((a, b) => a + b.flows, 0),
    crossColumn,
  );
  for (const b of o.bundles) assert.ok(b.from < b.to);
  // 24 columns (mesa) in a half-width panel: several rows of blocks at least 140 px wide, none outside the view.
  const cells = overviewGrid(24, { width: 700, height: 600 });
  assert.equal(cells.length, 24);
  for (const c of cells) {
    assert.ok(c.width >= 140 && c.x >= 0 && c.x + c.width <= 700, JSON.stringify(c));
    assert.ok(c.height >= 64 && c.y + c.height <= 600, JSON.stringify(c));
  }
  assert.equal(new Set(cells.map((c) => c.y)).size, 6);
});

void test('a collapsed stage is one card for all its jobs and carries their arrows, once per neighbour', () => {
  const m = sampleModel();
  const l = layoutModel(m, { mode: 'stages', collapsedStages: ['test'] });
  const stage = l.nodes.find((n) => n.id === 'stage:test')!;
  assert.equal(stage.kind, 'stage');
  assert.deepEqual(
    stage.jobs,
    m.jobs.filter((j) => j.stage === 'test').map((j) => j.name),
  );
  assert.equal(stage.inPipeline, true);
  assert.ok(!l.nodes.some((n) => n.stage === 'test' && n.id !== 'stage:test'));
  assert.equal(l.nodeOfJob.get('unit 1/2'), 'stage:test');
  assert.deepEqual(
    l.edges
      .filter((e) => e.to === 'stage:test')
      .map((e) => e.from)
      .sort(),
    ['job:compile', 'job:version'],
  );
  assert.deepEqual(
    l.edges.filter((e) => e.from === 'stage:test').map((e) => e.to),
    ['job:package'],
  );
  assert.equal(l.columns.find((c) => c.label === 'test')?.collapsed, true);
  assert.deepEqual(cardLines(stage), { label: 'test', meta: '6 jobs, collapsed' });
});
