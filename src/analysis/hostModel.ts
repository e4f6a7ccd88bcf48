// What the extension host itself needs of a model: the Problems panel, the banner, the files to watch, and the
// jobs' positions (cursor → job, Reveal Job). The full model goes to the webview as pre-encoded bytes; the host
// receives only this summary, so taking a 5,000-job model off the worker never stalls the host's thread.
import type { DownstreamPipeline, FlowJob, FlowModel } from '../ci/model';
import { downstreamPath } from '../protocol';

export type HostJob = Pick<FlowJob, 'name' | 'group' | 'file' | 'line' | 'range'>;

/** An analysed child (or grandchild) pipeline's jobs, under the path the graph's frame names it by. */
export interface HostChild {
  path: string;
  jobs: HostJob[];
}

export interface HostModel extends Pick<FlowModel, 'root' | 'pipeline' | 'diagnostics' | 'includes'> {
  jobs: HostJob[];
  /** Child pipelines' jobs, for Reveal Job on a card inside a frame; absent when the pipeline triggers none. */
  children?: HostChild[];
}

/** As deep as the graph draws frames (GitLab itself allows two levels below the parent). */
const MAX_CHILD_DEPTH = 3;

function hostJobOf(j: FlowJob): HostJob {
  return { name: j.name, group: j.group, file: j.file, line: j.line, range: j.range };
}

/** Every analysed child by path, the first entry per trigger job as the graph draws it, bounded in depth. */
function childrenOf(
  downstream: DownstreamPipeline[] | undefined,
  parentPath: string | undefined,
  depth: number,
): HostChild[] {
  if (!downstream || depth >= MAX_CHILD_DEPTH) return [];
  const seen = new Set<string>();
  const out: HostChild[] = [];
  for (const d of downstream) {
    if (seen.has(d.trigger)) continue;
    seen.add(d.trigger);
    if (!d.pipeline) continue;
    const path = downstreamPath(d.trigger, parentPath);
    out.push({ path, jobs: d.pipeline.jobs.map(hostJobOf) });
    out.push(...childrenOf(d.pipeline.downstream, path, depth + 1));
  }
  return out;
}

export function hostModelOf(model: FlowModel): HostModel {
  const host: HostModel = {
    root: model.root,
    pipeline: model.pipeline,
    diagnostics: model.diagnostics,
    includes: model.includes,
    jobs: model.jobs.map(hostJobOf),
  };
  const children = childrenOf(model.downstream, undefined, 0);
  if (children.length > 0) host.children = children;
  return host;
}

/** A job by name (or parallel group name) in the parent pipeline, or in the child pipeline at `pipeline`. */
export function findHostJob(model: HostModel | null, name: string, pipeline?: string): HostJob | undefined {
  if (!model) return undefined;
  const jobs = pipeline === undefined ? model.jobs : model.children?.find((c) => c.path === pipeline)?.jobs;
  if (!jobs) return undefined;
  return jobs.find((j) => j.name === name) ?? jobs.find((j) => j.group === name);
}
