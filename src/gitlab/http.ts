// Small HTTP helpers of the GitLab client: query strings, project ids, auth headers, Retry-After, error bodies.
import type { SleepFn, TokenKind } from './types';

export type QueryValue = string | number | boolean | undefined | readonly string[];
export type Query = Readonly<Record<string, QueryValue>>;

export const defaultSleep: SleepFn = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function abortError(): Error {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}

/** Builds a query string; arrays become `key[]=a&key[]=b` as GitLab expects. */
export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      for (const item of v as readonly string[]) parts.push(`${encodeURIComponent(k)}[]=${encodeURIComponent(item)}`);
    } else {
      parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** `:id` for a project: numeric ids as is, paths URL-encoded (`group%2Fsub%2Fproject`). */
export function projectId(project: string | number): string {
  return typeof project === 'number' || /^\d+$/.test(project) ? String(project) : encodeURIComponent(project);
}

export function networkCode(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: string } }).cause;
  return cause?.code ?? (e as { code?: string }).code;
}

/** True when a body read failed because the connection broke (worth another attempt), not because of our own code. */
export function isBrokenConnection(e: unknown): boolean {
  return Boolean(networkCode(e)) || e instanceof TypeError || /terminated|aborted|socket|ECONNRESET/i.test(String(e));
}

export function authHeader(kind: TokenKind, token: string): Record<string, string> {
  if (kind === 'job') return { 'JOB-TOKEN': token };
  if (kind === 'oauth') return { Authorization: `Bearer ${token}` };
  return { 'PRIVATE-TOKEN': token };
}

/** Seconds to wait from a `Retry-After` header (delta-seconds or HTTP date). */
export function retryAfterSeconds(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const s = header.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : Math.max(0, Math.ceil((t - nowMs) / 1000));
}

export async function readSnippet(res: Response): Promise<string> {
  try {
    const text = await res.text();
    let msg = text;
    try {
      const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
      const m = parsed.message ?? parsed.error;
      if (m !== undefined) msg = typeof m === 'string' ? m : JSON.stringify(m);
    } catch {
      // not JSON
    }
    // One line, no control characters: it ends up in logs and terminals.
    // eslint-disable-next-line no-control-regex
    const line = msg.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
    return line.length > 500 ? `${line.slice(0, 500)}…` : line;
  } catch {
    return '';
  }
}
