// Engine diagnostics → the Problems panel. The model's lines and columns are 1-based; vscode.Range is 0-based.
import * as vscode from 'vscode';
import type { Diagnostic, FlowModel } from '../ci/model';
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

export function publishDiagnostics(
  collection: vscode.DiagnosticCollection,
  model: Pick<FlowModel, 'diagnostics'>,
  uriOf: (file: string) => vscode.Uri | undefined,
): void {
  const byFile = new Map<string, { uri: vscode.Uri; items: vscode.Diagnostic[] }>();
  for (const d of model.diagnostics) {
    const uri = uriOf(d.file);
    if (!uri) continue;
    const diag = new vscode.Diagnostic(toRange(d), d.message, severity[d.severity]);
    diag.source = 'GitLab Artifact Flow';
    diag.code = d.code;
    const entry = byFile.get(uri.toString()) ?? { uri, items: [] };
    entry.items.push(diag);
    byFile.set(uri.toString(), entry);
  }
  collection.clear();
  for (const { uri, items } of byFile.values()) collection.set(uri, items);
}
