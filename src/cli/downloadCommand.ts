// `artifact-flow download`: fetch a job's artifacts (archive or one file) from GitLab, safely.
// Token from GITLAB_TOKEN (PRIVATE-TOKEN) or CI_JOB_TOKEN (JOB-TOKEN); URL from --url or CI_SERVER_URL.
import { writeFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { type ArtifactSource, readArtifactFile } from '../gitlab/artifacts';
import { GitLabClient } from '../gitlab/client';
import { describeError, GitLabApiError, ArtifactError } from '../gitlab/errors';
import { fetchArtifacts } from '../gitlab/fetchArtifacts';
import { resolveJobByName } from '../gitlab/jobs';
import { nodeFetch } from '../gitlab/nodeFetch';
import { normalizeInstanceUrl } from '../gitlab/remote';
import type { TokenKind } from '../gitlab/types';
import { formatBytes } from '../gitlab/zipExtract';

export interface CliOut {
  stdout(s: string | Uint8Array): unknown;
  stderr(s: string): unknown;
}

export const DOWNLOAD_USAGE = `Usage: artifact-flow download --project P (--job-id N | --pipeline ID --job NAME | --ref R --job NAME)
                              [--out DIR] [--file PATH] [--url URL] [--max-size BYTES] [--max-entries N] [--verbose]

Downloads a job's artifacts archive and extracts it safely into DIR (default .gitlab-artifacts/<pipeline|ref>/<job>),
or, with --file, fetches one file from the archive to stdout (or into DIR).
  --project P     numeric id or full path (group/sub/project); defaults to CI_PROJECT_ID
  --job-id N      a job id
  --pipeline ID   with --job NAME: the job of that exact name in that pipeline (parallel "name 1/3" and
                  matrix "name: [a, b]" names included; child pipelines searched too); defaults to CI_PIPELINE_ID
  --ref R --job NAME   the job in the latest successful pipeline of branch or tag R
  --url URL       GitLab instance URL; defaults to CI_SERVER_URL
Token: GITLAB_TOKEN (sent as PRIVATE-TOKEN) or CI_JOB_TOKEN (sent as JOB-TOKEN). Never printed.
Exit code: 0 on success, 1 on failure, 2 on a usage error.`;

class Usage extends Error {}

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new Usage(`${flag} must be a positive integer, not ${JSON.stringify(v)}`);
  return Number(v);
}

