// Each phase of the layout pipeline (webview/graph/layout.ts) on its own: cards, arrows, columns, row order,
// coordinates and routes, with small hand-made inputs whose right answer is known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutColumns } from '../../../webview/graph/layoutColumns';
import { layoutEdges } from '../../../webview/graph/layoutEdges';
import { layoutNodes } from '../../../webview/graph/layoutNodes';
import { layoutOrder } from '../../../webview/graph/layoutOrder';
import { layoutPlace } from '../../../webview/graph/layoutPlace';
import { layoutRoute } from '../../../webview/graph/layoutRoute';
import { defaultMetrics, dummyId } from '../../../webview/graph/layoutTypes';
import type { LayoutColumn, LayoutEdge, LayoutNode } from '../../../webview/graph/layoutTypes';
import { job, model, source } from '../../fixtures/models/builders';
import type { FlowModel } from '../../../src/ci/model';

const m = defaultMetrics;
const none = { expanded: new Set<string>(), collapsedStages: new Set<string>() };

function card(id: string, column: number, extra: Partial<LayoutNode> = {}): LayoutNode {
  return {
    id,
    kind: 'job',
    label: id,
    jobs: [id],
    stage: 's',
    column,
    order: 0,
    x: 0,
    y: 0,
    width: m.nodeWidth,
    height: m.nodeHeight,
    inPipeline: true,
    trigger: false,
    ...extra,
  };
}

function edge(from: string, to: string): LayoutEdge {
  return { id: `${from}->${to}`, from, to, files: true, dotenv: false, items: [], points: [], sameColumn: false };
}

/** build: a, b (matrix b 1/2, b 2/2), test: t (from both instances, twice from a), deploy (two jobs, both left out). */
function small(): FlowModel {
  const st = ['build', 'test', 'deploy'];
  return model(st, [
    job('a', 'build', st),
    job('b 1/2', 'build', st, { group: 'b', parallel: { index: 1, total: 2 } }),
    job('b 2/2', 'build', st, { group: 'b', parallel: { index: 2, total: 2 }, sources: [source('b 1/2')] }),
    job('t', 'test', st, {
      sources: [
        source('b 1/2'),
        source('b 2/2', { files: false, dotenv: true }),
        source('a', { files: false, dotenv: false }),
        source('cfg', { scope: 'parent' }),
      ],
    }),
    job('t', 'test', st),
    job('d1', 'deploy', st, { inPipeline: false, excludedReason: 'rules', sources: [source('t')] }),
    job('d2', 'deploy', st, { inPipeline: false, excludedReason: 'rules' }),
  ]);
}

void test('cards: a group shares one card unless expanded, a collapsed stage one card, a duplicate name draws once', () => {
  const mdl = small();
  const c = layoutNodes(mdl, { expanded: new Set(), collapsedStages: new Set(['deploy']) }, m);
  assert.deepEqual(
    c.nodes.map((n) => n.id),
    ['job:a', 'group:b', 'job:t', 'stage:deploy'],
  );
  const group = c.nodes[1]!;
  assert.deepEqual([group.kind, group.jobs, group.groupSize, group.inPipeline], ['group', ['b 1/2', 'b 2/2'], 2, true]);
  const stage = c.nodes[3]!;
  assert.deepEqual(
    [stage.kind, stage.jobs, stage.inPipeline, stage.excludedReason],
    ['stage', ['d1', 'd2'], false, 'every job of this stage is left out of this pipeline'],
  );
  assert.deepEqual(
    [...c.nodeOfJob],
    [
      ['a', 'job:a'],
      ['b 1/2', 'group:b'],
      ['b 2/2', 'group:b'],
      ['t', 'job:t'],
      ['d1', 'stage:deploy'],
      ['d2', 'stage:deploy'],
    ],
  );
  assert.deepEqual(
    [...c.firstIndex],
    [
      ['job:a', 0],
      ['group:b', 1],
      ['job:t', 3],
      ['stage:deploy', 5],
    ],
  );
  assert.ok(c.nodes.every((n) => n.width === m.nodeWidth && n.x === 0 && n.y === 0 && n.column === 0));
  const open = layoutNodes(mdl, { expanded: new Set(['b']), collapsedStages: new Set() }, m);
  const inst = open.nodes.find((n) => n.id === 'job:b 2/2');
  assert.deepEqual([inst?.kind, inst?.group, inst?.groupSize], ['job', 'b', 2]);
  assert.equal(open.nodes.find((n) => n.id === 'job:d1')?.excludedReason, 'rules');
});

