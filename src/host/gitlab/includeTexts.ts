// The texts of the external includes the analyses fetched, by origin label (`project:grp/lib@v1.2.0:/ci/build.yml`,
// see src/ci/include/fetcher.ts originOf): what the read-only include documents show, exactly the text the engine
// read, so a job's line is the line on screen. No vscode import: tested in plain Node.
import { originOf, type FetchVia, type IncludeFetcher } from '../../ci/include/fetcher';

export interface IncludeText {
  readonly text: string;
  readonly via: FetchVia;
  /** When the cached copy was fetched (ISO time), for a text that came from the cache in offline mode. */
  readonly asOf?: string;
}

/** What to fetch again for an origin label (the IncludeFetcher method and its arguments). */
export type OriginRequest =
  | { readonly kind: 'project'; readonly project: string; readonly ref: string; readonly file: string }
  | { readonly kind: 'remote'; readonly url: string }
  | { readonly kind: 'template'; readonly name: string }
  | { readonly kind: 'component'; readonly address: string };

/** Bounds: a window keeps at most this many texts (GitLab allows 150 includes per pipeline) and characters. */
export const MAX_TEXTS = 600;
export const MAX_TEXT_CHARS = 64 * 1024 * 1024;

/** The request an origin label stands for; undefined for anything that is not one of ours. */
export function parseOrigin(label: string): OriginRequest | undefined {
  // Project paths have no `@`, git refs no `:` (git check-ref-format), so the first of each splits the label.
  const project = /^project:([^@]+)@([^:]+):\/(.+)$/.exec(label);
  if (project) return { kind: 'project', project: project[1]!, ref: project[2]!, file: project[3]! };
  const other = /^(remote|template|component):(.+)$/.exec(label);
  if (!other) return undefined;
  const rest = other[2]!;
  if (other[1] === 'remote') return { kind: 'remote', url: rest };
  if (other[1] === 'template') return { kind: 'template', name: rest };
  return { kind: 'component', address: rest };
}

/** Asks a fetcher for the file an origin label names (a project file at its ref, which may be a commit SHA). */
export function fetchOrigin(fetcher: IncludeFetcher, r: OriginRequest): ReturnType<IncludeFetcher['remote']> {
  switch (r.kind) {
    case 'project':
      return fetcher.project(r.project, r.ref, r.file);
    case 'remote':
      return fetcher.remote(r.url, undefined);
    case 'template':
      return fetcher.template(r.name);
    case 'component':
      return fetcher.component(r.address);
  }
}

export class IncludeTexts {
  /** Insertion order is recency order: a put moves the entry to the end, the oldest go first. */
  private readonly texts = new Map<string, IncludeText>();
  /** `path@ref` → commit: a nested `include:local` is fetched at the commit but labelled with its parent's ref. */
  private readonly commits = new Map<string, string>();
  private chars = 0;

  get size(): number {
    return this.texts.size;
  }

  put(origin: string, entry: IncludeText): void {
    if (entry.text.length > MAX_TEXT_CHARS) return;
    this.delete(origin);
    this.texts.set(origin, entry);
    this.chars += entry.text.length;
    for (const [oldest] of this.texts) {
      if (this.texts.size <= MAX_TEXTS && this.chars <= MAX_TEXT_CHARS) break;
      this.delete(oldest);
    }
  }

  /** Remembers which commit a project's ref named when it was fetched. */
  noteCommit(project: string, ref: string, sha: string): void {
    const key = `${project}@${ref}`;
    this.commits.delete(key);
    this.commits.set(key, sha);
    for (const [oldest] of this.commits) {
      if (this.commits.size <= MAX_TEXTS) break;
      this.commits.delete(oldest);
    }
  }

  get(origin: string): IncludeText | undefined {
    const direct = this.texts.get(origin);
    if (direct) return direct;
    const r = parseOrigin(origin);
    if (r?.kind !== 'project') return undefined;
    const sha = this.commits.get(`${r.project}@${r.ref}`);
    return sha === undefined
      ? undefined
      : this.texts.get(originOf('project', r.file, { path: r.project, ref: sha, sha }));
  }

  clear(): void {
    this.texts.clear();
    this.commits.clear();
    this.chars = 0;
  }

  private delete(origin: string): void {
    const old = this.texts.get(origin);
    if (!old) return;
    this.chars -= old.text.length;
    this.texts.delete(origin);
  }
}
