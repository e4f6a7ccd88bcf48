// Reveal Job: opens the file a job of the graph is defined in, with the job's lines selected, in the editor
// column the user last worked in. A job from a file fetched from GitLab opens in that file's read-only document.
// The job (a parent job, or a child pipeline's job) is the one the host's own model holds: the webview names it,
// it never hands the host a path. A file the host cannot open safely is refused with the reason.
import * as vscode from 'vscode';
import type { HostJob } from '../../analysis/hostModel';
import { isOrigin } from '../../ci/include/fetcher';
import { toRange } from '../diagnostics';
import { reportError } from '../errors';
import { includeDocumentUri } from '../gitlab/includeDocuments';

/** The trigger job a downstream path ends with (`ds:a/ds:b` → `b`), for messages. */
function triggerOf(pipeline: string): string {
  const i = pipeline.lastIndexOf('/ds:');
  return i < 0 ? pipeline.slice('ds:'.length) : pipeline.slice(i + '/ds:'.length);
}

/** Where a job's file opens, or the message that says why it does not. */
function target(
  name: string,
  job: HostJob,
  local: (file: string) => vscode.Uri | undefined,
): { uri: vscode.Uri } | { info: string } {
  if (isOrigin(job.file)) {
    const fetched = includeDocumentUri(job.file);
    return fetched
      ? { uri: fetched }
      : {
          info: vscode.l10n.t('Job "{0}" is defined in {1}:{2}, a file fetched from GitLab.', name, job.file, job.line),
        };
  }
  if (job.file.startsWith('artifact:')) {
    // A dynamic child's configuration is a file of a job's artifacts (src/ci/pipeline/downstreamChild.ts).
    return {
      info: vscode.l10n.t(
        'Job "{0}" is defined in a generated file ({1}): it comes from a job\'s artifacts, not from the workspace.',
        name,
        job.file,
      ),
    };
  }
  // The project's reader gives no URI for a path that leaves the project folder (`..`).
  const uri = local(job.file);
  if (!uri) {
    return {
      info: vscode.l10n.t('Job "{0}" is defined in {1}, outside the project folder: it is not opened.', name, job.file),
    };
  }
  return { uri };
}

/**
 * Opens `job` (what the panel found for `name`, undefined when it is not in the graph); `pipeline` is the child
 * pipeline's path for a job drawn in a frame. `local` turns a repository-relative path into a project file's URI.
 */
export async function revealJobInEditor(
  name: string,
  job: HostJob | undefined,
  local: (file: string) => vscode.Uri | undefined,
  column: vscode.ViewColumn,
  pipeline?: string,
): Promise<void> {
  if (!job) {
    void vscode.window.showWarningMessage(
      pipeline === undefined
        ? vscode.l10n.t('Job "{0}" is not in the current pipeline graph.', name)
        : vscode.l10n.t(
            'Job "{0}" of the child pipeline of "{1}" is not in the current pipeline graph.',
            name,
            triggerOf(pipeline),
          ),
    );
    return;
  }
  const where = target(name, job, local);
  if ('info' in where) {
    void vscode.window.showInformationMessage(where.info);
    return;
  }
  try {
    const doc = await vscode.workspace.openTextDocument(where.uri);
    await vscode.window.showTextDocument(doc, {
      viewColumn: column,
      selection: toRange(job.range),
      preserveFocus: false,
    });
  } catch (e) {
    await reportError(vscode.l10n.t('Could not open {0}', job.file), e);
  }
}
