// A small GitLab REST client over an injected `fetch`: token headers (sent to the instance origin
// only), manual redirects, bounded retries with backoff, 429 + Retry-After, pagination, AbortSignal.
import { Deadline, DEFAULT_TIMEOUTS, type Timeouts, type TimeoutReason } from './deadline';
import { GitLabApiError, messageForStatus, redact } from './errors';
import { nextPageUrl, type PageInfo, pageInfo } from './pagination';
import { authHeader, buildQuery, defaultSleep, networkCode, readSnippet, retryAfterSeconds } from './http';
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
  readonly timeoutHints?: { readonly connect: string; readonly idle: string };
}

export type QueryValue = string | number | boolean | undefined | readonly string[];
export type Query = Readonly<Record<string, QueryValue>>;

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'HEAD';
  readonly query?: Query | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly headers?: Readonly<Record<string, string>>;
  /** Words for the user message, e.g. `the artifacts of job 42`. */
  readonly what?: string | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRY_STATUS = new Set([500, 502, 503, 504]);

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
  async call<T>(path: string, opts: RequestOptions, consume: (res: Response, attempt: number) => Promise<T>): Promise<T> {
    const url = this.url(path, opts.query);
    const method = opts.method ?? 'GET';
    const what = opts.what ?? `${method} ${this.describe(url)}`;
    const token = await this.options.token.get();
    for (let attempt = 0; ; attempt++) {
      this.throwIfAborted(opts.signal, method, url, token);
      // Every attempt runs under its own connect and idle timeouts, linked to the caller's signal.
      const deadline = new Deadline(this.timeouts, opts.signal);
      try {
        let sent: { res: Response; url: string };
        try {
          sent = await this.send(url, method, { ...opts, signal: deadline.signal }, token, deadline);
        } catch (e) {
          if (deadline.fired) throw this.timeoutError(deadline.fired, method, url, what, token);
          if (e instanceof GitLabApiError) throw e;
          if (opts.signal?.aborted) this.throwIfAborted(opts.signal, method, url, token);
          const err = this.networkError(e, method, url, what, token);
          if (attempt < this.retries) {
            await this.backoff(attempt, `${err.detail}`, opts.signal, token);
            continue;
          }
          throw err;
        }
        const res = sent.res;
        if (res.ok) {
          try {
            return await consume(deadline.watchBody(res), attempt);
          } catch (e) {
            if (deadline.fired) throw this.timeoutError(deadline.fired, method, url, what, token);
            if (e instanceof GitLabApiError || opts.signal?.aborted) {
              this.throwIfAborted(opts.signal, method, url, token);
              throw e;
            }
            if (!networkCode(e) && !(e instanceof TypeError) && !/terminated|aborted|socket|ECONNRESET/i.test(String(e))) throw e;
            const err = this.networkError(e, method, url, what, token);
            if (attempt < this.retries) {
              await this.backoff(attempt, `body interrupted: ${err.detail}`, opts.signal, token);
              continue;
            }
            throw err;
          }
        }
        deadline.arm('idle');
        const body = await readSnippet(res).catch(() => '');
        deadline.disarm();
        if ((res.status === 401 || res.status === 403) && !this.isInstanceOrigin(sent.url)) {
          // Object storage (S3, GCS…) after GitLab's redirect: the token never goes there, so it cannot be the cause.
          throw new GitLabApiError(
            'storage',
            `The storage server GitLab sent ${what} to refused the download link (${res.status}). Your GitLab token was not sent there and is not the cause: the signed link may have expired, or the instance's object storage is misconfigured. Try again; if it keeps failing, tell your GitLab administrator.`,
            redact(`${method} ${this.describe(sent.url)} → ${res.status} ${res.statusText} (storage origin, no token sent): ${body}`, [token]),
            res.status,
          );
        }
        if (res.status === 429) {
          const wait = retryAfterSeconds(res.headers.get('retry-after'), (this.options.now ?? Date.now)());
          if (attempt < this.retries && (wait === undefined || wait <= this.maxRetryAfter)) {
            const ms = wait !== undefined ? wait * 1000 : this.backoffMs * 2 ** attempt;
            this.log(`429 from ${method} ${this.describe(url)}; waiting ${ms} ms (attempt ${attempt + 1}/${this.retries + 1})`, token);
            await this.sleep(ms, opts.signal).catch(() => this.throwIfAborted(opts.signal, method, url, token));
            continue;
          }
          throw this.httpError(res, body, method, url, what, token, wait);
        }
        if (RETRY_STATUS.has(res.status) && attempt < this.retries) {
          await this.backoff(attempt, `${res.status} from ${method} ${this.describe(url)}`, opts.signal, token);
          continue;
        }
        throw this.httpError(res, body, method, url, what, token, undefined);
      } finally {
        deadline.dispose();
      }
    }
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
  async *pages<T>(path: string, opts: RequestOptions & { perPage?: number; maxPages?: number } = {}): AsyncGenerator<{ items: T[]; info: PageInfo }> {
    let url: string | undefined = this.url(path, { per_page: opts.perPage ?? 100, ...opts.query });
    const maxPages = opts.maxPages ?? 1000;
    const what = opts.what ?? `the list ${this.describe(url)}`;
    // A `Link: rel=next` back to a page already fetched (or a keyset cursor that repeats) would loop forever.
    const fetched = new Set<string>();
    for (let n = 0; url !== undefined; n++) {
      const current: string = url;
      if (n >= maxPages) {
        throw new GitLabApiError('pagination', `GitLab returned more than ${maxPages} pages of ${what}; stopped instead of reading on.`, `more than ${maxPages} pages from ${this.describe(this.url(path))}`);
      }
      if (fetched.has(current)) {
        throw new GitLabApiError('pagination', `GitLab's pagination of ${what} loops back to a page already read; stopped.`, `next link repeats ${this.describe(current)} after ${n} pages`);
      }
      fetched.add(current);
      const { query: _q, ...rest } = opts;
      const page: { items: T[]; info: PageInfo; next: string | undefined } = await this.call(current, rest, async (res) => ({
        items: (await res.json()) as T[],
        info: pageInfo(res.headers),
        next: nextPageUrl(res.headers, current),
      }));
      if (!Array.isArray(page.items)) throw new GitLabApiError('other', `GitLab sent something other than a list for ${what}.`, `non-array page from ${this.describe(current)}`);
      yield { items: page.items, info: page.info };
      if (page.next !== undefined && !this.isInstanceOrigin(page.next)) {
        throw new GitLabApiError('redirect', 'GitLab sent a pagination link to another host; stopped.', `next link for ${this.describe(current)} points to ${new URL(page.next).origin}`);
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

  /** Follows redirects by hand so the token goes to the instance origin only; bounded, and a loop stops at once. */
  private async send(startUrl: string, startMethod: string, opts: RequestOptions, token: string | undefined, deadline: Deadline): Promise<{ res: Response; url: string }> {
    let url = startUrl;
    let method = startMethod;
    const visited = new Set<string>();
    for (let hop = 0; hop <= this.maxRedirects; hop++) {
      visited.add(`${method} ${url}`);
      const headers: Record<string, string> = { ...opts.headers };
      if (this.options.userAgent) headers['User-Agent'] = this.options.userAgent;
      if (token && this.isInstanceOrigin(url)) Object.assign(headers, authHeader(this.options.tokenKind ?? 'private', token));
      const init: RequestInit = { method, headers, redirect: 'manual' };
      if (opts.signal) init.signal = opts.signal;
      deadline.arm('connect');
      const res = await this.fetchFn(url, init);
      deadline.disarm();
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location) return { res, url };
      await res.body?.cancel().catch(() => undefined);
      const next = new URL(location, url);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') {
        throw new GitLabApiError('redirect', 'GitLab redirected the download to an unsupported address.', `redirect to ${next.protocol} from ${this.describe(url)}`);
      }
      if (!this.isInstanceOrigin(next.href)) {
        // Defensive: a foreign origin never gets token query parameters either.
        for (const p of ['private_token', 'access_token', 'job_token']) next.searchParams.delete(p);
      }
      this.log(`redirect ${res.status} from ${this.describe(url)} to ${next.origin}${this.isInstanceOrigin(next.href) ? '' : ' (other origin: token not sent)'}`, token);
      if (res.status === 303) method = 'GET';
      if (visited.has(`${method} ${next.href}`)) {
        throw new GitLabApiError('redirect', 'The server redirects in a loop; stopped. Try again later or tell your GitLab administrator.', `redirect loop: ${this.describe(url)} → ${this.describe(next.href)} again after ${hop + 1} redirects`);
      }
      url = next.href;
    }
    throw new GitLabApiError('redirect', 'Too many redirects from GitLab.', `more than ${this.maxRedirects} redirects from ${this.describe(startUrl)}`);
  }

  private timeoutError(reason: TimeoutReason, method: string, url: string, what: string, token: string | undefined): GitLabApiError {
    const s = Math.max(1, Math.round(reason.ms / 1000));
    const hints = this.options.timeoutHints ?? { connect: 'the connect timeout', idle: 'the idle timeout' };
    const message =
      reason.phase === 'connect'
        ? `GitLab did not answer within ${s} s (connect timeout) for ${what}. Check the instance URL and your network, then try again; on a slow network raise ${hints.connect}.`
        : `The connection stalled: no data for ${s} s (idle timeout) while reading ${what}. Try again; on a slow network raise ${hints.idle}.`;
    return new GitLabApiError('timeout', message, redact(`${method} ${this.describe(url)}: ${reason.message}`, [token]));
  }

  private async backoff(attempt: number, reason: string, signal: AbortSignal | undefined, token: string | undefined): Promise<void> {
    const ms = this.backoffMs * 2 ** attempt;
    this.log(`${reason}; retrying in ${ms} ms (attempt ${attempt + 2}/${this.retries + 1})`, token);
    try {
      await this.sleep(ms, signal);
    } catch {
      throw new GitLabApiError('cancelled', 'Cancelled.', `cancelled while waiting to retry: ${reason}`);
    }
  }

  private throwIfAborted(signal: AbortSignal | undefined, method: string, url: string, token: string | undefined): void {
    if (signal?.aborted) throw new GitLabApiError('cancelled', 'Cancelled.', redact(`${method} ${this.describe(url)} cancelled`, [token]));
  }

  private networkError(e: unknown, method: string, url: string, what: string, token: string | undefined): GitLabApiError {
    const code = networkCode(e);
    const cause = (e as { cause?: unknown }).cause;
    const text = (e instanceof Error ? e.message : String(e)) + (cause instanceof Error ? `: ${cause.message}` : '');
    return new GitLabApiError(
      'network',
      `Could not reach GitLab for ${what}${code ? ` (${code})` : ''}. Check the instance URL and your network.`,
      redact(`${method} ${this.describe(url)}: ${text}${code ? ` [${code}]` : ''}`, [token]),
    );
  }

  private httpError(res: Response, body: string, method: string, url: string, what: string, token: string | undefined, wait: number | undefined): GitLabApiError {
    const m = messageForStatus(res.status, what);
    let message = m.message;
    if (res.status === 401 && !token) message = 'No GitLab token is set. Set a GitLab token.';
    if (res.status === 429 && wait !== undefined) message = `GitLab is rate-limiting requests (429). Try again in ${wait} s.`;
    const rl = ['ratelimit-name', 'ratelimit-remaining', 'ratelimit-reset']
      .map((h) => (res.headers.get(h) !== null ? `${h}=${res.headers.get(h)}` : ''))
      .filter(Boolean)
      .join(' ');
    const detail = redact(`${method} ${this.describe(url)} → ${res.status} ${res.statusText}${rl ? ` (${rl})` : ''}: ${body}`, [token]);
    return new GitLabApiError(m.kind, redact(message, [token]), detail, res.status, m.action, wait);
  }

  /** A URL for logs: API-relative when on the instance, origin + path elsewhere; never the query of a foreign URL. */
  private describe(url: string): string {
    const u = new URL(url);
    if (u.origin === this.origin) return redact(u.pathname.replace(/^.*?\/api\/v4/, '') + u.search);
    return `${u.origin}${u.pathname}`;
  }

  private log(line: string, token: string | undefined): void {
    this.options.onLog?.(redact(line, [token]));
  }
}
