// Pure graph layout for the pipeline panel: no DOM, no d3-selection, deterministic for a given model and options.
// Columns are GitLab stages ("stages") or dependency layers ("needs"); parallel/matrix instances collapse into one
// group node unless expanded; sources from a parent pipeline or another project become external nodes. Rows in
// each column are ordered by barycenter sweeps (with dummy nodes on long edges) to keep edge crossings low.
import type { ArtifactSource, FlowJob, FlowModel } from '../../src/ci/model';
import type { LayoutMode } from '../../src/protocol';

/** `stage`: a collapsed stage, one card for all its jobs. */
export type NodeKind = 'job' | 'group' | 'external' | 'stage';

export interface LayoutNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** The job names this node stands for: one for a job, every instance for a collapsed group, none for an external node. */
  jobs: string[];
  /** The group name, for a collapsed group and for an instance of an expanded group. */
  group?: string;
  /** Instances in the group (collapsed group or instance of an expanded one). */
  groupSize?: number;
  stage: string;
  column: number;
  order: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** False when the chosen pipeline context excludes the job (every instance, for a group). */
  inPipeline: boolean;
  excludedReason?: string;
  trigger: boolean;
  external?: { scope: 'parent' | 'project'; job: string; project?: string; ref?: string };
}

/** One source relation carried by an edge: which job receives what, from which source entry. */
export interface EdgeItem {
  consumer: string;
  source: ArtifactSource;
}

export interface LayoutEdge {
  id: string;
  from: string;
  to: string;
  /** Some item brings the producer's archive (paths/untracked). */
  files: boolean;
  /** Some item brings the producer's dotenv variables. */
  dotenv: boolean;
  items: EdgeItem[];
  /**
   * The route: the producer's port, then for a long edge the entry and exit of each column it crosses (in the gap
   * between two rows, where its dummy node was ordered), then the consumer's port. The renderer draws the curve.
   */
  points: Point[];
  /** Both ends are in the same column (a `needs` on a job in the same stage). */
  sameColumn: boolean;
}

export interface Point { x: number; y: number }

export interface LayoutColumn {
  index: number;
  kind: 'stage' | 'layer' | 'external';
  label: string;
  x: number;
  width: number;
  /** A stage column shown as one collapsed card. */
  collapsed?: boolean;
}

export interface GraphLayout {
  mode: LayoutMode;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  columns: LayoutColumn[];
  width: number;
  height: number;
  /** Job name → the node that shows it. */
  nodeOfJob: Map<string, string>;
  /** Edge crossings between adjacent columns after ordering (long edges counted through their dummy nodes). */
  crossings: number;
}

export interface LayoutOptions {
  mode: LayoutMode;
  /** Group names shown expanded (one node per instance). */
  expanded?: Iterable<string>;
  /** Stages shown collapsed: one card stands for all their jobs, and carries their arrows. */
  collapsedStages?: Iterable<string>;
  /** Also draw edges for sources that bring neither files nor dotenv (the producer has no artifacts). */
  showEmptySources?: boolean;
  /** Barycenter down+up sweep pairs. */
  sweeps?: number;
  /** Move cards toward their neighbours' height instead of stacking each column from the top (default true). */
  straighten?: boolean;
  /** Above this many dummy nodes, long edges are ordered by their end points only (keeps huge graphs fast). */
  maxDummies?: number;
  metrics?: Partial<Metrics>;
}

export interface Metrics {
  nodeWidth: number;
  nodeHeight: number;
  columnGap: number;
  rowGap: number;
  headerHeight: number;
  margin: number;
}

export const defaultMetrics: Metrics = { nodeWidth: 190, nodeHeight: 34, columnGap: 90, rowGap: 14, headerHeight: 40, margin: 20 };

/** A job is grouped when it is a parallel/matrix instance, i.e. its group name differs from its own name. */
function groupKeyOf(job: FlowJob): string | undefined {
  return job.group !== job.name || job.parallel ? job.group : undefined;
}

export function externalId(s: ArtifactSource): string {
  return `ext:${s.scope}:${s.project ?? ''}:${s.ref ?? ''}:${s.job}`;
}

