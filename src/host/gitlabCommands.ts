// GitLab commands: token set/clear, pipeline choice, download (progress + cancel → AbortSignal),
// open one artifact file read-only, keep and delete artifacts.
import * as vscode from 'vscode';
import { Commands } from '../commands';
import { jobNameFromMenuArg } from '../protocol';
import { type ArtifactSource, deleteArtifacts, keepArtifacts } from '../gitlab/artifacts';
import { listArchiveEntries } from '../gitlab/archiveIndex';
import { checkNotProtected, type DownloadIdentity, folderInside, type ProtectedFolder, safeDirName, type TargetGuard } from '../gitlab/downloadTarget';
import { GitLabApiError } from '../gitlab/errors';
import { fetchArtifacts } from '../gitlab/fetchArtifacts';
import { latestPipeline, listPipelineJobs, listPipelines, resolveJobByName } from '../gitlab/jobs';
import type { ApiJob, ApiPipeline } from '../gitlab/types';
import { formatBytes } from '../gitlab/zipExtract';
import { ARTIFACT_SCHEME, ArtifactDocumentProvider, artifactUri } from './gitlabArtifactDocs';
import { currentBranch, type GitLabConnection, type GitLabTarget, SETTINGS } from './gitlabConnection';
import { showGitLabError } from './gitlabErrors';
import { log } from './log';

const STATUS_ICON: Record<string, string> = {
  success: '$(pass)',
  failed: '$(error)',
  running: '$(sync~spin)',
  pending: '$(clock)',
  created: '$(circle-outline)',
  canceled: '$(circle-slash)',
  skipped: '$(debug-step-over)',
  manual: '$(debug-pause)',
};

function age(iso: string | undefined): string {
  if (!iso) return '';
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 90) return 'just now';
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 129600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

/** How long a request runs before it gets a notification with a Cancel button (quick ones show none). */
const CANCEL_AFTER_MS = 800;

/**
 * Runs a GitLab request that the user can cancel: the status bar shows it at once and, when it takes longer
 * than CANCEL_AFTER_MS, a progress notification with a Cancel button appears (every request also has the
 * client's connect and idle timeouts). Undefined when the user cancelled; errors pass through.
 */
async function cancellable<T>(title: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  const ac = new AbortController();
  const work = fn(ac.signal);
  const settled = work.then(() => undefined, () => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), CANCEL_AFTER_MS); });
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, async () => {
    if (await Promise.race([settled.then(() => false), slow])) {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
        const sub = token.onCancellationRequested(() => ac.abort());
        try {
          await settled;
        } finally {
          sub.dispose();
        }
      });
    }
  });
  clearTimeout(timer);
  try {
    return await work;
  } catch (e) {
    if (ac.signal.aborted) return undefined;
    throw e;
  }
}

interface Ctx {
  target: GitLabTarget;
  client: ReturnType<GitLabConnection['client']>;
}

interface ChosenJob {
  src: ArtifactSource;
  /** For folder names and messages. */
  jobName: string;
  jobId?: number;
  pipelineLabel: string;
  /** The archive size GitLab lists for the job, when known (caps the download). */
  archiveSize?: number;
}

/** Every workspace folder: never a download target, nor may a target contain one. */
function workspaceGuard(origin: string): TargetGuard {
  const protect: ProtectedFolder[] = (vscode.workspace.workspaceFolders ?? []).map((f) => ({ path: f.uri.fsPath, label: `the workspace folder ${f.name}` }));
  return { protect, origin };
}

