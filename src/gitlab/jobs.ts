// Pipelines and jobs: listing (following pagination) and resolving a job name to its id.
import type { GitLabClient } from './client';
import { projectId } from './http';
import { GitLabApiError } from './errors';
import type { ApiBridge, ApiJob, ApiPipeline } from './types';

type Signal = AbortSignal | undefined;

export interface PipelineFilter {
  readonly ref?: string;
  readonly sha?: string;
  readonly status?: string;
  readonly source?: string;
  /** How many to fetch (default 20, one page). */
  readonly limit?: number;
}

/** Recent pipelines, newest first. */
export async function listPipelines(
  client: GitLabClient,
  project: string | number,
  filter: PipelineFilter = {},
  signal?: Signal,
): Promise<ApiPipeline[]> {
  const limit = filter.limit ?? 20;
  const out: ApiPipeline[] = [];
  for await (const page of client.pages<ApiPipeline>(`/projects/${projectId(project)}/pipelines`, {
    query: {
      ref: filter.ref,
      sha: filter.sha,
      status: filter.status,
      source: filter.source,
      order_by: 'id',
      sort: 'desc',
    },
    perPage: Math.min(100, limit),
    signal,
    what: 'the pipelines',
  })) {
    out.push(...page.items);
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

/** The latest pipeline for a ref (`GET /pipelines/latest`); undefined when the ref has none. */
export async function latestPipeline(
  client: GitLabClient,
  project: string | number,
  ref: string,
  signal?: Signal,
): Promise<ApiPipeline | undefined> {
  try {
    return await client.json<ApiPipeline>(`/projects/${projectId(project)}/pipelines/latest`, {
      query: { ref },
      signal,
      what: `the latest pipeline for ${ref}`,
    });
  } catch (e) {
    if (e instanceof GitLabApiError && e.kind === 'notFound') return undefined;
    throw e;
  }
}

/** Pipelines of a merge request, newest first. */
export async function mergeRequestPipelines(
  client: GitLabClient,
  project: string | number,
  iid: number,
  signal?: Signal,
): Promise<ApiPipeline[]> {
  return client.all<ApiPipeline>(`/projects/${projectId(project)}/merge_requests/${iid}/pipelines`, {
    signal,
    what: `the pipelines of merge request !${iid}`,
  });
}

export async function getPipeline(
  client: GitLabClient,
  project: string | number,
  pipelineId: number,
  signal?: Signal,
): Promise<ApiPipeline> {
  return client.json<ApiPipeline>(`/projects/${projectId(project)}/pipelines/${pipelineId}`, {
    signal,
    what: `pipeline ${pipelineId}`,
  });
}

/** Every job of a pipeline (all pages). Retried jobs are excluded unless asked for. */
export async function listPipelineJobs(
  client: GitLabClient,
  project: string | number,
  pipelineId: number,
  opts: { includeRetried?: boolean; signal?: Signal } = {},
): Promise<ApiJob[]> {
  return client.all<ApiJob>(`/projects/${projectId(project)}/pipelines/${pipelineId}/jobs`, {
    query: { include_retried: opts.includeRetried ? true : undefined },
    signal: opts.signal,
    what: `the jobs of pipeline ${pipelineId}`,
  });
}

/** Trigger (bridge) jobs of a pipeline, with their downstream pipelines. */
export async function listPipelineBridges(
  client: GitLabClient,
  project: string | number,
  pipelineId: number,
  signal?: Signal,
): Promise<ApiBridge[]> {
  return client.all<ApiBridge>(`/projects/${projectId(project)}/pipelines/${pipelineId}/bridges`, {
    signal,
    what: `the trigger jobs of pipeline ${pipelineId}`,
  });
}

export async function getJob(
  client: GitLabClient,
  project: string | number,
  jobId: number,
  signal?: Signal,
): Promise<ApiJob> {
  return client.json<ApiJob>(`/projects/${projectId(project)}/jobs/${jobId}`, { signal, what: `job ${jobId}` });
}

/** Project jobs, newest first, with keyset pagination (follows `Link rel="next"`). Stops after `limit`. */
export async function listProjectJobs(
  client: GitLabClient,
  project: string | number,
  opts: { scope?: readonly string[]; limit?: number; signal?: Signal } = {},
): Promise<ApiJob[]> {
  const limit = opts.limit ?? 100;
  const out: ApiJob[] = [];
  for await (const page of client.pages<ApiJob>(`/projects/${projectId(project)}/jobs`, {
    query: { pagination: 'keyset', order_by: 'id', sort: 'desc', scope: opts.scope },
    perPage: Math.min(100, limit),
    signal: opts.signal,
    what: 'the project jobs',
  })) {
    out.push(...page.items);
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

/** `true` when `candidate` is an instance of the parallel/matrix job `base` (`base 1/3`, `base: [a, b]`). */
export function isInstanceOf(candidate: string, base: string): boolean {
  if (!candidate.startsWith(base) || candidate === base) return false;
  const rest = candidate.slice(base.length);
  return /^ \d+\/\d+$/.test(rest) || /^: \[.*\]$/.test(rest);
}

export interface ResolvedJob {
  readonly job: ApiJob;
  /** The pipeline the job was found in (a child pipeline when it came from a bridge). */
  readonly pipelineId: number;
  /** The project that owns the job (differs from the input for a multi-project child). */
  readonly project: string | number;
}

/**
 * Finds the job with exactly this name in a pipeline (parallel `name 1/3` and matrix `name: [a, b]`
 * names match exactly). When several jobs share the name (retries), the newest wins. Searches
 * same-project child pipelines after the parent, as GitLab's by-ref download does. Throws a
 * `notFound` error that lists near matches (e.g. the instances of a parallel job).
 */
export async function resolveJobByName(
  client: GitLabClient,
  project: string | number,
  pipelineId: number,
  name: string,
  signal?: Signal,
): Promise<ResolvedJob> {
  const jobs = await listPipelineJobs(client, project, pipelineId, { signal });
  const exact = jobs.filter((j) => j.name === name).sort((a, b) => b.id - a.id)[0];
  if (exact) return { job: exact, pipelineId, project };
  const bridges = await listPipelineBridges(client, project, pipelineId, signal).catch(() => [] as ApiBridge[]);
  for (const b of bridges) {
    const child = b.downstream_pipeline;
    if (!child) continue;
    const childJobs = await listPipelineJobs(client, child.project_id ?? project, child.id, { signal }).catch(
      () => [] as ApiJob[],
    );
    const hit = childJobs.filter((j) => j.name === name).sort((x, y) => y.id - x.id)[0];
    if (hit) return { job: hit, pipelineId: child.id, project: child.project_id ?? project };
  }
  const instances = jobs
    .filter((j) => isInstanceOf(j.name, name))
    .map((j) => j.name)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const hint = instances.length
    ? ` It is a parallel job; name one instance: ${instances
        .slice(0, 5)
        .map((n) => JSON.stringify(n))
        .join(', ')}${instances.length > 5 ? ', …' : ''}.`
    : jobs.length
      ? ` Jobs in it: ${jobs
          .slice(0, 8)
          .map((j) => JSON.stringify(j.name))
          .join(', ')}${jobs.length > 8 ? ', …' : ''}.`
      : '';
  throw new GitLabApiError(
    'notFound',
    `Pipeline ${pipelineId} has no job named ${JSON.stringify(name)}.${hint}`,
    `resolveJobByName: ${jobs.length} jobs, ${bridges.length} bridges in pipeline ${pipelineId}`,
    404,
  );
}
