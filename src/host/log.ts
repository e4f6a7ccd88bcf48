import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's log (Output → "GitLab Artifact Flow"); its level follows "Developer: Set Log Level…". */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('GitLab Artifact Flow', { log: true });
  return channel;
}

/** One error path: the details go to the log, the user gets a short message and a "Show Logs" button. */
export function showError(message: string, error: unknown): void {
  log().error(`${message}:`, error instanceof Error ? (error.stack ?? error.message) : String(error));
  void vscode.window.showErrorMessage(message, 'Show Logs').then((choice) => {
    if (choice === 'Show Logs') log().show(true);
  });
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
