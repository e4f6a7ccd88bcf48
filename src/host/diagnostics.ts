// Engine diagnostics → the Problems panel. The model's lines and columns are 1-based; vscode.Range is 0-based.
// Diagnostics in fetched files go to the files' read-only documents (see includedAt).
import * as vscode from 'vscode';
import type { Diagnostic, FlowModel } from '../ci/model';
import { isOrigin } from '../ci/include/fetcher';
import { fileUri } from './gitlab/includeDocuments';
import { zeroBased } from './modelStatus';

const severity: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toRange(d: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  const r = zeroBased(d);
  return new vscode.Range(r.line, r.column, r.endLine, r.endColumn);
}

/**
 * A diagnostic in a file fetched from GitLab is listed against that file's read-only document, at its own line:
 * the message names keys and lines of that file, so that is where it can be read and understood (piling every
 * one onto the `include:` line would lose where each is). What a user can change is the including file, so each
 * such entry also points, as related information, to the `include:` line that brought the file in.
 */
function includedAt(
  model: Partial<Pick<FlowModel, 'includes'>>,
  file: string,
): FlowModel['includes'][number] | undefined {
  return isOrigin(file) ? model.includes?.find((i) => i.files.includes(file)) : undefined;
}

export function publishDiagnostics(
  collection: vscode.DiagnosticCollection,
  model: Pick<FlowModel, 'diagnostics'> & Partial<Pick<FlowModel, 'includes'>>,
  uriOf: (file: string) => vscode.Uri | undefined,
): void {
  const byFile = new Map<string, { uri: vscode.Uri; items: vscode.Diagnostic[] }>();
  const where = (file: string): vscode.Uri | undefined => fileUri(file, uriOf);
  for (const d of model.diagnostics) {
    const uri = where(d.file);
    if (!uri) continue;
    const diag = new vscode.Diagnostic(toRange(d), d.message, severity[d.severity]);
    diag.source = 'GitLab Artifact Flow';
    diag.code = d.code;
    const include = includedAt(model, d.file);
    const from = include && where(include.from.file);
    if (include && from) {
      diag.relatedInformation = [
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(from, toRange(include.from)),
          vscode.l10n.t('{0} is included here', d.file),
        ),
      ];
    }
    const entry = byFile.get(uri.toString()) ?? { uri, items: [] };
    entry.items.push(diag);
    byFile.set(uri.toString(), entry);
  }
  collection.clear();
  for (const { uri, items } of byFile.values()) collection.set(uri, items);
}
