// The failures of one GitLab request, worded for the user (message) and for the log (detail). Every string
// passes through `redact` with the request's token, and URLs are described without a foreign query string.
import type { TimeoutReason } from './deadline';
import { GitLabApiError, messageForStatus, redact } from './errors';
import { networkCode } from './http';

/** What a request was, as the messages need it. */
export interface RequestInfo {
  readonly method: string;
  readonly url: string;
  /** Words for the user message, e.g. `the artifacts of job 42`. */
  readonly what: string;
  /** Redacted from everything written here. */
  readonly token: string | undefined;
  /** The instance origin: its URLs are described API-relative. */
  readonly origin: string;
}

/** How the user changes each timeout, for the message (e.g. `--connect-timeout`). */
export interface TimeoutHints {
  readonly connect: string;
  readonly idle: string;
}

const DEFAULT_HINTS: TimeoutHints = { connect: 'the connect timeout', idle: 'the idle timeout' };

/** A URL for logs: API-relative when on the instance, origin + path elsewhere; never the query of a foreign URL. */
export function describeUrl(url: string, origin: string): string {
  const u = new URL(url);
  if (u.origin === origin) return redact(u.pathname.replace(/^.*?\/api\/v4/, '') + u.search);
  return `${u.origin}${u.pathname}`;
}

/** `METHOD /path` of a request, for log lines. */
export function describeRequest(req: RequestInfo): string {
  return `${req.method} ${describeUrl(req.url, req.origin)}`;
}

export function throwIfAborted(signal: AbortSignal | undefined, req: RequestInfo): void {
  if (signal?.aborted) {
    throw new GitLabApiError('cancelled', 'Cancelled.', redact(`${describeRequest(req)} cancelled`, [req.token]));
  }
}

export function timeoutError(
  req: RequestInfo,
  reason: TimeoutReason,
  hints: TimeoutHints = DEFAULT_HINTS,
): GitLabApiError {
  const s = Math.max(1, Math.round(reason.ms / 1000));
  const message =
    reason.phase === 'connect'
      ? `GitLab did not answer within ${s} s (connect timeout) for ${req.what}. Check the instance URL and your network, then try again; on a slow network raise ${hints.connect}.`
      : `The connection stalled: no data for ${s} s (idle timeout) while reading ${req.what}. Try again; on a slow network raise ${hints.idle}.`;
  return new GitLabApiError('timeout', message, redact(`${describeRequest(req)}: ${reason.message}`, [req.token]));
}

export function networkError(req: RequestInfo, e: unknown): GitLabApiError {
  const code = networkCode(e);
  const cause = (e as { cause?: unknown }).cause;
  const text = (e instanceof Error ? e.message : String(e)) + (cause instanceof Error ? `: ${cause.message}` : '');
  return new GitLabApiError(
    'network',
    `Could not reach GitLab for ${req.what}${code ? ` (${code})` : ''}. Check the instance URL and your network.`,
    redact(`${describeRequest(req)}: ${text}${code ? ` [${code}]` : ''}`, [req.token]),
  );
}

/**
 * A 401/403 from object storage (S3, GCS…) after GitLab's redirect: the token never goes there, so it cannot be
 * the cause, and the message must not send the user to replace it.
 */
export function storageError(req: RequestInfo, res: Response, finalUrl: string, body: string): GitLabApiError {
  return new GitLabApiError(
    'storage',
    `The storage server GitLab sent ${req.what} to refused the download link (${res.status}). Your GitLab token was not sent there and is not the cause: the signed link may have expired, or the instance's object storage is misconfigured. Try again; if it keeps failing, tell your GitLab administrator.`,
    redact(
      `${req.method} ${describeUrl(finalUrl, req.origin)} → ${res.status} ${res.statusText} (storage origin, no token sent): ${body}`,
      [req.token],
    ),
    res.status,
  );
}

/** Any other refusal from GitLab; `wait` is the Retry-After of a 429 we did not wait for. */
export function httpError(req: RequestInfo, res: Response, body: string, wait: number | undefined): GitLabApiError {
  const m = messageForStatus(res.status, req.what);
  let message = m.message;
  if (res.status === 401 && !req.token) message = 'No GitLab token is set. Set a GitLab token.';
  if (res.status === 429 && wait !== undefined) {
    message = `GitLab is rate-limiting requests (429). Try again in ${wait} s.`;
  }
  const rl = ['ratelimit-name', 'ratelimit-remaining', 'ratelimit-reset']
    .map((h) => (res.headers.get(h) !== null ? `${h}=${res.headers.get(h)}` : ''))
    .filter(Boolean)
    .join(' ');
  const detail = redact(`${describeRequest(req)} → ${res.status} ${res.statusText}${rl ? ` (${rl})` : ''}: ${body}`, [
    req.token,
  ]);
  return new GitLabApiError(m.kind, redact(message, [req.token]), detail, res.status, m.action, wait);
}
