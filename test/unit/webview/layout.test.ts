import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutModel } from '../../../webview/graph/layout';
import { countCrossingPairs } from '../../../webview/graph/layoutCrossings';
import type { GraphLayout } from '../../../webview/graph/layoutTypes';
import { adjacency, highlightSet, move, searchNodes } from '../../../webview/graph/layoutQuery';
import { textRows } from '../../../webview/graph/textRows';
import { generatedModel, job, model, sampleModel, source, XSS_NAME } from '../../fixtures/models/builders';

function plain(l: GraphLayout): unknown {
  return { ...l, nodeOfJob: [...l.nodeOfJob] };
}

void test('stage layout: one column per used stage, external column first, in GitLab order', () => {
  const l = layoutModel(sampleModel(), { mode: 'stages' });
  assert.deepEqual(
    l.columns.map((c) => c.label),
    ['External', 'build', 'test', 'deploy', '.post'],
  );
  const col = (id: string): number | undefined => l.nodes.find((n) => n.id === id)?.column;
  assert.equal(col('job:compile'), 1);
  assert.equal(col('group:unit'), 2);
  assert.equal(col('job:deploy'), 3);
  assert.equal(col('job:notify'), 4);
  for (const n of l.nodes) assert.equal(n.x, l.columns[n.column]!.x);
});

void test('parallel and matrix instances collapse into their group and expand on request', () => {
  const m = sampleModel();
  const collapsed = layoutModel(m, { mode: 'stages' });
  const unit = collapsed.nodes.find((n) => n.id === 'group:unit');
  assert.ok(unit);
  assert.deepEqual(unit.jobs, ['unit 1/2', 'unit 2/2']);
  assert.equal(unit.groupSize, 2);
  assert.equal(collapsed.nodeOfJob.get('e2e: [firefox]'), 'group:e2e');
  // The two instances' sources merge into one edge per producer, carrying both items.
  const edge = collapsed.edges.find((e) => e.id === 'job:compile->group:unit');
  assert.equal(edge?.items.length, 2);
  const open = layoutModel(m, { mode: 'stages', expanded: ['unit'] });
  assert.ok(open.nodes.some((n) => n.id === 'job:unit 1/2' && n.group === 'unit'));
  assert.ok(!open.nodes.some((n) => n.id === 'group:unit'));
  assert.ok(open.nodes.some((n) => n.id === 'group:e2e'));
});

void test('one edge per producer/consumer node; files and dotenv flags distinct; external sources get nodes', () => {
  const m = sampleModel();
  const l = layoutModel(m, { mode: 'stages', expanded: ['unit', 'e2e'] });
  const expected = new Set<string>();
  for (const j of m.jobs) {
    for (const s of j.sources) {
      if (!s.files && !s.dotenv) continue;
      const from = s.scope === 'local' ? `job:${s.job}` : l.nodes.find((n) => n.external?.job === s.job)?.id;
      expected.add(`${from}->job:${j.name}`);
    }
  }
  assert.deepEqual(new Set(l.edges.map((e) => e.id)), expected);
  const dotenvOnly = l.edges.find((e) => e.id === 'job:version->job:e2e: [chrome]');
  assert.deepEqual([dotenvOnly?.files, dotenvOnly?.dotenv], [false, true]);
  const both = l.edges.find((e) => e.from.startsWith('ext:project'));
  assert.deepEqual([both?.files, both?.dotenv], [true, true]);
  const ext = l.nodes.filter((n) => n.kind === 'external');
  assert.deepEqual(ext.map((n) => n.external?.scope).sort(), ['parent', 'project']);
  assert.ok(ext.every((n) => n.column === 0));
});

void test('excluded jobs stay in the layout, marked with their reason', () => {
  const l = layoutModel(sampleModel(), { mode: 'stages' });
  const lint = l.nodes.find((n) => n.id === 'job:lint');
  assert.equal(lint?.inPipeline, false);
  assert.match(lint?.excludedReason ?? '', /no rule matched/);
});

void test('needs layout layers each job one right of its deepest producer', () => {
  const stages = ['a'];
  const m = model(stages, [
    job('root', 'a', stages),
    job('mid', 'a', stages, { sources: [source('root', { via: 'needs' })] }),
    job('leaf', 'a', stages, { sources: [source('mid', { via: 'needs' }), source('root', { via: 'needs' })] }),
    job('alone', 'a', stages),
  ]);
  const l = layoutModel(m, { mode: 'needs' });
  const col = (name: string): number | undefined => l.nodes.find((n) => n.id === `job:${name}`)?.column;
  assert.deepEqual([col('root'), col('mid'), col('leaf'), col('alone')], [0, 1, 2, 0]);
  assert.equal(l.columns.length, 3);
  // Same stage in stage mode: the edges are same-column arcs.
  const s = layoutModel(m, { mode: 'stages' });
  assert.ok(s.edges.every((e) => e.sameColumn));
});