void test('arrows: one per pair of cards carrying every item, external cards, nothing-sources and self-arrows left out', () => {
  const mdl = small();
  const c = layoutNodes(mdl, none, m);
  const a = layoutEdges(mdl, c.nodeOfJob, false, m);
  // b 2/2 ← b 1/2 is inside one group card: no arrow. t ← a brings nothing: no arrow unless asked.
  assert.deepEqual(
    a.edges.map((e) => e.id),
    ['group:b->job:t', 'ext:parent:::cfg->job:t', 'job:t->job:d1'],
  );
  const bt = a.edges[0]!;
  assert.deepEqual([bt.files, bt.dotenv, bt.items.map((i) => i.source.job)], [true, true, ['b 1/2', 'b 2/2']]);
  assert.deepEqual(
    a.externals.map((n) => [n.id, n.kind, n.label, n.external?.scope]),
    [['ext:parent:::cfg', 'external', 'cfg (parent pipeline)', 'parent']],
  );
  const all = layoutEdges(mdl, c.nodeOfJob, true, m);
  assert.ok(all.edges.some((e) => e.id === 'job:a->job:t' && !e.files && !e.dotenv));
});

function columnsOf(
  mdl: FlowModel,
  mode: 'stages' | 'needs',
  collapsed: string[] = [],
): ReturnType<typeof layoutColumns> {
  const c = layoutNodes(mdl, { expanded: new Set(), collapsedStages: new Set(collapsed) }, m);
  const a = layoutEdges(mdl, c.nodeOfJob, false, m);
  return layoutColumns({
    model: mdl,
    cards: c.nodes,
    edges: a.edges,
    nodeOfJob: c.nodeOfJob,
    mode,
    collapsedStages: new Set(collapsed),
    hasExternals: a.externals.length > 0,
    columnWidth: 100,
  });
}

void test('columns by stage: the used stages in GitLab order, after the external column; collapsed ones marked', () => {
  const { columns, columnOf } = columnsOf(small(), 'stages', ['deploy']);
  assert.deepEqual(
    columns.map((c) => [c.index, c.kind, c.label, c.width, c.collapsed]),
    [
      [0, 'external', 'External', 100, undefined],
      [1, 'stage', 'build', 100, false],
      [2, 'stage', 'test', 100, false],
      [3, 'stage', 'deploy', 100, true],
    ],
  );
  assert.deepEqual(
    [...columnOf],
    [
      ['job:a', 1],
      ['group:b', 1],
      ['job:t', 2],
      ['stage:deploy', 3],
    ],
  );
  const st = ['x', 'y', 'z'];
  const unused = columnsOf(model(st, [job('late', 'z', st), job('first', 'x', st)]), 'stages');
  assert.deepEqual(
    unused.columns.map((c) => c.label),
    ['x', 'z'],
    'a stage without jobs gets no column',
  );
});

void test('columns by needs: one right of the deepest need (with or without artifacts) or producer; cycles cut', () => {
  const st = ['only'];
  const mdl = model(st, [
    job('lint', 'only', st),
    job('build', 'only', st, { needs: ['lint'] }),
    job('test', 'only', st, { sources: [source('build')] }),
    job('x', 'only', st, { sources: [source('y')] }),
    job('y', 'only', st, { sources: [source('x')] }),
  ]);
  const { columns, columnOf } = columnsOf(mdl, 'needs');
  assert.deepEqual(
    columns.map((c) => c.label),
    ['No needs', 'Needs depth 1', 'Needs depth 2'],
  );
  assert.deepEqual([columnOf.get('job:lint'), columnOf.get('job:build'), columnOf.get('job:test')], [0, 1, 2]);
  assert.deepEqual([columnOf.get('job:x'), columnOf.get('job:y')].sort(), [0, 1]);
});

/**
 * Column 0: a, b. Column 1: c, d (no sources). Column 2: e ← b, c and f ← a, d. Taken in model order and sorted once
 * from the left, two arrows cross; only sweeping back (reordering columns 1 and 0 by their right neighbours) finds 0.
 */
export function sweepCase(): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const nodes = [card('a', 0), card('b', 0), card('c', 1), card('d', 1), card('e', 2), card('f', 2)];
  return { nodes, edges: [edge('b', 'e'), edge('c', 'e'), edge('a', 'f'), edge('d', 'f')] };
}

void test('row order: sweeps remove crossings one pass from the left leaves; long edges get a dummy per column', () => {
  const { nodes, edges } = sweepCase();
  const rank = new Map(nodes.map((n, i) => [n.id, i] as const));
  const input = { nodes, edges, columnCount: 3, rank, maxDummies: 100 };
  const once = layoutOrder({ ...input, sweeps: 0 });
  const swept = layoutOrder({ ...input, sweeps: 4 });
  assert.equal(once.crossings, 2);
  assert.equal(swept.crossings, 0);
  assert.ok(swept.order[1]!.includes(dummyId('b->e', 1)) && swept.order[1]!.includes(dummyId('a->f', 1)));
  assert.deepEqual(swept.links.down.get('b'), [dummyId('b->e', 1)]);
  const noDummies = layoutOrder({ ...input, sweeps: 4, maxDummies: 0 });
  assert.deepEqual(noDummies.order[1], ['c', 'd']);
  assert.deepEqual(noDummies.links.down.get('b'), ['e']);
});

