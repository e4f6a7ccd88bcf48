// A dynamic child pipeline's configuration (`trigger:include: [{artifact: gen.yml, job: generate}]`), read from
// GitLab's single-file artifact endpoint by ref and job name:
// `GET /projects/:id/jobs/artifacts/:ref_name/raw/*artifact_path?job=<name>`. GitLab serves the file from the
// latest successful pipeline of that branch or tag, so the answer changes with every pipeline: it is kept for one
// minute only (every keystroke re-analyses; without this each one would cost a request), never answered offline
// (there is no "as of" copy to trust), and it is read up to the 1 MiB CI file limit.
import { type FetchContext, IncludeFailure, readCapped, statusOf, Unavailable } from './context';

const enc = encodeURIComponent;

/** How long a fetched generated configuration is reused: long enough for a burst of typing, short against new pipelines. */
export const ARTIFACT_REUSE_MS = 60_000;

/** The artifact path as URL segments: each segment encoded, the slashes kept (GitLab's `*artifact_path`). */
function pathSegments(path: string): string {
  return path
    .replace(/^\/+/, '')
    .split('/')
    .map((s) => enc(s))
    .join('/');
}

export async function artifactFile(ctx: FetchContext, job: string, path: string, ref: string): Promise<string> {
  if (ctx.options.offline) {
    throw new Unavailable('offline: a generated configuration changes with every pipeline and is never cached');
  }
  const project = ctx.options.projectPath;
  if (project === undefined) {
    throw new Unavailable(`reading ${path} from the artifacts of ${job} needs the project (--project)`);
  }
  const key = ctx.key('artifact', project, ref, job, path);
  const hit = await ctx.options.cache?.resolution(key);
  if (hit && ctx.now() - hit.at < ARTIFACT_REUSE_MS) return JSON.parse(hit.value) as string;
  try {
    const text = await ctx.client.call(
      `/projects/${enc(project)}/jobs/artifacts/${enc(ref)}/raw/${pathSegments(path)}`,
      { query: { job }, signal: ctx.options.signal, what: `${path} from the artifacts of ${job} on ${ref}` },
      (res) => readCapped(res),
    );
    await ctx.options.cache?.putResolution(key, JSON.stringify(text)).catch(() => undefined);
    return text;
  } catch (e) {
    const status = statusOf(e);
    if (status === 403) throw new Unavailable(`the token may not read the artifacts of ${job} in ${project}`);
    throw new IncludeFailure(
      `\`${path}\` is not in the artifacts of the latest successful \`${job}\` job on \`${ref}\` (no such job, pipeline or file)`,
    );
  }
}
