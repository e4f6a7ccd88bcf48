// Command ids, mirrored in package.json `contributes.commands` (a unit test keeps the two sets equal).
export const Commands = {
  openGraph: 'gitlabArtifactFlow.openGraph',
  revealJob: 'gitlabArtifactFlow.revealJob',
  showJobInGraph: 'gitlabArtifactFlow.showJobInGraph',
  copyJobName: 'gitlabArtifactFlow.copyJobName',
  exportSvg: 'gitlabArtifactFlow.exportSvg',
  gitlabSetToken: 'gitlabArtifactFlow.setToken',
  gitlabSignOut: 'gitlabArtifactFlow.signOut',
  gitlabSelectPipeline: 'gitlabArtifactFlow.selectPipeline',
  gitlabDownloadArtifacts: 'gitlabArtifactFlow.downloadArtifacts',
  gitlabOpenArtifactFile: 'gitlabArtifactFlow.openArtifactFile',
  gitlabKeepArtifacts: 'gitlabArtifactFlow.keepArtifacts',
  gitlabDeleteArtifacts: 'gitlabArtifactFlow.deleteArtifacts',
  openWalkthrough: 'gitlabArtifactFlow.openWalkthrough',
  clearIncludeCache: 'gitlabArtifactFlow.clearIncludeCache',
  /** Compare with GitLab: the open configuration against the instance's CI lint. */
  verify: 'gitlabArtifactFlow.verify',
  /** The include status item's "try again now" (hidden from the palette). */
  retryIncludes: 'gitlabArtifactFlow.retryIncludes',
  /** Opens a fetched include at a line: hover links (a trusted command link; hidden from the palette). */
  openInclude: 'gitlabArtifactFlow.openInclude',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
export const ALL_COMMAND_IDS: readonly string[] = Object.values(Commands);
