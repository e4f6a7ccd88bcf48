// Download Artifacts…, Open Artifact File…, Keep Artifacts, Delete Artifacts…: a job chosen in the graph or a
// picker, then one GitLab call (or a planned download) under a cancellable progress.
import * as vscode from 'vscode';
import { Commands } from '../../commands';
import { formatBytes } from '../../formatBytes';
import { deleteArtifacts, keepArtifacts } from '../../gitlab/artifacts';
import { listArchiveEntries } from '../../gitlab/archiveIndex';
import { describeExtraction, downloadFolder, fetchPlanned, type PlannedArchive } from '../../gitlab/downloadPlan';
import {
  checkNotProtected,
  folderInside,
  type ProtectedFolder,
  safeDirName,
  type TargetGuard,
} from '../../gitlab/downloadTarget';
import { GitLabApiError } from '../../gitlab/errors';
import { ArtifactDocumentProvider, artifactUri } from '../gitlab/artifactDocs';
import type { GitLabConnection } from '../gitlab/connection';
import { log } from '../log';
import { WalkthroughContext } from '../onboarding/onboardingKeys';
import { markWalkthroughStep } from '../onboarding/walkthroughProgress';
import { readSettings, SETTINGS_SECTION } from '../settings';
import { cancellable } from './cancellable';
import { type GitLabContext, withGitLab } from './gitlabContext';
import { type ChosenJob, chooseJob } from './jobPicker';
import type { CommandSpec } from './registry';

/** Every workspace folder: never a download target, nor may a target contain one. */
function workspaceGuard(origin: string): TargetGuard {
  const protect: ProtectedFolder[] = (vscode.workspace.workspaceFolders ?? []).map((f) => ({
    path: f.uri.fsPath,
    label: `the workspace folder ${f.name}`,
  }));
  return { protect, origin };
}

/**
 * Where the job's artifacts go, and the guard the final target must pass. A folder picked in the dialog is the
 * user's explicit choice (the job gets a subfolder there), but it may not be a workspace folder or contain one;
 * the artifactsFolder setting must stay inside the workspace folder (a repository's settings could aim it out).
 */
async function targetFolder(
  ctx: GitLabContext,
  planned: PlannedArchive,
  job: ChosenJob,
): Promise<{ dest: vscode.Uri; guard: TargetGuard } | undefined> {
  const settings = readSettings(ctx.target.folder);
  if (settings.askWhereToDownload) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      openLabel: vscode.l10n.t('Extract Here'),
      defaultUri: ctx.target.folder,
    });
    if (!picked?.[0]) return undefined;
    if (picked[0].scheme !== 'file') {
      throw new Error(vscode.l10n.t('Artifacts can only be extracted to a local folder.'));
    }
    const guard = workspaceGuard('the folder you picked');
    await checkNotProtected(picked[0].fsPath, guard);
    return { dest: vscode.Uri.joinPath(picked[0], safeDirName(job.jobName)), guard };
  }
  if (ctx.target.folder.scheme !== 'file') {
    throw new Error(vscode.l10n.t('Artifacts can only be extracted to a local folder.'));
  }
  const inside = await folderInside(
    ctx.target.folder.fsPath,
    settings.artifactsFolder,
    `${SETTINGS_SECTION}.artifactsFolder`,
  );
  return {
    dest: vscode.Uri.file(downloadFolder(inside, planned)),
    guard: workspaceGuard(`${SETTINGS_SECTION}.artifactsFolder`),
  };
}

/** The chosen job as a planned archive (what the marker records, the declared size, the default folder). */
function planFor(job: ChosenJob): PlannedArchive {
  return {
    archive: job.archive,
    identity: {
      project: job.archive.project,
      jobName: job.jobName,
      ...(job.jobId !== undefined ? { jobId: job.jobId } : {}),
      ...(job.archive.kind === 'ref' ? { ref: job.archive.ref } : { pipeline: job.pipelineLabel }),
    },
    ...(job.archiveSize !== undefined ? { expectedSize: job.archiveSize } : {}),
    folder: [job.pipelineLabel, job.jobName],
  };
}

async function download(ctx: GitLabContext, arg: unknown): Promise<void> {
  const job = await chooseJob(ctx, arg, true);
  if (!job) return;
  const planned = planFor(job);
  const where = await targetFolder(ctx, planned, job);
  if (!where) return;
  const { dest, guard } = where;
  const settings = readSettings(ctx.target.folder);
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Artifacts of {0}', job.jobName),
      cancellable: true,
    },
    async (progress, token) => {
      const ac = new AbortController();
      const sub = token.onCancellationRequested(() => ac.abort());
      let reported = 0;
      let lastMessage = 0;
      try {
        return await fetchPlanned(ctx.client, planned, dest.fsPath, ctx.target.instanceUrl, {
          signal: ac.signal,
          guard,
          maxDownloadBytes: settings.maxDownloadBytes,
          maxTotalBytes: settings.maxExtractBytes,
          maxEntries: settings.maxExtractEntries,
          onProgress: (p) => {
            const now = Date.now();
            if (p.phase === 'download' && p.total) {
              const pct = (p.bytes / p.total) * 100;
              if (now - lastMessage > 100 || p.bytes === p.total) {
                progress.report({
                  message: vscode.l10n.t('{0} of {1}', formatBytes(p.bytes), formatBytes(p.total)),
                  increment: pct - reported,
                });
                reported = pct;
                lastMessage = now;
              }
            } else if (now - lastMessage > 100) {
              progress.report({
                message:
                  p.phase === 'download'
                    ? vscode.l10n.t('{0} downloaded', formatBytes(p.bytes))
                    : vscode.l10n.t('extracting… {0}', formatBytes(p.bytes)),
              });
              lastMessage = now;
            }
          },
        });
      } finally {
        sub.dispose();
      }
    },
  );
  log().info(`Extracted ${describeExtraction(result)} of ${job.jobName} into ${result.target}`);
  markWalkthroughStep(WalkthroughContext.artifactsDownloaded);
  await vscode.commands.executeCommand('revealInExplorer', dest);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Extracted {0} of {1} into {2}.',
      describeExtraction(result),
      job.jobName,
      vscode.workspace.asRelativePath(dest),
    ),
  );
}

