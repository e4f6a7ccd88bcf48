// Layout quality: our hand-written layered layout against d3-dag (Sugiyama: layering, two-layer crossing
// minimisation, coordinate assignment) and elkjs (ELK layered, orthogonal and spline routing), on the same graphs:
// the cards and arrows the panel draws for mesa and srsRAN (the engine's real output, by-needs and by-stage) and a
// generated 500-job pipeline. Every layout gets the same card size and gaps; its arrows are measured the same way
// (as the polylines through their route points): crossings between arrows, total arrow length, area, and time.
// Figures only — nothing is asserted.
//
// d3-dag and elkjs are not dependencies of the extension. Run with them available, e.g.
//   npm install --no-save d3-dag@1 elkjs && npm run bench layoutCompare
// (or NODE_PATH pointing at a folder where they are installed); without them only our own figures are printed.
import { join, resolve } from 'node:path';
import { analyze, defaultContext } from '../src/ci/analyze';
import type { FlowModel, PipelineContext } from '../src/ci/model';
import { nodeFileReader } from '../src/cli/nodeFileReader';
import { layoutModel } from '../webview/graph/layout';
import { defaultMetrics } from '../webview/graph/layoutTypes';
import type { GraphLayout, Point } from '../webview/graph/layoutTypes';
import { generatedModel } from '../test/fixtures/models/builders';

const CORPUS = resolve('../shared/corpus');
const RUNS = 3;
const m = defaultMetrics;

interface Placed {
  nodes: Map<string, { x: number; y: number }>;
  edges: Point[][];
  width: number;
  height: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

// ------------------------------------------------------------------ metrics (the same for every layout)

function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  const o = (p: Point, q: Point, r: Point): number => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  // Segments that share an end (arrows leaving one port, or entering one) do not count as crossing.
  const same = (p: Point, q: Point): boolean => Math.abs(p.x - q.x) < 0.5 && Math.abs(p.y - q.y) < 0.5;
  if (same(a, c) || same(a, d) || same(b, c) || same(b, d)) return false;
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

function crossings(edges: Point[][]): number {
  const segs: { a: Point; b: Point; e: number; minX: number; maxX: number }[] = [];
  edges.forEach((pts, e) => {
    for (let i = 0; i + 1 < pts.length; i++) {
      segs.push({
        a: pts[i]!,
        b: pts[i + 1]!,
        e,
        minX: Math.min(pts[i]!.x, pts[i + 1]!.x),
        maxX: Math.max(pts[i]!.x, pts[i + 1]!.x),
      });
    }
  });
  segs.sort((p, q) => p.minX - q.minX);
  const pairs = new Set<string>();
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    for (let j = i + 1; j < segs.length && segs[j]!.minX <= s.maxX; j++) {
      const t = segs[j]!;
      if (t.e === s.e) continue;
      if (segmentsCross(s.a, s.b, t.a, t.b)) pairs.add(s.e < t.e ? `${s.e}|${t.e}` : `${t.e}|${s.e}`);
    }
  }
  return pairs.size;
}

function length(edges: Point[][]): number {
  let total = 0;
  for (const pts of edges) {
    for (let i = 0; i + 1 < pts.length; i++) total += Math.hypot(pts[i + 1]!.x - pts[i]!.x, pts[i + 1]!.y - pts[i]!.y);
  }
  return total;
}

// ------------------------------------------------------------------ the three layouts

function ours(model: FlowModel, mode: 'stages' | 'needs'): { graph: GraphLayout; placed: Placed } {
  const graph = layoutModel(model, { mode });
  return {
    graph,
    placed: {
      nodes: new Map(graph.nodes.map((n) => [n.id, { x: n.x, y: n.y }] as const)),
      edges: graph.edges.map((e) => e.points),
      width: graph.width,
      height: graph.height,
    },
  };
}

interface ElkNode {
  id: string;
  x?: number;
  y?: number;
  width: number;
  height: number;
  children?: ElkNode[];
  edges?: ElkEdge[];
  layoutOptions?: Record<string, string>;
}
interface ElkEdge {
  id: string;
  sources: string[];
  targets: string[];
  sections?: { startPoint: Point; endPoint: Point; bendPoints?: Point[] }[];
}
interface Elk {
  layout(g: ElkNode): Promise<ElkNode>;
}

async function elk(lib: new () => Elk, graph: GraphLayout, routing: 'ORTHOGONAL' | 'SPLINES'): Promise<Placed> {
  const out = await new lib().layout({
    id: 'root',
    width: 0,
    height: 0,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': routing,
      'elk.spacing.nodeNode': String(m.rowGap),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(m.columnGap),
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.separateConnectedComponents': 'false',
    },
    children: graph.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: graph.edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  });
  const nodes = new Map((out.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }] as const));
  const edges = (out.edges ?? []).map((e) =>
    (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]),
  );
  return { nodes, edges, width: out.width ?? 0, height: out.height ?? 0 };
}

