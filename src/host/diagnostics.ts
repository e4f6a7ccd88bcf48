// Engine diagnostics → the Problems panel. The model's lines and columns are 1-based; vscode.Range is 0-based.
import * as vscode from 'vscode';
import type { Diagnostic, FlowModel } from '../ci/model';

const severity: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toRange(d: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  const line = Math.max(0, d.line - 1);
  const column = Math.max(0, d.column - 1);
  const endLine = Math.max(line, d.endLine - 1);
  const endColumn = endLine === line ? Math.max(column, d.endColumn - 1) : Math.max(0, d.endColumn - 1);
  return new vscode.Range(line, column, endLine, endColumn);
}

export function publishDiagnostics(collection: vscode.DiagnosticCollection, model: FlowModel, uriOf: (file: string) => vscode.Uri | undefined): void {
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
