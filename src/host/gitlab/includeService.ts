// The window's external includes: the texts fetched so far (for the read-only include documents), which
// instances are unreachable, and one status bar item — progress while includes are fetched in the background,
// then, only when some are missing or come from the cache, one sentence with ONE action (set a token, or try the
// instance again). Never a notification: an analysis runs on every edit.
import * as vscode from 'vscode';
import { Commands } from '../../commands';
import type { IncludeFetcher } from '../../ci/include/fetcher';
import { summarize } from './includeSummary';
import { IncludeTexts } from './includeTexts';
import { type FetchTally, Reachability, type TrackingOptions, trackingFetcher } from './includeTracking';

/** A final state waits this long, so a run of fast (cached) fetches does not flicker the item. */
const SETTLE_MS = 300;

export class IncludeService implements vscode.Disposable {
  readonly texts = new IncludeTexts();
  readonly reachability = new Reachability();
  private readonly item: vscode.StatusBarItem;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The status item's text, for the tests. */
  lastText: string | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('gitlabArtifactFlow.includes', vscode.StatusBarAlignment.Left, 9);
    this.item.name = vscode.l10n.t('GitLab Artifact Flow: External Includes');
  }

  /** The fetcher of one analysis: records texts, reports progress, falls back to the cache (includeTracking.ts). */
  track(o: Omit<TrackingOptions, 'texts' | 'reachability' | 'onProgress'>, quiet = false): IncludeFetcher {
    return trackingFetcher({
      ...o,
      texts: this.texts,
      reachability: this.reachability,
      // A quiet fetcher (an include document opened outside an analysis) leaves the analysis' status alone.
      onProgress: quiet ? () => undefined : (t) => this.show(t),
    });
  }

  /** Forget what is held in memory (the include cache was cleared) and try unreachable instances again. */
  reset(): void {
    this.texts.clear();
    this.reachability.reset();
  }

  private show(t: FetchTally): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const s = summarize(t, new Date(), vscode.l10n);
    const apply = (): void => {
      this.timer = undefined;
      this.lastText = s?.text;
      if (!s) {
        this.item.hide();
        return;
      }
      this.item.text = s.text;
      this.item.tooltip = s.tooltip;
      this.item.command =
        s.action === 'setToken' ? Commands.gitlabSetToken : s.action === 'retry' ? Commands.retryIncludes : undefined;
      this.item.show();
    };
    // Progress shows at once; a final state after a short pause (another fetch may follow).
    if (t.finished < t.started) apply();
    else this.timer = setTimeout(apply, SETTLE_MS);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.item.dispose();
  }
}
