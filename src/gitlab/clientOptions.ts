// What a GitLabClient is configured with and what one request asks for: plain types, kept apart from the retry
// loop in client.ts so the helpers that drive a client (pageWalk.ts) can name them without importing the client.
import type { Timeouts } from './deadline';
import type { Query } from './http';
import type { TimeoutHints } from './requestErrors';
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

/** A request for a paginated list: the page size asked for and how many pages we read at most. */
export type PagedRequestOptions = RequestOptions & { perPage?: number; maxPages?: number };
