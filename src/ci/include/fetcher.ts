// How the engine reads includes that live outside the analysed repository (`project`, `remote`, `template`,
// `component`): through an injected fetcher, so the engine stays pure (no network, no disk). The CLI and the
// extension give one built over the GitLab client and a cache (src/gitlab/includes/); without one, these
// includes stay "not resolved offline", as before.

/** A project at one commit: where a fetched file's own `include:local` entries are read (GitLab's context). */
export interface ProjectAt {
  /** Full path as GitLab knows it (`grp/lib`). */
  path: string;
  /** The ref the include named, or the project's default branch: the label a reader recognises. */
  ref: string;
  /** The commit that ref resolved to: nested files are read at this commit, so the set is consistent. */
  sha: string;
}

/** How the text was obtained: straight from the API, expanded by the instance's CI lint, or from the cache only. */
export type FetchVia = 'api' | 'lint' | 'cache';

export interface FetchedFile {
  text: string;
  /** Set for project and component files. */
  project?: ProjectAt;
  via: FetchVia;
  /** With `via: 'cache'` in offline mode: when the cached answer was fetched (ISO time). */
  asOf?: string;
  /** Top-level keys to drop once loaded (the throwaway job a lint expansion needed). */
  drop?: string[];
  /** For components: the version the reference resolved to (`1.2.3` for `~latest` or `1.2`). */
  version?: string;
}

/**
 * `file`: the text; `error`: GitLab would fail the pipeline with this message; `unavailable`: this analysis cannot
 * know (offline without a cached copy, no token, the instance unreachable) — the include stays unresolved.
 */
export type FetchOutcome = { file: FetchedFile } | { error: string } | { unavailable: string };

export interface IncludeFetcher {
  /** `include:project`; `ref` undefined means the project's default branch. */
  project(project: string, ref: string | undefined, file: string): Promise<FetchOutcome>;
  /** `include:remote`, fetched without any credential; a given `integrity` (`sha256-<base64>`) must match. */
  remote(url: string, integrity: string | undefined): Promise<FetchOutcome>;
  /** `include:template` (`Jobs/Build.gitlab-ci.yml`), as the instance serves it. */
  template(name: string): Promise<FetchOutcome>;
  /** `include:component` (`<fqdn>/<project>/<name>@<version>`). */
  component(address: string): Promise<FetchOutcome>;
  /**
   * A dynamic child pipeline's configuration (`trigger:include: [{artifact, job}]`): the file `path` of the artifacts
   * of the latest successful `job` on the branch or tag `ref` (GitLab's single-file artifact endpoint). It changes
   * with every pipeline, so it is never cached as immutable. Optional: without it, dynamic children stay unknown.
   */
  artifact?(job: string, path: string, ref: string): Promise<FetchOutcome>;
  /**
   * Called by the analysis client (never the engine) when the analysis that used this fetcher gave a model — not
   * when it was superseded or cancelled: a fetcher that reports its fetches can then say an analysis needed none.
   */
  analysisDone?(): void;
}

export type ExternalKind = 'project' | 'remote' | 'template' | 'component';

/** The origin label of a fetched file: its jobs' `file`, and the include's `files` entry. */
export function originOf(kind: ExternalKind, location: string, project?: ProjectAt): string {
  if (kind === 'project' && project) return `project:${project.path}@${project.ref}:/${location.replace(/^\/+/, '')}`;
  return `${kind}:${location}`;
}

/** True for a `file` of the model that names a fetched file rather than a repository path. */
export function isOrigin(file: string): boolean {
  return /^(project|remote|template|component):/.test(file);
}
