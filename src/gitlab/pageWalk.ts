// Walks a paginated GitLab list one page at a time, refusing the ways a list can go wrong: too many pages, a
// `next` link back to a page already read, a page that is not a list, a `next` link to another host.
import type { PagedRequestOptions, RequestOptions } from './clientOptions';
import { GitLabApiError } from './errors';
import type { Query } from './http';
import { nextPageUrl, type PageInfo, pageInfo } from './pagination';
import { describeUrl } from './requestErrors';

/** The part of GitLabClient a walk uses (named here, not imported, so client.ts can import this file). */
export interface PagedClient {
  readonly instanceUrl: string;
  url(path: string, query?: Query): string;
  isInstanceOrigin(url: string): boolean;
  call<T>(path: string, opts: RequestOptions, consume: (res: Response, attempt: number) => Promise<T>): Promise<T>;
}

/**
 * Walks every page: follows `Link rel="next"` (keyset and offset) or `x-next-page`, stops when
 * neither is present. Yields each page's items with its pagination headers.
 */
export async function* walkPages<T>(
  client: PagedClient,
  path: string,
  opts: PagedRequestOptions = {},
): AsyncGenerator<{ items: T[]; info: PageInfo }> {
  const origin = new URL(client.instanceUrl).origin;
  const describe = (url: string): string => describeUrl(url, origin);
  let url: string | undefined = client.url(path, { per_page: opts.perPage ?? 100, ...opts.query });
  const maxPages = opts.maxPages ?? 1000;
  const what = opts.what ?? `the list ${describe(url)}`;
  // A `Link: rel=next` back to a page already fetched (or a keyset cursor that repeats) would loop forever.
  const fetched = new Set<string>();
  for (let n = 0; url !== undefined; n++) {
    const current: string = url;
    if (n >= maxPages) {
      throw new GitLabApiError(
        'pagination',
        `GitLab returned more than ${maxPages} pages of ${what}; stopped instead of reading on.`,
        `more than ${maxPages} pages from ${describe(client.url(path))}`,
      );
    }
    if (fetched.has(current)) {
      throw new GitLabApiError(
        'pagination',
        `GitLab's pagination of ${what} loops back to a page already read; stopped.`,
        `next link repeats ${describe(current)} after ${n} pages`,
      );
    }
    fetched.add(current);
    const { query: _q, ...rest } = opts;
    const page: { items: T[]; info: PageInfo; next: string | undefined } = await client.call(
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
        `non-array page from ${describe(current)}`,
      );
    }
    yield { items: page.items, info: page.info };
    if (page.next !== undefined && !client.isInstanceOrigin(page.next)) {
      throw new GitLabApiError(
        'redirect',
        'GitLab sent a pagination link to another host; stopped.',
        `next link for ${describe(current)} points to ${new URL(page.next).origin}`,
      );
    }
    url = page.next;
  }
}