export function layoutModel(model: FlowModel, options: LayoutOptions): GraphLayout {
  const m: Metrics = { ...defaultMetrics, ...options.metrics };
  const expanded = new Set(options.expanded ?? []);
  const collapsedStages = new Set(options.collapsedStages ?? []);
  const nodes = new Map<string, LayoutNode>();
  const nodeOfJob = new Map<string, string>();
  const firstIndex = new Map<string, number>();

  // 1. Nodes for jobs and groups, in model order.
  const groupMembers = new Map<string, FlowJob[]>();
  for (const job of model.jobs) {
    const g = groupKeyOf(job);
    if (g === undefined) continue;
    const list = groupMembers.get(g) ?? [];
    list.push(job);
    groupMembers.set(g, list);
  }
  model.jobs.forEach((job, index) => {
    const g = groupKeyOf(job);
    const members = g === undefined ? undefined : groupMembers.get(g);
    const base = { stage: job.stage, column: 0, order: 0, x: 0, y: 0, width: m.nodeWidth, height: m.nodeHeight, trigger: job.kind === 'trigger' };
    if (collapsedStages.has(job.stage)) {
      const id = `stage:${job.stage}`;
      nodeOfJob.set(job.name, id);
      let node = nodes.get(id);
      if (!node) {
        node = { ...base, id, kind: 'stage', label: job.stage, jobs: [], inPipeline: false, trigger: false, excludedReason: 'every job of this stage is left out of this pipeline' };
        nodes.set(id, node);
        firstIndex.set(id, index);
      }
      node.jobs.push(job.name);
      node.groupSize = node.jobs.length;
      if (job.inPipeline) {
        node.inPipeline = true;
        delete node.excludedReason;
      }
      return;
    }
    if (g !== undefined && members !== undefined && members.length > 1 && !expanded.has(g)) {
      const id = `group:${g}`;
      nodeOfJob.set(job.name, id);
      if (nodes.has(id)) return;
      const included = members.filter((j) => j.inPipeline);
      const node: LayoutNode = { ...base, id, kind: 'group', label: g, jobs: members.map((j) => j.name), group: g, groupSize: members.length, inPipeline: included.length > 0 };
      const reason = members[0]?.excludedReason;
      if (included.length === 0 && reason !== undefined) node.excludedReason = reason;
      nodes.set(id, node);
      firstIndex.set(id, index);
      return;
    }
    const id = `job:${job.name}`;
    if (nodes.has(id)) return; // duplicate names are the engine's diagnostics to report; draw the first one
    const node: LayoutNode = { ...base, id, kind: 'job', label: job.name, jobs: [job.name], inPipeline: job.inPipeline };
    if (g !== undefined && members !== undefined && members.length > 1) {
      node.group = g;
      node.groupSize = members.length;
    }
    if (!job.inPipeline && job.excludedReason !== undefined) node.excludedReason = job.excludedReason;
    nodes.set(id, node);
    nodeOfJob.set(job.name, id);
    firstIndex.set(id, index);
  });

  // 2. Edges, aggregated per (producer node, consumer node); external nodes on the way.
  const edges = new Map<string, LayoutEdge>();
  const externals: LayoutNode[] = [];
  for (const job of model.jobs) {
    const to = nodeOfJob.get(job.name);
    if (to === undefined) continue;
    for (const source of job.sources) {
      if (!options.showEmptySources && !source.files && !source.dotenv) continue;
      let from: string | undefined;
      if (source.scope === 'local') {
        from = nodeOfJob.get(source.job);
      } else {
        from = externalId(source);
        if (!nodes.has(from)) {
          const ext: NonNullable<LayoutNode['external']> = { scope: source.scope, job: source.job };
          if (source.project !== undefined) ext.project = source.project;
          if (source.ref !== undefined) ext.ref = source.ref;
          const label = source.scope === 'parent' ? `${source.job} (parent pipeline)` : `${source.project ?? '?'}: ${source.job}`;
          const node: LayoutNode = { id: from, kind: 'external', label, jobs: [], stage: '', column: 0, order: 0, x: 0, y: 0, width: m.nodeWidth, height: m.nodeHeight, inPipeline: true, trigger: false, external: ext };
          nodes.set(from, node);
          externals.push(node);
        }
      }
      if (from === undefined || from === to) continue;
      const id = `${from}->${to}`;
      let edge = edges.get(id);
      if (!edge) {
        edge = { id, from, to, files: false, dotenv: false, items: [], points: [{ x: 0, y: 0 }, { x: 0, y: 0 }], sameColumn: false };
        edges.set(id, edge);
      }
      edge.files ||= source.files;
      edge.dotenv ||= source.dotenv;
      edge.items.push({ consumer: job.name, source });
    }
  }
  externals.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  externals.forEach((n, i) => firstIndex.set(n.id, -externals.length + i));

  // 3. Columns.
  const columns: LayoutColumn[] = [];
  const offset = externals.length > 0 ? 1 : 0;
  if (offset) columns.push({ index: 0, kind: 'external', label: 'External', x: 0, width: m.nodeWidth });
  const inner = [...nodes.values()].filter((n) => n.kind !== 'external');
  if (options.mode === 'stages') {
    const used = new Set(inner.map((n) => n.stage));
    const stages = model.stages.filter((s) => used.has(s));
    for (const s of used) if (!stages.includes(s)) stages.push(s);
    const indexOf = new Map(stages.map((s, i) => [s, i] as const));
    stages.forEach((s, i) => columns.push({ index: i + offset, kind: 'stage', label: s, x: 0, width: m.nodeWidth, collapsed: collapsedStages.has(s) }));
    for (const n of inner) n.column = (indexOf.get(n.stage) ?? 0) + offset;
  } else {
    const layer = needsLayers(inner, [...edges.values()], needsPreds(model, nodeOfJob));
    let max = -1;
    for (const n of inner) {
      n.column = (layer.get(n.id) ?? 0) + offset;
      max = Math.max(max, n.column - offset);
    }
    for (let i = 0; i <= max; i++) columns.push({ index: i + offset, kind: 'layer', label: i === 0 ? 'No needs' : `Needs depth ${i}`, x: 0, width: m.nodeWidth });
  }

  // 4. Order rows, then place.
  const edgeList = [...edges.values()];
  const byColumn = orderColumns([...nodes.values()], edgeList, columns.length, firstIndex, options.sweeps ?? 4, options.maxDummies ?? 60_000);
  let height = 0;
  for (const col of columns) {
    col.x = m.margin + col.index * (m.nodeWidth + m.columnGap);
    const list = byColumn.columns[col.index] ?? [];
    list.forEach((n, i) => {
      n.order = i;
      n.x = col.x;
      n.y = m.margin + m.headerHeight + i * (m.nodeHeight + m.rowGap);
      height = Math.max(height, n.y + m.nodeHeight);
    });
  }
  const dummyY = placeDummies(byColumn.order, nodes, m);
  if (options.straighten !== false) {
    straighten(byColumn.order, nodes, byColumn.links, m, dummyY);
    height = Math.max(0, ...[...nodes.values()].map((n) => n.y + n.height));
  }
  for (const e of edgeList) {
    const a = nodes.get(e.from);
    const b = nodes.get(e.to);
    if (!a || !b) continue;
    e.sameColumn = a.column === b.column;
    const ay = a.y + a.height / 2;
    const by = b.y + b.height / 2;
    if (e.sameColumn) {
      e.points = [{ x: a.x + a.width, y: ay }, { x: b.x + b.width, y: by }];
      continue;
    }
    const points: Point[] = [{ x: a.x + a.width, y: ay }];
    for (let c = a.column + 1; c < b.column; c++) {
      const y = dummyY.get(`dummy:${e.id}:${c}`);
      const col = columns[c];
      if (y === undefined || !col) continue;
      points.push({ x: col.x - m.columnGap / 4, y }, { x: col.x + col.width + m.columnGap / 4, y });
    }
    points.push({ x: b.x, y: by });
    e.points = points;
  }
  const orderedNodes = byColumn.columns.flat();
  const width = columns.length === 0 ? 2 * m.margin : m.margin * 2 + columns.length * m.nodeWidth + (columns.length - 1) * m.columnGap;
  edgeList.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { mode: options.mode, nodes: orderedNodes, edges: edgeList, columns, width, height: Math.max(height + m.margin, 2 * m.margin + m.headerHeight), nodeOfJob, crossings: byColumn.crossings };
}

