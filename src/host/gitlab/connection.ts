// The GitLab connection of the workspace: instance + project from settings or the git remote, the
// token in SecretStorage only, the chosen pipeline, and a status bar item (connected / not connected).
import * as vscode from 'vscode';
import { Commands } from '../../commands';
import { GitLabClient } from '../../gitlab/client';
import { nodeFetch } from '../../gitlab/nodeFetch';
import { latestPipeline, listPipelineJobs } from '../../gitlab/jobs';
import { jobCardStatuses } from '../../gitlab/jobStatus';
import type { IncludeFetcher } from '../../ci/include/fetcher';
import { remoteFromGitConfig } from '../../gitlab/remote';
import type { ApiPipeline, TokenKind } from '../../gitlab/types';
import type { JobStatusInfo } from '../../protocol';
import { log } from '../log';
import { onDidChangeSettings, readSettings, SETTINGS_SECTION } from '../settings';
import { currentBranch, gitConfigText } from './gitRepo';
import { IncludeService } from './includeService';

export interface GitLabTarget {
  readonly instanceUrl: string;
  readonly projectPath: string;
  /** The workspace folder (repository) it belongs to. */
  readonly folder: vscode.Uri;
  readonly from: 'settings' | 'git remote';
}

function preferredFolders(): readonly vscode.WorkspaceFolder[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeFolder = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  return activeFolder ? [activeFolder, ...folders.filter((f) => f !== activeFolder)] : folders;
}

export class GitLabConnection implements vscode.Disposable {
  private readonly status: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the target, the token or the chosen pipeline changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.status = vscode.window.createStatusBarItem(
      'gitlabArtifactFlow.connection',
      vscode.StatusBarAlignment.Left,
      10,
    );
    this.status.name = vscode.l10n.t('GitLab Artifact Flow: Connection');
    this.disposables.push(
      this.status,
      this.includes,
      this.changed,
      context.secrets.onDidChange((e) => {
        if (e.key.startsWith(`${SETTINGS_SECTION}.token:`)) this.changed.fire();
      }),
      onDidChangeSettings(() => this.changed.fire()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()),
      this.onDidChange(() => void this.refreshStatus()),
    );
    void this.refreshStatus();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** Settings win; otherwise the git remote of the active (or first) workspace folder. */
  async target(): Promise<GitLabTarget | undefined> {
    const folders = preferredFolders();
    const first = folders[0];
    const { instanceUrl: instanceSetting, projectPath: projectSetting } = readSettings();
    if (instanceSetting && projectSetting && first) {
      return { instanceUrl: instanceSetting, projectPath: projectSetting, folder: first.uri, from: 'settings' };
    }
    for (const f of folders) {
      const text = await gitConfigText(f.uri);
      if (text === undefined) continue;
      const host = instanceSetting ? new URL(instanceSetting).hostname : undefined;
      const remote = remoteFromGitConfig(text, host);
      if (!remote) continue;
      return {
        instanceUrl: instanceSetting ?? remote.instanceUrl,
        projectPath: projectSetting ?? remote.projectPath,
        folder: f.uri,
        from: 'git remote',
      };
    }
    return undefined;
  }

  private tokenKey(instanceUrl: string): string {
    return `${SETTINGS_SECTION}.token:${instanceUrl}`;
  }

  tokenKind(): TokenKind {
    return readSettings().tokenKind;
  }

  /**
   * The instance a token is stored under: the target's, else the instanceUrl setting normalised exactly as
   * target() normalises it (so a token set before the remote or project is known is found later).
   */
  async tokenInstance(): Promise<string | undefined> {
    return (await this.target())?.instanceUrl ?? readSettings().instanceUrl;
  }

  /** The stored token of the current instance, for redaction in error reports. */
  async currentToken(): Promise<string | undefined> {
    const instance = await this.tokenInstance().catch(() => undefined);
    return instance ? this.token(instance) : undefined;
  }

  async token(instanceUrl: string): Promise<string | undefined> {
    return this.context.secrets.get(this.tokenKey(instanceUrl));
  }

