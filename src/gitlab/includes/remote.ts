// `include:remote`: a plain GET with no token, no cookie and no credential of any kind (the URL is public by
// definition, and may be on any host). Redirects are followed by hand, still without credentials; the body is
// read up to GitLab's 1 MiB limit. `integrity: sha256-<base64>` is checked on the bytes: a mismatch fails the
// include and the text is not used. Remote files can change, so they are cached as resolutions (TTL).
import { createHash } from 'node:crypto';
import { type FetchContext, IncludeFailure, readCappedBytes, type Resolved, Unavailable } from './context';

const MAX_REDIRECTS = 5;
const TIMEOUT_MS = 30_000;

export async function remoteFile(
  ctx: FetchContext,
  url: string,
  integrity: string | undefined,
): Promise<Resolved<string>> {
  const r = await ctx.resolution(ctx.key('remote', url), () => fetchRemote(ctx, url));
  if (integrity !== undefined && !matches(integrity, r.value)) {
    throw new IncludeFailure(
      `Remote file \`${url}\` could not be fetched because of an integrity check failure: its SHA-256 is not the \`integrity\` given`,
    );
  }
  return r;
}

function matches(integrity: string, text: string): boolean {
  const m = /^sha256-([A-Za-z0-9+/]+=*)$/.exec(integrity.trim());
  return m !== null && createHash('sha256').update(text, 'utf8').digest('base64') === m[1];
}

async function fetchRemote(ctx: FetchContext, url: string): Promise<string> {
  if (ctx.options.offline) throw new Unavailable('offline, and not in the include cache');
  const signal = ctx.options.signal
    ? AbortSignal.any([ctx.options.signal, AbortSignal.timeout(TIMEOUT_MS)])
    : AbortSignal.timeout(TIMEOUT_MS);
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let res: Response;
    try {
      // No headers at all: whatever the client holds for the instance never goes here.
      res = await ctx.options.remoteFetch(current, { method: 'GET', redirect: 'manual', signal });
    } catch (e) {
      const timeout = signal.aborted && !ctx.options.signal?.aborted;
      throw new IncludeFailure(
        `Remote file \`${url}\` could not be fetched because of ${timeout ? 'a timeout error' : 'a socket error'}!`,
        { cause: e },
      );
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel().catch(() => undefined);
      current = new URL(location, current).href;
      if (!/^https?:$/.test(new URL(current).protocol)) break;
      continue;
    }
    if (res.status >= 400) {
      await res.body?.cancel().catch(() => undefined);
      throw new IncludeFailure(
        `Remote file \`${url}\` could not be fetched because of HTTP code \`${res.status}\` error!`,
      );
    }
    return (await readCappedBytes(res)).toString('utf8');
  }
  throw new IncludeFailure(`Remote file \`${url}\` could not be fetched because of HTTP error!`);
}
