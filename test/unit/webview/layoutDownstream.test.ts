import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutModel } from '../../../webview/graph/layout';
import { FRAME_TITLE } from '../../../webview/graph/layoutDownstream';
import type { GraphLayout, LayoutNode, LayoutOptions } from '../../../webview/graph/layoutTypes';
import { move } from '../../../webview/graph/layoutQuery';
import { textRows } from '../../../webview/graph/textRows';
import { childPipelines, DOWNSTREAM_COLLAPSE_ABOVE } from '../../../webview/graph/downstreamModel';
import { arrowProblems } from '../../support/arrowGeometry';
import { overviewOf } from '../../../webview/graph/overviewModel';
import { bigChildJobs, downstreamModel } from './downstreamFixture';

function node(l: GraphLayout, id: string): LayoutNode {
  const n = l.nodes.find((x) => x.id === id);
  assert.ok(n, `node ${id} in ${l.nodes.map((x) => x.id).join(', ')}`);
  return n;
}

/** The layout as the arrow checks read a drawing: translated card boxes and each arrow's first and last point. */
function drawn(l: GraphLayout): Parameters<typeof arrowProblems>[0] {
  return {
    nodes: l.nodes.map((n) => ({
      id: n.id,
      transform: `translate(${n.x},${n.y})`,
      width: n.width,
      height: n.height,
      hidden: false,
    })),
    edges: l.edges.map((e) => ({
      id: e.id,
      from: e.from,
      to: e.to,
      line: `M${e.points.map((p) => `${p.x},${p.y}`).join(' L')}`,
      hit: null,
      hidden: false,
    })),
  };
}

const overlap = (a: LayoutNode, b: LayoutNode): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** A frame and what is drawn inside it may overlap; any other two cards may not. */
function overlaps(l: GraphLayout): string[] {
  const out: string[] = [];
  const inside = (inner: LayoutNode, frame: LayoutNode): boolean => inner.pipeline?.startsWith(frame.id) === true;
  for (let i = 0; i < l.nodes.length; i++) {
    for (let k = i + 1; k < l.nodes.length; k++) {
      const a = l.nodes[i]!;
      const b = l.nodes[k]!;
      if (inside(a, b) || inside(b, a)) continue;
      if (overlap(a, b)) out.push(`${a.id} overlaps ${b.id}`);
    }
  }
  return out;
}

const both = (extra: Partial<LayoutOptions> = {}): LayoutOptions[] => [
  { mode: 'stages', ...extra },
  { mode: 'needs', ...extra },
];

void test('a small child is drawn expanded in the Downstream column, its job ids namespaced under the frame', () => {
  for (const options of both()) {
    const l = layoutModel(downstreamModel(), options);
    assert.equal(l.columns.at(-1)?.label, 'Downstream');
    const frame = node(l, 'ds:child');
    assert.equal(frame.kind, 'downstream');
    assert.equal(frame.downstream?.expanded, true);
    assert.equal(frame.downstream?.title, 'child pipeline · ci/child.yml · from trigger job `child`');
    assert.equal(frame.downstream?.jobs, 2);
    assert.equal(frame.downstream?.warnings, 1);
    // The parent's `test` and the child's `test` are two cards.
    const parentTest = node(l, 'job:test');
    const childTest = node(l, 'ds:child/job:test');
    assert.equal(parentTest.pipeline, undefined);
    assert.equal(childTest.pipeline, 'ds:child');
    assert.deepEqual(childTest.jobs, ['test']);
    assert.equal(l.nodeOfJob.get('test'), 'job:test');
    // The child's cards lie inside the frame, under its title.
    for (const n of l.nodes.filter((x) => x.pipeline === 'ds:child')) {
      assert.ok(n.x >= frame.x && n.x + n.width <= frame.x + frame.width, `${n.id} inside horizontally`);
      assert.ok(n.y >= frame.y + FRAME_TITLE && n.y + n.height <= frame.y + frame.height, `${n.id} inside vertically`);
    }
    assert.deepEqual(
      frame.downstream?.columns?.map((c) => c.label),
      options.mode === 'stages' ? ['build', 'test'] : ['No needs', 'Needs depth 1'],
    );
    assert.deepEqual(overlaps(l), [], options.mode);
    assert.deepEqual(arrowProblems(drawn(l)), [], options.mode);
    assert.ok(l.width >= frame.x + frame.width && l.height >= frame.y + frame.height);
  }
});