void test('needs layout follows needs without artifacts too: waiting orders jobs even when nothing is downloaded', () => {
  const stages = ['a'];
  const m = model(stages, [
    job('lint', 'a', stages),
    job('build', 'a', stages, { needs: ['lint'] }),
    job('ship', 'a', stages, { needs: ['build'], sources: [] }),
  ]);
  const l = layoutModel(m, { mode: 'needs' });
  const col = (name: string): number | undefined => l.nodes.find((n) => n.id === `job:${name}`)?.column;
  assert.deepEqual([col('lint'), col('build'), col('ship')], [0, 1, 2]);
  assert.equal(l.edges.length, 0, 'no artifact edge is invented for a need without artifacts');
});

void test('a dependency cycle does not hang the needs layering', () => {
  const st = ['a'];
  const m = model(st, [job('x', 'a', st, { sources: [source('y')] }), job('y', 'a', st, { sources: [source('x')] })]);
  const l = layoutModel(m, { mode: 'needs' });
  assert.equal(l.nodes.length, 2);
});

void test('crossing count of two segment sets', () => {
  assert.equal(
    countCrossingPairs([
      [0, 0],
      [1, 1],
    ]),
    0,
  );
  assert.equal(
    countCrossingPairs([
      [0, 1],
      [1, 0],
    ]),
    1,
  );
  assert.equal(
    countCrossingPairs([
      [0, 2],
      [1, 1],
      [2, 0],
    ]),
    3,
  );
  assert.equal(
    countCrossingPairs([
      [0, 0],
      [0, 1],
      [1, 0],
    ]),
    1,
  );
});

/**
 * Crossings as drawn: between two adjacent columns each arrow is a segment from the height it leaves one column at
 * (its producer's port or its waypoint) to the height it enters the next at; two segments cross when their order
 * flips. Read from the routes alone, so it checks the layout's own `crossings` count.
 */
function drawnCrossings(l: GraphLayout): number {
  const gaps = new Map<number, [number, number][]>();
  for (const e of l.edges) {
    if (e.sameColumn) continue;
    const from = l.nodes.find((n) => n.id === e.from)!;
    // points: producer port, then (entry, exit) per column crossed, then consumer port.
    const ys = [
      e.points[0]!.y,
      ...e.points
        .slice(1, -1)
        .filter((_, i) => i % 2 === 0)
        .map((p) => p.y),
      e.points[e.points.length - 1]!.y,
    ];
    ys.slice(1).forEach((y, i) =>
      (gaps.get(from.column + i) ?? gaps.set(from.column + i, []).get(from.column + i)!).push([ys[i]!, y]),
    );
  }
  let total = 0;
  for (const pairs of gaps.values()) total += countCrossingPairs(pairs);
  return total;
}

void test('barycenter sweeps remove crossings that one pass from the left leaves', () => {
  // s0: a, b. s1: c, d (no sources). s2: e ← b, c and f ← a, d. Model order, sorted once from the left, draws two
  // crossings; only the sweeps (reordering s1 and s0 by their right neighbours) reach none.
  const st = ['s0', 's1', 's2'];
  const m = model(st, [
    job('a', 's0', st),
    job('b', 's0', st),
    job('c', 's1', st),
    job('d', 's1', st),
    job('e', 's2', st, { sources: [source('b'), source('c')] }),
    job('f', 's2', st, { sources: [source('a'), source('d')] }),
  ]);
  const unswept = layoutModel(m, { mode: 'stages', sweeps: 0 });
  const swept = layoutModel(m, { mode: 'stages' });
  assert.equal(unswept.crossings, 2);
  assert.equal(drawnCrossings(unswept), 2);
  assert.ok(swept.crossings < unswept.crossings, `sweeps: ${swept.crossings}, none: ${unswept.crossings}`);
  assert.equal(swept.crossings, 0);
  assert.equal(drawnCrossings(swept), 0, 'and the drawing agrees');
});

void test('reversed consumers are reordered to follow their producers', () => {
  const st = ['build', 'test'];
  const m = model(st, [
    job('a', 'build', st),
    job('b', 'build', st),
    job('c', 'build', st),
    job('uses-c', 'test', st, { sources: [source('c')] }),
    job('uses-b', 'test', st, { sources: [source('b')] }),
    job('uses-a', 'test', st, { sources: [source('a')] }),
  ]);
  const l = layoutModel(m, { mode: 'stages' });
  assert.equal(l.crossings, 0);
  assert.equal(drawnCrossings(l), 0);
  const testCol = l.nodes
    .filter((n) => n.stage === 'test')
    .sort((x, y) => x.order - y.order)
    .map((n) => n.label);
  const buildCol = l.nodes
    .filter((n) => n.stage === 'build')
    .sort((x, y) => x.order - y.order)
    .map((n) => n.label);
  assert.deepEqual(
    testCol.map((t) => t.replace('uses-', '')),
    buildCol,
  );
});

