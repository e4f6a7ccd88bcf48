// The job a GitLab command acts on: the one right-clicked in the graph, or one picked from the pipeline's jobs.
import * as vscode from 'vscode';
import type { ArchiveRef } from '../../gitlab/artifacts';
import { GitLabApiError } from '../../gitlab/errors';
import { formatBytes } from '../../formatBytes';
import { listPipelineJobs, resolveJobByName } from '../../gitlab/jobs';
import type { ApiJob } from '../../gitlab/types';
import { jobNameFromMenuArg } from '../../protocol';
import { cancellable } from './cancellable';
import type { GitLabContext } from './gitlabContext';

export interface ChosenJob {
  readonly archive: ArchiveRef;
  /** For folder names and messages. */
  readonly jobName: string;
  readonly jobId?: number;
  readonly pipelineLabel: string;
  /** The archive size GitLab declares (caps the download). */
  readonly archiveSize?: number;
}

export const STATUS_ICON: Record<string, string> = {
  success: '$(pass)',
  failed: '$(error)',
  running: '$(sync~spin)',
  pending: '$(clock)',
  created: '$(circle-outline)',
  canceled: '$(circle-slash)',
  skipped: '$(debug-step-over)',
  manual: '$(debug-pause)',
};

function jobDescription(j: ApiJob): string {
  const size = j.artifacts_file
    ? formatBytes(j.artifacts_file.size)
    : j.artifacts_expire_at && Date.parse(j.artifacts_expire_at) < Date.now()
      ? vscode.l10n.t('artifacts expired')
      : vscode.l10n.t('no archive');
  const expiry =
    j.artifacts_file && j.artifacts_expire_at
      ? ` · ${vscode.l10n.t('expires {0}', j.artifacts_expire_at.slice(0, 10))}`
      : '';
  return `${j.stage} · ${j.status} · ${size}${expiry}`;
}

/** The job from the graph's context menu (`arg`), or one the user picks; undefined when cancelled. */
export async function chooseJob(
  ctx: GitLabContext,
  arg: unknown,
  needArchive: boolean,
): Promise<ChosenJob | undefined> {
  const menuName = jobNameFromMenuArg(arg);
  const found = await cancellable(vscode.l10n.t('Looking up the pipeline'), (signal) =>
    ctx.connection.pipelineFor(ctx.target, ctx.client, signal),
  );
  if (!found) return undefined;
  const { pipeline, branch } = found;
  if (menuName !== undefined) {
    if (pipeline) {
      const r = await cancellable(vscode.l10n.t('Looking up {0} in pipeline #{1}', menuName, pipeline.id), (signal) =>
        resolveJobByName(ctx.client, ctx.target.projectPath, pipeline.id, menuName, signal),
      );
      if (!r) return undefined;
      return {
        archive: { kind: 'job', project: r.project, jobId: r.job.id },
        jobName: menuName,
        jobId: r.job.id,
        pipelineLabel: String(r.pipelineId),
        ...(r.job.artifacts_file ? { archiveSize: r.job.artifacts_file.size } : {}),
      };
    }
    if (branch) {
      return {
        archive: { kind: 'ref', project: ctx.target.projectPath, ref: branch, job: menuName },
        jobName: menuName,
        pipelineLabel: branch,
      };
    }
    throw new GitLabApiError(
      'notFound',
      vscode.l10n.t('No pipeline selected and no current branch. Use "Select Pipeline…" first.'),
      'no pipeline and detached HEAD',
    );
  }
  if (!pipeline) {
    throw new GitLabApiError(
      'notFound',
      branch
        ? vscode.l10n.t('No pipeline found for {0}. Use "Select Pipeline…" to choose one.', branch)
        : vscode.l10n.t('No current branch. Use "Select Pipeline…" to choose a pipeline.'),
      'no pipeline',
    );
  }
  const jobs = await cancellable(vscode.l10n.t('Loading jobs of pipeline #{0}', pipeline.id), (signal) =>
    listPipelineJobs(ctx.client, ctx.target.projectPath, pipeline.id, { signal }),
  );
  if (!jobs) return undefined;
  const candidates = needArchive ? jobs.filter((j) => j.artifacts_file) : jobs;
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No job in pipeline #{0} has an artifacts archive.', pipeline.id),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates
      .sort((a, b) => a.stage.localeCompare(b.stage) || a.name.localeCompare(b.name))
      .map((j) => ({
        label: `${STATUS_ICON[j.status] ?? '$(circle-filled)'} ${j.name}`,
        description: jobDescription(j),
        job: j,
      })),
    {
      title: vscode.l10n.t('Jobs of pipeline #{0}', pipeline.id),
      placeHolder: vscode.l10n.t('Pick a job'),
      matchOnDescription: true,
    },
  );
  if (!picked) return undefined;
  return {
    archive: { kind: 'job', project: ctx.target.projectPath, jobId: picked.job.id },
    jobName: picked.job.name,
    jobId: picked.job.id,
    pipelineLabel: String(pipeline.id),
    ...(picked.job.artifacts_file ? { archiveSize: picked.job.artifacts_file.size } : {}),
  };
}