void test('row order: cards without arrows go below, and an expanded group stays one block', () => {
  const nodes = [
    card('lonely', 0),
    card('p', 0),
    card('q', 0),
    card('i1', 1, { group: 'g' }),
    card('x', 1),
    card('i2', 1, { group: 'g' }),
  ];
  const edges = [edge('q', 'i1'), edge('p', 'x'), edge('q', 'i2')];
  const o = layoutOrder({
    nodes,
    edges,
    columnCount: 2,
    rank: new Map(nodes.map((n, i) => [n.id, i] as const)),
    sweeps: 4,
    maxDummies: 100,
  });
  assert.deepEqual(o.order[0], ['p', 'q', 'lonely']);
  assert.deepEqual(o.order[1], ['x', 'i1', 'i2']);
});

function columns(n: number): LayoutColumn[] {
  return Array.from({ length: n }, (_, i) => ({
    index: i,
    kind: 'stage' as const,
    label: `s${i}`,
    x: 0,
    width: m.nodeWidth,
  }));
}

void test('coordinates: stacked rows, waypoints in the gaps; straightened, a card lines up with its only neighbour', () => {
  const cards = new Map([card('a', 0), card('b', 0), card('c', 1), card('z', 2)].map((n) => [n.id, n] as const));
  const order = [['a', 'b'], ['dummy:a->z:1', 'c'], ['z']];
  const links = {
    up: new Map([
      ['c', ['b']],
      ['dummy:a->z:1', ['a']],
      ['z', ['dummy:a->z:1']],
    ]),
    down: new Map([
      ['b', ['c']],
      ['a', ['dummy:a->z:1']],
      ['dummy:a->z:1', ['z']],
    ]),
  };
  const top = m.margin + m.headerHeight;
  const flat = layoutPlace({ order, cards, columns: columns(3), links, metrics: m, straighten: false });
  assert.deepEqual(
    flat.columns.map((c) => c.x),
    [m.margin, m.margin + m.nodeWidth + m.columnGap, m.margin + 2 * (m.nodeWidth + m.columnGap)],
  );
  assert.deepEqual(flat.cardAt.get('b'), { x: m.margin, y: top + m.nodeHeight + m.rowGap, order: 1 });
  assert.deepEqual(flat.cardAt.get('c'), { x: flat.columns[1]!.x, y: top, order: 0 });
  assert.equal(flat.dummyY.get('dummy:a->z:1'), top - m.rowGap / 2, 'in the gap above c');
  assert.equal(flat.bottom, top + 2 * m.nodeHeight + m.rowGap);
  const placed = layoutPlace({ order, cards, columns: columns(3), links, metrics: m, straighten: true });
  assert.equal(placed.cardAt.get('c')!.y, placed.cardAt.get('b')!.y, 'c moves down to b');
  const dy = placed.dummyY.get('dummy:a->z:1')!;
  assert.equal(dy, Math.round(placed.cardAt.get('a')!.y + m.nodeHeight / 2), 'the waypoint lines up with a');
  assert.ok(dy <= placed.cardAt.get('c')!.y, 'and stays above c, in its order');
  assert.ok(placed.cardAt.get('a')!.y + m.nodeHeight <= placed.cardAt.get('b')!.y, 'no overlap');
});

void test('routes: port to port, a waypoint pair per column crossed, same-column arcs on the right side', () => {
  const cols = columns(3).map((c) => ({ ...c, x: 10 + c.index * 300 }));
  const placed = (id: string, column: number, y: number): LayoutNode => card(id, column, { x: cols[column]!.x, y });
  const nodes = new Map([placed('a', 0, 50), placed('b', 0, 150), placed('z', 2, 80)].map((n) => [n.id, n] as const));
  const dummyY = new Map([[dummyId('a->z', 1), 120]]);
  const [long, same, lost] = layoutRoute({
    edges: [edge('a', 'z'), edge('a', 'b'), edge('a', 'gone')],
    nodes,
    columns: cols,
    dummyY,
    metrics: m,
  });
  const h = m.nodeHeight / 2;
  assert.deepEqual(long?.points, [
    { x: 10 + m.nodeWidth, y: 50 + h },
    { x: 310 - m.columnGap / 4, y: 120 },
    { x: 310 + m.nodeWidth + m.columnGap / 4, y: 120 },
    { x: 610, y: 80 + h },
  ]);
  assert.equal(long?.sameColumn, false);
  assert.deepEqual(
    [same?.sameColumn, same?.points],
    [
      true,
      [
        { x: 10 + m.nodeWidth, y: 50 + h },
        { x: 10 + m.nodeWidth, y: 150 + h },
      ],
    ],
  );
  assert.deepEqual(lost, edge('a', 'gone'), 'an edge with a missing end is left as it was');
});
