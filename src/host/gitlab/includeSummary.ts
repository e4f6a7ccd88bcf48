// What the include status item says about one analysis' fetches: progress while they run, then — only when
// something is missing or old — one sentence and ONE action (set a token, or try the instance again). Nothing at
// all when every include was fetched: the graph shows them. No vscode import (tested in plain Node): the
// translator is passed in (vscode.l10n in the extension), and every text goes through it.
import type { FetchTally } from './includeTracking';

export interface IncludeSummary {
  readonly text: string;
  readonly tooltip: string;
  /** The one action a click runs. */
  readonly action?: 'setToken' | 'retry';
}

/** vscode.l10n's shape: `{0}`-style placeholders. */
export interface Translator {
  t(message: string, ...args: (string | number)[]): string;
}

/** Fills `{0}`-style placeholders, untranslated (the tests, and the fallback of vscode.l10n). */
export const untranslated: Translator = {
  t: (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => String(args[Number(i)] ?? m)),
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
export function summarize(t: FetchTally, now: Date, l10n: Translator = untranslated): IncludeSummary | undefined {
  if (t.finished < t.started) {
    return {
      text: `$(sync~spin) ${l10n.t('GitLab includes {0}/{1}', t.finished, t.started)}`,
      tooltip: l10n.t(
        'Fetching external includes from {0} in the background; the graph updates when they arrive.',
        t.instanceUrl,
      ),
    };
  }
  const missing = [...t.unresolved.values()].reduce((a, b) => a + b, 0);
  if (missing === 0 && t.fromCache === 0) return undefined;
  const asOf = t.oldest === undefined ? undefined : asOfLabel(t.oldest, now);
  const cached =
    t.fromCache === 0
      ? ''
      : asOf === undefined
        ? l10n.t('{0} from the include cache.', t.fromCache)
        : l10n.t('{0} from the include cache as of {1}.', t.fromCache, asOf);
  const lost =
    missing === 0
      ? ''
      : l10n.t(
          '{0} not resolved ({1}): their jobs are missing from the graph.',
          missing,
          [...t.unresolved.keys()].slice(0, 3).join('; '),
        );
  const text =
    missing > 0
      ? `$(warning) ${l10n.t('{0} GitLab includes not resolved', missing)}`
      : asOf === undefined
        ? `$(cloud-offline) ${l10n.t('GitLab includes: cache')}`
        : `$(cloud-offline) ${l10n.t('GitLab includes: cache as of {0}', asOf)}`;
  if (t.mode !== 'online') {
    const why =
      t.mode === 'no-token'
        ? l10n.t('No GitLab token is set for {0}: external includes are not fetched.', t.instanceUrl)
        : l10n.t('{0} rejected the stored GitLab token: external includes are not fetched.', t.instanceUrl);
    return {
      text,
      tooltip: [why, cached, lost, l10n.t('Click to set a GitLab token.')].filter(Boolean).join('\n'),
      action: 'setToken',
    };
  }
  const where = t.unreachable === undefined ? '' : l10n.t('{0} is unreachable ({1}).', t.instanceUrl, t.unreachable);
  return {
    text,
    tooltip: [where, cached, lost, l10n.t('Click to try again now.')].filter(Boolean).join('\n'),
    action: 'retry',
  };
}
