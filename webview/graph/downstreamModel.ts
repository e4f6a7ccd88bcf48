// Downstream pipelines as the graph reads them, pure (no DOM): each child pipeline of the model (and its children) as
// a FlowModel of its own under a namespaced path, so layout, hover cards and findings work on it as on the parent.
import * as l10n from '@vscode/l10n';
import type { Diagnostic, DownstreamPipeline, FlowJob, FlowModel } from '../../src/ci/model';
import { diagnosticsByJob } from './findings';

/** A child with more jobs than this is drawn collapsed until the user expands it. */
export const DOWNSTREAM_COLLAPSE_ABOVE = 12;
/** Frames nest at most this deep (GitLab allows 2 levels below the parent); deeper ones stay cards. */
export const MAX_DOWNSTREAM_DEPTH = 3;

/** The id of a downstream pipeline's node, and the path its jobs' nodes are namespaced under. */
export function downstreamId(d: DownstreamPipeline, parentPath?: string): string {
  return parentPath === undefined ? `ds:${d.trigger}` : `${parentPath}/ds:${d.trigger}`;
}

/** One downstream pipeline per trigger job (a model naming a trigger twice is drawn from its first entry). */
export function downstreamOf(model: FlowModel): DownstreamPipeline[] {
  const seen = new Set<string>();
  const out: DownstreamPipeline[] = [];
  for (const d of model.downstream ?? []) {
    if (seen.has(d.trigger)) continue;
    seen.add(d.trigger);
    out.push(d);
  }
  return out;
}

/** The analysed child as a model of its own: the parent's context seen from a child (`parent_pipeline`). */
export function childModel(parent: FlowModel, d: DownstreamPipeline): FlowModel | undefined {
  const p = d.pipeline;
  if (!p) return undefined;
  const model: FlowModel = {
    schema: 1,
    context: { ...parent.context, source: 'parent_pipeline' },
    stages: p.stages,
    pipeline: p.message === undefined ? { created: p.created } : { created: p.created, message: p.message },
    jobs: p.jobs,
    diagnostics: p.diagnostics,
    includes: p.includes,
    root: p.root,
  };
  if (p.downstream) model.downstream = p.downstream;
  return model;
}

/**
 * The child's own graph: its sources in the parent pipeline (`needs:pipeline:job`) are drawn as arrows from the
 * parent's cards into the frame, not as external cards inside it.
 */
export function withoutParentSources(model: FlowModel): FlowModel {
  if (!model.jobs.some((j) => j.sources.some((s) => s.scope === 'parent'))) return model;
  const jobs: FlowJob[] = model.jobs.map((j) =>
    j.sources.some((s) => s.scope === 'parent') ? { ...j, sources: j.sources.filter((s) => s.scope !== 'parent') } : j,
  );
  return { ...model, jobs };
}

/** What a reader calls it: the frame's title and the card's tooltip (translated here, the layout only carries it). */
export function downstreamTitle(d: DownstreamPipeline): string {
  if (d.kind === 'project') {
    return d.ref !== undefined
      ? l10n.t('multi-project pipeline · {0} @ {1} · from trigger job `{2}`', d.project ?? d.label, d.ref, d.trigger)
      : l10n.t('multi-project pipeline · {0} · from trigger job `{1}`', d.project ?? d.label, d.trigger);
  }
  return d.kind === 'dynamic'
    ? l10n.t('dynamic child pipeline · {0} · from trigger job `{1}`', d.label, d.trigger)
    : l10n.t('child pipeline · {0} · from trigger job `{1}`', d.label, d.trigger);
}

/** A downstream pipeline's analysed child, found by the scene for the nodes drawn in its frame. */
export interface ChildPipeline {
  id: string;
  downstream: DownstreamPipeline;
  model: FlowModel;
  jobs: Map<string, FlowJob>;
  diagnostics: Map<string, Diagnostic[]>;
}

/** Every analysed child and grandchild by id, within the depth the frames are drawn to. */
export function childPipelines(model: FlowModel): Map<string, ChildPipeline> {
  const out = new Map<string, ChildPipeline>();
  const walk = (parent: FlowModel, path: string | undefined, depth: number): void => {
    if (depth >= MAX_DOWNSTREAM_DEPTH) return;
    for (const d of downstreamOf(parent)) {
      const child = childModel(parent, d);
      if (!child) continue;
      const id = downstreamId(d, path);
      const jobs = new Map(child.jobs.map((j) => [j.name, j] as const));
      out.set(id, { id, downstream: d, model: child, jobs, diagnostics: diagnosticsByJob(child) });
      walk(child, id, depth + 1);
    }
  };
  walk(model, undefined, 0);
  return out;
}
