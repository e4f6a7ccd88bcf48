// The pipelines trigger jobs create, in the layout: one node each in a "Downstream" column right of the pipeline's
// own columns (where GitLab's pipeline graph puts them), so the parent's columns never move when a child is expanded
// or collapsed. A collapsed child, a dynamic placeholder and a multi-project pipeline are cards; an expanded child is
// a frame as big as its own layout (run by the same phases, recursively), whose cards and arrows are namespaced under
// the frame's id (`ds:<trigger>/job:<name>`: a child job may share a parent job's name).
//   downstreamCards (before ordering: the nodes, sized, and the arrows into them that take part in ordering)
//   → the usual phases → composeDownstream (after routing: the frames' contents, and the needs:pipeline:job arrows
//   continued from the frame's border to the child job they feed).
import type { ArtifactSource, DownstreamPipeline, FlowJob, FlowModel } from '../../src/ci/model';
import { countFindings } from './findings';
import {
  childModel,
  DOWNSTREAM_COLLAPSE_ABOVE,
  downstreamId,
  downstreamOf,
  downstreamTitle,
  MAX_DOWNSTREAM_DEPTH,
  withoutParentSources,
} from './downstreamModel';
import type { GraphLayout, LayoutEdge, LayoutNode, LayoutOptions, Metrics, Point } from './layoutTypes';

/** The frame's title row, above the child's own column headers. */
export const FRAME_TITLE = 26;
/** A frame is at least this wide, so its title has room even for a one-column child. */
export const FRAME_MIN_WIDTH = 340;

export type LayoutFn = (model: FlowModel, options: LayoutOptions) => GraphLayout;

export interface DownstreamInput {
  model: FlowModel;
  nodeOfJob: ReadonlyMap<string, string>;
  options: LayoutOptions;
  metrics: Metrics;
  /** The layout itself, for an expanded child (passed in: this file must not import layout.ts, which imports it). */
  layoutChild: LayoutFn;
}

/** A needs:pipeline:job arrow into an expanded frame: ordered and routed as `proxy` (to the frame), then continued. */
interface CrossEdge {
  proxy: string;
  frame: string;
  edge: LayoutEdge;
}

export interface DownstreamPart {
  /** One per downstream pipeline whose trigger job has a card; geometry left for the placement phase. */
  nodes: LayoutNode[];
  /** Arrows into downstream nodes (trigger → pipeline; parent job → collapsed child), in ordering's terms. */
  edges: LayoutEdge[];
  /** Expanded frame id → the child's layout, in the frame's own coordinates. */
  frames: Map<string, GraphLayout>;
  cross: CrossEdge[];
  /** Edges that only stand in for cross edges while ordering and routing; dropped after composing. */
  proxyOnly: Set<string>;
  /** Node id → starting rank in its column: its trigger job's model index. */
  rank: Map<string, number>;
}

function blankEdge(from: string, to: string): LayoutEdge {
  const points: Point[] = [
    { x: 0, y: 0 },
    { x: 0, y: 0 },
  ];
  return { id: `${from}->${to}`, from, to, files: false, dotenv: false, items: [], points, sameColumn: false };
}

function edgeIn(edges: Map<string, LayoutEdge>, from: string, to: string): LayoutEdge {
  const id = `${from}->${to}`;
  const found = edges.get(id);
  if (found) return found;
  const e = blankEdge(from, to);
  edges.set(id, e);
  return e;
}

function carry(e: LayoutEdge, consumer: string, source: ArtifactSource): void {
  e.files ||= source.files;
  e.dotenv ||= source.dotenv;
  e.items.push({ consumer, source });
}

