// Redirects followed by hand (fetch's `redirect: 'manual'`), so the token goes to the instance origin only:
// GitLab sends artifact downloads on to object storage, which must never see it. Bounded, and a loop stops at once.
import type { Deadline } from './deadline';
import { GitLabApiError } from './errors';
import { authHeader } from './http';
import { describeUrl, type RequestInfo } from './requestErrors';
import type { FetchLike, TokenKind } from './types';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Token query parameters stripped from a redirect to another origin. */
const TOKEN_PARAMS = ['private_token', 'access_token', 'job_token'];

export interface RedirectPolicy {
  readonly fetch: FetchLike;
  readonly maxRedirects: number;
  readonly tokenKind: TokenKind;
  readonly userAgent: string | undefined;
  /** One already-redacted line per redirect. */
  readonly log: (line: string) => void;
}

/** The response that was not a redirect, and the URL it came from (maybe another origin). */
export interface Arrived {
  readonly res: Response;
  readonly url: string;
}

export async function followRedirects(
  policy: RedirectPolicy,
  req: RequestInfo,
  extra: {
    readonly headers?: Readonly<Record<string, string>> | undefined;
    readonly signal?: AbortSignal | undefined;
    readonly body?: string | undefined;
  },
  deadline: Deadline,
): Promise<Arrived> {
  const onInstance = (url: string): boolean => new URL(url).origin === req.origin;
  let url = req.url;
  let method = req.method;
  const visited = new Set<string>();
  for (let hop = 0; hop <= policy.maxRedirects; hop++) {
    visited.add(`${method} ${url}`);
    const headers: Record<string, string> = { ...extra.headers };
    if (policy.userAgent) headers['User-Agent'] = policy.userAgent;
    if (req.token && onInstance(url)) Object.assign(headers, authHeader(policy.tokenKind, req.token));
    const init: RequestInit = { method, headers, redirect: 'manual' };
    if (extra.signal) init.signal = extra.signal;
    // A body goes with the first method only: a 303 turns the request into a GET.
    if (extra.body !== undefined && method !== 'GET') init.body = extra.body;
    deadline.arm('connect');
    const res = await policy.fetch(url, init);
    deadline.disarm();
    const location = res.headers.get('location');
    if (!REDIRECTS.has(res.status) || !location) return { res, url };
    await res.body?.cancel().catch(() => undefined);
    const next = new URL(location, url);
    if (next.protocol !== 'https:' && next.protocol !== 'http:') {
      throw new GitLabApiError(
        'redirect',
        'GitLab redirected the download to an unsupported address.',
        `redirect to ${next.protocol} from ${describeUrl(url, req.origin)}`,
      );
    }
    // Defensive: a foreign origin never gets token query parameters either.
    if (!onInstance(next.href)) for (const p of TOKEN_PARAMS) next.searchParams.delete(p);
    policy.log(
      `redirect ${res.status} from ${describeUrl(url, req.origin)} to ${next.origin}${onInstance(next.href) ? '' : ' (other origin: token not sent)'}`,
    );
    // A 303 says "see other": the next request is a GET whatever the first one was.
    if (res.status === 303) method = 'GET';
    if (visited.has(`${method} ${next.href}`)) {
      throw new GitLabApiError(
        'redirect',
        'The server redirects in a loop; stopped. Try again later or tell your GitLab administrator.',
        `redirect loop: ${describeUrl(url, req.origin)} → ${describeUrl(next.href, req.origin)} again after ${hop + 1} redirects`,
      );
    }
    url = next.href;
  }
  throw new GitLabApiError(
    'redirect',
    'Too many redirects from GitLab.',
    `more than ${policy.maxRedirects} redirects from ${describeUrl(req.url, req.origin)}`,
  );
}
