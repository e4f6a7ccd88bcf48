// Compare with GitLab: the open CI root, unsaved edits included, analysed in the worker for a push pipeline on the
// working copy's branch (when GitLab has it; else the default branch), its merged configuration sent to the
// project's CI lint, and the comparison shown as a read-only document with a one-line summary. Progress and Cancel
// through cancellable(); failures through the one error path (registry.ts).
import * as vscode from 'vscode';
import { Commands } from '../../commands';
import { summaryLine } from '../../gitlab/verify/compare';
import { chooseRef, pushContext } from '../../gitlab/verify/refChoice';
import { formatReport } from '../../gitlab/verify/report';
import { type VerifyReport, verifyWithGitLab } from '../../gitlab/verify/run';
import { type CiRoot, findRootAbove, pickRoot, rootFor } from '../ciRoot';
import type { GitLabConnection } from '../gitlab/connection';
import { currentBranch } from '../gitlab/gitRepo';
import type { PanelServices } from '../panel/pipelinePanel';
import { WorkspaceReader } from '../workspaceReader';
import { cancellable } from './cancellable';
import { type GitLabContext, withGitLab } from './gitlabContext';
import type { CommandSpec } from './registry';

export const VERIFY_SCHEME = 'gitlab-artifact-flow-verify';

/** The reports, read-only: one document per project and ref, replaced by the next comparison. */
export class VerifyReportDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  put(report: VerifyReport, text: string): vscode.Uri {
    const name = `${report.project}@${report.ref}`.replace(/[^\w.@-]+/g, '-');
    const uri = vscode.Uri.from({ scheme: VERIFY_SCHEME, path: `/Compare with GitLab ${name}.txt` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function verifyCommands(
  services: PanelServices,
  connection: GitLabConnection,
  docs: VerifyReportDocuments,
): CommandSpec[] {
  return [
    {
      id: Commands.verify,
      title: vscode.l10n.t('Compare with GitLab'),
      run: withGitLab(connection, (ctx, arg) => compareWithGitLab(services, ctx, docs, arg)),
      secrets: async () => [await connection.currentToken()],
    },
  ];
}

async function compareWithGitLab(
  services: PanelServices,
  ctx: GitLabContext,
  docs: VerifyReportDocuments,
  arg: unknown,
): Promise<void> {
  const file = await ciFileToCompare(arg);
  if (!file) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a .gitlab-ci.yml to compare it with GitLab.'));
    return;
  }
  const root = await rootFor(file);
  const report = await cancellable(vscode.l10n.t('Comparing with GitLab…'), (signal) =>
    compareRoot(services, ctx, root, signal),
  );
  if (!report) return; // cancelled
  const uri = docs.put(report, formatReport(report));
  await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  const summary = summaryLine(report.comparison);
  if (report.comparison.differences === 0) void vscode.window.showInformationMessage(summary);
  else void vscode.window.showWarningMessage(summary);
}

/** The explorer's file, else the active editor's CI root, else the workspace's only one (or the user's pick). */
async function ciFileToCompare(arg: unknown): Promise<vscode.Uri | undefined> {
  const given = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const above = given && given.scheme === 'file' ? await findRootAbove(given) : undefined;
  return above ?? (await pickRoot());
}

async function compareRoot(
  services: PanelServices,
  ctx: GitLabContext,
  root: CiRoot,
  signal: AbortSignal,
): Promise<VerifyReport> {
  const { client, target } = ctx;
  const branch = await currentBranch(root.base).catch(() => undefined);
  const wanted = branch !== undefined ? { name: branch, kind: 'branch' as const, explicit: false } : undefined;
  const choice = await chooseRef(client, target.projectPath, wanted, signal);
  const context = pushContext(choice, target.projectPath, target.instanceUrl);
  const key = root.base.toString();
  const session = services.analysis.acquireSession(key);
  const reader = new WorkspaceReader(root.base);
  try {
    const fetcher = await services.includeFetcher?.().catch(() => undefined);
    const outcome = await services.analysis.analyze({
      session,
      lane: 'verify',
      root: root.path,
      reader,
      context,
      signal,
      verify: true,
      ...(fetcher ? { fetcher } : {}),
    });
    if (outcome.kind === 'limit') throw new Error(outcome.message);
    if (outcome.kind === 'failed') throw new Error(outcome.detail ?? outcome.message);
    if (outcome.kind !== 'done' || !outcome.verify) throw new Error(vscode.l10n.t('The analysis was cancelled.'));
    const report = await verifyWithGitLab(client, {
      project: target.projectPath,
      ref: choice.ref,
      refKind: choice.refKind,
      ...outcome.verify,
      signal,
    });
    if (choice.note) report.notes.unshift(choice.note);
    return report;
  } finally {
    reader.dispose();
    services.analysis.releaseSession(key);
  }
}
