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
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
export const ALL_COMMAND_IDS: readonly string[] = Object.values(Commands);
