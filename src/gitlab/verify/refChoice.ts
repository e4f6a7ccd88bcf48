// Which ref "Compare with GitLab" simulates a push pipeline on: the one asked for, else the working copy's branch
// when GitLab has it (a dry run on a branch GitLab does not know would be GitLab's error, not a difference), else
// the project's default branch — and the default branch itself, which rules compare against.
import type { PipelineContext } from '../../ci/model';
import type { GitLabClient } from '../client';
import { GitLabApiError } from '../errors';

export interface RefChoice {
  ref: string;
  refKind: 'branch' | 'tag';
  defaultBranch: string;
  /** Why the working copy's branch was not used, when it was not. */
  note?: string;
}

export async function chooseRef(
  client: GitLabClient,
  project: string,
  wanted: { name: string; kind: 'branch' | 'tag'; explicit: boolean } | undefined,
  signal?: AbortSignal,
): Promise<RefChoice> {
  const enc = encodeURIComponent(project);
  const opts = signal ? { signal } : {};
  const p = await client.json<{ default_branch?: unknown }>(`/projects/${enc}`, {
    ...opts,
    what: `the project ${project}`,
  });
  const defaultBranch = typeof p.default_branch === 'string' && p.default_branch !== '' ? p.default_branch : 'main';
  if (!wanted || wanted.name === defaultBranch) return { ref: defaultBranch, refKind: 'branch', defaultBranch };
  if (wanted.explicit) return { ref: wanted.name, refKind: wanted.kind, defaultBranch };
  try {
    await client.json(`/projects/${enc}/repository/branches/${encodeURIComponent(wanted.name)}`, {
      ...opts,
      what: `the branch ${wanted.name}`,
    });
    return { ref: wanted.name, refKind: 'branch', defaultBranch };
  } catch (e) {
    if (!(e instanceof GitLabApiError && e.kind === 'notFound')) throw e;
    return {
      ref: defaultBranch,
      refKind: 'branch',
      defaultBranch,
      note: `The branch ${wanted.name} is not on GitLab (not pushed yet?), so the comparison is for the default branch ${defaultBranch}.`,
    };
  }
}

/** Our pipeline for the same context as GitLab's dry run: a push on that branch or tag of that project. */
export function pushContext(choice: RefChoice, projectPath: string, serverUrl: string): PipelineContext {
  return {
    source: 'push',
    refKind: choice.refKind,
    ...(choice.refKind === 'tag' ? { tag: choice.ref } : { branch: choice.ref }),
    defaultBranch: choice.defaultBranch,
    variables: {},
    projectPath,
    serverUrl,
  };
}
