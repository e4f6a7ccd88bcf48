// What every include fetch shares: the client, the cache and its rules (immutable content forever, resolutions
// for a TTL, offline = cache only), and the two ways a fetch ends early — GitLab's own error for the include
// (IncludeFailure), or "this analysis cannot know" (Unavailable: offline without a copy, no token, no network).
import { GitLabApiError } from '../errors';
import type { GitLabClient } from '../client';
import type { FetchLike } from '../types';
import type { FetchVia } from '../../ci/include/fetcher';
import { DEFAULT_TTL_MS, type IncludeCache } from './cache';

/** GitLab's own error for this include: the pipeline would fail with it. */
export class IncludeFailure extends Error {}
/** The answer cannot be known now; the include stays unresolved. */
export class Unavailable extends Error {}

/** GitLab's limit per configuration file; a fetch never reads more than this plus one byte. */
export const MAX_INCLUDE_BYTES = 1024 * 1024;

export interface IncludeFetchOptions {
  /** Absent: no instance is configured; only the cache can answer (in offline mode). */
  readonly client?: GitLabClient | undefined;
  /** The instance URL, part of every cache key (never the token). */
  readonly instanceUrl: string;
  readonly cache?: IncludeCache | undefined;
  /** How long a resolved ref, tag, `~latest`, template or remote file is trusted (default 10 minutes). */
  readonly ttlMs?: number | undefined;
  /** Cache only, whatever the age; the model says "as of" when. */
  readonly offline?: boolean | undefined;
  /** The analysed project (`grp/app`): CI lint runs there for templates the templates API does not serve. */
  readonly projectPath?: string | undefined;
  /** Used for `include:remote` only; it is never given a token. */
  readonly remoteFetch: FetchLike;
  readonly signal?: AbortSignal | undefined;
  readonly now?: (() => number) | undefined;
}

export interface Resolved<T> {
  value: T;
  via: FetchVia;
  asOf?: string;
}

export class FetchContext {
  readonly now: () => number;
  constructor(readonly options: IncludeFetchOptions) {
    this.now = options.now ?? Date.now;
  }

  get client(): GitLabClient {
    if (!this.options.client) throw new Unavailable('no GitLab instance is configured');
    return this.options.client;
  }

  key(...parts: string[]): string {
    return [this.options.instanceUrl, ...parts].join('\n');
  }

  /** Immutable content: cached forever once fetched; offline, only the cache answers. */
  async content(key: string, fetch: () => Promise<string>): Promise<Resolved<string>> {
    const hit = await this.options.cache?.content(key);
    if (hit) {
      return {
        value: hit.value,
        via: this.options.offline ? 'cache' : 'api',
        ...(this.options.offline ? { asOf: new Date(hit.at).toISOString() } : {}),
      };
    }
    if (this.options.offline) throw new Unavailable('offline, and not in the include cache');
    const value = await fetch();
    await this.options.cache?.putContent(key, value).catch(() => undefined);
    return { value, via: 'api' };
  }

  /** A resolution (JSON-able): fresh within the TTL, any age offline. */
  async resolution<T>(key: string, fetch: () => Promise<T>): Promise<Resolved<T>> {
    const hit = await this.options.cache?.resolution(key);
    const ttl = this.options.ttlMs ?? DEFAULT_TTL_MS;
    if (hit && (this.options.offline || this.now() - hit.at < ttl)) {
      const value = JSON.parse(hit.value) as T;
      return this.options.offline
        ? { value, via: 'cache', asOf: new Date(hit.at).toISOString() }
        : { value, via: 'api' };
    }
    if (this.options.offline) throw new Unavailable('offline, and not in the include cache');
    const value = await fetch();
    await this.options.cache?.putResolution(key, JSON.stringify(value)).catch(() => undefined);
    return { value, via: 'api' };
  }
}

/** The HTTP status of a GitLab API failure, or rethrows as Unavailable (network, 5xx, a refused token). */
export function statusOf(e: unknown): 403 | 404 {
  if (e instanceof GitLabApiError && (e.status === 404 || e.status === 403)) return e.status;
  if (e instanceof IncludeFailure || e instanceof Unavailable) throw e;
  throw new Unavailable(e instanceof Error ? e.message : String(e));
}

/** A response body as text, read up to GitLab's 1 MiB limit plus one byte (the engine then reports it too big). */
export async function readCapped(res: Response): Promise<string> {
  return (await readCappedBytes(res)).toString('utf8');
}

export async function readCappedBytes(res: Response): Promise<Buffer> {
  const reader = (res.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value }: { done: boolean; value?: Uint8Array | undefined } = await reader.read();
    if (done || value === undefined) break;
    chunks.push(value);
    size += value.length;
    if (size > MAX_INCLUDE_BYTES) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_INCLUDE_BYTES + 1);
}
