// Set GitLab Token, Sign Out of GitLab, Select Pipeline…: the connection's token and pipeline choice.
import * as vscode from 'vscode';
import { Commands } from '../../commands';
import { GitLabApiError } from '../../gitlab/errors';
import { listPipelines } from '../../gitlab/jobs';
import { reportError } from '../errors';
import type { GitLabConnection } from '../gitlab/connection';
import { currentBranch } from '../gitlab/gitRepo';
import { cancellable } from './cancellable';
import { type GitLabContext, withGitLab } from './gitlabContext';
import { STATUS_ICON } from './jobPicker';
import type { CommandSpec } from './registry';

function age(iso: string | undefined): string {
  if (!iso) return '';
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 90) return 'just now';
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 129600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

async function setToken(connection: GitLabConnection): Promise<void> {
  const target = await connection.target();
  // The same normalised instance URL the token is later looked up under (target() or the setting).
  const instanceUrl = await connection.tokenInstance();
  if (!instanceUrl) {
    void vscode.window.showWarningMessage(
      'No GitLab instance found: add a GitLab git remote or set gitlabArtifactFlow.instanceUrl.',
    );
    return;
  }
  const token = await vscode.window.showInputBox({
    title: `GitLab token for ${instanceUrl}`,
    prompt:
      'A personal, project or group access token with the read_api scope (api to keep or delete artifacts). Stored in the OS keychain only.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) =>
      v.trim() === '' ? 'Enter a token' : /\s/.test(v.trim()) ? 'A token has no spaces' : undefined,
  });
  if (!token) return;
  await connection.storeToken(instanceUrl, token.trim());
  if (!target) return;
  try {
    // One cheap call checks the fresh token against the project.
    await listPipelines(connection.client(target), target.projectPath, { limit: 1 });
    void vscode.window.showInformationMessage(`Connected to ${target.projectPath} on ${instanceUrl}.`);
  } catch (e) {
    if (e instanceof GitLabApiError && e.kind === 'unauthorized') connection.markTokenRejected(target.instanceUrl);
    await reportError('GitLab token check', e, [token.trim()]);
  }
}

async function signOut(connection: GitLabConnection): Promise<void> {
  const instanceUrl = await connection.tokenInstance();
  if (instanceUrl) await connection.deleteToken(instanceUrl);
  void vscode.window.showInformationMessage(
    `Signed out of ${instanceUrl ?? 'GitLab'}: the token was removed from secret storage.`,
  );
}

async function selectPipeline(ctx: GitLabContext): Promise<void> {
  const branch = await currentBranch(ctx.target.folder);
  const recent = await cancellable('Loading pipelines', (signal) =>
    listPipelines(ctx.client, ctx.target.projectPath, { limit: 40 }, signal),
  );
  if (!recent) return;
  type Item = vscode.QuickPickItem & { id: number | undefined };
  const items: Item[] = [
    { label: `$(sync) Latest for ${branch ?? 'the current branch'}`, description: 'default', id: undefined },
    { label: '', kind: vscode.QuickPickItemKind.Separator, id: undefined },
    ...recent.map((p): Item => ({
      label: `${STATUS_ICON[p.status] ?? '$(circle-filled)'} #${p.id}  ${p.ref.replace(/^refs\/merge-requests\/(\d+)\/head$/, '!$1 (merge request)')}`,
      description: `${p.status} · ${p.sha.slice(0, 8)} · ${age(p.created_at)}`,
      ...(p.source ? { detail: p.source } : {}),
      id: p.id,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Pipeline whose artifacts to use',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return;
  await ctx.connection.selectPipeline(picked.id);
}

export function connectionCommands(connection: GitLabConnection): CommandSpec[] {
  const secrets = async (): Promise<(string | undefined)[]> => [await connection.currentToken()];
  return [
    { id: Commands.gitlabSetToken, title: 'Set GitLab Token', run: () => setToken(connection), secrets },
    { id: Commands.gitlabSignOut, title: 'Sign Out of GitLab', run: () => signOut(connection), secrets },
    {
      id: Commands.gitlabSelectPipeline,
      title: 'Select Pipeline',
      run: withGitLab(connection, (ctx) => selectPipeline(ctx)),
      secrets,
    },
  ];
}