/**
 * What a node waits for: the jobs it `needs` (with or without artifacts), for DAG-scheduled jobs. Nodes
 * whose jobs have no `needs:` are absent; they are placed after their artifact producers instead.
 */
function needsPreds(model: FlowModel, nodeOfJob: ReadonlyMap<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const job of model.jobs) {
    const to = nodeOfJob.get(job.name);
    if (to === undefined || job.needs === undefined) continue;
    const list = out.get(to) ?? [];
    for (const n of job.needs) {
      const from = nodeOfJob.get(n);
      if (from !== undefined && from !== to && !list.includes(from)) list.push(from);
    }
    out.set(to, list);
  }
  return out;
}

/** Longest-path layering: a node sits one layer right of its deepest need (or artifact producer). Cycles are cut. */
function needsLayers(nodes: LayoutNode[], edges: LayoutEdge[], needs: ReadonlyMap<string, string[]>): Map<string, number> {
  const ids = new Set(nodes.map((n) => n.id));
  const preds = new Map<string, string[]>([...needs].filter(([id]) => ids.has(id)).map(([id, list]) => [id, list.filter((p) => ids.has(p))]));
  for (const e of edges) {
    if (!ids.has(e.from) || !ids.has(e.to) || needs.has(e.to)) continue;
    const list = preds.get(e.to) ?? [];
    list.push(e.from);
    preds.set(e.to, list);
  }
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  // Iterative DFS so a 1,500-deep chain cannot overflow the stack.
  for (const n of nodes) {
    if (layer.has(n.id)) continue;
    const stack: { id: string; i: number }[] = [{ id: n.id, i: 0 }];
    visiting.add(n.id);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const ps = preds.get(top.id) ?? [];
      if (top.i < ps.length) {
        const p = ps[top.i++]!;
        if (!layer.has(p) && !visiting.has(p)) {
          visiting.add(p);
          stack.push({ id: p, i: 0 });
        }
        continue;
      }
      let l = 0;
      for (const p of ps) {
        const pl = layer.get(p);
        if (pl !== undefined) l = Math.max(l, pl + 1);
      }
      layer.set(top.id, l);
      visiting.delete(top.id);
      stack.pop();
    }
  }
  return layer;
}

