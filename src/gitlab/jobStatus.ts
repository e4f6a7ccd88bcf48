// What the graph shows on a job card for the chosen pipeline: status, archive size, expiry. Plain JSON.
import { archiveState } from './artifacts';
import type { ApiJob } from './types';

export interface JobCardStatus {
  readonly jobId: number;
  readonly status: string;
  /** Archive size in bytes; undefined when there is no archive. */
  readonly artifactsSize?: number;
  /** ISO time, when the artifacts expire (absent: kept forever or no archive). */
  readonly expiresAt?: string;
  /** Why there is no archive (expired, still running, none), for the card's tooltip. */
  readonly noArchiveReason?: string;
}

/**
 * Job statuses keyed by job name (parallel `name 1/3` and matrix `name: [a, b]` names as GitLab shows them).
 * When a name appears more than once (retries), the newest job wins.
 */
export function jobCardStatuses(jobs: readonly ApiJob[], nowMs: number): Record<string, JobCardStatus> {
  const out: Record<string, JobCardStatus> = {};
  for (const j of [...jobs].sort((a, b) => a.id - b.id)) {
    const state = archiveState(j, nowMs);
    out[j.name] = {
      jobId: j.id,
      status: j.status,
      ...(j.artifacts_file ? { artifactsSize: j.artifacts_file.size } : {}),
      ...(j.artifacts_file && j.artifacts_expire_at ? { expiresAt: j.artifacts_expire_at } : {}),
      ...(state.available ? {} : { noArchiveReason: state.reason }),
    };
  }
  return out;
}