void test('long edges are routed through dummy rows when counting crossings', () => {
  const st = ['s0', 's1', 's2'];
  const m = model(st, [
    job('p', 's0', st),
    job('q', 's0', st),
    job('m1', 's1', st, { sources: [source('q')] }),
    job('m2', 's1', st, { sources: [source('p')] }),
    job('z', 's2', st, { sources: [source('p'), source('m1')] }),
  ]);
  const l = layoutModel(m, { mode: 'stages' });
  assert.equal(l.crossings, 0);
});

void test('layout is deterministic', () => {
  const a = layoutModel(sampleModel(), { mode: 'stages', expanded: ['e2e'] });
  const b = layoutModel(sampleModel(), { mode: 'stages', expanded: ['e2e'] });
  assert.deepEqual(JSON.stringify(plain(a)), JSON.stringify(plain(b)));
});

void test('nodes never overlap inside a column', () => {
  const l = layoutModel(generatedModel(300), { mode: 'stages' });
  const seen = new Set<string>();
  for (const n of l.nodes) {
    const key = `${n.x}:${n.y}`;
    assert.ok(!seen.has(key), `overlap at ${key}`);
    seen.add(key);
  }
});

void test('a generated 1,500-job model lays out in both modes and keeps every job', () => {
  const m = generatedModel(1500);
  assert.equal(m.jobs.length, 1500);
  for (const mode of ['stages', 'needs'] as const) {
    const l = layoutModel(m, { mode });
    const shown = new Set(l.nodes.flatMap((n) => n.jobs));
    assert.equal(shown.size, 1500);
    assert.ok(l.edges.length > 1000);
    assert.ok(Number.isFinite(l.width) && Number.isFinite(l.height));
  }
});

void test('hover neighbourhood, search and keyboard moves', () => {
  const l = layoutModel(sampleModel(), { mode: 'stages' });
  const h = highlightSet(adjacency(l), 'job:package');
  assert.ok(h.sources.has('job:compile') && h.sources.has('group:unit') && h.sources.has('job:version'));
  assert.ok(h.consumers.has('job:deploy'));
  assert.ok(!h.nodes.has('job:notify'));
  assert.deepEqual([...searchNodes(l, 'E2E')], ['group:e2e']);
  assert.equal(searchNodes(l, '  ').size, 0);
  assert.ok(searchNodes(l, 'chrome').has('group:e2e'));
  const first = move(l, null, 'down');
  assert.equal(first, l.nodes[0]?.id);
  const compile = l.nodes.find((n) => n.id === 'job:compile')!;
  const right = move(l, compile.id, 'right');
  assert.equal(l.nodes.find((n) => n.id === right)?.column, compile.column + 1);
  assert.equal(move(l, compile.id, 'left') !== undefined, true);
  const notify = l.nodes.find((n) => n.id === 'job:notify')!;
  assert.equal(move(l, notify.id, 'right'), notify.id);
});

void test('text alternative lists each job with its sources and why', () => {
  const rows = textRows(sampleModel());
  const pkg = rows.find((r) => r.job === 'package');
  assert.ok(
    pkg?.sources.some(
      (s) => s.startsWith('compile: files (bin/, dist/app.js), via dependencies') && s.includes('.gitlab-ci.yml:50'),
    ),
  );
  assert.ok(pkg?.sources.some((s) => s.startsWith('version: dotenv (build.env)')));
  assert.ok(pkg?.sources.some((s) => s.startsWith('not received from lint')));
  assert.match(rows.find((r) => r.job === 'lint')?.status ?? '', /^excluded: rules/);
  assert.ok(rows.some((r) => r.job === XSS_NAME));
});

void test('long edges are routed between the cards of the columns they cross, never through one', () => {
  for (const m of [sampleModel(), generatedModel(400)]) {
    const l = layoutModel(m, { mode: 'stages' });
    const byColumn = new Map<number, { y: number; h: number }[]>();
    for (const n of l.nodes) {
      (byColumn.get(n.column) ?? byColumn.set(n.column, []).get(n.column)!).push({ y: n.y, h: n.height });
    }
    let routed = 0;
    for (const e of l.edges) {
      const from = l.nodes.find((n) => n.id === e.from)!;
      const to = l.nodes.find((n) => n.id === e.to)!;
      if (e.sameColumn) continue;
      assert.equal(e.points.length, 2 + 2 * (to.column - from.column - 1), e.id);
      for (let i = 1; i + 1 < e.points.length; i++) {
        const p = e.points[i]!;
        // Waypoints come in pairs, the entry and exit of each column crossed, in order.
        const col = l.columns[from.column + 1 + Math.floor((i - 1) / 2)]!;
        assert.ok(
          p.x > col.x - 90 && p.x < col.x + col.width + 90,
          `${e.id}: waypoint ${i} is not at column ${col.index}`,
        );
        for (const box of byColumn.get(col.index) ?? []) {
          assert.ok(p.y <= box.y || p.y >= box.y + box.h, `${e.id} crosses a card at y=${p.y}`);
        }
        routed++;
      }
    }
    assert.ok(routed > 0);
  }
});