  async storeToken(instanceUrl: string, token: string): Promise<void> {
    this.rejected.delete(instanceUrl);
    await this.context.secrets.store(this.tokenKey(instanceUrl), token);
  }

  /** The project and instance of the workspace's GitLab remote (or settings), for CI_PROJECT_* / CI_SERVER_*. */
  async projectContext(): Promise<{ projectPath?: string; serverUrl?: string }> {
    const target = await this.target();
    return target ? { projectPath: target.projectPath, serverUrl: target.instanceUrl } : {};
  }

  /** Fetched include texts, the include cache, unreachable instances and the include status item. */
  readonly includes = new IncludeService(() => vscode.Uri.joinPath(this.context.globalStorageUri, 'includes').fsPath);

  /**
   * A fetcher for external includes (project, template, remote, component) through this connection, with a cache
   * in the extension's global storage; undefined without a target. Without a token (or with one GitLab rejected)
   * nothing goes to the network — an include the instance hides (a private project answers 404) cannot be told from
   * one that does not exist — so only the cache answers and the rest stay "not resolved", never false errors.
   * When the instance is unreachable the cache answers whatever its age (includeTracking.ts).
   */
  async includeFetcher(options: { quiet?: boolean } = {}): Promise<IncludeFetcher | undefined> {
    const target = await this.target();
    if (!target) return undefined;
    const token = await this.token(target.instanceUrl);
    const mode = !token ? 'no-token' : this.rejected.has(target.instanceUrl) ? 'token-rejected' : 'online';
    const where = { instanceUrl: target.instanceUrl, projectPath: target.projectPath };
    const ttlMs = readSettings().includeRefreshMs;
    const client = (): GitLabClient => this.client(target);
    const onTokenRejected = (): void => this.markTokenRejected(target.instanceUrl);
    return this.includes.fetcher({ ...where, mode, ttlMs, client, onTokenRejected }, options.quiet);
  }

  /** Analyse again with external includes fetched afresh (after Clear Include Cache, or "try again"). */
  refetchIncludes(): void {
    this.includes.reset();
    this.changed.fire();
  }

  /** Instances whose stored token GitLab answered 401 to (shown in the status bar until a new token is set). */
  private readonly rejected = new Set<string>();

  markTokenRejected(instanceUrl: string): void {
    this.rejected.add(instanceUrl);
    void this.refreshStatus();
  }

  async deleteToken(instanceUrl: string): Promise<void> {
    this.rejected.delete(instanceUrl);
    await this.context.secrets.delete(this.tokenKey(instanceUrl));
  }

  /** A client for the target; the token is read from SecretStorage on each request. */
  client(target: GitLabTarget): GitLabClient {
    const settings = readSettings();
    return new GitLabClient({
      instanceUrl: target.instanceUrl,
      token: { get: () => this.token(target.instanceUrl) },
      tokenKind: settings.tokenKind,
      // node:http(s): VS Code's proxy and certificate support applies, and large downloads hold less memory.
      fetch: nodeFetch,
      userAgent: 'gitlab-artifact-flow-vscode',
      onLog: (line) => log().info(`[gitlab] ${line}`),
      timeouts: { connectMs: settings.connectTimeoutMs, idleMs: settings.idleTimeoutMs },
      timeoutHints: {
        connect: `${SETTINGS_SECTION}.connectTimeoutSeconds`,
        idle: `${SETTINGS_SECTION}.idleTimeoutSeconds`,
      },
    });
  }

  /** The pipeline chosen with "Select Pipeline…" (per workspace); undefined = latest for the branch. */
  selectedPipeline(): number | undefined {
    return this.context.workspaceState.get<number>(`${SETTINGS_SECTION}.pipeline`);
  }

  async selectPipeline(id: number | undefined): Promise<void> {
    await this.context.workspaceState.update(`${SETTINGS_SECTION}.pipeline`, id);
    this.changed.fire();
  }

