// The one error path of the extension: a short message with "Show Logs" (and "Set GitLab Token" when GitLab
// rejected the token); the detail, never a token, goes to the log. Cancellation is quiet.
import * as vscode from 'vscode';
import { Commands } from '../commands';
import { describeError } from '../gitlab/errors';
import { log } from './log';

/** Reports a failure of `title` (a command or an action). `secrets` are redacted from message and detail. */
export async function reportError(
  title: string,
  error: unknown,
  secrets: readonly (string | undefined)[] = [],
): Promise<void> {
  const report = describeError(error, secrets);
  if (report.cancelled) {
    log().info(`${title}: cancelled`);
    return;
  }
  log().error(`${title}: ${report.message}\n${report.detail}`);
  const actions = report.action === 'setToken' ? ['Set GitLab Token', 'Show Logs'] : ['Show Logs'];
  const choice = await vscode.window.showErrorMessage(`${title}: ${report.message}`, ...actions);
  if (choice === 'Show Logs') log().show(true);
  if (choice === 'Set GitLab Token') await vscode.commands.executeCommand(Commands.gitlabSetToken);
}