/**
 * Gives each dummy node a y in the gap between the rows it was ordered between (spread out when several share a
 * gap), so long edges run between cards instead of through them.
 */
function placeDummies(order: string[][], nodes: Map<string, LayoutNode>, m: Metrics): Map<string, number> {
  const out = new Map<string, number>();
  for (const ids of order) {
    let gapTop = m.margin + m.headerHeight - m.rowGap; // the gap above the first row
    let pending: string[] = [];
    const flush = (): void => {
      pending.forEach((id, i) => out.set(id, gapTop + (m.rowGap * (i + 1)) / (pending.length + 1)));
      pending = [];
    };
    for (const id of ids) {
      const n = nodes.get(id);
      if (!n) {
        pending.push(id);
        continue;
      }
      flush();
      gapTop = n.y + n.height;
    }
    flush();
  }
  return out;
}

interface OrderItem { id: string; node?: LayoutNode; pos: number; key: number; tie: number }

/** Barycenter ordering with dummy nodes on edges that span several columns; keeps the best ordering seen. */
function orderColumns(nodes: LayoutNode[], edges: LayoutEdge[], columnCount: number, firstIndex: Map<string, number>, sweeps: number, maxDummies: number): { columns: LayoutNode[][]; order: string[][]; crossings: number; links: Links } {
  const items = new Map<string, OrderItem>();
  const cols: OrderItem[][] = Array.from({ length: columnCount }, () => []);
  const byId = new Map(nodes.map((n) => [n.id, n] as const));
  // Cards with no arrow at all go below those with arrows: otherwise they sit between producers and consumers and
  // stretch every arrow across them (bench/layoutCompare: mesa by needs, 187k → far shorter arrows).
  const linked = new Set<string>();
  for (const e of edges) { linked.add(e.from); linked.add(e.to); }
  const sorted = [...nodes].sort((a, b) => a.column - b.column || Number(!linked.has(a.id)) - Number(!linked.has(b.id)) || (firstIndex.get(a.id) ?? 0) - (firstIndex.get(b.id) ?? 0));
  for (const n of sorted) {
    const it: OrderItem = { id: n.id, node: n, pos: 0, key: 0, tie: 0 };
    items.set(n.id, it);
    cols[n.column]?.push(it);
  }
  // Segments between adjacent columns (left id, right id).
  const up = new Map<string, string[]>(); // right → lefts
  const down = new Map<string, string[]>(); // left → rights
  const link = (l: string, r: string): void => {
    (down.get(l) ?? down.set(l, []).get(l)!).push(r);
    (up.get(r) ?? up.set(r, []).get(r)!).push(l);
  };
  const forward = edges.filter((e) => (byId.get(e.from)?.column ?? 0) < (byId.get(e.to)?.column ?? 0));
  let dummyBudget = maxDummies;
  for (const e of forward) {
    const a = byId.get(e.from)!;
    const b = byId.get(e.to)!;
    const span = b.column - a.column;
    if (span === 1 || span - 1 > dummyBudget) {
      link(a.id, b.id);
      continue;
    }
    dummyBudget -= span - 1;
    let prev = a.id;
    for (let c = a.column + 1; c < b.column; c++) {
      const id = `dummy:${e.id}:${c}`;
      const it: OrderItem = { id, pos: 0, key: 0, tie: 0 };
      items.set(id, it);
      cols[c]?.push(it);
      link(prev, id);
      prev = id;
    }
    link(prev, b.id);
  }
  // Dummies start next to their producer's row.
  const renumber = (): void => {
    for (const col of cols) col.forEach((it, i) => { it.pos = (i + 0.5) / col.length; });
  };
  renumber();
  for (let c = 1; c < cols.length; c++) sortBy(cols[c]!, up, items);
  renumber();

  const snapshot = (): string[][] => cols.map((col) => col.map((it) => it.id));
  let best = snapshot();
  let bestCrossings = countAll(cols, down, items);
  for (let s = 0; s < sweeps && bestCrossings > 0; s++) {
    for (let c = 1; c < cols.length; c++) { sortBy(cols[c]!, up, items); renumber(); }
    for (let c = cols.length - 2; c >= 0; c--) { sortBy(cols[c]!, down, items); renumber(); }
    const crossings = countAll(cols, down, items);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = snapshot();
    }
  }
  best = best.map((ids) => keepGroupsTogether(ids, items));
  const columns = best.map((ids) => ids.map((id) => items.get(id)?.node).filter((n): n is LayoutNode => n !== undefined));
  return { columns, order: best, crossings: bestCrossings, links: { up, down } };
}

