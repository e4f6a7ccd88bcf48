// GitLab pagination headers: offset (`x-next-page`, `x-total`…) and keyset (`Link rel="next"` only).

/** Parses an RFC 8288 `Link` header into `rel → URL`. */
export function parseLinkHeader(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!m || m[1] === undefined || m[2] === undefined) continue;
    const rel = /(?:^|;)\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2]);
    if (!rel?.[1]) continue;
    for (const r of rel[1].trim().split(/\s+/)) out[r.toLowerCase()] = m[1];
  }
  return out;
}

export interface PageInfo {
  readonly page?: number;
  readonly perPage?: number;
  readonly nextPage?: number;
  /** Absent above 10,000 records (GitLab omits it): unknown, not zero. */
  readonly total?: number;
  readonly totalPages?: number;
}

function num(v: string | null): number | undefined {
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function pageInfo(headers: Headers): PageInfo {
  const info: { -readonly [K in keyof PageInfo]: PageInfo[K] } = {};
  const page = num(headers.get('x-page'));
  const perPage = num(headers.get('x-per-page'));
  const nextPage = num(headers.get('x-next-page'));
  const total = num(headers.get('x-total'));
  const totalPages = num(headers.get('x-total-pages'));
  if (page !== undefined) info.page = page;
  if (perPage !== undefined) info.perPage = perPage;
  if (nextPage !== undefined) info.nextPage = nextPage;
  if (total !== undefined) info.total = total;
  if (totalPages !== undefined) info.totalPages = totalPages;
  return info;
}

/**
 * The URL of the next page, or undefined on the last one. Prefers `Link rel="next"` (required for
 * keyset pagination; never build keyset URLs yourself), falls back to `x-next-page` on the current URL.
 */
export function nextPageUrl(headers: Headers, currentUrl: string): string | undefined {
  const next = parseLinkHeader(headers.get('link'))['next'];
  if (next) return new URL(next, currentUrl).href;
  const nextPage = num(headers.get('x-next-page'));
  if (nextPage === undefined) return undefined;
  const u = new URL(currentUrl);
  u.searchParams.set('page', String(nextPage));
  return u.href;
}
