// What the include status item has to say about one analysis' fetches: progress while they run, then — only when
// something is missing or comes from the cache — what and why, with ONE action (set a token, or try the instance
// again). Nothing at all when every include was fetched: the graph shows them. No vscode import (tested in plain
// Node); the words are chosen, translatably, in includeService.ts.
import type { FetchMode, FetchTally } from './includeTracking';

export type IncludeState =
  | { readonly kind: 'progress'; readonly instanceUrl: string; readonly finished: number; readonly started: number }
  | {
      readonly kind: 'degraded';
      readonly instanceUrl: string;
      readonly mode: FetchMode;
      /** Includes left unresolved, and (up to three of) the reasons. */
      readonly missing: number;
      readonly reasons: readonly string[];
      /** Includes answered by the cache, and the oldest copy's time (ISO) when known. */
      readonly fromCache: number;
      readonly oldest?: string;
      /** The instance's failure, when it could not be reached. */
      readonly unreachable?: string;
      /** Without a usable token: set one; otherwise: try the instance again now. */
      readonly action: 'setToken' | 'retry';
    };

/** `10:42` today, `2026-11-29 10:42` another day (local time): "the cache as of …". */
export function asOfLabel(iso: string, now: Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const sameDay =
    d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return sameDay ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** Undefined: nothing to say (no external includes, or all of them fetched from the instance). */
export function summarize(t: FetchTally): IncludeState | undefined {
  if (t.finished < t.started) {
    return { kind: 'progress', instanceUrl: t.instanceUrl, finished: t.finished, started: t.started };
  }
  const missing = [...t.unresolved.values()].reduce((a, b) => a + b, 0);
  if (missing === 0 && t.fromCache === 0) return undefined;
  return {
    kind: 'degraded',
    instanceUrl: t.instanceUrl,
    // A 401 while fetching is the same situation as a token already known to be rejected.
    mode: t.tokenRejected ? 'token-rejected' : t.mode,
    missing,
    reasons: [...t.unresolved.keys()].slice(0, 3),
    fromCache: t.fromCache,
    ...(t.oldest !== undefined ? { oldest: t.oldest } : {}),
    ...(t.unreachable !== undefined ? { unreachable: t.unreachable } : {}),
    action: t.mode === 'online' && !t.tokenRejected ? 'retry' : 'setToken',
  };
}
