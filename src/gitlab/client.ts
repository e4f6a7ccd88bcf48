// A small GitLab REST client over an injected `fetch`: token headers (sent to the instance origin
// only), manual redirects, bounded retries with backoff, 429 + Retry-After, pagination, AbortSignal.
// Redirects live in redirects.ts, the wording of every failure in requestErrors.ts, the options in clientOptions.ts
// and the walk over a paginated list in pageWalk.ts; this file holds the retry loop.
import { Deadline, DEFAULT_TIMEOUTS, type Timeouts } from './deadline';
import { GitLabApiError, redact } from './errors';
import type { GitLabClientOptions, PagedRequestOptions, RequestOptions } from './clientOptions';
import { walkPages } from './pageWalk';
import type { PageInfo } from './pagination';
import { buildQuery, defaultSleep, isBrokenConnection, type Query, readSnippet, retryAfterSeconds } from './http';
import { type Arrived, followRedirects, type RedirectPolicy } from './redirects';
import {
  describeRequest,
  describeUrl,
  httpError,
  networkError,
  type RequestInfo,
  storageError,
  throwIfAborted,
  timeoutError,
} from './requestErrors';
import type { FetchLike, SleepFn } from './types';

export type { GitLabClientOptions, PagedRequestOptions, RequestOptions } from './clientOptions';

const RETRY_STATUS = new Set([500, 502, 503, 504]);

/** What an attempt returns when the caller should try again (it has already waited). */
const RETRY = Symbol('retry');
type Attempt<T> = { readonly value: T } | typeof RETRY;

export class GitLabClient {
  readonly instanceUrl: string;
  readonly apiBase: string;
  private readonly origin: string;
  private readonly fetchFn: FetchLike;
  private readonly sleep: SleepFn;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxRetryAfter: number;
  private readonly maxRedirects: number;
  readonly timeouts: Timeouts;

  constructor(private readonly options: GitLabClientOptions) {
    this.instanceUrl = options.instanceUrl.replace(/\/+$/, '');
    this.apiBase = `${this.instanceUrl}/api/v4`;
    this.origin = new URL(this.instanceUrl).origin;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
    this.maxRetryAfter = options.maxRetryAfterSeconds ?? 60;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  }

