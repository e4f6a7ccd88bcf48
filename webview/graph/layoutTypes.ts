// The layout's data: what each phase (layoutNodes → layoutEdges → layoutColumns → layoutOrder → layoutPlace →
// layoutRoute, run in order by layout.ts) reads and writes. Plain data, no DOM.
import type { ArtifactSource } from '../../src/ci/model';
import type { LayoutMode } from '../../src/protocol';

/**
 * `stage`: a collapsed stage, one card for all its jobs. `downstream`: a pipeline a trigger job creates — a card
 * (collapsed child, dynamic placeholder, multi-project pipeline) or the frame of an expanded child (layoutDownstream).
 */
export type NodeKind = 'job' | 'group' | 'external' | 'stage' | 'downstream';

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
  /** In the pipeline only on an assumption (every included instance, for a group): why (FlowJob.assumed). */
  assumed?: string;
  trigger: boolean;
  external?: { scope: 'parent' | 'project'; job: string; project?: string; ref?: string };
  /**
   * A node drawn inside an expanded downstream frame: the frame's id (its downstream path, `ds:<trigger>`, nested as
   * `ds:<trigger>/ds:<trigger>`). Its `jobs` then name jobs of that child pipeline, not of this one.
   */
  pipeline?: string;
  /** For a node inside a frame: its column and row in its own pipeline's grid (keyboard moves stay in the frame). */
  cell?: { column: number; order: number };
  /** For a node inside a frame: the trigger job (of the pipeline above) that creates its pipeline. */
  childOf?: string;
  downstream?: DownstreamInfo;
}

/** What a downstream node shows (see layoutDownstream.ts). */
export interface DownstreamInfo {
  kind: 'child' | 'dynamic' | 'project';
  trigger: string;
  label: string;
  /** `child pipeline · ci/child.yml · from trigger job `x``: the frame's title and the card's tooltip. */
  title: string;
  project?: string;
  ref?: string;
  /** Why nothing more is known (the model's text, shown as is). */
  unknown?: string;
  /** The child pipeline's jobs and findings (0 when it was not analysed). */
  jobs: number;
  errors: number;
  warnings: number;
  /** Has an analysed pipeline to show; `expanded`: shown as a frame with its own columns and cards. */
  expandable: boolean;
  expanded: boolean;
  /** An expanded frame's stage (or layer) headers, `x` relative to the frame. */
  columns?: ({ x: number } & Pick<LayoutColumn, 'kind' | 'label' | 'depth'>)[];
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
  /** A trigger job to the pipeline it creates (drawn in its own style; carries no artifacts). */
  triggers?: boolean;
}

export interface Point {
  x: number;
  y: number;
}

export interface LayoutColumn {
  index: number;
  kind: 'stage' | 'layer' | 'external' | 'downstream';
  /** The stage's name, or the header in English (data: the drawn header is translated by columnLabel.ts). */
  label: string;
  /** A needs layer's depth (0: jobs without needs), for its translated header. */
  depth?: number;
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
  /**
   * Downstream pipelines (ids as `LayoutNode.id`, nested ones too) whose expansion is flipped from the default: a child
   * is drawn expanded when it has at most DOWNSTREAM_COLLAPSE_ABOVE jobs, collapsed otherwise.
   */
  downstreamToggled?: Iterable<string>;
  /** How deep this layout is nested in downstream frames (0: the pipeline itself); frames stop at a bounded depth. */
  downstreamDepth?: number;
}

export interface Metrics {
  nodeWidth: number;
  nodeHeight: number;
  columnGap: number;
  rowGap: number;
  headerHeight: number;
  margin: number;
}

export const defaultMetrics: Metrics = {
  nodeWidth: 190,
  nodeHeight: 34,
  columnGap: 90,
  rowGap: 14,
  headerHeight: 40,
  margin: 20,
};

/**
 * Segments between adjacent columns, long edges split at their dummy nodes (`dummy:<edge id>:<column>`):
 * right id → left ids (`up`) and left id → right ids (`down`).
 */
export interface Links {
  up: Map<string, string[]>;
  down: Map<string, string[]>;
}

/** The id of the dummy node a long edge gets in a column it crosses. */
export function dummyId(edgeId: string, column: number): string {
  return `dummy:${edgeId}:${column}`;
}