/** The options a child's own layout runs with: the view's choices for ids under the frame, unprefixed. */
function childOptions(o: LayoutOptions, id: string, depth: number): LayoutOptions {
  const prefix = `${id}/`;
  const under = (xs: Iterable<string> | undefined): string[] =>
    [...(xs ?? [])].filter((x) => x.startsWith(prefix)).map((x) => x.slice(prefix.length));
  const out: LayoutOptions = {
    mode: o.mode,
    expanded: under(o.expanded),
    downstreamToggled: under(o.downstreamToggled),
    downstreamDepth: depth + 1,
  };
  if (o.showEmptySources !== undefined) out.showEmptySources = o.showEmptySources;
  if (o.sweeps !== undefined) out.sweeps = o.sweeps;
  if (o.straighten !== undefined) out.straighten = o.straighten;
  if (o.maxDummies !== undefined) out.maxDummies = o.maxDummies;
  if (o.metrics !== undefined) out.metrics = o.metrics;
  return out;
}

function downstreamNode(
  d: DownstreamPipeline,
  id: string,
  child: FlowModel | undefined,
  frame: GraphLayout | undefined,
  trigger: FlowJob | undefined,
  m: Metrics,
): LayoutNode {
  const found = countFindings(child?.diagnostics ?? []);
  const node: LayoutNode = {
    id,
    kind: 'downstream',
    label: d.kind === 'project' ? (d.project ?? d.label) : d.label,
    jobs: [],
    stage: '',
    column: 0,
    order: 0,
    x: 0,
    y: 0,
    width: frame ? Math.max(FRAME_MIN_WIDTH, frame.width) : m.nodeWidth,
    height: frame ? FRAME_TITLE + frame.height : m.nodeHeight,
    inPipeline: trigger?.inPipeline !== false,
    trigger: false,
    downstream: {
      kind: d.kind,
      trigger: d.trigger,
      label: d.label,
      title: downstreamTitle(d),
      jobs: child?.jobs.length ?? 0,
      errors: found.errors,
      warnings: found.warnings,
      expandable: child !== undefined,
      expanded: frame !== undefined,
    },
  };
  const info = node.downstream!;
  if (d.project !== undefined) info.project = d.project;
  if (d.ref !== undefined) info.ref = d.ref;
  if (d.unknown !== undefined) info.unknown = d.unknown;
  if (frame) {
    info.columns = frame.columns.map((c) => ({
      x: c.x,
      kind: c.kind,
      label: c.label,
      ...(c.depth !== undefined ? { depth: c.depth } : {}),
    }));
  }
  if (trigger && !trigger.inPipeline) node.excludedReason = `its trigger job ${d.trigger} is not in this pipeline`;
  return node;
}

/** Phase 1b: the downstream nodes and the arrows into them. Nothing here when the model has no downstream. */
export function downstreamCards(input: DownstreamInput): DownstreamPart {
  const part: DownstreamPart = {
    nodes: [],
    edges: [],
    frames: new Map(),
    cross: [],
    proxyOnly: new Set(),
    rank: new Map(),
  };
  const list = downstreamOf(input.model);
  if (list.length === 0) return part;
  const depth = input.options.downstreamDepth ?? 0;
  const toggled = new Set(input.options.downstreamToggled ?? []);
  const jobIndex = new Map(input.model.jobs.map((j, i) => [j.name, i] as const));
  const edges = new Map<string, LayoutEdge>();
  const cross = new Map<string, CrossEdge>();
  for (const d of list) {
    const from = input.nodeOfJob.get(d.trigger);
    if (from === undefined) continue; // the trigger job is not drawn (focus mode): neither is what it creates
    const id = downstreamId(d);
    const child = depth < MAX_DOWNSTREAM_DEPTH ? childModel(input.model, d) : undefined;
    const expanded = child !== undefined && child.jobs.length <= DOWNSTREAM_COLLAPSE_ABOVE !== toggled.has(id);
    const frame =
      child && expanded
        ? input.layoutChild(withoutParentSources(child), childOptions(input.options, id, depth))
        : undefined;
    if (frame) part.frames.set(id, frame);
    const index = jobIndex.get(d.trigger) ?? 0;
    part.nodes.push(downstreamNode(d, id, child, frame, input.model.jobs[index], input.metrics));
    part.rank.set(id, index);
    edgeIn(edges, from, id).triggers = true;
    for (const job of child?.jobs ?? []) {
      for (const source of job.sources) {
        if (source.scope !== 'parent') continue;
        if (input.options.showEmptySources !== true && !source.files && !source.dotenv) continue;
        const producer = input.nodeOfJob.get(source.job);
        if (producer === undefined) continue;
        if (!frame) {
          carry(edgeIn(edges, producer, id), job.name, source);
          continue;
        }
        const inner = frame.nodeOfJob.get(job.name);
        if (inner === undefined) continue;
        const proxy = edgeIn(edges, producer, id);
        const to = `${id}/${inner}`;
        const key = `${producer}->${to}`;
        const c = cross.get(key) ?? { proxy: proxy.id, frame: id, edge: blankEdge(producer, to) };
        cross.set(key, c);
        carry(c.edge, job.name, source);
      }
    }
  }
  part.edges = [...edges.values()];
  for (const e of part.edges) if (!e.triggers && e.items.length === 0) part.proxyOnly.add(e.id);
  part.cross = [...cross.values()];
  return part;
}

