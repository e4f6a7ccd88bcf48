// The job cards' real statuses: fetched for the chosen pipeline when the connection changes, when the webview
// (re)appears and, at most every 30 s, after a model update. Only the newest request counts; failures go to the
// log once per distinct error, never to a notification.
import type * as vscode from 'vscode';
import type { DidChangeJobStatusesMessage, JobStatusInfo } from '../../protocol';
import { log } from '../log';

/** Model updates (edits) refetch the job statuses at most this often; a connection change always refetches. */
const statusMaxAgeMs = 30_000;

/** Where the job cards' real statuses come from (the GitLab connection); structural so the panel stays testable. */
export interface JobStatusSource {
  readonly onDidChange: vscode.Event<void>;
  /** Undefined when not connected or there is no pipeline; must not touch the network when not connected. */
  jobCards(
    signal?: AbortSignal,
  ): Promise<{ pipelineId: number; ref?: string; cards: Record<string, JobStatusInfo> } | undefined>;
}

export class StatusFeed {
  private fetch: AbortController | undefined;
  private fetchedAt = 0;
  private lastError: string | undefined;

  constructor(
    private readonly source: JobStatusSource | undefined,
    private readonly post: (m: DidChangeJobStatusesMessage) => void,
  ) {}

  /** Refetches unless a fetch is running or the last one is younger than statusMaxAgeMs. */
  refreshIfStale(): void {
    if (this.fetch === undefined && Date.now() - this.fetchedAt > statusMaxAgeMs) void this.refresh();
  }

  /** Fetches the statuses now (a running fetch is abandoned) and posts them (null when not connected). */
  async refresh(): Promise<void> {
    const source = this.source;
    if (!source) return;
    this.fetch?.abort();
    const controller = new AbortController();
    this.fetch = controller;
    this.fetchedAt = Date.now();
    try {
      const r = await source.jobCards(controller.signal);
      if (controller.signal.aborted || this.fetch !== controller) return;
      this.lastError = undefined;
      this.post({
        type: 'didChangeJobStatuses',
        statuses: r ? { pipelineId: r.pipelineId, ...(r.ref ? { ref: r.ref } : {}), jobs: r.cards } : null,
      });
    } catch (e) {
      if (controller.signal.aborted) return;
      const message = e instanceof Error ? e.message : String(e);
      if (message !== this.lastError) log().warn(`Could not load the pipeline's job statuses: ${message}`);
      this.lastError = message;
    } finally {
      if (this.fetch === controller) this.fetch = undefined;
    }
  }

  dispose(): void {
    this.fetch?.abort();
  }
}
