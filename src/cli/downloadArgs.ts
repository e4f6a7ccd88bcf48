// Arguments of `artifact-flow download`: read by readOptions (options.ts, node:util parseArgs), completed from
// the CI_* variables a GitLab job has, and checked before any request is made.
import type { JobSelector } from '../gitlab/downloadPlan';
import { normalizeInstanceUrl } from '../gitlab/remote';
import { readOptions, UsageError } from './options';

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

const DOWNLOAD_OPTIONS = {
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
} as const;

export interface DownloadArgs {
  readonly url: string;
  readonly selector: JobSelector;
  /** `--file`: one file of the archive instead of the whole archive. */
  readonly file: string | undefined;
  /** `--out`; `-` with --file means stdout. */
  readonly outDir: string | undefined;
  readonly maxTotalBytes: number | undefined;
  readonly maxEntries: number | undefined;
  readonly maxDownloadBytes: number | undefined;
  readonly connectSeconds: number | undefined;
  readonly idleSeconds: number | undefined;
  readonly verbose: boolean;
}

/** The checked arguments, or 'help'; throws a UsageError, in the order the flags are listed above. */
export function parseDownloadArgs(argv: readonly string[], env: NodeJS.ProcessEnv): DownloadArgs | 'help' {
  const { values } = readOptions(argv, DOWNLOAD_OPTIONS, 0);
  if (values.help) return 'help';
  const url = normalizeInstanceUrl(values.url ?? env['CI_SERVER_URL'] ?? '');
  if (!url) throw new UsageError('set --url or CI_SERVER_URL to the GitLab instance URL');
  return {
    url,
    selector: jobSelector(values, env),
    file: values.file,
    outDir: values.out,
    maxTotalBytes: positiveInt(values['max-size'], '--max-size'),
    maxEntries: positiveInt(values['max-entries'], '--max-entries'),
    maxDownloadBytes: positiveInt(values['max-download-size'], '--max-download-size'),
    connectSeconds: positiveInt(values['connect-timeout'], '--connect-timeout'),
    idleSeconds: positiveInt(values['idle-timeout'], '--idle-timeout'),
    verbose: values.verbose ?? false,
  };
}

/** Which job: by id, by name in a pipeline (CI_PIPELINE_ID by default), or by name on a ref; exactly one. */
function jobSelector(
  values: { project?: string; 'job-id'?: string; job?: string; ref?: string; pipeline?: string },
  env: NodeJS.ProcessEnv,
): JobSelector {
  const project = values.project ?? env['CI_PROJECT_ID'];
  if (!project) throw new UsageError('--project is required (or CI_PROJECT_ID)');
  const jobId = positiveInt(values['job-id'], '--job-id');
  const jobName = values.job;
  const ref = values.ref;
  // Inside a job, `--job NAME` alone means "that job of this pipeline".
  const pipeline = positiveInt(
    values.pipeline ??
      (jobId === undefined && ref === undefined && jobName !== undefined ? env['CI_PIPELINE_ID'] : undefined),
    '--pipeline',
  );
  const modes = [jobId !== undefined, pipeline !== undefined, ref !== undefined].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('give exactly one of --job-id N, --pipeline ID --job NAME, --ref R --job NAME');
  if ((pipeline !== undefined || ref !== undefined) && !jobName) {
    throw new UsageError('--job NAME is required with --pipeline or --ref');
  }
  if (jobId !== undefined && jobName) throw new UsageError('--job is not used with --job-id');
  if (jobId !== undefined) return { kind: 'id', project, jobId };
  return pipeline !== undefined
    ? { kind: 'name', project, pipeline, name: jobName ?? '' }
    : { kind: 'ref', project, ref: ref ?? '', name: jobName ?? '' };
}

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) <= 0) {
    throw new UsageError(`${flag} must be a positive integer, not ${JSON.stringify(v)}`);
  }
  return Number(v);
}
