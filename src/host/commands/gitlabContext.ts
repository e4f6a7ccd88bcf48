// What every GitLab command starts from: the workspace's GitLab target and a client for it. Without a target the
// user is pointed at the settings; a 401 marks the stored token as rejected (the status bar says so).
import * as vscode from 'vscode';
import { GitLabApiError } from '../../gitlab/errors';
import type { GitLabClient } from '../../gitlab/client';
import type { GitLabConnection, GitLabTarget } from '../gitlab/connection';
import { SETTINGS_SECTION } from '../settings';

export interface GitLabContext {
  readonly connection: GitLabConnection;
  readonly target: GitLabTarget;
  readonly client: GitLabClient;
}

/** Runs `fn` with the GitLab target; undefined (after telling the user) when there is none. */
export function withGitLab(
  connection: GitLabConnection,
  fn: (ctx: GitLabContext, arg: unknown) => Promise<void>,
): (arg?: unknown) => Promise<void> {
  return async (arg?: unknown) => {
    const target = await connection.target();
    if (!target) {
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t(
          'No GitLab project found: the workspace has no GitLab git remote. Set the instance URL and project path in the settings.',
        ),
        vscode.l10n.t('Open Settings'),
      );
      if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS_SECTION);
      return;
    }
    try {
      await fn({ connection, target, client: connection.client(target) }, arg);
    } catch (e) {
      if (e instanceof GitLabApiError && e.kind === 'unauthorized') connection.markTokenRejected(target.instanceUrl);
      throw e;
    }
  };
}
