// The editor core's 1-based, end-exclusive positions ↔ VS Code's 0-based ranges; hover links to files.
import * as vscode from 'vscode';
import { isOrigin } from '../../ci/include/fetcher';
import { Commands } from '../../commands';
import type { Span } from '../../editor/editorIndex';
import type { Where } from '../../editor/markdown';
import type { TextEdit } from '../../editor/rename';
import { includeDocumentUri } from '../gitlab/includeDocuments';
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

/**
 * A fetched include's `file:line` as a link: hovers render only file and web links, so our include documents are
 * opened through a command link (the hover trusts that one command).
 */
function includeLink(origin: string, line: number): string {
  const args = encodeURIComponent(JSON.stringify([{ origin, line }]));
  return `[${`${origin}:${line}`.replace(/[[\]]/g, '\\$&')}](command:${Commands.openInclude}?${args})`;
}

/** `file:line` as a link that opens the file at that line. */
export function linkWhere(root: RootAnalysis): Where {
  return (file, line) => {
    if (isOrigin(file) && includeDocumentUri(file)) return includeLink(file, line);
    const uri = root.reader.uriOf(file);
    const label = `${file}:${line}`;
    return uri
      ? `[${label.replace(/[[\]]/g, '\\$&')}](${uri.with({ fragment: `L${line}` }).toString()})`
      : `\`${label}\``;
  };
}