/** A folder name for a job or ref: no separators, no leading dots. */
export function safeDirName(s: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = s.replace(/[/\\:*?"<>|\u0000-\u001f]+/g, '_').replace(/^\.+/, '_').trim();
  return cleaned === '' ? '_' : cleaned.slice(0, 120);
}

export async function runDownload(argv: string[], env: NodeJS.ProcessEnv, out: CliOut): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        project: { type: 'string' },
        'job-id': { type: 'string' },
        pipeline: { type: 'string' },
        job: { type: 'string' },
        ref: { type: 'string' },
        out: { type: 'string' },
        file: { type: 'string' },
        url: { type: 'string' },
        'max-size': { type: 'string' },
        'max-entries': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    out.stderr(`artifact-flow download: ${e instanceof Error ? e.message : String(e)}\n\n${DOWNLOAD_USAGE}\n`);
    return 2;
  }
  if (values['help']) {
    out.stdout(`${DOWNLOAD_USAGE}\n`);
    return 0;
  }
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? values[k] : undefined);
  let token: string | undefined;
  try {
    const url = normalizeInstanceUrl(str('url') ?? env['CI_SERVER_URL'] ?? '');
    if (!url) throw new Usage('set --url or CI_SERVER_URL to the GitLab instance URL');
    const project = str('project') ?? env['CI_PROJECT_ID'];
    if (!project) throw new Usage('--project is required (or CI_PROJECT_ID)');
    const jobId = positiveInt(str('job-id'), '--job-id');
    const jobName = str('job');
    const ref = str('ref');
    const pipeline = positiveInt(str('pipeline') ?? (jobId === undefined && ref === undefined && jobName !== undefined ? env['CI_PIPELINE_ID'] : undefined), '--pipeline');
    const modes = [jobId !== undefined, pipeline !== undefined, ref !== undefined].filter(Boolean).length;
    if (modes !== 1) throw new Usage('give exactly one of --job-id N, --pipeline ID --job NAME, --ref R --job NAME');
    if ((pipeline !== undefined || ref !== undefined) && !jobName) throw new Usage('--job NAME is required with --pipeline or --ref');
    if (jobId !== undefined && jobName) throw new Usage('--job is not used with --job-id');
    const maxTotalBytes = positiveInt(str('max-size'), '--max-size');
    const maxEntries = positiveInt(str('max-entries'), '--max-entries');

    let kind: TokenKind = 'private';
    token = env['GITLAB_TOKEN'] || undefined;
    if (!token && env['CI_JOB_TOKEN']) {
      token = env['CI_JOB_TOKEN'];
      kind = 'job';
    }
    if (!token) out.stderr('artifact-flow: no GITLAB_TOKEN or CI_JOB_TOKEN set; trying without a token (public projects only)\n');
    const tokenValue = token;
    const client = new GitLabClient({
      instanceUrl: url,
      token: { get: () => Promise.resolve(tokenValue) },
      tokenKind: kind,
      fetch: nodeFetch,
      userAgent: 'artifact-flow-cli',
      ...(values['verbose'] ? { onLog: (l: string) => out.stderr(`artifact-flow: ${l}\n`) } : {}),
    });
    const ac = new AbortController();
    const onSigint = (): void => ac.abort();
    process.once('SIGINT', onSigint);
    try {
      let src: ArtifactSource;
      let group: string;
      let leaf: string;
      if (jobId !== undefined) {
        src = { kind: 'job', project, jobId };
        group = 'jobs';
        leaf = String(jobId);
      } else if (pipeline !== undefined && jobName) {
        let resolved;
        try {
          resolved = await resolveJobByName(client, project, pipeline, jobName, ac.signal);
        } catch (e) {
          if (kind === 'job' && e instanceof GitLabApiError && (e.kind === 'unauthorized' || e.kind === 'forbidden')) {
            throw new GitLabApiError(e.kind, `This GitLab does not let CI_JOB_TOKEN list pipeline jobs, so --pipeline cannot resolve ${JSON.stringify(jobName)}. Set GITLAB_TOKEN (read_api), or use --ref with the latest successful pipeline.`, e.detail, e.status);
          }
          throw e;
        }
        src = { kind: 'job', project: resolved.project, jobId: resolved.job.id };
        group = String(resolved.pipelineId);
        leaf = jobName;
        out.stderr(`artifact-flow: ${JSON.stringify(jobName)} is job ${resolved.job.id} in pipeline ${resolved.pipelineId}\n`);
      } else {
        src = { kind: 'ref', project, ref: ref ?? '', job: jobName ?? '' };
        group = ref ?? '';
        leaf = jobName ?? '';
      }
      const file = str('file');
      const outDir = str('out');
      if (file !== undefined) {
        const bytes = await readArtifactFile(client, src, file, { signal: ac.signal, ...(maxTotalBytes !== undefined ? { maxBytes: maxTotalBytes } : {}) });
        if (outDir === undefined || outDir === '-') {
          out.stdout(bytes);
        } else {
          const dest = path.resolve(outDir, path.posix.basename(file.replace(/\\/g, '/')));
          await mkdir(path.dirname(dest), { recursive: true });
          await writeFile(dest, bytes);
          out.stderr(`artifact-flow: wrote ${formatBytes(bytes.byteLength)} to ${dest}\n`);
        }
        return 0;
      }
      const target = path.resolve(outDir ?? path.join('.gitlab-artifacts', safeDirName(group), safeDirName(leaf)));
      const r = await fetchArtifacts(client, src, target, {
        signal: ac.signal,
        ...(maxTotalBytes !== undefined ? { maxTotalBytes } : {}),
        ...(maxEntries !== undefined ? { maxEntries } : {}),
      });
      out.stdout(`Downloaded ${formatBytes(r.downloadedBytes)}; extracted ${r.files} file${r.files === 1 ? '' : 's'} (${formatBytes(r.bytes)})${r.symlinks ? ` and ${r.symlinks} symlink${r.symlinks === 1 ? '' : 's'}` : ''} into ${r.target}\n`);
      return 0;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  } catch (e) {
    if (e instanceof Usage) {
      out.stderr(`artifact-flow download: ${e.message}\n\n${DOWNLOAD_USAGE}\n`);
      return 2;
    }
    const report = describeError(e, [token]);
    out.stderr(`artifact-flow: ${report.message}\n`);
    if (e instanceof ArtifactError) {
      for (const r of e.refused.slice(0, 20)) out.stderr(`  refused ${JSON.stringify(r.name)}: ${r.reason}\n`);
      if (e.refused.length > 20) out.stderr(`  … and ${e.refused.length - 20} more\n`);
    }
    if (report.action === 'setToken') out.stderr('artifact-flow: set GITLAB_TOKEN to a personal, project or group access token with read_api\n');
    if (values['verbose']) out.stderr(`artifact-flow: detail: ${report.detail}\n`);
    return report.cancelled ? 130 : 1;
  }
}
