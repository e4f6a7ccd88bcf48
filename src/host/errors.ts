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
  const showLogs = vscode.l10n.t('Show Logs');
  const setToken = vscode.l10n.t('Set GitLab Token');
  const actions = report.action === 'setToken' ? [setToken, showLogs] : [showLogs];
  // The message is GitLab's or the engine's (English, passed through unchanged); only the frame is localised.
  const choice = await vscode.window.showErrorMessage(vscode.l10n.t('{0}: {1}', title, report.message), ...actions);
  if (choice === showLogs) log().show(true);
  if (choice === setToken) await vscode.commands.executeCommand(Commands.gitlabSetToken);
}
