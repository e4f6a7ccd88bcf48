// The GitLab connection of the workspace: instance + project from settings or the git remote, the
// token in SecretStorage only, the chosen pipeline, and a status bar item (connected / not connected).
import * as vscode from 'vscode';
import { GitLabClient } from '../gitlab/client';
import { nodeFetch } from '../gitlab/nodeFetch';
import { latestPipeline, listPipelineJobs } from '../gitlab/jobs';
import { type JobCardStatus, jobCardStatuses } from '../gitlab/jobStatus';
import { normalizeInstanceUrl, remoteFromGitConfig } from '../gitlab/remote';
import type { TokenKind } from '../gitlab/types';
import { log } from './log';

export const SETTINGS = 'gitlabArtifactFlow';

export interface GitLabTarget {
  readonly instanceUrl: string;
  readonly projectPath: string;
  /** The workspace folder (repository) it belongs to. */
  readonly folder: vscode.Uri;
  readonly from: 'settings' | 'git remote';
}

const decoder = new TextDecoder();

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** The `.git` folder of a repository; follows a worktree/submodule `.git` file (`gitdir: …`). */
async function gitDir(folder: vscode.Uri): Promise<vscode.Uri | undefined> {
  const dotGit = vscode.Uri.joinPath(folder, '.git');
  try {
    const st = await vscode.workspace.fs.stat(dotGit);
    if (st.type & vscode.FileType.Directory) return dotGit;
  } catch {
    return undefined;
  }
  const text = await readText(dotGit);
  const m = /^gitdir:\s*(.+)$/m.exec(text ?? '');
  if (!m?.[1]) return undefined;
  const p = m[1].trim();
  return p.startsWith('/') || /^[A-Za-z]:/.test(p) ? vscode.Uri.file(p) : vscode.Uri.joinPath(folder, p);
}

/** The current branch from `.git/HEAD`; undefined when detached. */
export async function currentBranch(folder: vscode.Uri): Promise<string | undefined> {
  const dir = await gitDir(folder);
  if (!dir) return undefined;
  const head = await readText(vscode.Uri.joinPath(dir, 'HEAD'));
  return /^ref:\s*refs\/heads\/(.+)$/m.exec(head ?? '')?.[1]?.trim();
}

