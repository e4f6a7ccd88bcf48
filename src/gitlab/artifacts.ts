// Artifact endpoints: archive and single-file paths, keep, delete, and explaining a 404.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { GitLabClient } from './client';
import { projectId } from './http';
import { GitLabApiError } from './errors';
import { getJob } from './jobs';
import type { ApiJob } from './types';

type Signal = AbortSignal | undefined;

/** Which archive: a job by id, or the job of that name in the latest successful pipeline of a ref. */
export type ArchiveRef =
  | { readonly kind: 'job'; readonly project: string | number; readonly jobId: number }
  | { readonly kind: 'ref'; readonly project: string | number; readonly ref: string; readonly job: string };

export function describeSource(src: ArchiveRef): string {
  return src.kind === 'job' ? `job ${src.jobId}` : `job ${JSON.stringify(src.job)} on ${src.ref}`;
}

/** Encodes each segment of an artifact path (`dir/a b#c.txt` → `dir/a%20b%23c.txt`); rejects `..`. */
export function encodeArtifactPath(path: string): string {
  const segs = path
    .replace(/\\/g, '/')
    .replace(/^\/+/, '')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  if (segs.length === 0 || segs.some((s) => s === '..')) {
    throw new GitLabApiError(
      'badRequest',
      `Invalid artifact path ${JSON.stringify(path)}.`,
      `artifact path rejected: ${JSON.stringify(path)}`,
    );
  }
  return segs.map(encodeURIComponent).join('/');
}

/** API path of the whole archive. */
export function archiveEndpoint(src: ArchiveRef): { path: string; query?: Record<string, string> } {
  const p = `/projects/${projectId(src.project)}`;
  if (src.kind === 'job') return { path: `${p}/jobs/${src.jobId}/artifacts` };
  return { path: `${p}/jobs/artifacts/${encodeURIComponent(src.ref)}/download`, query: { job: src.job } };
}

/** API path of one file inside the archive. */
export function artifactFileEndpoint(
  src: ArchiveRef,
  artifactPath: string,
): { path: string; query?: Record<string, string> } {
  const p = `/projects/${projectId(src.project)}`;
  const enc = encodeArtifactPath(artifactPath);
  if (src.kind === 'job') return { path: `${p}/jobs/${src.jobId}/artifacts/${enc}` };
  return { path: `${p}/jobs/artifacts/${encodeURIComponent(src.ref)}/raw/${enc}`, query: { job: src.job } };
}

/**
 * Reads one file from a job's archive without downloading the archive. Fails with `badRequest` when
 * the file is larger than `maxBytes` (default 16 MiB), reading no further than that.
 */
export async function readArtifactFile(
  client: GitLabClient,
  src: ArchiveRef,
  artifactPath: string,
  opts: { maxBytes?: number; signal?: Signal; now?: () => number } = {},
): Promise<Uint8Array> {
  const max = opts.maxBytes ?? 16 * 1024 * 1024;
  const ep = artifactFileEndpoint(src, artifactPath);
  const what = `${JSON.stringify(artifactPath)} in the artifacts of ${describeSource(src)}`;
  try {
    return await client.call(ep.path, { query: ep.query, signal: opts.signal, what }, async (res) => {
      const chunks: Uint8Array[] = [];
      let size = 0;
      if (!res.body) return new Uint8Array();
      const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
      for await (const value of body as AsyncIterable<Buffer>) {
        size += value.byteLength;
        if (size > max) {
          body.destroy();
          throw new GitLabApiError(
            'badRequest',
            `${what} is larger than ${Math.round(max / 1048576)} MiB; download the archive instead.`,
            `single-file read stopped after ${size} bytes`,
          );
        }
        chunks.push(value);
      }
      const out = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.byteLength;
      }
      return out;
    });
  } catch (e) {
    throw await explainMissing(client, src, e, opts.signal, opts.now, artifactPath);
  }
}

