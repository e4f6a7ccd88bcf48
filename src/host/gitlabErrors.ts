// The GitLab error path: a short message with "Show Logs" (and "Set GitLab Token" on 401); the detail,
// never the token, goes to the log. Cancellation is quiet.
import * as vscode from 'vscode';
import { describeError } from '../gitlab/errors';
import { log } from './log';

export async function showGitLabError(title: string, error: unknown, secrets: readonly (string | undefined)[]): Promise<void> {
  const report = describeError(error, secrets);
  if (report.cancelled) {
    log().info(`${title}: cancelled`);
    return;
  }
  log().error(`${title}: ${report.message}\n${report.detail}`);
  const actions = report.action === 'setToken' ? ['Set GitLab Token', 'Show Logs'] : ['Show Logs'];
  const choice = await vscode.window.showErrorMessage(`${title}: ${report.message}`, ...actions);
  if (choice === 'Show Logs') log().show(true);
  if (choice === 'Set GitLab Token') await vscode.commands.executeCommand('gitlabArtifactFlow.setToken');
}