async function gitConfigText(folder: vscode.Uri): Promise<string | undefined> {
  const dir = await gitDir(folder);
  if (!dir) return undefined;
  const text = await readText(vscode.Uri.joinPath(dir, 'config'));
  if (text !== undefined) return text;
  // Linked worktree: the config lives in the common dir.
  const common = (await readText(vscode.Uri.joinPath(dir, 'commondir')))?.trim();
  return common ? readText(vscode.Uri.joinPath(dir, common, 'config')) : undefined;
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
    this.status = vscode.window.createStatusBarItem('gitlabArtifactFlow.connection', vscode.StatusBarAlignment.Left, 10);
    this.status.name = 'GitLab Artifact Flow: Connection';
    this.disposables.push(
      this.status,
      this.changed,
      context.secrets.onDidChange((e) => {
        if (e.key.startsWith(`${SETTINGS}.token:`)) this.changed.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTINGS)) this.changed.fire();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()),
      this.onDidChange(() => void this.refreshStatus()),
    );
    void this.refreshStatus();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SETTINGS);
  }

  /** Settings win; otherwise the git remote of the active (or first) workspace folder. */
  async target(): Promise<GitLabTarget | undefined> {
    const folders = preferredFolders();
    const first = folders[0];
    const instanceSetting = normalizeInstanceUrl(this.config().get<string>('instanceUrl', ''));
    const projectSetting = this.config().get<string>('projectPath', '').trim().replace(/^\/+|\/+$/g, '');
    if (instanceSetting && projectSetting && first) return { instanceUrl: instanceSetting, projectPath: projectSetting, folder: first.uri, from: 'settings' };
    for (const f of folders) {
      const text = await gitConfigText(f.uri);
      if (text === undefined) continue;
      const host = instanceSetting ? new URL(instanceSetting).hostname : undefined;
      const remote = remoteFromGitConfig(text, host);
      if (!remote) continue;
      return { instanceUrl: instanceSetting ?? remote.instanceUrl, projectPath: projectSetting || remote.projectPath, folder: f.uri, from: 'git remote' };
    }
    return undefined;
  }

  private tokenKey(instanceUrl: string): string {
    return `${SETTINGS}.token:${instanceUrl}`;
  }

  tokenKind(): TokenKind {
    return this.config().get<string>('tokenType', 'personal') === 'oauth' ? 'oauth' : 'private';
  }

  async token(instanceUrl: string): Promise<string | undefined> {
    return this.context.secrets.get(this.tokenKey(instanceUrl));
  }

  async storeToken(instanceUrl: string, token: string): Promise<void> {
    this.rejected.delete(instanceUrl);
    await this.context.secrets.store(this.tokenKey(instanceUrl), token);
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
    return new GitLabClient({
      instanceUrl: target.instanceUrl,
      token: { get: () => this.token(target.instanceUrl) },
      tokenKind: this.tokenKind(),
      // node:http(s): VS Code's proxy and certificate support applies, and large downloads hold less memory.
      fetch: nodeFetch,
      userAgent: 'gitlab-artifact-flow-vscode',
      onLog: (line) => log().info(`[gitlab] ${line}`),
      timeouts: { connectMs: this.seconds('connectTimeoutSeconds', 30) * 1000, idleMs: this.seconds('idleTimeoutSeconds', 60) * 1000 },
      timeoutHints: { connect: `${SETTINGS}.connectTimeoutSeconds`, idle: `${SETTINGS}.idleTimeoutSeconds` },
    });
  }

  /** A positive number of seconds from a (machine-scoped) setting; anything else falls back to the default. */
  private seconds(key: string, fallback: number): number {
    const v = this.config().get<number>(key, fallback);
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(v, 3600) : fallback;
  }

  /** The pipeline chosen with "Select Pipeline…" (per workspace); undefined = latest for the branch. */
  selectedPipeline(): number | undefined {
    return this.context.workspaceState.get<number>(`${SETTINGS}.pipeline`);
  }

  async selectPipeline(id: number | undefined): Promise<void> {
    await this.context.workspaceState.update(`${SETTINGS}.pipeline`, id);
    this.changed.fire();
  }

  /** The chosen pipeline, or the latest one for the current branch; undefined when there is none. */
  async pipelineId(target: GitLabTarget, client: GitLabClient, signal?: AbortSignal): Promise<number | undefined> {
    const chosen = this.selectedPipeline();
    if (chosen !== undefined) return chosen;
    const branch = await currentBranch(target.folder);
    return branch ? (await latestPipeline(client, target.projectPath, branch, signal))?.id : undefined;
  }

  /**
   * Job statuses, artifact sizes and expiry of the chosen pipeline, keyed by job name (for the graph's job
   * cards; plain JSON, ready for postMessage). Undefined when not connected or there is no pipeline.
   */
  async jobCards(signal?: AbortSignal): Promise<{ pipelineId: number; ref?: string; cards: Record<string, JobCardStatus> } | undefined> {
    const target = await this.target();
    if (!target || !(await this.token(target.instanceUrl))) return undefined;
    const client = this.client(target);
    const id = await this.pipelineId(target, client, signal);
    if (id === undefined) return undefined;
    const jobs = await listPipelineJobs(client, target.projectPath, id, { signal });
    const ref = jobs[0]?.pipeline?.ref ?? jobs[0]?.ref;
    return { pipelineId: id, ...(ref ? { ref } : {}), cards: jobCardStatuses(jobs, Date.now()) };
  }

  async refreshStatus(): Promise<void> {
    const target = await this.target().catch(() => undefined);
    if (!target) {
      this.status.text = '$(plug) GitLab: no remote';
      this.status.tooltip = 'No GitLab remote found. Set gitlabArtifactFlow.instanceUrl and gitlabArtifactFlow.projectPath.';
      this.status.command = { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: [SETTINGS] };
      this.status.show();
      return;
    }
    const token = await this.token(target.instanceUrl);
    const pipeline = this.selectedPipeline();
    if (token && this.rejected.has(target.instanceUrl)) {
      this.status.text = '$(warning) GitLab: token rejected';
      this.status.tooltip = `${target.instanceUrl} rejected the stored token (expired or revoked). Click to set a new GitLab token.`;
      this.status.command = 'gitlabArtifactFlow.setToken';
    } else if (token) {
      this.status.text = `$(cloud) ${target.projectPath.split('/').pop() ?? target.projectPath}${pipeline ? ` #${pipeline}` : ''}`;
      this.status.tooltip = `GitLab: connected to ${target.instanceUrl}/${target.projectPath} (from ${target.from}).\nPipeline: ${pipeline ? `#${pipeline}` : 'latest for the current branch'}. Click to select a pipeline.`;
      this.status.command = 'gitlabArtifactFlow.selectPipeline';
    } else {
      this.status.text = '$(plug) GitLab: not connected';
      this.status.tooltip = `No token for ${target.instanceUrl}. Click to set a GitLab token.`;
      this.status.command = 'gitlabArtifactFlow.setToken';
    }
    this.status.show();
  }
}