/** Segments between adjacent columns: right id → left ids (`up`) and left id → right ids (`down`), dummies included. */
interface Links { up: Map<string, string[]>; down: Map<string, string[]> }

/**
 * Coordinate assignment for a fixed row order: each card (and each long arrow's waypoint) moves toward the mean
 * height of its neighbours in the adjacent columns, as close as the order and the gaps allow. For one column this
 * is an isotonic regression (pool adjacent violators), which finds the least-squares placement exactly. A few sweeps
 * left to right and back straighten the arrows instead of stacking every column from the top
 * (bench/layoutCompare.bench.ts measures the arrow length).
 */
function straighten(order: string[][], nodes: Map<string, LayoutNode>, links: Links, m: Metrics, dummyY: Map<string, number>): void {
  const top = m.margin + m.headerHeight;
  const half = (id: string): number => (nodes.get(id)?.height ?? 0) / 2;
  const center = new Map<string, number>();
  for (const ids of order) {
    for (const id of ids) {
      const n = nodes.get(id);
      center.set(id, n ? n.y + n.height / 2 : dummyY.get(id) ?? top);
    }
  }
  const gapBetween = (a: string, b: string): number => {
    const na = nodes.has(a);
    const nb = nodes.has(b);
    return half(a) + half(b) + (na && nb ? m.rowGap : na || nb ? m.rowGap / 2 : 4);
  };
  const place = (ids: string[], neighbours: Map<string, string[]>[]): void => {
    if (ids.length === 0) return;
    // z_i = desired_i - offset_i must be non-decreasing; blocks of violators are pooled to their mean.
    const offset: number[] = [];
    let o = 0;
    ids.forEach((id, i) => { if (i > 0) o += gapBetween(ids[i - 1]!, id); offset.push(o); });
    const blocks: { sum: number; count: number }[] = [];
    ids.forEach((id, i) => {
      let sum = 0;
      let count = 0;
      for (const map of neighbours) for (const nb of map.get(id) ?? []) { const c = center.get(nb); if (c !== undefined) { sum += c; count++; } }
      const desired = count > 0 ? sum / count : center.get(id)!;
      blocks.push({ sum: desired - offset[i]!, count: 1 });
      while (blocks.length > 1 && blocks[blocks.length - 2]!.sum / blocks[blocks.length - 2]!.count > blocks[blocks.length - 1]!.sum / blocks[blocks.length - 1]!.count) {
        const last = blocks.pop()!;
        const prev = blocks[blocks.length - 1]!;
        prev.sum += last.sum;
        prev.count += last.count;
      }
    });
    const first = top + half(ids[0]!);
    let i = 0;
    for (const b of blocks) {
      const z = Math.max(first, b.sum / b.count);
      for (let k = 0; k < b.count; k++, i++) center.set(ids[i]!, z + offset[i]!);
    }
  };
  // Big graphs get one sweep each way: most of the gain, a third of the time (bench/webviewRender: 5,000 jobs).
  const sweeps = center.size > 8000 ? 1 : 3;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let c = 1; c < order.length; c++) place(order[c]!, [links.up]);
    for (let c = order.length - 2; c >= 0; c--) place(order[c]!, [links.down]);
  }
  for (let c = 0; c < order.length; c++) place(order[c]!, [links.up, links.down]);
  for (const [id, y] of center) {
    const n = nodes.get(id);
    if (n) n.y = Math.round(y - n.height / 2);
    else dummyY.set(id, Math.round(y));
  }
}