void test('arrows: trigger → pipeline, needs:pipeline:job from the parent job into the child job, child-internal', () => {
  const l = layoutModel(downstreamModel(), { mode: 'stages' });
  const trig = l.edges.find((e) => e.id === 'job:child->ds:child');
  assert.equal(trig?.triggers, true);
  assert.deepEqual(trig?.items, []);
  const frame = node(l, 'ds:child');
  assert.equal(trig?.points.at(-1)?.y, frame.y + FRAME_TITLE / 2, 'the trigger arrow points at the title');
  const feed = l.edges.find((e) => e.id === 'job:build->ds:child/job:compile');
  assert.ok(feed, l.edges.map((e) => e.id).join('\n'));
  assert.deepEqual([feed.files, feed.dotenv, feed.triggers], [true, true, undefined]);
  assert.equal(feed.items[0]?.consumer, 'compile');
  assert.equal(feed.items[0]?.source.scope, 'parent');
  const target = node(l, 'ds:child/job:compile');
  assert.deepEqual(feed.points.at(-1), { x: target.x, y: target.y + target.height / 2 });
  assert.ok(l.edges.some((e) => e.id === 'ds:child/job:compile->ds:child/job:test'));
  // No proxy arrow to the frame itself, and no external "parent pipeline" card inside the child.
  assert.ok(!l.edges.some((e) => e.id === 'job:build->ds:child'));
  assert.ok(!l.nodes.some((n) => n.kind === 'external'));
  for (const kind of ['ds:dynamic', 'ds:downstream-deploy']) {
    assert.equal(l.edges.find((e) => e.to === kind)?.triggers, true, kind);
  }
});

void test('collapsed, the child is one card carrying the needs:pipeline:job arrow; the parent does not move', () => {
  const open = layoutModel(downstreamModel(), { mode: 'stages' });
  const shut = layoutModel(downstreamModel(), { mode: 'stages', downstreamToggled: ['ds:child'] });
  const card = node(shut, 'ds:child');
  assert.deepEqual([card.downstream?.expanded, card.downstream?.expandable, card.height], [false, true, 34]);
  assert.ok(!shut.nodes.some((n) => n.pipeline !== undefined));
  const feed = shut.edges.find((e) => e.id === 'job:build->ds:child');
  assert.deepEqual([feed?.files, feed?.dotenv, feed?.items.length], [true, true, 1]);
  for (const n of shut.nodes.filter((x) => x.kind !== 'downstream')) {
    const same = node(open, n.id);
    assert.equal(same.x, n.x, `${n.id} keeps its column`);
    assert.equal(same.column, n.column);
  }
  assert.deepEqual(overlaps(shut), []);
  assert.deepEqual(arrowProblems(drawn(shut)), []);
});

void test(`a child with more than ${DOWNSTREAM_COLLAPSE_ABOVE} jobs starts collapsed and expands on request`, () => {
  const m = downstreamModel({ child: bigChildJobs(DOWNSTREAM_COLLAPSE_ABOVE + 1) });
  const l = layoutModel(m, { mode: 'stages' });
  assert.equal(node(l, 'ds:child').downstream?.expanded, false);
  assert.equal(node(l, 'ds:child').downstream?.jobs, DOWNSTREAM_COLLAPSE_ABOVE + 1);
  const open = layoutModel(m, { mode: 'stages', downstreamToggled: ['ds:child'] });
  assert.equal(node(open, 'ds:child').downstream?.expanded, true);
  assert.equal(open.nodes.filter((n) => n.pipeline === 'ds:child').length, DOWNSTREAM_COLLAPSE_ABOVE + 1);
  assert.deepEqual(overlaps(open), []);
  assert.deepEqual(arrowProblems(drawn(open)), []);
});

void test('a dynamic child without a pipeline is a placeholder with its unknown text; trigger:project a card', () => {
  const l = layoutModel(downstreamModel(), { mode: 'stages' });
  const dyn = node(l, 'ds:dynamic');
  assert.deepEqual(
    [dyn.downstream?.kind, dyn.downstream?.expandable, dyn.downstream?.expanded],
    ['dynamic', false, false],
  );
  assert.match(dyn.downstream?.unknown ?? '', /not connected to GitLab/);
  assert.equal(dyn.label, 'gen.yml from generate');
  // Toggling what cannot be expanded changes nothing.
  const again = layoutModel(downstreamModel(), { mode: 'stages', downstreamToggled: ['ds:dynamic'] });
  assert.equal(node(again, 'ds:dynamic').downstream?.expanded, false);
  const project = node(l, 'ds:downstream-deploy');
  assert.deepEqual(
    [project.label, project.downstream?.project, project.downstream?.ref, project.downstream?.title],
    [
      'group/other',
      'group/other',
      'main',
      'multi-project pipeline · group/other @ main · from trigger job `downstream-deploy`',
    ],
  );
});

void test('grandchildren nest the same way, ids and toggles namespaced by path', () => {
  const m = downstreamModel({ grandchild: true });
  const l = layoutModel(m, { mode: 'stages' });
  const inner = node(l, 'ds:child/ds:nested');
  assert.equal(inner.pipeline, 'ds:child');
  assert.equal(inner.downstream?.expanded, true);
  const leaf = node(l, 'ds:child/ds:nested/job:leaf');
  assert.equal(leaf.pipeline, 'ds:child/ds:nested');
  assert.ok(l.edges.some((e) => e.id === 'ds:child/job:nested->ds:child/ds:nested' && e.triggers === true));
  assert.deepEqual(overlaps(l), []);
  assert.deepEqual(arrowProblems(drawn(l)), []);
  const shut = layoutModel(m, { mode: 'stages', downstreamToggled: ['ds:child/ds:nested'] });
  assert.equal(node(shut, 'ds:child/ds:nested').downstream?.expanded, false);
  assert.ok(!shut.nodes.some((n) => n.id === 'ds:child/ds:nested/job:leaf'));
  assert.deepEqual([...childPipelines(m).keys()], ['ds:child', 'ds:child/ds:nested']);
});

