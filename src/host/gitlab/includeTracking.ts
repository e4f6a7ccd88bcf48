// The fetcher each analysis is given in the extension, around the API fetcher of src/gitlab/includes: it records
// every fetched text (for the read-only include documents), counts the fetches (the status bar's progress), and,
// when the instance cannot be reached, answers from the include cache whatever its age, saying "as of" when — a
// graph that keeps its fetched jobs offline, never a graph that silently loses them. Without a token nothing goes
// to the network: the cache answers what it holds and the rest stays "not resolved" with the reason.
// No vscode import: tested in plain Node.
import type { ExternalKind, FetchOutcome, IncludeFetcher } from '../../ci/include/fetcher';
import { originOf } from '../../ci/include/fetcher';
import { messageForStatus } from '../../gitlab/errors';
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
  /** GitLab rejected the stored token during these fetches. */
  tokenRejected?: boolean;
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
  /** GitLab answered 401 to the stored token (the connection then says so and stops using it). */
  readonly onTokenRejected?: () => void;
}

const NOT_CACHED = /not in the include cache/;
/** The client's message for a 401, compared exactly: the one failure whose action is a new token, not a retry. */
const TOKEN_REJECTED = messageForStatus(401, '').message;

type Call = (f: IncludeFetcher) => Promise<FetchOutcome>;
type Fetched = Extract<FetchOutcome, { file: unknown }>;

export function trackingFetcher(o: TrackingOptions): IncludeFetcher {
  const t = new Tracker(o);
  const fetcher: IncludeFetcher = {
    project: (project, ref, file) =>
      t.run(
        'project',
        (f) => f.project(project, ref, file),
        (r) =>
          r.file.project ? originOf('project', file, r.file.project) : `project:${project}@${ref ?? ''}:/${file}`,
      ),
    remote: (url, integrity) =>
      t.run(
        'remote',
        (f) => f.remote(url, integrity),
        () => originOf('remote', url),
      ),
    template: (name) =>
      t.run(
        'template',
        (f) => f.template(name),
        () => originOf('template', name),
      ),
    component: (address) =>
      t.run(
        'component',
        (f) => f.component(address),
        () => originOf('component', address),
      ),
  };
  // A dynamic child's configuration (an artifact of the latest pipeline): asked only when online, never cached.
  const artifact = o.mode === 'online' ? o.online?.artifact?.bind(o.online) : undefined;
  if (artifact) fetcher.artifact = (job, path, ref) => t.counted(() => artifact(job, path, ref));
  fetcher.analysisDone = () => t.done();
  return fetcher;
}

/** One analysis' fetches: how each is answered, what is recorded, and the tally. */
class Tracker {
  private readonly tally: FetchTally;
  private readonly whyNotAsked: string;

  constructor(private readonly o: TrackingOptions) {
    this.tally = {
      instanceUrl: o.instanceUrl,
      mode: o.mode,
      started: 0,
      finished: 0,
      resolved: 0,
      fromCache: 0,
      unresolved: new Map(),
      failed: 0,
    };
    this.whyNotAsked =
      o.mode === 'no-token'
        ? `no GitLab token is set for ${o.instanceUrl}`
        : `${o.instanceUrl} rejected the stored GitLab token`;
    // Nothing is reported until this analysis asks for a file or gives a model (done): the panel and the editor
    // share one session, and an analysis superseded before it fetches must not wipe what the last one found.
  }

  /**
   * The analysis gave a model. One that fetched nothing has no external include (every analysis asks for each of
   * its includes, from the cache at least): its empty tally clears what an earlier analysis said.
   */
  done(): void {
    if (this.tally.started === 0) this.o.onProgress(this.tally);
  }

  /** Counts a fetch as started, then as finished, reporting progress at both. */
  async counted<T>(work: () => Promise<T>): Promise<T> {
    this.tally.started++;
    this.o.onProgress(this.tally);
    try {
      return await work();
    } finally {
      this.tally.finished++;
      this.o.onProgress(this.tally);
    }
  }

  async run(kind: ExternalKind, call: Call, label: (outcome: Fetched) => string): Promise<FetchOutcome> {
    return this.counted(async () => {
      let outcome: FetchOutcome;
      try {
        outcome = await this.answer(kind, call);
      } catch (e) {
        outcome = { unavailable: e instanceof Error ? e.message : String(e) };
      }
      this.record(outcome, label);
      return outcome;
    });
  }

  private record(outcome: FetchOutcome, label: (outcome: Fetched) => string): void {
    const tally = this.tally;
    if ('error' in outcome) {
      tally.failed++;
      return;
    }
    if ('unavailable' in outcome) {
      tally.unresolved.set(outcome.unavailable, (tally.unresolved.get(outcome.unavailable) ?? 0) + 1);
      return;
    }
    const { text, via, asOf, project } = outcome.file;
    this.o.texts.put(label(outcome), { text, via, ...(asOf !== undefined ? { asOf } : {}) });
    if (project) this.o.texts.noteCommit(project.path, project.ref, project.sha);
    if (via !== 'cache') {
      tally.resolved++;
      return;
    }
    tally.fromCache++;
    if (asOf !== undefined && (tally.oldest === undefined || asOf < tally.oldest)) tally.oldest = asOf;
  }

  /** The network first when online (unless the instance was just found unreachable), the cache when it fails. */
  private async answer(kind: ExternalKind, call: Call): Promise<FetchOutcome> {
    const { o } = this;
    if (o.mode !== 'online' || !o.online) return this.fromCache(call, this.whyNotAsked);
    // A remote file's server is not the instance: its failure says nothing about the instance's reachability.
    const instance = kind !== 'remote';
    const down = instance ? o.reachability.downMessage(o.instanceUrl) : undefined;
    if (down !== undefined) {
      this.tally.unreachable = down;
      return this.fromCache(call, `${o.instanceUrl} is unreachable (${down})`);
    }
    const outcome = await call(o.online);
    if (!('unavailable' in outcome) || outcome.unavailable === 'cancelled') {
      if (instance) o.reachability.markUp(o.instanceUrl);
      return outcome;
    }
    if (outcome.unavailable === TOKEN_REJECTED) {
      this.tally.tokenRejected = true;
      o.onTokenRejected?.();
    } else if (instance) {
      o.reachability.markDown(o.instanceUrl, outcome.unavailable);
      this.tally.unreachable = outcome.unavailable;
    }
    return this.fromCache(call, outcome.unavailable);
  }

  /** The cache's answer when the network cannot give one; the reason stays the network's when it has no copy. */
  private async fromCache(call: Call, why: string): Promise<FetchOutcome> {
    const cached = await call(this.o.cached);
    if ('unavailable' in cached && NOT_CACHED.test(cached.unavailable)) return { unavailable: why };
    return cached;
  }
}
