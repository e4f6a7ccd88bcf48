import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's log (Output → "GitLab Artifact Flow"); its level follows "Developer: Set Log Level…". */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('GitLab Artifact Flow', { log: true });
  return channel;
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
