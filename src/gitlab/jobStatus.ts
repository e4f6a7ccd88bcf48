// What the graph shows on a job card for the chosen pipeline: status, archive size, expiry (protocol.ts
// JobStatusInfo, plain JSON, posted to the webview as it is).
import { archiveState } from './artifacts';
import type { JobStatusInfo } from '../protocol';
import type { ApiJob } from './types';

/**
 * Job statuses keyed by job name (parallel `name 1/3` and matrix `name: [a, b]` names as GitLab shows them).
 * When a name appears more than once (retries), the newest job wins.
 */
export function jobCardStatuses(jobs: readonly ApiJob[], nowMs: number): Record<string, JobStatusInfo> {
  const out: Record<string, JobStatusInfo> = {};
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
