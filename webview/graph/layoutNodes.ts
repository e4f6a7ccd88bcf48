// Layout phase 1, cards: every job becomes a card, except that the instances of a parallel/matrix group share one
// group card unless the group is expanded, and every job of a collapsed stage shares that stage's card.
import type { FlowJob, FlowModel } from '../../src/ci/model';
import type { LayoutNode, Metrics } from './layoutTypes';

export interface Cards {
  /** In model order (of each card's first job); geometry is left at zero for the later phases. */
  nodes: LayoutNode[];
  /** Job name → the card that shows it. */
  nodeOfJob: Map<string, string>;
  /** Card id → the model index of its first job: the starting order of rows. */
  firstIndex: Map<string, number>;
}

export interface CardOptions {
  expanded: ReadonlySet<string>;
  collapsedStages: ReadonlySet<string>;
}

/** A job is grouped when it is a parallel/matrix instance, i.e. its group name differs from its own name. */
function groupKeyOf(job: FlowJob): string | undefined {
  return job.group !== job.name || job.parallel ? job.group : undefined;
}

function groupMembers(model: FlowModel): Map<string, FlowJob[]> {
  const out = new Map<string, FlowJob[]>();
  for (const job of model.jobs) {
    const g = groupKeyOf(job);
    if (g === undefined) continue;
    const list = out.get(g) ?? [];
    list.push(job);
    out.set(g, list);
  }
  return out;
}

type CardBase = Pick<LayoutNode, 'stage' | 'column' | 'order' | 'x' | 'y' | 'width' | 'height' | 'trigger'>;

/** One collapsed stage's card gathers its jobs; it is in the pipeline as soon as one of them is. */
function addToStageCard(
  nodes: Map<string, LayoutNode>,
  base: CardBase,
  job: FlowJob,
): { id: string; created: boolean } {
  const id = `stage:${job.stage}`;
  let node = nodes.get(id);
  const created = node === undefined;
  if (!node) {
    node = {
      ...base,
      id,
      kind: 'stage',
      label: job.stage,
      jobs: [],
      inPipeline: false,
      trigger: false,
      excludedReason: 'every job of this stage is left out of this pipeline',
    };
    nodes.set(id, node);
  }
  node.jobs.push(job.name);
  node.groupSize = node.jobs.length;
  if (job.inPipeline) {
    node.inPipeline = true;
    delete node.excludedReason;
  }
  return { id, created };
}

function groupCard(base: CardBase, id: string, g: string, members: FlowJob[]): LayoutNode {
  const included = members.filter((j) => j.inPipeline);
  const node: LayoutNode = {
    ...base,
    id,
    kind: 'group',
    label: g,
    jobs: members.map((j) => j.name),
    group: g,
    groupSize: members.length,
    inPipeline: included.length > 0,
  };
  const reason = members[0]?.excludedReason;
  if (included.length === 0 && reason !== undefined) node.excludedReason = reason;
  const assumed = included[0]?.assumed;
  if (assumed !== undefined && included.every((j) => j.assumed !== undefined)) node.assumed = assumed;
  return node;
}

function jobCard(base: CardBase, job: FlowJob, g: string | undefined, members: FlowJob[] | undefined): LayoutNode {
  const node: LayoutNode = {
    ...base,
    id: `job:${job.name}`,
    kind: 'job',
    label: job.name,
    jobs: [job.name],
    inPipeline: job.inPipeline,
  };
  if (g !== undefined && members !== undefined && members.length > 1) {
    node.group = g;
    node.groupSize = members.length;
  }
  if (!job.inPipeline && job.excludedReason !== undefined) node.excludedReason = job.excludedReason;
  if (job.inPipeline && job.assumed !== undefined) node.assumed = job.assumed;
  return node;
}

export function layoutNodes(model: FlowModel, options: CardOptions, m: Metrics): Cards {
  const nodes = new Map<string, LayoutNode>();
  const nodeOfJob = new Map<string, string>();
  const firstIndex = new Map<string, number>();
  const groups = groupMembers(model);
  model.jobs.forEach((job, index) => {
    const g = groupKeyOf(job);
    const members = g === undefined ? undefined : groups.get(g);
    const base: CardBase = {
      stage: job.stage,
      column: 0,
      order: 0,
      x: 0,
      y: 0,
      width: m.nodeWidth,
      height: m.nodeHeight,
      trigger: job.kind === 'trigger',
    };
    if (options.collapsedStages.has(job.stage)) {
      const { id, created } = addToStageCard(nodes, base, job);
      nodeOfJob.set(job.name, id);
      if (created) firstIndex.set(id, index);
      return;
    }
    if (g !== undefined && members !== undefined && members.length > 1 && !options.expanded.has(g)) {
      const id = `group:${g}`;
      nodeOfJob.set(job.name, id);
      if (nodes.has(id)) return;
      nodes.set(id, groupCard(base, id, g, members));
      firstIndex.set(id, index);
      return;
    }
    const node = jobCard(base, job, g, members);
    if (nodes.has(node.id)) return; // duplicate names are the engine's diagnostics to report; draw the first one
    nodes.set(node.id, node);
    nodeOfJob.set(job.name, node.id);
    firstIndex.set(node.id, index);
  });
  return { nodes: [...nodes.values()], nodeOfJob, firstIndex };
}