/**
 * The instances of an expanded parallel/matrix group stay one block in their column, where its first instance was
 * ordered: no other job is drawn between them.
 */
function keepGroupsTogether(ids: string[], items: Map<string, OrderItem>): string[] {
  const groupOf = (id: string): string | undefined => {
    const n = items.get(id)?.node;
    return n && n.kind === 'job' ? n.group : undefined;
  };
  const members = new Map<string, string[]>();
  for (const id of ids) {
    const g = groupOf(id);
    if (g !== undefined) (members.get(g) ?? members.set(g, []).get(g)!).push(id);
  }
  if (members.size === 0) return ids;
  const out: string[] = [];
  const done = new Set<string>();
  for (const id of ids) {
    const g = groupOf(id);
    if (g === undefined) { out.push(id); continue; }
    if (done.has(g)) continue;
    done.add(g);
    out.push(...members.get(g)!);
  }
  return out;
}

/** Stable sort of one column by the mean position of its neighbours; items without neighbours keep their place. */
function sortBy(col: OrderItem[], neighbours: Map<string, string[]>, items: Map<string, OrderItem>): void {
  col.forEach((it, i) => {
    const ns = neighbours.get(it.id);
    let sum = 0;
    let count = 0;
    for (const n of ns ?? []) {
      const o = items.get(n);
      if (o) { sum += o.pos; count++; }
    }
    it.key = count > 0 ? sum / count : it.pos;
    it.tie = i;
  });
  col.sort((a, b) => a.key - b.key || a.tie - b.tie);
}

function countAll(cols: OrderItem[][], down: Map<string, string[]>, items: Map<string, OrderItem>): number {
  let total = 0;
  for (let c = 0; c + 1 < cols.length; c++) {
    const pairs: [number, number][] = [];
    const col = cols[c]!;
    for (let i = 0; i < col.length; i++) {
      for (const r of down.get(col[i]!.id) ?? []) {
        const o = items.get(r);
        if (o) pairs.push([i, o.pos]); // pos is monotonic in the row after renumber()
      }
    }
    total += countCrossingPairs(pairs);
  }
  return total;
}

/** Crossings among segments between two columns, given (left row, right row) pairs: inversions, O(n log n). */
export function countCrossingPairs(pairs: readonly (readonly [number, number])[]): number {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((p) => p[1]);
  return mergeCount(sorted);
}

function mergeCount(a: number[]): number {
  if (a.length < 2) return 0;
  const mid = a.length >> 1;
  const left = a.slice(0, mid);
  const right = a.slice(mid);
  let count = mergeCount(left) + mergeCount(right);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) {
    if (left[i]! <= right[j]!) a[k++] = left[i++]!;
    else { a[k++] = right[j++]!; count += left.length - i; }
  }
  while (i < left.length) a[k++] = left[i++]!;
  while (j < right.length) a[k++] = right[j++]!;
  return count;
}
