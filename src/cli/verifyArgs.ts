// Arguments of `artifact-flow verify`: read by readOptions (options.ts) and checked; the instance and project
// may also come from CI_SERVER_URL / CI_PROJECT_PATH or the project folder's git remote (verifyCommand.ts).
import { readOptions, UsageError } from './options';

export interface VerifyArgs {
  path: string;
  format: 'text' | 'json';
  url?: string;
  project?: string;
  /** The branch (--ref) or tag (--tag) GitLab's dry run simulates a push pipeline on; default: the default branch. */
  ref?: { name: string; kind: 'branch' | 'tag' };
  includeCache?: string;
}

export const VERIFY_USAGE = `Usage: artifact-flow verify [PATH] --url URL --project P [--ref BRANCH | --tag TAG]
                            [--format text|json | --json] [--include-cache DIR]

Sends the configuration at PATH (default ./.gitlab-ci.yml) as it is on disk, local includes inlined, to GitLab's
CI lint (POST /projects/:id/ci/lint, a dry run of a push pipeline on the ref, and a static check for needs) and
compares GitLab's verdict and job list (names, stages, when, needs) with ours for that same pipeline.
--url (or CI_SERVER_URL) and --project (or CI_PROJECT_PATH) default to the project folder's git remote; the token
comes from GITLAB_TOKEN (PRIVATE-TOKEN) or CI_JOB_TOKEN (JOB-TOKEN) and goes only to the instance. --ref defaults
to the project's default branch. External includes are read as by \`artifact-flow --url\` (--include-cache).
Exit code: 0 when GitLab agrees, 1 when it differs, 2 for a usage or network error.`;

const VERIFY_OPTIONS = {
  format: { type: 'string' },
  json: { type: 'boolean' },
  url: { type: 'string' },
  project: { type: 'string' },
  ref: { type: 'string' },
  tag: { type: 'string' },
  'include-cache': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseVerifyArgs(argv: readonly string[]): VerifyArgs | 'help' {
  const { values, positionals } = readOptions(argv, VERIFY_OPTIONS, 1);
  if (values.help) return 'help';
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  if (values.json && values.format !== undefined && values.format !== 'json') {
    throw new UsageError('use either --json or --format, not both');
  }
  if (values.ref !== undefined && values.tag !== undefined) throw new UsageError('use either --ref or --tag, not both');
  if (values.url !== undefined && !/^https?:\/\/[^/\s]+/i.test(values.url)) {
    throw new UsageError(`--url must be an http(s) URL, not ${values.url}`);
  }
  for (const [flag, v] of [
    ['--ref', values.ref],
    ['--tag', values.tag],
    ['--project', values.project],
  ] as const) {
    if (v !== undefined && v.trim() === '') throw new UsageError(`${flag} must not be empty`);
  }
  const ref =
    values.tag !== undefined
      ? { name: values.tag, kind: 'tag' as const }
      : values.ref !== undefined
        ? { name: values.ref, kind: 'branch' as const }
        : undefined;
  const includeCache = values['include-cache'];
  return {
    path: positionals[0] ?? '.gitlab-ci.yml',
    format,
    ...(values.url !== undefined ? { url: values.url.replace(/\/+$/, '') } : {}),
    ...(values.project !== undefined ? { project: values.project } : {}),
    ...(ref ? { ref } : {}),
    ...(includeCache !== undefined ? { includeCache } : {}),
  };
}