interface DagNode {
  data: string;
  x: number;
  y: number;
}
interface DagLink {
  source: DagNode;
  target: DagNode;
  points: [number, number][];
}
interface Dag {
  nodes(): Iterable<DagNode>;
  links(): Iterable<DagLink>;
}
interface D3Dag {
  graphConnect(): { single(v: boolean): { (links: [string, string][]): Dag } };
  sugiyama(): {
    nodeSize(s: [number, number]): { gap(g: [number, number]): { (dag: Dag): { width: number; height: number } } };
  };
}

function d3dag(lib: D3Dag, graph: GraphLayout): Placed {
  // d3-dag lays layers out top to bottom: lay it out with width and height swapped, then turn it to run left to right.
  const links: [string, string][] = graph.edges.map((e) => [e.from, e.to]);
  const linked = new Set(links.flat());
  for (const n of graph.nodes) if (!linked.has(n.id)) links.push([n.id, n.id]); // a self-link is a lone node with single(true)
  const dag = lib.graphConnect().single(true)(links);
  const size = lib.sugiyama().nodeSize([m.nodeHeight, m.nodeWidth]).gap([m.rowGap, m.columnGap])(dag);
  const nodes = new Map<string, { x: number; y: number }>();
  for (const n of dag.nodes()) nodes.set(n.data, { x: n.y - m.nodeWidth / 2, y: n.x - m.nodeHeight / 2 });
  const edges: Point[][] = [];
  for (const l of dag.links()) if (l.source !== l.target) edges.push(l.points.map(([x, y]) => ({ x: y, y: x })));
  return { nodes, edges, width: size.height, height: size.width };
}

// ------------------------------------------------------------------ cases

async function corpus(name: string, context: Partial<PipelineContext>): Promise<FlowModel | undefined> {
  try {
    return await analyze({
      root: '.gitlab-ci.yml',
      reader: nodeFileReader(join(CORPUS, name)),
      context: { ...defaultContext(), ...context },
    });
  } catch {
    return undefined;
  }
}

async function timed<T>(f: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    value = await f();
    times.push(performance.now() - t0);
  }
  return { value: value as T, ms: median(times) };
}

function load<T>(id: string): T | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(id) as T;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const elkLib = load<new () => Elk>('elkjs/lib/elk.bundled.js');
  const dagLib = load<D3Dag>('d3-dag');
  if (!elkLib || !dagLib) {
    console.log(
      `not installed: ${[!elkLib ? 'elkjs' : '', !dagLib ? 'd3-dag' : ''].filter(Boolean).join(', ')} — only our layout is measured (npm install --no-save d3-dag@1 elkjs)`,
    );
  }
  const cases: { name: string; model: FlowModel | undefined; mode: 'stages' | 'needs' }[] = [];
  const mesa = await corpus('mesa3d__mesa', {});
  const srsran = await corpus('srsran__srsRAN_Project', {
    source: 'schedule',
    variables: { CI_DESCRIPTION: 'Weekly' },
  });
  for (const mode of ['needs', 'stages'] as const) {
    cases.push({ name: `mesa ${mode}`, model: mesa, mode });
    cases.push({ name: `srsRAN weekly ${mode}`, model: srsran, mode });
    cases.push({ name: `generated 500 ${mode}`, model: generatedModel(500), mode });
  }
  console.log(
    'Same cards (190×34) and gaps for all; arrows measured as polylines through their route points. Median of 3 runs.',
  );
  console.log(
    'd3-dag and ELK choose their own layers: in the "stages" rows they do not keep GitLab\'s stage columns, so those rows',
  );
  console.log(
    'show what dropping the stage columns would buy, not a drop-in alternative. "ms" for them includes building our graph.',
  );
  console.log('case                      nodes arrows | layout           crossings  length (k)  area (M)   ms');
  for (const c of cases) {
    if (!c.model) {
      console.log(`${c.name.padEnd(26)} corpus project not found at ${CORPUS}`);
      continue;
    }
    const model = c.model;
    const base = await timed(() => ours(model, c.mode));
    const row = (label: string, p: Placed, ms: number): void => {
      console.log(
        `${c.name.padEnd(26)}${String(base.value.graph.nodes.length).padStart(5)}${String(base.value.graph.edges.length).padStart(7)} | ${label.padEnd(16)}${String(crossings(p.edges)).padStart(10)}${(length(p.edges) / 1000).toFixed(1).padStart(12)}${((p.width * p.height) / 1e6).toFixed(1).padStart(10)}${ms.toFixed(0).padStart(6)}`,
      );
    };
    row('ours', base.value.placed, base.ms);
    if (dagLib) {
      try {
        const r = await timed(() => d3dag(dagLib, base.value.graph));
        row('d3-dag sugiyama', r.value, r.ms + base.ms);
      } catch (e) {
        console.log(
          `${c.name.padEnd(26)}             | d3-dag failed: ${e instanceof Error ? e.message.slice(0, 80) : String(e)}`,
        );
      }
    }
    if (elkLib) {
      for (const routing of ['ORTHOGONAL', 'SPLINES'] as const) {
        const r = await timed(() => elk(elkLib, base.value.graph, routing));
        row(`elk ${routing.toLowerCase()}`, r.value, r.ms + base.ms);
      }
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
