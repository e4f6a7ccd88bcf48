// The window's external includes: the texts fetched so far (for the read-only include documents), which
// instances are unreachable, and one status bar item — progress while includes are fetched in the background,
// then, only when some are missing or come from the cache, one sentence with ONE action (set a token, or try the
// instance again). Never a notification: an analysis runs on every edit.
import * as vscode from 'vscode';
import { Commands } from '../../commands';
import type { IncludeFetcher } from '../../ci/include/fetcher';
import { asOfLabel, type IncludeState, summarize } from './includeSummary';
import { IncludeTexts } from './includeTexts';
import type { GitLabClient } from '../../gitlab/client';
import { createIncludeFetcher } from '../../gitlab/includes/apiFetcher';
import { folderCache, type IncludeCache } from '../../gitlab/includes/cache';
import { nodeFetch } from '../../gitlab/nodeFetch';
import { type FetchMode, type FetchTally, Reachability, trackingFetcher } from './includeTracking';

/** A state waits this long for the next (see show): fast (cached) fetches never flicker the item. */
const SETTLE_MS = 300;

/** Where and how one analysis' includes are fetched (the connection's target, token state and client). */
export interface FetchTarget {
  readonly instanceUrl: string;
  readonly projectPath: string;
  readonly mode: FetchMode;
  /** How long resolutions are trusted (the setting includeRefreshMinutes). */
  readonly ttlMs: number;
  /** The API client (made only when the mode is `online`). */
  readonly client: () => GitLabClient;
  /** GitLab answered 401 to the token while fetching an include. */
  readonly onTokenRejected?: () => void;
}

export class IncludeService implements vscode.Disposable {
  readonly texts = new IncludeTexts();
  readonly reachability = new Reachability();
  private readonly item: vscode.StatusBarItem;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The newest state, and whether the item shows progress now. */
  private latest: IncludeState | undefined;
  private showingProgress = false;
  private folder: IncludeCache | undefined;

  /** `cacheDir`: the include cache's folder, ours alone (inside the extension's global storage). */
  constructor(readonly cacheDir: () => string) {
    this.item = vscode.window.createStatusBarItem('gitlabArtifactFlow.includes', vscode.StatusBarAlignment.Left, 9);
    this.item.name = vscode.l10n.t('GitLab Artifact Flow: External Includes');
  }

  /**
   * The fetcher of one analysis: the API fetcher (online only) and the same over the cache alone, tracked (texts
   * recorded, progress reported, the cache answering when the instance is unreachable: includeTracking.ts). A
   * quiet fetcher (an include document opened outside an analysis) leaves the analysis' status alone.
   */
  fetcher(target: FetchTarget, quiet = false): IncludeFetcher {
    this.folder ??= folderCache(this.cacheDir());
    const base = {
      instanceUrl: target.instanceUrl,
      cache: this.folder,
      projectPath: target.projectPath,
      remoteFetch: nodeFetch,
      ttlMs: target.ttlMs,
    };
    return trackingFetcher({
      instanceUrl: target.instanceUrl,
      mode: target.mode,
      online: target.mode === 'online' ? createIncludeFetcher({ ...base, client: target.client() }) : undefined,
      cached: createIncludeFetcher({ ...base, offline: true }),
      texts: this.texts,
      reachability: this.reachability,
      onProgress: quiet ? () => undefined : (t) => this.show(t),
      ...(target.onTokenRejected ? { onTokenRejected: target.onTokenRejected } : {}),
    });
  }

  /** Forget what is held in memory (the include cache was cleared) and try unreachable instances again. */
  reset(): void {
    this.texts.clear();
    this.reachability.reset();
  }

  private show(t: FetchTally): void {
    this.latest = summarize(t);
    // Progress already on screen keeps counting at once. Anything else waits for a quiet moment: fetches answered
    // from the cache at every keystroke never flash the item, and a run of fetches ends in one final state.
    if (this.latest?.kind === 'progress' && this.showingProgress) {
      this.render();
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.render(), SETTLE_MS);
  }

  private render(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const state = this.latest;
    const words = state && describe(state, new Date());
    this.showingProgress = state?.kind === 'progress';
    if (!state || !words) {
      this.item.hide();
      return;
    }
    this.item.text = words.text;
    this.item.tooltip = words.tooltip;
    this.item.command =
      state.kind !== 'degraded'
        ? undefined
        : state.action === 'setToken'
          ? Commands.gitlabSetToken
          : Commands.retryIncludes;
    this.item.show();
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.item.dispose();
  }
}

/** The status item's words for a state: one line, and a tooltip that says what is missing, why, and what a click does. */
function describe(s: IncludeState, now: Date): { text: string; tooltip: string } {
  if (s.kind === 'progress') {
    return {
      text: `$(sync~spin) ${vscode.l10n.t('GitLab includes {0}/{1}', s.finished, s.started)}`,
      tooltip: vscode.l10n.t(
        'Fetching external includes from {0} in the background; the graph updates when they arrive.',
        s.instanceUrl,
      ),
    };
  }
  const asOf = s.oldest === undefined ? undefined : asOfLabel(s.oldest, now);
  const text =
    s.missing > 0
      ? `$(warning) ${vscode.l10n.t('{0} GitLab includes not resolved', s.missing)}`
      : asOf === undefined
        ? `$(cloud-offline) ${vscode.l10n.t('GitLab includes: cache')}`
        : `$(cloud-offline) ${vscode.l10n.t('GitLab includes: cache as of {0}', asOf)}`;
  const why =
    s.mode === 'no-token'
      ? vscode.l10n.t('No GitLab token is set for {0}: external includes are not fetched.', s.instanceUrl)
      : s.mode === 'token-rejected'
        ? vscode.l10n.t('{0} rejected the stored GitLab token: external includes are not fetched.', s.instanceUrl)
        : s.unreachable !== undefined
          ? vscode.l10n.t('{0} is unreachable ({1}).', s.instanceUrl, s.unreachable)
          : '';
  const cached =
    s.fromCache === 0
      ? ''
      : asOf === undefined
        ? vscode.l10n.t('{0} from the include cache.', s.fromCache)
        : vscode.l10n.t('{0} from the include cache as of {1}.', s.fromCache, asOf);
  const lost =
    s.missing === 0
      ? ''
      : vscode.l10n.t(
          '{0} not resolved ({1}): their jobs are missing from the graph.',
          s.missing,
          s.reasons.join('; '),
        );
  const click =
    s.action === 'setToken' ? vscode.l10n.t('Click to set a GitLab token.') : vscode.l10n.t('Click to try again now.');
  return { text, tooltip: [why, cached, lost, click].filter(Boolean).join('\n') };
}
