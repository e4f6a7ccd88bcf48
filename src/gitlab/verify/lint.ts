// GitLab's CI lint for a project: `POST /projects/:id/ci/lint` with `content`, `include_jobs: true`, and either
// `dry_run: true` with `ref` (a simulated *push* pipeline on that branch or tag: rules evaluated, jobs as created)
// or a static check (every job of the configuration, with its needs). GitLab's lib/gitlab/ci/lint.rb: the dry run
// lists name, stage, when, allow_failure, scripts, tags and environment, but not needs; the static check adds
// `needs` (`[{name, artifacts, optional}]`) and only/except. Errors and warnings come back as GitLab's own text.
import type { GitLabClient } from '../client';

export interface LintJob {
  name: string;
  stage: string;
  when?: string;
  allow_failure?: boolean;
  /** Static check only: the needs after parallel expansion (null for a stage-scheduled job). */
  needs?: { name: string; artifacts?: boolean; optional?: boolean }[] | null;
}

export interface LintAnswer {
  valid: boolean;
  errors: string[];
  warnings: string[];
  merged_yaml?: string | null;
  jobs: LintJob[];
}

export interface LintRequest {
  /** The project path (`grp/app`) or numeric id. */
  project: string;
  content: string;
  /** A dry run on `ref` (a branch or tag; GitLab's default branch when absent), or a static check. */
  dryRun: boolean;
  ref?: string;
  signal?: AbortSignal;
}

export async function lintConfig(client: GitLabClient, req: LintRequest): Promise<LintAnswer> {
  const body = {
    content: req.content,
    include_jobs: true,
    dry_run: req.dryRun,
    ...(req.dryRun && req.ref !== undefined ? { ref: req.ref } : {}),
  };
  const raw = await client.json<unknown>(`/projects/${encodeURIComponent(req.project)}/ci/lint`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
    ...(req.signal ? { signal: req.signal } : {}),
    what: `CI lint${req.dryRun ? ' (dry run)' : ''} in ${req.project}`,
  });
  return readAnswer(raw);
}

/** The answer, checked field by field: a server that sends something else is not believed to agree. */
export function readAnswer(raw: unknown): LintAnswer {
  if (typeof raw !== 'object' || raw === null || typeof (raw as { valid?: unknown }).valid !== 'boolean') {
    throw new Error('CI lint did not answer with a lint result (no `valid` field)');
  }
  const r = raw as Record<string, unknown>;
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  const jobs = Array.isArray(r['jobs']) ? r['jobs'].flatMap(readJob) : [];
  return {
    valid: r['valid'] as boolean,
    errors: strings(r['errors']),
    warnings: strings(r['warnings']),
    ...(typeof r['merged_yaml'] === 'string' ? { merged_yaml: r['merged_yaml'] } : {}),
    jobs,
  };
}

function readJob(v: unknown): LintJob[] {
  if (typeof v !== 'object' || v === null) return [];
  const j = v as Record<string, unknown>;
  if (typeof j['name'] !== 'string' || typeof j['stage'] !== 'string') return [];
  const job: LintJob = { name: j['name'], stage: j['stage'] };
  if (typeof j['when'] === 'string') job.when = j['when'];
  if (typeof j['allow_failure'] === 'boolean') job.allow_failure = j['allow_failure'];
  if (j['needs'] === null) job.needs = null;
  else if (Array.isArray(j['needs'])) {
    job.needs = j['needs'].flatMap((n: unknown) => {
      if (typeof n === 'string') return [{ name: n }];
      const name = typeof n === 'object' && n !== null ? (n as { name?: unknown }).name : undefined;
      return typeof name === 'string' ? [{ name }] : [];
    });
  }
  return [job];
}
