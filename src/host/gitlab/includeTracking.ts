// The fetcher each analysis is given in the extension, around the API fetcher of src/gitlab/includes: it records
// every fetched text (for the read-only include documents), counts the fetches (the status bar's progress), and,
// when the instance cannot be reached, answers from the include cache whatever its age, saying "as of" when — a
// graph that keeps its fetched jobs offline, never a graph that silently loses them. Without a token nothing goes
// to the network: the cache answers what it holds and the rest stays "not resolved" with the reason.
// No vscode import: tested in plain Node.
import type { ExternalKind, FetchOutcome, IncludeFetcher } from '../../ci/include/fetcher';
import { originOf } from '../../ci/include/fetcher';
import type { IncludeTexts } from './includeTexts';

/** How the instance is asked: `online` (token set), or not at all (`no-token`, `token-rejected`: cache only). */
export type FetchMode = 'online' | 'no-token' | 'token-rejected';

/** After the instance could not be reached, the cache answers alone this long before the network is tried again. */
export const RETRY_AFTER_MS = 60_000;

/** What one analysis' fetches came to: the status bar's numbers. */
export interface FetchTally {
  readonly instanceUrl: string;
  readonly mode: FetchMode;
  started: number;
  finished: number;
  /** Answered by the API (or a fresh cache entry). */
  resolved: number;
  /** Answered by the cache because the instance was unreachable or not asked; `oldest` is the oldest copy's time. */
  fromCache: number;
  oldest?: string;
  /** Could not be known (reason → count). */
  readonly unresolved: Map<string, number>;
  /** GitLab's own error (reported in the Problems panel where the include is). */
  failed: number;
  /** The instance's failure message, when it could not be reached. */
  unreachable?: string;
}

/** The window's include state, shared by every analysis: which instances are unreachable, until when. */
export class Reachability {
  private readonly down = new Map<string, { until: number; message: string }>();
  constructor(private readonly now: () => number = Date.now) {}

  /** The failure message while the instance is considered unreachable. */
  downMessage(instanceUrl: string): string | undefined {
    const d = this.down.get(instanceUrl);
    return d && this.now() < d.until ? d.message : undefined;
  }

  markDown(instanceUrl: string, message: string): void {
    this.down.set(instanceUrl, { until: this.now() + RETRY_AFTER_MS, message });
  }

  markUp(instanceUrl: string): void {
    this.down.delete(instanceUrl);
  }

  /** Try the network again at the next analysis (the status item's "Retry"). */
  reset(): void {
    this.down.clear();
  }
}

export interface TrackingOptions {
  readonly instanceUrl: string;
  readonly mode: FetchMode;
  /** The API fetcher (mode `online` only). */
  readonly online?: IncludeFetcher | undefined;
  /** The same fetcher in offline mode: the include cache only, any age. */
  readonly cached: IncludeFetcher;
  readonly texts: IncludeTexts;
  readonly reachability: Reachability;
  /** Called on every start and end of a fetch, with the analysis' tally so far. */
  readonly onProgress: (tally: FetchTally) => void;
}

const NOT_CACHED = /not in the include cache/;

export function trackingFetcher(o: TrackingOptions): IncludeFetcher {
  const tally: FetchTally = {
    instanceUrl: o.instanceUrl,
    mode: o.mode,
    started: 0,
    finished: 0,
    resolved: 0,
    fromCache: 0,
    unresolved: new Map(),
    failed: 0,
  };
  // A new analysis starts with an empty tally: the status item forgets the previous one.
  o.onProgress(tally);
  const whyNotAsked =
    o.mode === 'no-token'
      ? `no GitLab token is set for ${o.instanceUrl}`
      : `${o.instanceUrl} rejected the stored GitLab token`;

  /** The cache's answer when the network cannot give one; the reason stays the network's when it has no copy. */
  const fromCache = async (call: (f: IncludeFetcher) => Promise<FetchOutcome>, why: string): Promise<FetchOutcome> => {
    const cached = await call(o.cached);
    if ('unavailable' in cached && NOT_CACHED.test(cached.unavailable)) return { unavailable: why };
    return cached;
  };

  const run = async (
    kind: ExternalKind,
    call: (f: IncludeFetcher) => Promise<FetchOutcome>,
    label: (outcome: Extract<FetchOutcome, { file: unknown }>) => string,
  ): Promise<FetchOutcome> => {
    tally.started++;
    o.onProgress(tally);
    let outcome: FetchOutcome;
    try {
      outcome = await answer(kind, call);
    } catch (e) {
      outcome = { unavailable: e instanceof Error ? e.message : String(e) };
    }
    tally.finished++;
    if ('file' in outcome) {
      o.texts.put(label(outcome), {
        text: outcome.file.text,
        via: outcome.file.via,
        ...(outcome.file.asOf !== undefined ? { asOf: outcome.file.asOf } : {}),
      });
      const p = outcome.file.project;
      if (p) o.texts.noteCommit(p.path, p.ref, p.sha);
      if (outcome.file.via === 'cache') {
        tally.fromCache++;
        const asOf = outcome.file.asOf;
        if (asOf !== undefined && (tally.oldest === undefined || asOf < tally.oldest)) tally.oldest = asOf;
      } else tally.resolved++;
    } else if ('error' in outcome) tally.failed++;
    else tally.unresolved.set(outcome.unavailable, (tally.unresolved.get(outcome.unavailable) ?? 0) + 1);
    o.onProgress(tally);
    return outcome;
  };

  const answer = async (
    kind: ExternalKind,
    call: (f: IncludeFetcher) => Promise<FetchOutcome>,
  ): Promise<FetchOutcome> => {
    if (o.mode !== 'online' || !o.online) return fromCache(call, whyNotAsked);
    // A remote file's server is not the instance: its failure says nothing about the instance's reachability.
    const instance = kind !== 'remote';
    const down = instance ? o.reachability.downMessage(o.instanceUrl) : undefined;
    if (down !== undefined) {
      tally.unreachable = down;
      return fromCache(call, `${o.instanceUrl} is unreachable (${down})`);
    }
    const outcome = await call(o.online);
    if (!('unavailable' in outcome) || outcome.unavailable === 'cancelled') {
      if (instance) o.reachability.markUp(o.instanceUrl);
      return outcome;
    }
    if (instance) {
      o.reachability.markDown(o.instanceUrl, outcome.unavailable);
      tally.unreachable = outcome.unavailable;
    }
    return fromCache(call, outcome.unavailable);
  };

  const fetcher: IncludeFetcher = {
    project: (project, ref, file) =>
      run(
        'project',
        (f) => f.project(project, ref, file),
        (r) =>
          r.file.project ? originOf('project', file, r.file.project) : `project:${project}@${ref ?? ''}:/${file}`,
      ),
    remote: (url, integrity) =>
      run(
        'remote',
        (f) => f.remote(url, integrity),
        () => originOf('remote', url),
      ),
    template: (name) =>
      run(
        'template',
        (f) => f.template(name),
        () => originOf('template', name),
      ),
    component: (address) =>
      run(
        'component',
        (f) => f.component(address),
        () => originOf('component', address),
      ),
  };
  // A dynamic child's configuration (an artifact of the latest pipeline): asked only when online, never cached.
  const artifact = o.mode === 'online' ? o.online?.artifact?.bind(o.online) : undefined;
  if (artifact) {
    fetcher.artifact = async (job, path, ref) => {
      tally.started++;
      o.onProgress(tally);
      try {
        return await artifact(job, path, ref);
      } finally {
        tally.finished++;
        o.onProgress(tally);
      }
    };
  }
  return fetcher;
}