/** A frame's cards, moved into the frame and namespaced; they keep their own grid for keyboard moves. */
function frameNodes(frame: GraphLayout, at: LayoutNode): LayoutNode[] {
  const dx = at.x;
  const dy = at.y + FRAME_TITLE;
  return frame.nodes.map((n) => ({
    ...n,
    id: `${at.id}/${n.id}`,
    x: n.x + dx,
    y: n.y + dy,
    column: at.column,
    pipeline: n.pipeline === undefined ? at.id : `${at.id}/${n.pipeline}`,
    cell: n.cell ?? { column: n.column, order: n.order },
    childOf: n.childOf ?? at.downstream?.trigger ?? '',
  }));
}

function frameEdge(e: LayoutEdge, at: LayoutNode): LayoutEdge {
  const from = `${at.id}/${e.from}`;
  const to = `${at.id}/${e.to}`;
  const points = e.points.map((p) => ({ x: p.x + at.x, y: p.y + at.y + FRAME_TITLE }));
  return { ...e, id: `${from}->${to}`, from, to, points };
}

/**
 * Phase 6b, after routing: each frame's contents follow the frame; a trigger arrow into a frame points at its title;
 * a needs:pipeline:job arrow follows its proxy's route to the frame's border, then runs to the child job's card.
 */
export function composeDownstream(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  part: DownstreamPart,
): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  if (part.nodes.length === 0) return { nodes: [...nodes], edges: [...edges] };
  const outNodes: LayoutNode[] = [];
  const outEdges: LayoutEdge[] = [];
  const byId = new Map<string, LayoutNode>();
  for (const n of nodes) {
    outNodes.push(n); // a frame before its contents: they are drawn over it
    byId.set(n.id, n);
    const frame = part.frames.get(n.id);
    if (!frame) continue;
    for (const inner of frameNodes(frame, n)) {
      outNodes.push(inner);
      byId.set(inner.id, inner);
    }
    outEdges.push(...frame.edges.map((e) => frameEdge(e, n)));
  }
  const routed = new Map(edges.map((e) => [e.id, e] as const));
  for (const e of edges) {
    if (part.proxyOnly.has(e.id)) continue;
    const to = byId.get(e.to);
    const last = e.points[e.points.length - 1];
    if (e.triggers && to && last && part.frames.has(to.id)) {
      outEdges.push({ ...e, points: [...e.points.slice(0, -1), { x: last.x, y: to.y + FRAME_TITLE / 2 }] });
    } else {
      outEdges.push(e);
    }
  }
  for (const c of part.cross) {
    const proxy = routed.get(c.proxy);
    const frame = byId.get(c.frame);
    const target = byId.get(c.edge.to);
    if (!proxy || !frame || !target) continue;
    const y = target.y + target.height / 2;
    const points = [...proxy.points.slice(0, -1), { x: frame.x, y }, { x: target.x, y }];
    outEdges.push({ ...c.edge, points, sameColumn: false });
  }
  return { nodes: outNodes, edges: outEdges };
}
