// The editor core's 1-based, end-exclusive positions ↔ VS Code's 0-based ranges; hover links to files.
import * as vscode from 'vscode';
import type { Span } from '../../editor/editorIndex';
import type { Where } from '../../editor/markdown';
import type { TextEdit } from '../../editor/rename';
import type { RootAnalysis } from './rootAnalysis';

export function spanRange(s: Span): vscode.Range {
  return new vscode.Range(s.line - 1, s.column - 1, s.line - 1, s.endColumn - 1);
}

export function blockRange(b: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  return new vscode.Range(b.line - 1, b.column - 1, b.endLine - 1, b.endColumn - 1);
}

/** The 1-based line and column of a VS Code position. */
export function oneBased(p: vscode.Position): { line: number; column: number } {
  return { line: p.line + 1, column: p.character + 1 };
}

export function workspaceEdit(
  root: RootAnalysis,
  edits: readonly TextEdit[],
  label: string,
  confirm: boolean,
): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const meta: vscode.WorkspaceEditEntryMetadata = { label, needsConfirmation: confirm };
  for (const e of edits) {
    const uri = root.reader.uriOf(e.file);
    if (uri) edit.replace(uri, blockRange(e), e.text, meta);
  }
  return edit;
}

/** `file:line` as a link that opens the file at that line. */
export function linkWhere(root: RootAnalysis): Where {
  return (file, line) => {
    const uri = root.reader.uriOf(file);
    const label = `${file}:${line}`;
    return uri
      ? `[${label.replace(/[[\]]/g, '\\$&')}](${uri.with({ fragment: `L${line}` }).toString()})`
      : `\`${label}\``;
  };
}