  /** Absolute API URL for a path below `/api/v4` (or an absolute URL, returned as is). */
  url(path: string, query?: Query): string {
    if (/^https?:\/\//i.test(path)) return path + buildQuery(query);
    return `${this.apiBase}${path.startsWith('/') ? '' : '/'}${path}${buildQuery(query)}`;
  }

  /** True when `url` is on the instance origin (the only origin that may see the token). */
  isInstanceOrigin(url: string): boolean {
    return new URL(url).origin === this.origin;
  }

  /**
   * Sends a request and hands the successful response to `consume`, retrying the whole exchange
   * (including a body that breaks mid-way) on 5xx, 429 and network failures.
   */
  async call<T>(
    path: string,
    opts: RequestOptions,
    consume: (res: Response, attempt: number) => Promise<T>,
  ): Promise<T> {
    const url = this.url(path, opts.query);
    const method = opts.method ?? 'GET';
    const token = await this.options.token.get();
    const req: RequestInfo = {
      method,
      url,
      what: opts.what ?? `${method} ${describeUrl(url, this.origin)}`,
      token,
      origin: this.origin,
    };
    for (let attempt = 0; ; attempt++) {
      throwIfAborted(opts.signal, req);
      // Every attempt runs under its own connect and idle timeouts, linked to the caller's signal.
      const deadline = new Deadline(this.timeouts, opts.signal);
      try {
        const outcome = await this.attempt(req, opts, deadline, attempt, consume);
        if (outcome !== RETRY) return outcome.value;
      } finally {
        deadline.dispose();
      }
    }
  }

  /** One exchange: send (following redirects), then consume the body or judge the refusal. */
  private async attempt<T>(
    req: RequestInfo,
    opts: RequestOptions,
    deadline: Deadline,
    attempt: number,
    consume: (res: Response, attempt: number) => Promise<T>,
  ): Promise<Attempt<T>> {
    let arrived: Arrived;
    try {
      arrived = await followRedirects(
        this.redirectPolicy(req.token),
        req,
        { headers: opts.headers, signal: deadline.signal, body: opts.body },
        deadline,
      );
    } catch (e) {
      if (deadline.fired) throw timeoutError(req, deadline.fired, this.options.timeoutHints);
      if (e instanceof GitLabApiError) throw e;
      throwIfAborted(opts.signal, req);
      return this.retryNetworkError(networkError(req, e), '', attempt, opts.signal, req.token);
    }
    if (!arrived.res.ok) return this.refused(req, arrived, deadline, attempt, opts.signal);
    try {
      return { value: await consume(deadline.watchBody(arrived.res), attempt) };
    } catch (e) {
      if (deadline.fired) throw timeoutError(req, deadline.fired, this.options.timeoutHints);
      if (e instanceof GitLabApiError || opts.signal?.aborted) {
        throwIfAborted(opts.signal, req);
        throw e;
      }
      // Only a broken connection is worth reading the body again; a bug in `consume` is not.
      if (!isBrokenConnection(e)) throw e;
      return this.retryNetworkError(networkError(req, e), 'body interrupted: ', attempt, opts.signal, req.token);
    }
  }

  /** A non-2xx answer: throws the right error, or waits and returns RETRY for 429 and 5xx while attempts remain. */
  private async refused(
    req: RequestInfo,
    arrived: Arrived,
    deadline: Deadline,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<typeof RETRY> {
    const { res } = arrived;
    deadline.arm('idle');
    const body = await readSnippet(res).catch(() => '');
    deadline.disarm();
    if ((res.status === 401 || res.status === 403) && !this.isInstanceOrigin(arrived.url)) {
      throw storageError(req, res, arrived.url, body);
    }
    if (res.status === 429) {
      const wait = retryAfterSeconds(res.headers.get('retry-after'), (this.options.now ?? Date.now)());
      // A Retry-After longer than we are willing to wait fails at once, with the wait in the message.
      if (attempt < this.retries && (wait === undefined || wait <= this.maxRetryAfter)) {
        const ms = wait !== undefined ? wait * 1000 : this.backoffMs * 2 ** attempt;
        this.log(
          `429 from ${describeRequest(req)}; waiting ${ms} ms (attempt ${attempt + 1}/${this.retries + 1})`,
          req.token,
        );
        await this.sleep(ms, signal).catch(() => throwIfAborted(signal, req));
        return RETRY;
      }
      throw httpError(req, res, body, wait);
    }
    if (RETRY_STATUS.has(res.status) && attempt < this.retries) {
      await this.backoff(attempt, `${res.status} from ${describeRequest(req)}`, signal, req.token);
      return RETRY;
    }
    throw httpError(req, res, body, undefined);
  }

  private async retryNetworkError(
    err: GitLabApiError,
    prefix: string,
    attempt: number,
    signal: AbortSignal | undefined,
    token: string | undefined,
  ): Promise<typeof RETRY> {
    if (attempt >= this.retries) throw err;
    await this.backoff(attempt, `${prefix}${err.detail}`, signal, token);
    return RETRY;
  }

  private redirectPolicy(token: string | undefined): RedirectPolicy {
    return {
      fetch: this.fetchFn,
      maxRedirects: this.maxRedirects,
      tokenKind: this.options.tokenKind ?? 'private',
      userAgent: this.options.userAgent,
      log: (line) => this.log(line, token),
    };
  }

  /** GET (or other method) returning parsed JSON. */
  async json<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    return this.call(path, opts, async (res) => {
      if (res.status === 204) return undefined as T;
      return (await res.json()) as T;
    });
  }

  /** Sends a request whose body we do not need (DELETE, POST keep). Returns the status. */
  async send204(path: string, opts: RequestOptions): Promise<number> {
    return this.call(path, opts, async (res) => {
      await res.body?.cancel();
      return res.status;
    });
  }

  /** Every page of a paginated list, with its pagination headers (see pageWalk.ts for what is refused). */
  pages<T>(path: string, opts: PagedRequestOptions = {}): AsyncGenerator<{ items: T[]; info: PageInfo }> {
    return walkPages<T>(this, path, opts);
  }

  /** All items of a paginated list. */
  async all<T>(path: string, opts: PagedRequestOptions = {}): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages<T>(path, opts)) out.push(...page.items);
    return out;
  }

  private async backoff(
    attempt: number,
    reason: string,
    signal: AbortSignal | undefined,
    token: string | undefined,
  ): Promise<void> {
    const ms = this.backoffMs * 2 ** attempt;
    this.log(`${reason}; retrying in ${ms} ms (attempt ${attempt + 2}/${this.retries + 1})`, token);
    try {
      await this.sleep(ms, signal);
    } catch {
      throw new GitLabApiError('cancelled', 'Cancelled.', `cancelled while waiting to retry: ${reason}`);
    }
  }

  private log(line: string, token: string | undefined): void {
    this.options.onLog?.(redact(line, [token]));
  }
}