/** Cancels the expiry of a job's artifacts (`POST …/artifacts/keep`). */
export async function keepArtifacts(
  client: GitLabClient,
  project: string | number,
  jobId: number,
  signal?: Signal,
): Promise<ApiJob> {
  return client.json<ApiJob>(`/projects/${projectId(project)}/jobs/${jobId}/artifacts/keep`, {
    method: 'POST',
    signal,
    what: `keeping the artifacts of job ${jobId}`,
  });
}

/** Deletes a job's artifacts (`DELETE …/artifacts`, 204; Maintainer role). */
export async function deleteArtifacts(
  client: GitLabClient,
  project: string | number,
  jobId: number,
  signal?: Signal,
): Promise<void> {
  await client.send204(`/projects/${projectId(project)}/jobs/${jobId}/artifacts`, {
    method: 'DELETE',
    signal,
    what: `deleting the artifacts of job ${jobId}`,
  });
}

/** Whether a job has a downloadable archive right now, and why not. */
export function archiveState(job: ApiJob, nowMs: number): { available: true } | { available: false; reason: string } {
  const label = `Job ${JSON.stringify(job.name)} (#${job.id})`;
  if (job.artifacts_file) return { available: true };
  const expiry = job.artifacts_expire_at ? Date.parse(job.artifacts_expire_at) : Number.NaN;
  if (!Number.isNaN(expiry) && expiry <= nowMs) {
    return {
      available: false,
      reason: `The artifacts of ${label} expired on ${new Date(expiry).toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    };
  }
  if (
    ['created', 'pending', 'running', 'waiting_for_resource', 'preparing', 'scheduled', 'manual'].includes(job.status)
  ) {
    return { available: false, reason: `${label} is ${job.status.replace(/_/g, ' ')}; it has no artifacts yet.` };
  }
  return { available: false, reason: `${label} has no artifacts archive (status: ${job.status}).` };
}

/**
 * Turns a 404 into the most precise message the jobs API allows: no such job, the job has no
 * archive, the artifacts expired, or (single file) no such file. Other errors pass through.
 */
export async function explainMissing(
  client: GitLabClient,
  src: ArchiveRef,
  e: unknown,
  signal?: Signal,
  now: () => number = Date.now,
  artifactPath?: string,
): Promise<unknown> {
  if (!(e instanceof GitLabApiError) || e.kind !== 'notFound') return e;
  if (src.kind === 'ref') {
    const msg = artifactPath
      ? `No file ${JSON.stringify(artifactPath)} in the artifacts of job ${JSON.stringify(src.job)} in the latest successful pipeline of ${src.ref} (or no such job, or its artifacts expired).`
      : `No artifacts for job ${JSON.stringify(src.job)} in the latest successful pipeline of ${src.ref}: the job does not exist there, has no archive, or its artifacts expired.`;
    return new GitLabApiError('notFound', msg, e.detail, 404);
  }
  let job: ApiJob;
  try {
    job = await getJob(client, src.project, src.jobId, signal);
  } catch (inner) {
    if (inner instanceof GitLabApiError && inner.kind === 'notFound') {
      return new GitLabApiError(
        'notFound',
        `No job ${src.jobId} in project ${String(src.project)} (or your token cannot see it).`,
        `${e.detail}; GET job → 404`,
        404,
      );
    }
    return e;
  }
  const state = archiveState(job, now());
  if (!state.available) {
    return new GitLabApiError(
      'notFound',
      state.reason,
      `${e.detail}; artifacts_file=null artifacts_expire_at=${job.artifacts_expire_at ?? 'null'} status=${job.status}`,
      404,
    );
  }
  if (artifactPath) {
    return new GitLabApiError(
      'notFound',
      `No file ${JSON.stringify(artifactPath)} in the artifacts of job ${JSON.stringify(job.name)} (#${job.id}).`,
      e.detail,
      404,
    );
  }
  return e;
}
