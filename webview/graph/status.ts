// Real GitLab job statuses on the job cards: formatting and group summaries. Pure (no DOM), unit-tested.
import * as l10n from '@vscode/l10n';
import type { JobStatusInfo, PipelineStatuses } from '../../src/protocol';
import { formatBytes } from '../../src/formatBytes';

/** Sizes as everywhere else in the extension (one definition). */
export { formatBytes };

/** The statuses the card draws with their own colour and glyph; anything else is `other`. */
export type StatusKind = 'success' | 'failed' | 'running' | 'pending' | 'manual' | 'skipped' | 'canceled' | 'other';

const kinds: Record<string, StatusKind> = {
  success: 'success',
  failed: 'failed',
  running: 'running',
  pending: 'pending',
  created: 'pending',
  preparing: 'pending',
  waiting_for_resource: 'pending',
  waiting_for_callback: 'pending',
  scheduled: 'pending',
  manual: 'manual',
  skipped: 'skipped',
  canceled: 'canceled',
  canceling: 'canceled',
};

export function statusKind(status: string): StatusKind {
  return Object.hasOwn(kinds, status) ? (kinds[status] ?? 'other') : 'other';
}

const glyphs: Record<StatusKind, string> = {
  success: '✓',
  failed: '✕',
  running: '↻',
  pending: '…',
  manual: '⚙',
  skipped: '»',
  canceled: '⊘',
  other: '?',
};

export function statusGlyph(kind: StatusKind): string {
  return glyphs[kind];
}

/** What a group shows when its instances differ: the most pressing status first (GitLab's own order). */
const precedence: readonly string[] = [
  'failed',
  'running',
  'canceling',
  'preparing',
  'waiting_for_resource',
  'waiting_for_callback',
  'pending',
  'created',
  'scheduled',
  'manual',
  'canceled',
  'success',
  'skipped',
];

function rank(status: string): number {
  const i = precedence.indexOf(status);
  return i < 0 ? precedence.length : i;
}

/** "expires in 3 days", "expired", or "kept" (no expiry date on an existing archive). */
export function describeExpiry(expiresAt: string | undefined, nowMs: number): string {
  if (expiresAt === undefined) return l10n.t('kept');
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return l10n.t('expiry unknown');
  const ms = at - nowMs;
  if (ms <= 0) return l10n.t('expired');
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) {
    return minutes === 1 ? l10n.t('expires in {0} minute', minutes) : l10n.t('expires in {0} minutes', minutes);
  }
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return hours === 1 ? l10n.t('expires in {0} hour', hours) : l10n.t('expires in {0} hours', hours);
  const days = Math.round(ms / 86_400_000);
  return days === 1 ? l10n.t('expires in {0} day', days) : l10n.t('expires in {0} days', days);
}

/** The artifact line of a job: "archive 1.5 MiB · expires in 3 days", or why there is none. */
export function describeArtifacts(info: JobStatusInfo, nowMs: number): string {
  if (info.artifactsSize !== undefined) {
    const expired = info.expiresAt !== undefined && Date.parse(info.expiresAt) <= nowMs;
    return l10n.t(
      'archive {0} · {1}',
      formatBytes(info.artifactsSize),
      info.noArchiveReason !== undefined && !expired ? info.noArchiveReason : describeExpiry(info.expiresAt, nowMs),
    );
  }
  return info.noArchiveReason !== undefined ? l10n.t('no archive: {0}', info.noArchiveReason) : l10n.t('no archive');
}

export interface NodeStatus {
  /** The status the badge shows (the most pressing one for a group). */
  status: string;
  kind: StatusKind;
  /** Instances with a status, by status, most pressing first. */
  counts: { status: string; count: number }[];
  /** Jobs of the node that have a status in the pipeline, of `total`. */
  known: number;
  total: number;
}

/** The status of a node standing for `names` (one job, or every instance of a group); undefined if none is known. */
export function nodeStatus(names: readonly string[], statuses: PipelineStatuses | null): NodeStatus | undefined {
  if (!statuses) return undefined;
  const counts = new Map<string, number>();
  let known = 0;
  for (const name of names) {
    const info = Object.hasOwn(statuses.jobs, name) ? statuses.jobs[name] : undefined;
    if (!info) continue;
    known++;
    counts.set(info.status, (counts.get(info.status) ?? 0) + 1);
  }
  if (known === 0) return undefined;
  const sorted = [...counts]
    .map(([status, count]) => ({ status, count }))
    .sort((a, b) => rank(a.status) - rank(b.status) || a.status.localeCompare(b.status));
  const status = sorted[0]?.status ?? 'unknown';
  return { status, kind: statusKind(status), counts: sorted, known, total: names.length };
}

/** "failed" for one job; "1 failed, 2 success" for a group (plus "1 not in the pipeline" when some are missing). */
export function statusText(s: NodeStatus): string {
  if (s.total === 1) return s.status;
  const parts = s.counts.map((c) => `${c.count} ${c.status}`);
  if (s.known < s.total) parts.push(l10n.t('{0} not in the pipeline', s.total - s.known));
  return parts.join(', ');
}

/** The accessible label of the badge: "GitLab status: failed" / "GitLab status: 1 failed, 2 success". */
export function statusLabel(s: NodeStatus): string {
  return l10n.t('GitLab status: {0}', statusText(s));
}

/** "2 path conflicts" / "1 path conflict". */
export function conflictLabel(n: number): string {
  return n === 1 ? l10n.t('{0} path conflict', n) : l10n.t('{0} path conflicts', n);
}
