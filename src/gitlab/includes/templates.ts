// `include:template` as the instance serves it (GitLab reads lib/gitlab/ci/templates/ at its own version), never
// from a fixed copy. The templates API (`GET /templates/gitlab_ci_ymls/:key`, `{name, content}`) serves top-level
// templates by base name; for the others (`Jobs/…`, most of `Security/…`, `Workflows/…`) the instance expands a
// document that includes just that template (`POST /projects/:id/ci/lint`, `merged_yaml`). Which way is recorded.
import type { FetchVia } from '../../ci/include/fetcher';
import { type FetchContext, IncludeFailure, type Resolved, statusOf, Unavailable } from './context';

const SUFFIX = '.gitlab-ci.yml';
/** The throwaway visible job a template without jobs needs to pass lint; the engine drops it again. */
export const PROBE_JOB = 'artifact-flow-template-probe';

export interface TemplateText {
  text: string;
  /** `api`: the templates API; `lint`: the instance's CI lint expanded it. */
  way: 'api' | 'lint';
  drop?: string[];
}

export async function template(ctx: FetchContext, name: string): Promise<Resolved<TemplateText> & { way: FetchVia }> {
  const r = await ctx.resolution(ctx.key('template', name), () => fetchTemplate(ctx, name));
  return { ...r, way: r.value.way };
}

async function fetchTemplate(ctx: FetchContext, name: string): Promise<TemplateText> {
  const key = name.slice(0, -SUFFIX.length);
  if (!key.includes('/')) {
    try {
      const t = await ctx.client.json<{ content?: string }>(`/templates/gitlab_ci_ymls/${encodeURIComponent(key)}`, {
        signal: ctx.options.signal,
        what: `the template ${name}`,
      });
      if (typeof t.content === 'string') return { text: t.content, way: 'api' };
    } catch (e) {
      statusOf(e);
    }
  }
  return lintTemplate(ctx, name);
}

interface LintAnswer {
  valid?: boolean;
  errors?: string[];
  merged_yaml?: string | null;
}

async function lintTemplate(ctx: FetchContext, name: string): Promise<TemplateText> {
  const project = ctx.options.projectPath;
  if (project === undefined) {
    throw new Unavailable(
      `the templates API does not serve ${name}, and expanding it through CI lint needs the project (--project)`,
    );
  }
  const quoted = JSON.stringify(name);
  const plain = await lint(ctx, project, `include:\n  - template: ${quoted}\n`);
  if (plain.merged_yaml && plain.valid !== false) return { text: plain.merged_yaml, way: 'lint' };
  // A template that defines no visible job is not a valid configuration alone: add one, and drop it again.
  const probed = await lint(
    ctx,
    project,
    `include:\n  - template: ${quoted}\n${PROBE_JOB}:\n  stage: .pre\n  script: [":"]\n`,
  );
  if (probed.merged_yaml) return { text: probed.merged_yaml, way: 'lint', drop: [PROBE_JOB] };
  const first = probed.errors?.[0] ?? plain.errors?.[0];
  if (first && /does not exist|not a valid location/i.test(first)) throw new IncludeFailure(first);
  throw new IncludeFailure(`Included file \`${name}\` is empty or does not exist!`);
}

async function lint(ctx: FetchContext, project: string, content: string): Promise<LintAnswer> {
  try {
    return await ctx.client.json<LintAnswer>(`/projects/${encodeURIComponent(project)}/ci/lint`, {
      method: 'POST',
      body: JSON.stringify({ content }),
      headers: { 'Content-Type': 'application/json' },
      signal: ctx.options.signal,
      what: `CI lint in ${project}`,
    });
  } catch (e) {
    statusOf(e);
    throw new Unavailable(`CI lint in ${project} is not available to this token`);
  }
}