export function registerGitLabCommands(connection: GitLabConnection): vscode.Disposable[] {
  const docs = new ArtifactDocumentProvider(connection);

  /** Runs a command with a connection, routing every failure to the GitLab error path. */
  const run = (title: string, fn: (ctx: Ctx, arg: unknown) => Promise<void>) => async (arg?: unknown): Promise<void> => {
    const target = await connection.target();
    if (!target) {
      const choice = await vscode.window.showWarningMessage('No GitLab project found: the workspace has no GitLab git remote. Set the instance URL and project path in the settings.', 'Open Settings');
      if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS);
      return;
    }
    try {
      await fn({ target, client: connection.client(target) }, arg);
    } catch (e) {
      if (e instanceof GitLabApiError && e.kind === 'unauthorized') connection.markTokenRejected(target.instanceUrl);
      await showGitLabError(title, e, [await connection.token(target.instanceUrl)]);
    }
  };

  async function pipelineFor(ctx: Ctx, signal?: AbortSignal): Promise<{ pipeline?: ApiPipeline; branch?: string }> {
    const chosen = connection.selectedPipeline();
    const branch = await currentBranch(ctx.target.folder);
    if (chosen !== undefined) return { pipeline: { id: chosen, status: '', ref: '', sha: '' }, ...(branch ? { branch } : {}) };
    if (!branch) return {};
    const latest = await latestPipeline(ctx.client, ctx.target.projectPath, branch, signal);
    return { ...(latest ? { pipeline: latest } : {}), branch };
  }

  function jobDescription(j: ApiJob): string {
    const size = j.artifacts_file ? formatBytes(j.artifacts_file.size) : j.artifacts_expire_at && Date.parse(j.artifacts_expire_at) < Date.now() ? 'artifacts expired' : 'no archive';
    const expiry = j.artifacts_file && j.artifacts_expire_at ? ` · expires ${j.artifacts_expire_at.slice(0, 10)}` : '';
    return `${j.stage} · ${j.status} · ${size}${expiry}`;
  }

  /** The job from the graph's context menu, or one picked from the pipeline's jobs. */
  async function chooseJob(ctx: Ctx, arg: unknown, needArchive: boolean): Promise<ChosenJob | undefined> {
    const menuName = jobNameFromMenuArg(arg);
    const found = await cancellable('Looking up the pipeline', (signal) => pipelineFor(ctx, signal));
    if (!found) return undefined;
    const { pipeline, branch } = found;
    if (menuName !== undefined) {
      if (pipeline) {
        const r = await cancellable(`Looking up ${menuName} in pipeline #${pipeline.id}`, (signal) => resolveJobByName(ctx.client, ctx.target.projectPath, pipeline.id, menuName, signal));
        if (!r) return undefined;
        return { src: { kind: 'job', project: r.project, jobId: r.job.id }, jobName: menuName, jobId: r.job.id, pipelineLabel: String(r.pipelineId), ...(r.job.artifacts_file ? { archiveSize: r.job.artifacts_file.size } : {}) };
      }
      if (branch) return { src: { kind: 'ref', project: ctx.target.projectPath, ref: branch, job: menuName }, jobName: menuName, pipelineLabel: branch };
      throw new GitLabApiError('notFound', 'No pipeline selected and no current branch. Use "Select Pipeline…" first.', 'no pipeline and detached HEAD');
    }
    if (!pipeline) {
      throw new GitLabApiError('notFound', branch ? `No pipeline found for ${branch}. Use "Select Pipeline…" to choose one.` : 'No current branch. Use "Select Pipeline…" to choose a pipeline.', 'no pipeline');
    }
    const jobs = await cancellable(`Loading jobs of pipeline #${pipeline.id}`, (signal) => listPipelineJobs(ctx.client, ctx.target.projectPath, pipeline.id, { signal }));
    if (!jobs) return undefined;
    const candidates = needArchive ? jobs.filter((j) => j.artifacts_file) : jobs;
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(`No job in pipeline #${pipeline.id} has an artifacts archive.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      candidates.sort((a, b) => a.stage.localeCompare(b.stage) || a.name.localeCompare(b.name)).map((j) => ({ label: `${STATUS_ICON[j.status] ?? '$(circle-filled)'} ${j.name}`, description: jobDescription(j), job: j })),
      { title: `Jobs of pipeline #${pipeline.id}`, placeHolder: 'Pick a job', matchOnDescription: true },
    );
    if (!picked) return undefined;
    return {
      src: { kind: 'job', project: ctx.target.projectPath, jobId: picked.job.id },
      jobName: picked.job.name,
      jobId: picked.job.id,
      pipelineLabel: String(pipeline.id),
      ...(picked.job.artifacts_file ? { archiveSize: picked.job.artifacts_file.size } : {}),
    };
  }

  /**
   * Where the job's artifacts go, and the guard the final target must pass. A folder picked in the dialog is the
   * user's explicit choice (the job gets a subfolder there), but it may not be a workspace folder or contain one;
   * the artifactsFolder setting must stay inside the workspace folder (a repository's settings could aim it out).
   */
  async function targetFolder(ctx: Ctx, job: ChosenJob): Promise<{ dest: vscode.Uri; guard: TargetGuard } | undefined> {
    const cfg = vscode.workspace.getConfiguration(SETTINGS);
    if (cfg.get<boolean>('askWhereToDownload', false)) {
      const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Extract Here', defaultUri: ctx.target.folder });
      if (!picked?.[0]) return undefined;
      if (picked[0].scheme !== 'file') throw new Error('Artifacts can only be extracted to a local folder.');
      const guard = workspaceGuard('the folder you picked');
      await checkNotProtected(picked[0].fsPath, guard);
      return { dest: vscode.Uri.joinPath(picked[0], safeDirName(job.jobName)), guard };
    }
    const setting = cfg.get<string>('artifactsFolder', '.gitlab-artifacts');
    const base = typeof setting === 'string' && setting.trim() !== '' ? setting : '.gitlab-artifacts';
    if (ctx.target.folder.scheme !== 'file') throw new Error('Artifacts can only be extracted to a local folder.');
    const inside = await folderInside(ctx.target.folder.fsPath, base, `${SETTINGS}.artifactsFolder`);
    return { dest: vscode.Uri.joinPath(vscode.Uri.file(inside), safeDirName(job.pipelineLabel), safeDirName(job.jobName)), guard: workspaceGuard(`${SETTINGS}.artifactsFolder`) };
  }

  const download = run('Download Artifacts', async (ctx, arg) => {
    const job = await chooseJob(ctx, arg, true);
    if (!job) return;
    const where = await targetFolder(ctx, job);
    if (!where) return;
    const { dest, guard } = where;
    if (dest.scheme !== 'file') throw new Error('Artifacts can only be extracted to a local folder.');
    const cfg = vscode.workspace.getConfiguration(SETTINGS);
    const identity: DownloadIdentity = {
      instance: ctx.target.instanceUrl,
      project: job.src.project,
      jobName: job.jobName,
      ...(job.jobId !== undefined ? { jobId: job.jobId } : {}),
      ...(job.src.kind === 'ref' ? { ref: job.src.ref } : { pipeline: job.pipelineLabel }),
    };
    const mib = (key: string, fallback: number): number => {
      const v = cfg.get<number>(key, fallback);
      return (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback) * 1024 * 1024;
    };
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Artifacts of ${job.jobName}`, cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        let reported = 0;
        let lastMessage = 0;
        try {
          return await fetchArtifacts(ctx.client, job.src, dest.fsPath, {
            signal: ac.signal,
            identity,
            guard,
            expectedSize: job.archiveSize,
            maxDownloadBytes: mib('maxDownloadSizeMiB', 16384),
            maxTotalBytes: mib('maxExtractSizeMiB', 4096),
            maxEntries: Math.max(1, Math.floor(cfg.get<number>('maxExtractEntries', 100_000) || 100_000)),
            onProgress: (p) => {
              const now = Date.now();
              if (p.phase === 'download' && p.total) {
                const pct = (p.bytes / p.total) * 100;
                if (now - lastMessage > 100 || p.bytes === p.total) {
                  progress.report({ message: `${formatBytes(p.bytes)} of ${formatBytes(p.total)}`, increment: pct - reported });
                  reported = pct;
                  lastMessage = now;
                }
              } else if (now - lastMessage > 100) {
                progress.report({ message: p.phase === 'download' ? `${formatBytes(p.bytes)} downloaded` : `extracting… ${formatBytes(p.bytes)}` });
                lastMessage = now;
              }
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    log().info(`Extracted ${result.files} files (${formatBytes(result.bytes)}) of ${job.jobName} into ${result.target}`);
    await vscode.commands.executeCommand('revealInExplorer', dest);
    void vscode.window.showInformationMessage(`Extracted ${result.files} file${result.files === 1 ? '' : 's'} (${formatBytes(result.bytes)}) of ${job.jobName} into ${vscode.workspace.asRelativePath(dest)}.`);
  });

  const openFile = run('Open Artifact File', async (ctx, arg) => {
    const job = await chooseJob(ctx, arg, true);
    if (!job) return;
    const jobId = job.jobId;
    if (jobId === undefined) {
      // By ref: the single-file and listing calls need a job id; the by-ref archive is the same archive.
      throw new GitLabApiError('notFound', 'Select a pipeline first ("Select Pipeline…") to open single artifact files.', 'open file by ref without a pipeline');
    }
    const listing = await cancellable(`Reading the archive directory of ${job.jobName}`, async (signal) => ({ entries: await listArchiveEntries(ctx.client, job.src, { signal }) }));
    if (!listing) return;
    const { entries } = listing;
    let path: string | undefined;
    if (entries) {
      const files = entries.filter((e) => !e.isDirectory && !e.isSymlink);
      const picked = await vscode.window.showQuickPick(files.map((e) => ({ label: e.path, description: formatBytes(e.size) })), { title: `Files of ${job.jobName}`, placeHolder: 'Pick a file to open (read-only)', matchOnDescription: false });
      path = picked?.label;
    } else {
      path = await vscode.window.showInputBox({ title: `File in the artifacts of ${job.jobName}`, prompt: 'This server cannot list the archive; enter the path of a file inside it', placeHolder: 'e.g. build/report.txt' });
    }
    if (!path) return;
    const uri = artifactUri(ctx.target.instanceUrl, job.src.project, jobId, job.jobName, path);
    if ((await cancellable(`Opening ${path}`, async (signal) => { await docs.prefetch(uri, signal); return true; })) === undefined) return;
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
  });

  const keep = run('Keep Artifacts', async (ctx, arg) => {
    const job = await chooseJob(ctx, arg, true);
    if (!job?.jobId) return;
    const jobId = job.jobId;
    const kept = await cancellable(`Keeping the artifacts of ${job.jobName}`, (signal) => keepArtifacts(ctx.client, job.src.project, jobId, signal));
    if (!kept) return;
    void vscode.window.showInformationMessage(`The artifacts of ${kept.name} (#${kept.id}) will be kept${kept.artifacts_expire_at ? ` until ${kept.artifacts_expire_at.slice(0, 10)}` : ''}.`);
  });

  const remove = run('Delete Artifacts', async (ctx, arg) => {
    const job = await chooseJob(ctx, arg, true);
    if (!job?.jobId) return;
    const ok = await vscode.window.showWarningMessage(`Delete the artifacts of ${job.jobName} (#${job.jobId}) on GitLab?`, { modal: true, detail: 'This cannot be undone. It needs the Maintainer role.' }, 'Delete');
    if (ok !== 'Delete') return;
    const jobId = job.jobId;
    if ((await cancellable(`Deleting the artifacts of ${job.jobName}`, async (signal) => { await deleteArtifacts(ctx.client, job.src.project, jobId, signal); return true; })) === undefined) return;
    void vscode.window.showInformationMessage(`Deleted the artifacts of ${job.jobName} (#${job.jobId}).`);
  });

  const selectPipeline = run('Select Pipeline', async (ctx) => {
    const branch = await currentBranch(ctx.target.folder);
    const recent = await cancellable('Loading pipelines', (signal) => listPipelines(ctx.client, ctx.target.projectPath, { limit: 40 }, signal));
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
    const picked = await vscode.window.showQuickPick(items, { title: 'Pipeline whose artifacts to use', matchOnDescription: true, matchOnDetail: true });
    if (!picked) return;
    await connection.selectPipeline(picked.id);
  });

  const setToken = async (): Promise<void> => {
    const target = await connection.target();
    const cfgUrl = vscode.workspace.getConfiguration(SETTINGS).get<string>('instanceUrl', '');
    const instanceUrl = target?.instanceUrl ?? (cfgUrl.trim() || undefined);
    if (!instanceUrl) {
      void vscode.window.showWarningMessage('No GitLab instance found: add a GitLab git remote or set gitlabArtifactFlow.instanceUrl.');
      return;
    }
    const token = await vscode.window.showInputBox({
      title: `GitLab token for ${instanceUrl}`,
      prompt: 'A personal, project or group access token with the read_api scope (api to keep or delete artifacts). Stored in the OS keychain only.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? 'Enter a token' : /\s/.test(v.trim()) ? 'A token has no spaces' : undefined),
    });
    if (!token) return;
    await connection.storeToken(instanceUrl, token.trim());
    if (!target) return;
    try {
      await probe(connection, target);
      void vscode.window.showInformationMessage(`Connected to ${target.projectPath} on ${instanceUrl}.`);
    } catch (e) {
      if (e instanceof GitLabApiError && e.kind === 'unauthorized') connection.markTokenRejected(target.instanceUrl);
      await showGitLabError('GitLab token check', e, [token.trim()]);
    }
  };

  const signOut = async (): Promise<void> => {
    const target = await connection.target();
    const cfgUrl = vscode.workspace.getConfiguration(SETTINGS).get<string>('instanceUrl', '');
    const instanceUrl = target?.instanceUrl ?? (cfgUrl.trim() || undefined);
    if (instanceUrl) await connection.deleteToken(instanceUrl);
    void vscode.window.showInformationMessage(`Signed out of ${instanceUrl ?? 'GitLab'}: the token was removed from secret storage.`);
  };

  return [
    vscode.workspace.registerTextDocumentContentProvider(ARTIFACT_SCHEME, docs),
    vscode.commands.registerCommand(Commands.gitlabSetToken, setToken),
    vscode.commands.registerCommand(Commands.gitlabSignOut, signOut),
    vscode.commands.registerCommand(Commands.gitlabSelectPipeline, selectPipeline),
    vscode.commands.registerCommand(Commands.gitlabDownloadArtifacts, download),
    vscode.commands.registerCommand(Commands.gitlabOpenArtifactFile, openFile),
    vscode.commands.registerCommand(Commands.gitlabKeepArtifacts, keep),
    vscode.commands.registerCommand(Commands.gitlabDeleteArtifacts, remove),
  ];
}

/** Checks a fresh token against the project (one cheap list call). */
async function probe(connection: GitLabConnection, target: GitLabTarget): Promise<void> {
  await listPipelines(connection.client(target), target.projectPath, { limit: 1 });
}
