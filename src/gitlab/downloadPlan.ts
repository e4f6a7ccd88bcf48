// A download, planned once for the CLI and the extension alike: which job (by id, by name in a pipeline, or by
// name on a ref) → which archive, what its marker will say and how big GitLab says it is → which folder → fetch
// and extract (fetchArtifacts) → a one-line report. The callers only choose the job and the folder.
import * as path from 'node:path';
import { formatBytes } from '../formatBytes';
import type { ArchiveRef } from './artifacts';
import type { GitLabClient } from './client';
import { type DownloadIdentity, safeDirName } from './downloadTarget';
import { GitLabApiError } from './errors';
import { fetchArtifacts, type FetchArtifactsOptions, type FetchArtifactsResult } from './fetchArtifacts';
import { getJob, resolveJobByName } from './jobs';
import type { TokenKind } from './types';

/** How the user named the job. */
export type JobSelector =
  | { readonly kind: 'id'; readonly project: string | number; readonly jobId: number }
  | { readonly kind: 'name'; readonly project: string | number; readonly pipeline: number; readonly name: string }
  | { readonly kind: 'ref'; readonly project: string | number; readonly ref: string; readonly name: string };

/** The archive to fetch, with what is known about it before the download starts. */
export interface PlannedArchive {
  readonly archive: ArchiveRef;
  /** What the folder's marker will record (the instance is added by the caller). */
  readonly identity: DownloadIdentity;
  /** The archive size GitLab declares: the download stops a little past it. */
  readonly expectedSize?: number;
  /** The default folder below the downloads folder: `<pipeline, ref or "jobs">/<job>`. */
  readonly folder: readonly [string, string];
  /** Something worth telling the user (e.g. which job id a name resolved to). */
  readonly note?: string;
}

function isRefusal(e: unknown): boolean {
  return e instanceof GitLabApiError && (e.kind === 'unauthorized' || e.kind === 'forbidden' || e.kind === 'notFound');
}

/**
 * Finds the archive of a job. A job token (CI_JOB_TOKEN) may not read the jobs API: by id the size is then
 * unknown (only the absolute cap applies), and by name the error says to use GITLAB_TOKEN or --ref.
 */
export async function planArchive(
  client: GitLabClient,
  job: JobSelector,
  opts: { readonly tokenKind?: TokenKind; readonly signal?: AbortSignal } = {},
): Promise<PlannedArchive> {
  if (job.kind === 'id') {
    const archive: ArchiveRef = { kind: 'job', project: job.project, jobId: job.jobId };
    const identity: { -readonly [K in keyof DownloadIdentity]: DownloadIdentity[K] } = {
      project: job.project,
      jobId: job.jobId,
    };
    if (opts.tokenKind === 'job') return { archive, identity, folder: ['jobs', String(job.jobId)] };
    // Refusals are fine (the download itself says more); a timeout or a network failure is not swallowed.
    const found = await getJob(client, job.project, job.jobId, opts.signal).catch((e: unknown) => {
      if (isRefusal(e)) return undefined;
      throw e;
    });
    if (found) {
      identity.jobName = found.name;
      if (found.pipeline?.id !== undefined) identity.pipeline = found.pipeline.id;
    }
    const size = found?.artifacts_file?.size;
    return {
      archive,
      identity,
      ...(size !== undefined ? { expectedSize: size } : {}),
      folder: ['jobs', String(job.jobId)],
    };
  }
  if (job.kind === 'name') {
    let resolved;
    try {
      resolved = await resolveJobByName(client, job.project, job.pipeline, job.name, opts.signal);
    } catch (e) {
      if (
        opts.tokenKind === 'job' &&
        e instanceof GitLabApiError &&
        (e.kind === 'unauthorized' || e.kind === 'forbidden')
      ) {
        throw new GitLabApiError(
          e.kind,
          `This GitLab does not let CI_JOB_TOKEN list pipeline jobs, so --pipeline cannot resolve ${JSON.stringify(job.name)}. Set GITLAB_TOKEN (read_api), or use --ref with the latest successful pipeline.`,
          e.detail,
          e.status,
        );
      }
      throw e;
    }
    const size = resolved.job.artifacts_file?.size;
    return {
      archive: { kind: 'job', project: resolved.project, jobId: resolved.job.id },
      identity: { project: resolved.project, pipeline: resolved.pipelineId, jobId: resolved.job.id, jobName: job.name },
      ...(size !== undefined ? { expectedSize: size } : {}),
      folder: [String(resolved.pipelineId), job.name],
      note: `${JSON.stringify(job.name)} is job ${resolved.job.id} in pipeline ${resolved.pipelineId}`,
    };
  }
  return {
    archive: { kind: 'ref', project: job.project, ref: job.ref, job: job.name },
    identity: { project: job.project, ref: job.ref, jobName: job.name },
    folder: [job.ref, job.name],
  };
}

/** `<base>/<group>/<job>` with both names made safe as folder names. */
export function downloadFolder(base: string, planned: Pick<PlannedArchive, 'folder'>): string {
  return path.join(base, safeDirName(planned.folder[0]), safeDirName(planned.folder[1]));
}

/** Fetches and extracts a planned archive into `target` (see fetchArtifacts for the safety rules). */
export function fetchPlanned(
  client: GitLabClient,
  planned: PlannedArchive,
  target: string,
  instance: string,
  opts: Omit<FetchArtifactsOptions, 'identity' | 'expectedSize'> = {},
): Promise<FetchArtifactsResult> {
  return fetchArtifacts(client, planned.archive, target, {
    ...opts,
    identity: { instance, ...planned.identity },
    ...(planned.expectedSize !== undefined ? { expectedSize: planned.expectedSize } : {}),
  });
}

/** "2 files (1.5 KiB) and 1 symlink" */
export function describeExtraction(r: Pick<FetchArtifactsResult, 'files' | 'bytes' | 'symlinks'>): string {
  const files = `${r.files} file${r.files === 1 ? '' : 's'} (${formatBytes(r.bytes)})`;
  return r.symlinks ? `${files} and ${r.symlinks} symlink${r.symlinks === 1 ? '' : 's'}` : files;
}
