// Reveal Job: opens the file a job of the graph is defined in, with the job's lines selected, in the editor
// column the user last worked in. A job from a file fetched from GitLab opens in that file's read-only document.
import * as vscode from 'vscode';
import type { HostJob } from '../../analysis/hostModel';
import { isOrigin } from '../../ci/include/fetcher';
import { toRange } from '../diagnostics';
import { reportError } from '../errors';
import { includeDocumentUri } from '../gitlab/includeDocuments';

/** `job` and `uri` as the panel found them for `name` (either undefined when the job is not in the graph). */
export async function revealJobInEditor(
  name: string,
  job: HostJob | undefined,
  uri: vscode.Uri | undefined,
  column: vscode.ViewColumn,
): Promise<void> {
  // A job from a file fetched from GitLab opens that file's read-only document (includeDocuments.ts).
  const fetched = job && isOrigin(job.file) ? includeDocumentUri(job.file) : undefined;
  if (fetched) uri = fetched;
  else if (job && isOrigin(job.file)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Job "{0}" is defined in {1}:{2}, a file fetched from GitLab.', name, job.file, job.line),
    );
    return;
  }
  if (!job || !uri) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Job "{0}" is not in the current pipeline graph.', name));
    return;
  }
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, {
      viewColumn: column,
      selection: toRange(job.range),
      preserveFocus: false,
    });
  } catch (e) {
    await reportError(vscode.l10n.t('Could not open {0}', job.file), e);
  }
}