  /**
   * The pipeline whose artifacts and statuses to use: the one chosen with "Select Pipeline…", else the latest for
   * the current branch (undefined when there is none); with the branch, when there is one.
   */
  async pipelineFor(
    target: GitLabTarget,
    client: GitLabClient,
    signal?: AbortSignal,
  ): Promise<{ pipeline?: Pick<ApiPipeline, 'id'>; branch?: string }> {
    const chosen = this.selectedPipeline();
    const branch = await currentBranch(target.folder);
    const withBranch = branch ? { branch } : {};
    if (chosen !== undefined) return { pipeline: { id: chosen }, ...withBranch };
    if (!branch) return {};
    const latest = await latestPipeline(client, target.projectPath, branch, signal);
    return { ...(latest ? { pipeline: latest } : {}), ...withBranch };
  }

  /**
   * Job statuses, artifact sizes and expiry of the chosen pipeline, keyed by job name (for the graph's job
   * cards; plain JSON, ready for postMessage). Undefined when not connected or there is no pipeline.
   */
  async jobCards(
    signal?: AbortSignal,
  ): Promise<{ pipelineId: number; ref?: string; cards: Record<string, JobStatusInfo> } | undefined> {
    const target = await this.target();
    if (!target || !(await this.token(target.instanceUrl))) return undefined;
    const client = this.client(target);
    const id = (await this.pipelineFor(target, client, signal)).pipeline?.id;
    if (id === undefined) return undefined;
    const jobs = await listPipelineJobs(client, target.projectPath, id, { signal });
    const ref = jobs[0]?.pipeline?.ref ?? jobs[0]?.ref;
    return { pipelineId: id, ...(ref ? { ref } : {}), cards: jobCardStatuses(jobs, Date.now()) };
  }

  async refreshStatus(): Promise<void> {
    const target = await this.target().catch(() => undefined);
    if (!target) {
      this.status.text = `$(plug) ${vscode.l10n.t('GitLab: no remote')}`;
      this.status.tooltip = vscode.l10n.t(
        'No GitLab remote found. Set {0} and {1}.',
        `${SETTINGS_SECTION}.instanceUrl`,
        `${SETTINGS_SECTION}.projectPath`,
      );
      this.status.command = {
        command: 'workbench.action.openSettings',
        title: vscode.l10n.t('Open Settings'),
        arguments: [SETTINGS_SECTION],
      };
      this.status.show();
      return;
    }
    const token = await this.token(target.instanceUrl);
    const pipeline = this.selectedPipeline();
    if (token && this.rejected.has(target.instanceUrl)) {
      this.status.text = `$(warning) ${vscode.l10n.t('GitLab: token rejected')}`;
      this.status.tooltip = vscode.l10n.t(
        '{0} rejected the stored token (expired or revoked). Click to set a new GitLab token.',
        target.instanceUrl,
      );
      this.status.command = Commands.gitlabSetToken;
    } else if (token) {
      this.status.text = `$(cloud) ${target.projectPath.split('/').pop() ?? target.projectPath}${pipeline ? ` #${pipeline}` : ''}`;
      this.status.tooltip = [
        vscode.l10n.t(
          'GitLab: connected to {0} (from {1}).',
          `${target.instanceUrl}/${target.projectPath}`,
          target.from === 'settings' ? vscode.l10n.t('settings') : vscode.l10n.t('git remote'),
        ),
        pipeline
          ? vscode.l10n.t('Pipeline: #{0}. Click to select a pipeline.', pipeline)
          : vscode.l10n.t('Pipeline: latest for the current branch. Click to select a pipeline.'),
      ].join('\n');
      this.status.command = Commands.gitlabSelectPipeline;
    } else {
      this.status.text = `$(plug) ${vscode.l10n.t('GitLab: not connected')}`;
      this.status.tooltip = vscode.l10n.t('No token for {0}. Click to set a GitLab token.', target.instanceUrl);
      this.status.command = Commands.gitlabSetToken;
    }
    this.status.show();
  }
}
