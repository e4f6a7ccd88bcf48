// Names the onboarding shares with package.json (walkthrough id, completion-event context keys) and the one rule for
// when the first-run hint shows. No `vscode` import: the unit tier checks these against the manifest.

/** `contributes.walkthroughs[0].id`; opened as `<publisher>.<name>#<id>`. */
export const WALKTHROUGH_ID = 'gettingStarted';

/** globalState key: the user has opened the pipeline graph at least once (on any workspace). */
export const GRAPH_OPENED_KEY = 'gitlabArtifactFlow.onboarding.graphOpened';

/** Context keys the walkthrough's `onContext:` completion events wait for. */
export const WalkthroughContext = {
  ciFileOpened: 'gitlabArtifactFlow.walkthrough.ciFileOpened',
  graphOpened: 'gitlabArtifactFlow.walkthrough.graphOpened',
} as const;

/** The graph's webview type; a tab's `TabInputWebview.viewType` may carry a prefix before it. */
export const GRAPH_VIEW_TYPE = 'gitlabArtifactFlow.graph';

/** GitLab's default CI file name, and the `<name>.gitlab-ci.yml` files people include. */
export function isCiFileName(fileName: string): boolean {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return /(^|\.)gitlab-ci\.ya?ml$/.test(base);
}

export function isGraphViewType(viewType: string): boolean {
  return viewType === GRAPH_VIEW_TYPE || viewType.endsWith(`-${GRAPH_VIEW_TYPE}`);
}

/** One hint, only for someone who has a CI file and has never seen the graph; never again once they have. */
export function shouldShowHint(state: { graphEverOpened: boolean; workspaceHasCiFile: boolean }): boolean {
  return state.workspaceHasCiFile && !state.graphEverOpened;
}
