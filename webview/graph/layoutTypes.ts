// The layout's data: what each phase (layoutNodes → layoutEdges → layoutColumns → layoutOrder → layoutPlace →
// layoutRoute, run in order by layout.ts) reads and writes. Plain data, no DOM.
import type { ArtifactSource } from '../../src/ci/model';
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

export interface Point {
  x: number;
  y: number;
}

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