void test('keyboard moves stay in a frame; left from its first column reaches the frame, right from it enters', () => {
  const l = layoutModel(downstreamModel(), { mode: 'stages' });
  assert.equal(move(l, 'ds:child/job:compile', 'right'), 'ds:child/job:test');
  assert.equal(move(l, 'ds:child/job:compile', 'left'), 'ds:child');
  assert.equal(move(l, 'ds:child', 'right'), 'ds:child/job:compile');
  assert.equal(move(l, 'ds:child/job:test', 'down'), 'ds:child/job:test');
  const parent = move(l, 'ds:child', 'left');
  assert.ok(parent !== undefined && !parent.startsWith('ds:'), parent);
});

void test('focus mode: a downstream pipeline whose trigger job is not drawn is not drawn either', () => {
  const m = downstreamModel();
  const l = layoutModel({ ...m, jobs: m.jobs.filter((j) => j.name !== 'child') }, { mode: 'stages' });
  assert.ok(!l.nodes.some((n) => n.id.startsWith('ds:child')));
  assert.ok(l.nodes.some((n) => n.id === 'ds:dynamic'));
});

void test('a model without downstream pipelines lays out exactly as before (no Downstream column)', () => {
  const m = downstreamModel();
  delete m.downstream;
  const l = layoutModel(m, { mode: 'stages' });
  assert.ok(!l.columns.some((c) => c.kind === 'downstream'));
  assert.equal(l.width, 20 * 2 + 3 * 190 + 2 * 90);
});

void test('the text view lists each downstream pipeline and its jobs, a child job named as such', () => {
  const rows = textRows(downstreamModel({ grandchild: true }));
  const names = rows.map((r) => r.job);
  assert.deepEqual(names.slice(0, 7), ['build', 'generate', 'test', 'child', 'dynamic', 'downstream-deploy', 'deploy']);
  const child = rows.find((r) => r.job === 'child pipeline · ci/child.yml · from trigger job `child`');
  assert.deepEqual([child?.stage, child?.status], ['test', '3 jobs']);
  const compile = rows.find((r) => r.job === 'compile (child pipeline of `child`)');
  assert.match(compile?.sources[0] ?? '', /^build \(parent pipeline\): files \+ dotenv, via needs/);
  assert.ok(names.includes('leaf (child pipeline of `nested`) (child pipeline of `child`)'));
  const dyn = rows.find((r) => r.job.startsWith('dynamic child pipeline'));
  assert.match(dyn?.status ?? '', /^unknown: not connected to GitLab/);
  const project = rows.find((r) => r.job.startsWith('multi-project pipeline · group/other @ main'));
  assert.equal(project?.status, 'not analysed here');
});

void test('the overview counts the jobs of an expanded child in the Downstream column, and flows into it', () => {
  const l = layoutModel(downstreamModel({ child: bigChildJobs(14) }), {
    mode: 'stages',
    downstreamToggled: ['ds:child'],
  });
  const o = overviewOf(l);
  const ds = o.columns.at(-1);
  assert.deepEqual([ds?.label, ds?.jobs], ['Downstream', 14]);
  const into = o.bundles.filter((b) => b.to === ds?.index).reduce((sum, b) => sum + b.flows, 0);
  assert.equal(into, 3, 'the three trigger arrows');
  const shut = overviewOf(layoutModel(downstreamModel({ child: bigChildJobs(14) }), { mode: 'stages' }));
  assert.equal(shut.columns.at(-1)?.jobs, 0);
});

void test('a collapsed stage holding the trigger job carries its trigger arrow; a parallel trigger its group card', () => {
  const l = layoutModel(downstreamModel(), { mode: 'stages', collapsedStages: ['test'] });
  const trig = l.edges.find((e) => e.to === 'ds:child' && e.triggers === true);
  assert.equal(trig?.from, 'stage:test');
  assert.ok(l.edges.some((e) => e.id === 'job:build->ds:child/job:compile'));
  assert.deepEqual(overlaps(l), []);
  assert.deepEqual(arrowProblems(drawn(l)), []);
  const m = downstreamModel();
  const child = m.jobs.find((j) => j.name === 'child')!;
  const twin = { ...child, name: 'child 2/2', group: 'child', parallel: { index: 2, total: 2 } };
  Object.assign(child, { name: 'child 1/2', group: 'child', parallel: { index: 1, total: 2 } });
  m.jobs.push(twin);
  m.downstream = m.downstream!.map((d) => (d.trigger === 'child' ? { ...d, trigger: 'child 1/2' } : d));
  const g = layoutModel(m, { mode: 'stages' });
  assert.equal(g.edges.find((e) => e.to === 'ds:child 1/2')?.from, 'group:child');
  assert.deepEqual(arrowProblems(drawn(g)), []);
});
