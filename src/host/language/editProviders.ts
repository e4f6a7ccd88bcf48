// Completion, rename (with a preview) and quick fixes: thin adapters from VS Code to the pure providers of
// src/editor. Completion reads the current text for what is being typed and the last model for what is valid.
import * as vscode from 'vscode';
import { candidates, type Candidate } from '../../editor/completion';
import { completionContext } from '../../editor/completionContext';
import { FIXABLE, quickFixes } from '../../editor/quickFixes';
import { prepareRename, renameEdits } from '../../editor/rename';
import { oneBased, spanRange, workspaceEdit } from './convert';
import type { LanguageModels } from './languageModels';
import type { Snapshot } from './rootAnalysis';

const ITEM_KIND: Record<Candidate['kind'], vscode.CompletionItemKind> = {
  job: vscode.CompletionItemKind.Reference,
  template: vscode.CompletionItemKind.Class,
  stage: vscode.CompletionItemKind.EnumMember,
  variable: vscode.CompletionItemKind.Variable,
};
/** How long rename and quick fixes wait for the analysis of an edit still in flight. */
const SETTLE_MS = 3000;

/** For explicit actions (rename, fixes): the model of the current text, waiting briefly for one in flight. */
async function settled(models: LanguageModels, doc: vscode.TextDocument): Promise<Snapshot | undefined> {
  const now = models.snapshot(doc);
  if (now && !now.stale) return now;
  const root = models.all().find((r) => r.root.feeds(doc.uri))?.root;
  if (root) await Promise.race([root.analysed, new Promise((r) => setTimeout(r, SETTLE_MS))]);
  return models.snapshot(doc);
}

function linesUpTo(doc: vscode.TextDocument, line: number): string[] {
  return doc.getText(new vscode.Range(0, 0, line + 1, 0)).split(/\r?\n/);
}

export function registerEditProviders(models: LanguageModels, selector: vscode.DocumentSelector): vscode.Disposable[] {
  return [registerCompletion(models, selector), registerRename(models, selector), registerQuickFixes(models, selector)];
}

/** Completion answers from the last model at once (typing must not wait), even a stale one. */
function registerCompletion(models: LanguageModels, selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    selector,
    {
      provideCompletionItems(doc, position) {
        const s = models.snapshot(doc);
        if (!s) return undefined;
        const p = oneBased(position);
        const ctx = completionContext(linesUpTo(doc, position.line), p.line, p.column);
        if (!ctx) return undefined;
        const range = new vscode.Range(position.line, ctx.start - 1, position.line, position.character);
        return candidates(s.em, ctx).map((c) => {
          const item = new vscode.CompletionItem({ label: c.label, description: c.detail }, ITEM_KIND[c.kind]);
          item.insertText = c.insert ?? c.label;
          item.filterText = c.label;
          item.sortText = `${String(c.rank).padStart(5, '0')}${c.label}`;
          item.range = range;
          return item;
        });
      },
    },
    '$',
    '{',
    '[',
    ',',
    ' ',
  );
}

/** Rename checks the name under the cursor, then edits every file of the root (previewable). */
function registerRename(models: LanguageModels, selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerRenameProvider(selector, {
    async prepareRename(doc, position) {
      const s = await settled(models, doc);
      if (!s) throw new Error(vscode.l10n.t('The pipeline is still being analysed.'));
      const p = oneBased(position);
      const r = prepareRename(s.em, s.file, p.line, p.column);
      if ('error' in r) throw new Error(r.error);
      return { range: spanRange(r.span), placeholder: r.name };
    },
    async provideRenameEdits(doc, position, newName) {
      const s = await settled(models, doc);
      const root = models.all().find((r) => r.root.feeds(doc.uri))?.root;
      if (!s || !root) return undefined;
      const p = oneBased(position);
      const r = prepareRename(s.em, s.file, p.line, p.column);
      if ('error' in r) throw new Error(r.error);
      const edits = renameEdits(s.em, r.name, newName);
      if ('error' in edits) throw new Error(edits.error);
      // Shift+Enter in the rename box shows every change, file by file, in the refactor preview before applying.
      return workspaceEdit(root, edits, vscode.l10n.t('Rename {0} to {1}', r.name, newName), false);
    },
  });
}

/** Quick fixes only on a current model: a fix computed from stale text would edit the wrong lines. */
function registerQuickFixes(models: LanguageModels, selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    selector,
    {
      async provideCodeActions(doc, range, context) {
        const s = await settled(models, doc);
        const root = models.all().find((r) => r.root.feeds(doc.uri))?.root;
        if (!s || s.stale || !root) return undefined;
        const lines = doc.getText().split(/\r?\n/);
        const found = s.em.model.diagnostics.filter(
          (d) =>
            d.file === s.file &&
            FIXABLE.has(d.code) &&
            d.line - 1 <= range.end.line &&
            d.endLine - 1 >= range.start.line,
        );
        return found.flatMap((d) =>
          quickFixes(s.em, d, lines).map((fix) => {
            const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
            action.edit = workspaceEdit(root, fix.edits, fix.title, false);
            action.diagnostics = context.diagnostics.filter(
              (x) => x.code === d.code && x.range.start.line === d.line - 1,
            );
            if (fix.preferred) action.isPreferred = true;
            return action;
          }),
        );
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );
}
