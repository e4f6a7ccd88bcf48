// Set GitLab Token, Sign Out of GitLab, Select Pipeline…: the connection's token and pipeline choice.
import * as vscode from 'vscode';
import { Commands } from '../../commands';
import { GitLabApiError } from '../../gitlab/errors';
import { listPipelines } from '../../gitlab/jobs';
import { reportError } from '../errors';
import { SETTINGS_SECTION } from '../settings';
import type { GitLabConnection } from '../gitlab/connection';
import { currentBranch } from '../gitlab/gitRepo';
import { WalkthroughContext } from '../onboarding/onboardingKeys';
import { markWalkthroughStep } from '../onboarding/walkthroughProgress';
import { cancellable } from './cancellable';
import { type GitLabContext, withGitLab } from './gitlabContext';
import { STATUS_ICON } from './jobPicker';
import type { CommandSpec } from './registry';

function age(iso: string | undefined): string {
  if (!iso) return '';
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 90) return vscode.l10n.t('just now');
  if (s < 5400) return vscode.l10n.t('{0} min ago', Math.round(s / 60));
  if (s < 129600) return vscode.l10n.t('{0} h ago', Math.round(s / 3600));
  return vscode.l10n.t('{0} days ago', Math.round(s / 86400));
}

/** A merge request's pipeline ref (`refs/merge-requests/12/head`) as `!12 (merge request)`; other refs as they are. */
function refLabel(ref: string): string {
  const mr = /^refs\/merge-requests\/(\d+)\/head$/.exec(ref)?.[1];
  return mr === undefined ? ref : vscode.l10n.t('!{0} (merge request)', mr);
}

async function setToken(connection: GitLabConnection): Promise<void> {
  const target = await connection.target();
  // The same normalised instance URL the token is later looked up under (target() or the setting).
  const instanceUrl = await connection.tokenInstance();
  if (!instanceUrl) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('No GitLab instance found: add a GitLab git remote or set {0}.', `${SETTINGS_SECTION}.instanceUrl`),
    );
    return;
  }
  const token = await vscode.window.showInputBox({
    title: vscode.l10n.t('GitLab token for {0}', instanceUrl),
    prompt: vscode.l10n.t(
      'A personal, project or group access token with the read_api scope (api to keep or delete artifacts). Stored in the OS keychain only.',
    ),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) =>
      v.trim() === ''
        ? vscode.l10n.t('Enter a token')
        : /\s/.test(v.trim())
          ? vscode.l10n.t('A token has no spaces')
          : undefined,
  });
  if (!token) return;
  await connection.storeToken(instanceUrl, token.trim());
  if (!target) return;
  try {
    // One cheap call checks the fresh token against the project.
    await listPipelines(connection.client(target), target.projectPath, { limit: 1 });
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Connected to {0} on {1}.', target.projectPath, instanceUrl),
    );
    markWalkthroughStep(WalkthroughContext.tokenSet);
  } catch (e) {
    if (e instanceof GitLabApiError && e.kind === 'unauthorized') connection.markTokenRejected(target.instanceUrl);
    await reportError(vscode.l10n.t('GitLab token check'), e, [token.trim()]);
  }
}

async function signOut(connection: GitLabConnection): Promise<void> {
  const instanceUrl = await connection.tokenInstance();
  if (instanceUrl) await connection.deleteToken(instanceUrl);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Signed out of {0}: the token was removed from secret storage.', instanceUrl ?? 'GitLab'),
  );
}

async function selectPipeline(ctx: GitLabContext): Promise<void> {
  const branch = await currentBranch(ctx.target.folder);
  const recent = await cancellable(vscode.l10n.t('Loading pipelines'), (signal) =>
    listPipelines(ctx.client, ctx.target.projectPath, { limit: 40 }, signal),
  );
  if (!recent) return;
  type Item = vscode.QuickPickItem & { id: number | undefined };
  const items: Item[] = [
    {
      label: `$(sync) ${branch ? vscode.l10n.t('Latest for {0}', branch) : vscode.l10n.t('Latest for the current branch')}`,
      description: vscode.l10n.t('default'),
      id: undefined,
    },
    { label: '', kind: vscode.QuickPickItemKind.Separator, id: undefined },
    ...recent.map((p): Item => ({
      label: `${STATUS_ICON[p.status] ?? '$(circle-filled)'} #${p.id}  ${refLabel(p.ref)}`,
      description: `${p.status} · ${p.sha.slice(0, 8)} · ${age(p.created_at)}`,
      ...(p.source ? { detail: p.source } : {}),
      id: p.id,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Pipeline whose artifacts to use'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return;
  await ctx.connection.selectPipeline(picked.id);
  markWalkthroughStep(WalkthroughContext.pipelineSelected);
}

export function connectionCommands(connection: GitLabConnection): CommandSpec[] {
  const secrets = async (): Promise<(string | undefined)[]> => [await connection.currentToken()];
  return [
    {
      id: Commands.gitlabSetToken,
      title: vscode.l10n.t('Set GitLab Token'),
      run: () => setToken(connection),
      secrets,
    },
    {
      id: Commands.gitlabSignOut,
      title: vscode.l10n.t('Sign Out of GitLab'),
      run: () => signOut(connection),
      secrets,
    },
    {
      id: Commands.gitlabSelectPipeline,
      title: vscode.l10n.t('Select Pipeline'),
      run: withGitLab(connection, (ctx) => selectPipeline(ctx)),
      secrets,
    },
  ];
}
