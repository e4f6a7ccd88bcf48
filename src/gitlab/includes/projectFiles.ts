// `include:project` through the REST API: the project's default branch (`GET /projects/:id`), the ref's commit
// (`GET /projects/:id/repository/commits/:ref`), then the file at that commit
// (`GET /projects/:id/repository/files/:file_path/raw?ref=<sha>`). Failures carry GitLab's own messages
// (external/file/project.rb): a project the token cannot see reads as "not found or access denied".
import type { ProjectAt } from '../../ci/include/fetcher';
import { type FetchContext, IncludeFailure, readCapped, type Resolved, statusOf } from './context';

const enc = encodeURIComponent;

export function projectDenied(project: string): string {
  return `Project \`${project}\` not found or access denied! Make sure any includes in the pipeline configuration are correctly defined.`;
}

/** The commit a ref names in a project (undefined ref: the default branch), with the ref's label. */
export async function resolveRef(
  ctx: FetchContext,
  project: string,
  ref: string | undefined,
): Promise<Resolved<ProjectAt>> {
  return ctx.resolution(ctx.key('ref', project, ref ?? ''), async (): Promise<ProjectAt> => {
    const { signal } = ctx.options;
    // A commit SHA (a nested include read at its parent's commit) needs no lookup.
    if (ref !== undefined && /^[0-9a-f]{40}$/.test(ref)) return { path: project, ref, sha: ref };
    let label = ref;
    if (label === undefined) {
      try {
        const p = await ctx.client.json<{ default_branch?: string | null }>(`/projects/${enc(project)}`, {
          signal,
          what: `the project ${project}`,
        });
        label = p.default_branch ?? 'HEAD';
      } catch (e) {
        statusOf(e);
        throw new IncludeFailure(projectDenied(project));
      }
    }
    try {
      const c = await ctx.client.json<{ id: string }>(`/projects/${enc(project)}/repository/commits/${enc(label)}`, {
        signal,
        what: `${project}@${label}`,
      });
      return { path: project, ref: label, sha: c.id };
    } catch (e) {
      if (statusOf(e) === 403) throw new IncludeFailure(projectDenied(project));
      // A 404 is a missing project or a missing ref: tell them apart as GitLab does.
      await projectExists(ctx, project);
      throw new IncludeFailure(`Project \`${project}\` reference \`${label}\` does not exist!`);
    }
  });
}

async function projectExists(ctx: FetchContext, project: string): Promise<void> {
  try {
    await ctx.client.json(`/projects/${enc(project)}`, { signal: ctx.options.signal, what: `the project ${project}` });
  } catch (e) {
    statusOf(e);
    throw new IncludeFailure(projectDenied(project));
  }
}

/** A file's text at a commit, or undefined when the file does not exist there (immutable: cached forever). */
export async function fileAt(
  ctx: FetchContext,
  project: string,
  sha: string,
  path: string,
): Promise<Resolved<string | undefined>> {
  const r = await ctx.content(ctx.key('file', project, sha, path), async () => {
    try {
      const text = await ctx.client.call(
        `/projects/${enc(project)}/repository/files/${enc(path)}/raw`,
        { query: { ref: sha }, signal: ctx.options.signal, what: `${path} in ${project}` },
        (res) => readCapped(res),
      );
      return JSON.stringify({ text });
    } catch (e) {
      if (statusOf(e) === 403) throw new IncludeFailure(projectDenied(project));
      return JSON.stringify({});
    }
  });
  const { text } = JSON.parse(r.value) as { text?: string };
  return { ...r, value: text };
}

/** `include:project` as GitLab reads it: the ref's commit, then the file, each failure with GitLab's message. */
export async function projectFile(
  ctx: FetchContext,
  project: string,
  ref: string | undefined,
  path: string,
): Promise<{ text: string; at: ProjectAt; via: Resolved<unknown>['via']; asOf?: string }> {
  const at = await resolveRef(ctx, project, ref);
  const file = await fileAt(ctx, project, at.value.sha, path);
  if (file.value === undefined) throw new IncludeFailure(`Project \`${project}\` file \`${path}\` does not exist!`);
  if (file.value.trim() === '') throw new IncludeFailure(`Project \`${project}\` file \`${path}\` is empty!`);
  const asOf = at.asOf ?? file.asOf;
  return {
    text: file.value,
    at: at.value,
    via: at.via === 'cache' || file.via === 'cache' ? 'cache' : 'api',
    ...(asOf !== undefined ? { asOf } : {}),
  };
}
