// `artifact-flow download`: fetch a job's artifacts (archive or one file) from GitLab, safely.
// Token from GITLAB_TOKEN (PRIVATE-TOKEN) or CI_JOB_TOKEN (JOB-TOKEN); URL from --url or CI_SERVER_URL.
import { writeFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readArtifactFile } from '../gitlab/artifacts';
import { GitLabClient } from '../gitlab/client';
import { describeExtraction, downloadFolder, fetchPlanned, type JobSelector, planArchive } from '../gitlab/downloadPlan';
import { missingAncestors, removeIfEmpty, safeDirName } from '../gitlab/downloadTarget';
import { describeError, ArtifactError } from '../gitlab/errors';
import { nodeFetch } from '../gitlab/nodeFetch';
import { normalizeInstanceUrl } from '../gitlab/remote';
import { terminalSafe } from '../gitlab/terminalText';
import type { TokenKind } from '../gitlab/types';
import { formatBytes } from '../formatBytes';

export interface CliOut {
  stdout(s: string | Uint8Array): unknown;
  stderr(s: string): unknown;
}

export const DOWNLOAD_USAGE = `Usage: artifact-flow download --project P (--job-id N | --pipeline ID --job NAME | --ref R --job NAME)
                              [--out DIR] [--file PATH] [--url URL] [--max-size BYTES] [--max-entries N]
                              [--max-download-size BYTES] [--connect-timeout S] [--idle-timeout S] [--verbose]

Downloads a job's artifacts archive and extracts it safely into DIR (default .gitlab-artifacts/<pipeline|ref>/<job>),
or, with --file, fetches one file from the archive to stdout (or into DIR).
DIR must be new, an empty folder, or an earlier download (it has our .artifact-flow.json marker); anything
else (a folder with other files, a file, the current directory or one of its parents) is refused untouched.
  --project P     numeric id or full path (group/sub/project); defaults to CI_PROJECT_ID
  --job-id N      a job id
  --pipeline ID   with --job NAME: the job of that exact name in that pipeline (parallel "name 1/3" and
                  matrix "name: [a, b]" names included; child pipelines searched too); defaults to CI_PIPELINE_ID
  --ref R --job NAME   the job in the latest successful pipeline of branch or tag R
  --url URL       GitLab instance URL; defaults to CI_SERVER_URL
  --max-size BYTES, --max-entries N   refuse archives that unpack to more (default 4 GiB, 100000 entries)
  --max-download-size BYTES   stop a download above this (default 16 GiB; also never far past GitLab's declared size)
  --connect-timeout S   seconds to connect and get an answer (default 30)
  --idle-timeout S      seconds a transfer may stall (default 60)
Token: GITLAB_TOKEN (sent as PRIVATE-TOKEN) or CI_JOB_TOKEN (sent as JOB-TOKEN). Never printed.
Exit code: 0 on success, 1 on failure, 2 on a usage error, 130/143 when interrupted (SIGINT/SIGTERM; temp files removed).`;

class Usage extends Error {}

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new Usage(`${flag} must be a positive integer, not ${JSON.stringify(v)}`);
  return Number(v);
}

/** Writes server-influenced text (job names, messages, bodies) to the terminal without control characters. */
function safeOut(out: CliOut): CliOut {
  return {
    stdout: (s) => out.stdout(typeof s === 'string' ? terminalSafe(s) : s),
    stderr: (s) => out.stderr(terminalSafe(s)),
  };
}

export async function runDownload(argv: string[], env: NodeJS.ProcessEnv, rawOut: CliOut): Promise<number> {
  const out = safeOut(rawOut);
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
        'max-download-size': { type: 'string' },
        'connect-timeout': { type: 'string' },
        'idle-timeout': { type: 'string' },
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
    const maxDownloadBytes = positiveInt(str('max-download-size'), '--max-download-size');
    const connectSeconds = positiveInt(str('connect-timeout'), '--connect-timeout');
    const idleSeconds = positiveInt(str('idle-timeout'), '--idle-timeout');

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
      timeouts: { ...(connectSeconds !== undefined ? { connectMs: connectSeconds * 1000 } : {}), ...(idleSeconds !== undefined ? { idleMs: idleSeconds * 1000 } : {}) },
      timeoutHints: { connect: '--connect-timeout', idle: '--idle-timeout' },
      ...(values['verbose'] ? { onLog: (l: string) => out.stderr(`artifact-flow: ${l}\n`) } : {}),
    });
    // SIGINT/SIGTERM abort the transfer; the download's own clean-up removes its temp files, then we exit 130/143.
    const ac = new AbortController();
    let interrupted: number | undefined;
    const onSignal = (code: number) => (): void => {
      interrupted = code;
      ac.abort();
      // If anything still holds the process open after the clean-up, do not hang on it.
      setTimeout(() => process.exit(code), 5000).unref();
    };
    const onSigint = onSignal(130);
    const onSigterm = onSignal(143);
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
    try {
      const selector: JobSelector = jobId !== undefined
        ? { kind: 'id', project, jobId }
        : pipeline !== undefined ? { kind: 'name', project, pipeline, name: jobName ?? '' } : { kind: 'ref', project, ref: ref ?? '', name: jobName ?? '' };
      const planned = await planArchive(client, selector, { tokenKind: kind, signal: ac.signal });
      if (planned.note) out.stderr(`artifact-flow: ${planned.note}\n`);
      const file = str('file');
      const outDir = str('out');
      if (file !== undefined) {
        const bytes = await readArtifactFile(client, planned.archive, file, { signal: ac.signal, ...(maxTotalBytes !== undefined ? { maxBytes: maxTotalBytes } : {}) });
        if (outDir === undefined || outDir === '-') {
          out.stdout(bytes);
        } else {
          const dest = path.resolve(outDir, safeDirName(path.posix.basename(file.replace(/\\/g, '/'))));
          const created = await missingAncestors(path.dirname(dest));
          await mkdir(path.dirname(dest), { recursive: true });
          try {
            // 'wx': never replace an existing file (or follow a symlink); we did not create it.
            await writeFile(dest, bytes, { flag: 'wx' });
          } catch (e) {
            await removeIfEmpty(created);
            if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
              throw new ArtifactError('target', `Refused to write ${dest}: a file of that name already exists there. Nothing was changed. Pick an empty or new folder with --out.`, `--file target exists: ${dest}`);
            }
            throw e;
          }
          out.stderr(`artifact-flow: wrote ${formatBytes(bytes.byteLength)} to ${dest}\n`);
        }
        return 0;
      }
      const target = path.resolve(outDir ?? downloadFolder('.gitlab-artifacts', planned));
      const r = await fetchPlanned(client, planned, target, url, {
        signal: ac.signal,
        guard: { protect: [{ path: process.cwd(), label: 'the current directory' }], origin: outDir !== undefined ? '--out' : 'the default folder' },
        ...(maxDownloadBytes !== undefined ? { maxDownloadBytes } : {}),
        ...(maxTotalBytes !== undefined ? { maxTotalBytes } : {}),
        ...(maxEntries !== undefined ? { maxEntries } : {}),
      });
      out.stdout(`Downloaded ${formatBytes(r.downloadedBytes)}; extracted ${describeExtraction(r)} into ${r.target}\n`);
      return 0;
    } catch (e) {
      if (interrupted !== undefined) {
        out.stderr(`artifact-flow: interrupted; temporary files removed\n`);
        return interrupted;
      }
      throw e;
    } finally {
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigterm);
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
