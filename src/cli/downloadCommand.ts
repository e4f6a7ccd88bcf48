// `artifact-flow download`: fetch a job's artifacts (archive or one file) from GitLab, safely.
// Token from GITLAB_TOKEN (PRIVATE-TOKEN) or CI_JOB_TOKEN (JOB-TOKEN); URL from --url or CI_SERVER_URL.
import { writeFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { readArtifactFile } from '../gitlab/artifacts';
import { GitLabClient } from '../gitlab/client';
import { describeExtraction, downloadFolder, fetchPlanned, planArchive } from '../gitlab/downloadPlan';
import { missingAncestors, removeIfEmpty, safeDirName } from '../gitlab/downloadTarget';
import { describeError, ArtifactError } from '../gitlab/errors';
import { nodeFetch } from '../gitlab/nodeFetch';
import { terminalSafe } from '../gitlab/terminalText';
import type { TokenKind } from '../gitlab/types';
import { formatBytes } from '../formatBytes';
import { type DownloadArgs, DOWNLOAD_USAGE, parseDownloadArgs } from './downloadArgs';
import { reportUsage, UsageError } from './options';

export interface CliOut {
  stdout(s: string | Uint8Array): unknown;
  stderr(s: string): unknown;
}

/** Writes server-influenced text (job names, messages, bodies) to the terminal without control characters. */
function safeOut(out: CliOut): CliOut {
  return {
    stdout: (s) => out.stdout(typeof s === 'string' ? terminalSafe(s) : s),
    stderr: (s) => out.stderr(terminalSafe(s)),
  };
}

/** The token and how GitLab expects it: GITLAB_TOKEN as PRIVATE-TOKEN, else CI_JOB_TOKEN as JOB-TOKEN. */
interface Credentials {
  readonly token: string | undefined;
  readonly kind: TokenKind;
}

function credentials(env: NodeJS.ProcessEnv): Credentials {
  const token = env['GITLAB_TOKEN'] || undefined;
  if (!token && env['CI_JOB_TOKEN']) return { token: env['CI_JOB_TOKEN'], kind: 'job' };
  return { token, kind: 'private' };
}

export async function runDownload(argv: string[], env: NodeJS.ProcessEnv, rawOut: CliOut): Promise<number> {
  const out = safeOut(rawOut);
  const creds = credentials(env);
  let verbose = false;
  try {
    const args = parseDownloadArgs(argv, env);
    if (args === 'help') {
      out.stdout(`${DOWNLOAD_USAGE}\n`);
      return 0;
    }
    verbose = args.verbose;
    if (!creds.token) {
      out.stderr('artifact-flow: no GITLAB_TOKEN or CI_JOB_TOKEN set; trying without a token (public projects only)\n');
    }
    const client = cliClient(args, creds, out);
    return await withInterrupts(out, (signal) => download(client, args, creds.kind, signal, out));
  } catch (e) {
    if (e instanceof UsageError) return reportUsage(e, 'artifact-flow download', DOWNLOAD_USAGE, out);
    return reportFailure(e, creds.token, verbose, out);
  }
}

function cliClient(args: DownloadArgs, creds: Credentials, out: CliOut): GitLabClient {
  const { connectSeconds, idleSeconds } = args;
  return new GitLabClient({
    instanceUrl: args.url,
    token: { get: () => Promise.resolve(creds.token) },
    tokenKind: creds.kind,
    fetch: nodeFetch,
    userAgent: 'artifact-flow-cli',
    timeouts: {
      ...(connectSeconds !== undefined ? { connectMs: connectSeconds * 1000 } : {}),
      ...(idleSeconds !== undefined ? { idleMs: idleSeconds * 1000 } : {}),
    },
    timeoutHints: { connect: '--connect-timeout', idle: '--idle-timeout' },
    ...(args.verbose ? { onLog: (l: string) => out.stderr(`artifact-flow: ${l}\n`) } : {}),
  });
}

/**
 * Runs `work` with SIGINT/SIGTERM aborting it: the download's own clean-up removes its temp files, then the
 * exit code is 130/143.
 */
async function withInterrupts(out: CliOut, work: (signal: AbortSignal) => Promise<number>): Promise<number> {
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
    return await work(ac.signal);
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
}

/** Plan (which job, which archive), then one file (--file) or the whole archive extracted into a folder. */
async function download(
  client: GitLabClient,
  args: DownloadArgs,
  tokenKind: TokenKind,
  signal: AbortSignal,
  out: CliOut,
): Promise<number> {
  const planned = await planArchive(client, args.selector, { tokenKind, signal });
  if (planned.note) out.stderr(`artifact-flow: ${planned.note}\n`);
  if (args.file !== undefined) {
    const bytes = await readArtifactFile(client, planned.archive, args.file, {
      signal,
      ...(args.maxTotalBytes !== undefined ? { maxBytes: args.maxTotalBytes } : {}),
    });
    if (args.outDir === undefined || args.outDir === '-') out.stdout(bytes);
    else await writeOneFile(bytes, args.file, args.outDir, out);
    return 0;
  }
  const { outDir, maxDownloadBytes, maxTotalBytes, maxEntries } = args;
  const target = path.resolve(outDir ?? downloadFolder('.gitlab-artifacts', planned));
  const r = await fetchPlanned(client, planned, target, args.url, {
    signal,
    guard: {
      protect: [{ path: process.cwd(), label: 'the current directory' }],
      origin: outDir !== undefined ? '--out' : 'the default folder',
    },
    ...(maxDownloadBytes !== undefined ? { maxDownloadBytes } : {}),
    ...(maxTotalBytes !== undefined ? { maxTotalBytes } : {}),
    ...(maxEntries !== undefined ? { maxEntries } : {}),
  });
  out.stdout(`Downloaded ${formatBytes(r.downloadedBytes)}; extracted ${describeExtraction(r)} into ${r.target}\n`);
  return 0;
}

/** `--file` with `--out DIR`: the file goes into DIR under its base name, never over an existing file. */
async function writeOneFile(bytes: Uint8Array, file: string, outDir: string, out: CliOut): Promise<void> {
  const dest = path.resolve(outDir, safeDirName(path.posix.basename(file.replace(/\\/g, '/'))));
  const created = await missingAncestors(path.dirname(dest));
  await mkdir(path.dirname(dest), { recursive: true });
  try {
    // 'wx': never replace an existing file (or follow a symlink); we did not create it.
    await writeFile(dest, bytes, { flag: 'wx' });
  } catch (e) {
    await removeIfEmpty(created);
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ArtifactError(
        'target',
        `Refused to write ${dest}: a file of that name already exists there. Nothing was changed. Pick an empty or new folder with --out.`,
        `--file target exists: ${dest}`,
      );
    }
    throw e;
  }
  out.stderr(`artifact-flow: wrote ${formatBytes(bytes.byteLength)} to ${dest}\n`);
}

/** One line for the user (never the token), the refused entries, what to do about the token; exit 1 (130 if cancelled). */
function reportFailure(e: unknown, token: string | undefined, verbose: boolean, out: CliOut): number {
  const report = describeError(e, [token]);
  out.stderr(`artifact-flow: ${report.message}\n`);
  if (e instanceof ArtifactError) {
    for (const r of e.refused.slice(0, 20)) out.stderr(`  refused ${JSON.stringify(r.name)}: ${r.reason}\n`);
    if (e.refused.length > 20) out.stderr(`  … and ${e.refused.length - 20} more\n`);
  }
  if (report.action === 'setToken') {
    out.stderr('artifact-flow: set GITLAB_TOKEN to a personal, project or group access token with read_api\n');
  }
  if (verbose) out.stderr(`artifact-flow: detail: ${report.detail}\n`);
  return report.cancelled ? 130 : 1;
}
