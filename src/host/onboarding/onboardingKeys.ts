// Names the onboarding shares with package.json (walkthrough id, completion-event context keys) and the one rule for
// when the first-run hint shows. No `vscode` import: the unit tier checks these against the manifest.

/** `contributes.walkthroughs[0].id`; opened as `<publisher>.<name>#<id>`. */
export const WALKTHROUGH_ID = 'gettingStarted';

/** globalState key: the user has opened the pipeline graph at least once (on any workspace). */
export const GRAPH_OPENED_KEY = 'gitlabArtifactFlow.onboarding.graphOpened';

/**
 * Context keys the walkthrough's `onContext:` completion events wait for, each set by the user's real action: a CI
 * file in the editor, the graph's tab, a job's hover card shown in the graph, the pipeline type changed in the
 * graph's selector. VS Code ticks a step when its key becomes true, and also when the key is already true when the
 * walkthrough is registered; the keys live for the window (a step once ticked stays ticked in VS Code's storage).
 */
export const WalkthroughContext = {
  ciFileOpened: 'gitlabArtifactFlow.walkthrough.ciFileOpened',
  graphOpened: 'gitlabArtifactFlow.walkthrough.graphOpened',
  jobHovered: 'gitlabArtifactFlow.walkthrough.jobHovered',
  pipelineTypeSwitched: 'gitlabArtifactFlow.walkthrough.pipelineTypeSwitched',
  /** A token was stored and GitLab accepted it (cancelling the input box, or a rejected token, ticks nothing). */
  tokenSet: 'gitlabArtifactFlow.walkthrough.tokenSet',
  pipelineSelected: 'gitlabArtifactFlow.walkthrough.pipelineSelected',
  /** A job's artifacts were downloaded and extracted. */
  artifactsDownloaded: 'gitlabArtifactFlow.walkthrough.artifactsDownloaded',
} as const;
export type WalkthroughContextKey = (typeof WalkthroughContext)[keyof typeof WalkthroughContext];

/** The step (`contributes.walkthroughs[0].steps[].id`) each key completes. */
export const STEP_OF_KEY: Readonly<Record<WalkthroughContextKey, string>> = {
  [WalkthroughContext.ciFileOpened]: 'openCiFile',
  [WalkthroughContext.graphOpened]: 'openGraph',
  [WalkthroughContext.jobHovered]: 'hoverJob',
  [WalkthroughContext.pipelineTypeSwitched]: 'pipelineType',
  [WalkthroughContext.tokenSet]: 'connect',
  [WalkthroughContext.pipelineSelected]: 'selectPipeline',
  [WalkthroughContext.artifactsDownloaded]: 'download',
};

/** The id VS Code gives a step of an extension's walkthrough: `<publisher>.<name>#<walkthrough>#<step>`. */
export function walkthroughStepId(extensionId: string, step: string): string {
  return `${extensionId}#${WALKTHROUGH_ID}#${step}`;
}

/**
 * The graph's selector changed the kind of pipeline (its source, or branch/tag/merge-request ref), not only a name
 * in it: what the "switch the pipeline type" step asks for.
 */
export function isPipelineTypeSwitch(
  before: { source: string; refKind: string },
  after: { source: string; refKind: string },
): boolean {
  return before.source !== after.source || before.refKind !== after.refKind;
}

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