async function openFile(docs: ArtifactDocumentProvider, ctx: GitLabContext, arg: unknown): Promise<void> {
  const job = await chooseJob(ctx, arg, true);
  if (!job) return;
  const jobId = job.jobId;
  if (jobId === undefined) {
    // By ref: the single-file and listing calls need a job id; the by-ref archive is the same archive.
    throw new GitLabApiError(
      'notFound',
      vscode.l10n.t('Select a pipeline first ("Select Pipeline…") to open single artifact files.'),
      'open file by ref without a pipeline',
    );
  }
  const listing = await cancellable(
    vscode.l10n.t('Reading the archive directory of {0}', job.jobName),
    async (signal) => ({
      entries: await listArchiveEntries(ctx.client, job.archive, { signal }),
    }),
  );
  if (!listing) return;
  const { entries } = listing;
  let path: string | undefined;
  if (entries) {
    const files = entries.filter((e) => !e.isDirectory && !e.isSymlink);
    const picked = await vscode.window.showQuickPick(
      files.map((e) => ({ label: e.path, description: formatBytes(e.size) })),
      {
        title: vscode.l10n.t('Files of {0}', job.jobName),
        placeHolder: vscode.l10n.t('Pick a file to open (read-only)'),
        matchOnDescription: false,
      },
    );
    path = picked?.label;
  } else {
    path = await vscode.window.showInputBox({
      title: vscode.l10n.t('File in the artifacts of {0}', job.jobName),
      prompt: vscode.l10n.t('This server cannot list the archive; enter the path of a file inside it'),
      placeHolder: vscode.l10n.t('e.g. build/report.txt'),
    });
  }
  if (!path) return;
  const uri = artifactUri(ctx.target.instanceUrl, job.archive.project, jobId, job.jobName, path);
  if (
    (await cancellable(vscode.l10n.t('Opening {0}', path), async (signal) => {
      await docs.prefetch(uri, signal);
      return true;
    })) === undefined
  ) {
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true });
}

async function keep(ctx: GitLabContext, arg: unknown): Promise<void> {
  const job = await chooseJob(ctx, arg, true);
  const jobId = job?.jobId;
  if (!job || jobId === undefined) return;
  const kept = await cancellable(vscode.l10n.t('Keeping the artifacts of {0}', job.jobName), (signal) =>
    keepArtifacts(ctx.client, job.archive.project, jobId, signal),
  );
  if (!kept) return;
  void vscode.window.showInformationMessage(
    kept.artifacts_expire_at
      ? vscode.l10n.t(
          'The artifacts of {0} (#{1}) will be kept until {2}.',
          kept.name,
          kept.id,
          kept.artifacts_expire_at.slice(0, 10),
        )
      : vscode.l10n.t('The artifacts of {0} (#{1}) will be kept.', kept.name, kept.id),
  );
}

async function remove(ctx: GitLabContext, arg: unknown): Promise<void> {
  const job = await chooseJob(ctx, arg, true);
  const jobId = job?.jobId;
  if (!job || jobId === undefined) return;
  const confirm = vscode.l10n.t('Delete');
  const ok = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete the artifacts of {0} (#{1}) on GitLab?', job.jobName, jobId),
    { modal: true, detail: vscode.l10n.t('This cannot be undone. It needs the Maintainer role.') },
    confirm,
  );
  if (ok !== confirm) return;
  if (
    (await cancellable(vscode.l10n.t('Deleting the artifacts of {0}', job.jobName), async (signal) => {
      await deleteArtifacts(ctx.client, job.archive.project, jobId, signal);
      return true;
    })) === undefined
  ) {
    return;
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('Deleted the artifacts of {0} (#{1}).', job.jobName, jobId));
}

export function artifactCommands(connection: GitLabConnection, docs: ArtifactDocumentProvider): CommandSpec[] {
  const secrets = async (): Promise<(string | undefined)[]> => [await connection.currentToken()];
  return [
    {
      id: Commands.gitlabDownloadArtifacts,
      title: vscode.l10n.t('Download Artifacts'),
      run: withGitLab(connection, download),
      secrets,
    },
    {
      id: Commands.gitlabOpenArtifactFile,
      title: vscode.l10n.t('Open Artifact File'),
      run: withGitLab(connection, (ctx, arg) => openFile(docs, ctx, arg)),
      secrets,
    },
    {
      id: Commands.gitlabKeepArtifacts,
      title: vscode.l10n.t('Keep Artifacts'),
      run: withGitLab(connection, keep),
      secrets,
    },
    {
      id: Commands.gitlabDeleteArtifacts,
      title: vscode.l10n.t('Delete Artifacts'),
      run: withGitLab(connection, remove),
      secrets,
    },
  ];
}
