// A small GitLab REST client over an injected `fetch`: token headers (sent to the instance origin
// only), manual redirects, bounded retries with backoff, 429 + Retry-After, pagination, AbortSignal.
// Redirects live in redirects.ts and the wording of every failure in requestErrors.ts; this file holds the retry loop.
import { Deadline, DEFAULT_TIMEOUTS, type Timeouts } from './deadline';
import { GitLabApiError, redact } from './errors';
import { nextPageUrl, type PageInfo, pageInfo } from './pagination';
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
  type TimeoutHints,
} from './requestErrors';
import type { FetchLike, SleepFn, TokenKind, TokenSource } from './types';

export interface GitLabClientOptions {
  /** Instance URL, optionally with a relative URL root: `https://gitlab.example.com[/gitlab]`. */
  readonly instanceUrl: string;
  readonly token: TokenSource;
  readonly tokenKind?: TokenKind;
  readonly fetch?: FetchLike;
  readonly sleep?: SleepFn;
  /** Retries after the first attempt for 5xx, 429 and network failures (default 3). */
  readonly retries?: number;
  /** First backoff delay; doubles per retry (default 500 ms). */
  readonly backoffMs?: number;
  /** A 429 asking for a longer wait than this fails at once (default 60 s). */
  readonly maxRetryAfterSeconds?: number;
  readonly maxRedirects?: number;
  /** Receives one line per notable event (retry, redirect). Lines are already redacted. */
  readonly onLog?: (line: string) => void;
  readonly userAgent?: string;
  /** Clock for HTTP-date `Retry-After` values (default `Date.now`). */
  readonly now?: () => number;
  /** Connect (until the response starts) and idle (between body reads) timeouts; defaults 30 s and 60 s. */
  readonly timeouts?: Partial<Timeouts>;
  /** How the user changes each timeout, for the message (e.g. `--connect-timeout`). */
  readonly timeoutHints?: TimeoutHints;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'HEAD';
  readonly query?: Query | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly headers?: Readonly<Record<string, string>>;
  /** A request body (JSON text for `POST /projects/:id/ci/lint`); sent again on a retry. */
  readonly body?: string;
  /** Words for the user message, e.g. `the artifacts of job 42`. */
  readonly what?: string | undefined;
}

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

  /**
   * Walks every page: follows `Link rel="next"` (keyset and offset) or `x-next-page`, stops when
   * neither is present. Yields each page's items with its pagination headers.
   */
  async *pages<T>(
    path: string,
    opts: RequestOptions & { perPage?: number; maxPages?: number } = {},
  ): AsyncGenerator<{ items: T[]; info: PageInfo }> {
    let url: string | undefined = this.url(path, { per_page: opts.perPage ?? 100, ...opts.query });
    const maxPages = opts.maxPages ?? 1000;
    const what = opts.what ?? `the list ${this.describe(url)}`;
    // A `Link: rel=next` back to a page already fetched (or a keyset cursor that repeats) would loop forever.
    const fetched = new Set<string>();
    for (let n = 0; url !== undefined; n++) {
      const current: string = url;
      if (n >= maxPages) {
        throw new GitLabApiError(
          'pagination',
          `GitLab returned more than ${maxPages} pages of ${what}; stopped instead of reading on.`,
          `more than ${maxPages} pages from ${this.describe(this.url(path))}`,
        );
      }
      if (fetched.has(current)) {
        throw new GitLabApiError(
          'pagination',
          `GitLab's pagination of ${what} loops back to a page already read; stopped.`,
          `next link repeats ${this.describe(current)} after ${n} pages`,
        );
      }
      fetched.add(current);
      const { query: _q, ...rest } = opts;
      const page: { items: T[]; info: PageInfo; next: string | undefined } = await this.call(
        current,
        rest,
        async (res) => ({
          items: (await res.json()) as T[],
          info: pageInfo(res.headers),
          next: nextPageUrl(res.headers, current),
        }),
      );
      if (!Array.isArray(page.items)) {
        throw new GitLabApiError(
          'other',
          `GitLab sent something other than a list for ${what}.`,
          `non-array page from ${this.describe(current)}`,
        );
      }
      yield { items: page.items, info: page.info };
      if (page.next !== undefined && !this.isInstanceOrigin(page.next)) {
        throw new GitLabApiError(
          'redirect',
          'GitLab sent a pagination link to another host; stopped.',
          `next link for ${this.describe(current)} points to ${new URL(page.next).origin}`,
        );
      }
      url = page.next;
    }
  }

  /** All items of a paginated list. */
  async all<T>(path: string, opts: RequestOptions & { perPage?: number; maxPages?: number } = {}): Promise<T[]> {
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

  private describe(url: string): string {
    return describeUrl(url, this.origin);
  }

  private log(line: string, token: string | undefined): void {
    this.options.onLog?.(redact(line, [token]));
  }
}
