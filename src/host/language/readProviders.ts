// Hover, go to definition, references, document and workspace symbols: thin adapters from VS Code to the pure
// providers of src/editor, answering from the last model (never waiting for an analysis).
import * as vscode from 'vscode';
import { Commands } from '../../commands';
import { hoverAt } from '../../editor/hover';
import { definitionAt, referencesAt, type Place } from '../../editor/navigation';
import { documentSymbols, workspaceSymbols, type SymbolNode } from '../../editor/symbols';
import { fileUri } from '../gitlab/includeDocuments';
import { blockRange, linkWhere, oneBased, spanRange } from './convert';
import type { LanguageModels } from './languageModels';
import type { RootAnalysis } from './rootAnalysis';

const SYMBOL_KIND: Record<SymbolNode['kind'], vscode.SymbolKind> = {
  stage: vscode.SymbolKind.Namespace,
  job: vscode.SymbolKind.Function,
  template: vscode.SymbolKind.Class,
  keyword: vscode.SymbolKind.Property,
};

function rootOf(models: LanguageModels, doc: vscode.TextDocument): RootAnalysis | undefined {
  return models.all().find((r) => r.root.feeds(doc.uri))?.root;
}

function locations(root: RootAnalysis | undefined, places: readonly Place[]): vscode.Location[] {
  return places.flatMap((p) => {
    // A place in a fetched include is in its read-only document.
    const uri = root && fileUri(p.file, (f) => root.reader.uriOf(f));
    return uri ? [new vscode.Location(uri, spanRange(p.span))] : [];
  });
}

function toSymbol(s: SymbolNode): vscode.DocumentSymbol {
  const symbol = new vscode.DocumentSymbol(
    s.name,
    s.detail,
    SYMBOL_KIND[s.kind],
    blockRange(s.range),
    blockRange(s.selection),
  );
  symbol.children = s.children.map(toSymbol);
  return symbol;
}

export function registerReadProviders(models: LanguageModels, selector: vscode.DocumentSelector): vscode.Disposable[] {
  return [
    vscode.languages.registerHoverProvider(selector, {
      provideHover(doc, position) {
        const s = models.snapshot(doc);
        const root = rootOf(models, doc);
        if (!s || !root) return undefined;
        const p = oneBased(position);
        const h = hoverAt(s.em, s.file, p.line, p.column, linkWhere(root));
        if (!h) return undefined;
        const md = new vscode.MarkdownString(h.markdown);
        // Links to fetched includes are command links (convert.ts includeLink); no other command is trusted.
        md.isTrusted = { enabledCommands: [Commands.openInclude] };
        if (s.stale) md.appendMarkdown('\n\n_Analysing the latest edit…_');
        return new vscode.Hover(md, spanRange(h.span));
      },
    }),
    vscode.languages.registerDefinitionProvider(selector, {
      provideDefinition(doc, position) {
        const s = models.snapshot(doc);
        if (!s) return undefined;
        const p = oneBased(position);
        return locations(rootOf(models, doc), definitionAt(s.em, s.file, p.line, p.column));
      },
    }),
    vscode.languages.registerReferenceProvider(selector, {
      provideReferences(doc, position, context) {
        const s = models.snapshot(doc);
        if (!s) return undefined;
        const p = oneBased(position);
        return locations(rootOf(models, doc), referencesAt(s.em, s.file, p.line, p.column, context.includeDeclaration));
      },
    }),
    vscode.languages.registerDocumentSymbolProvider(
      selector,
      {
        provideDocumentSymbols(doc) {
          const s = models.snapshot(doc);
          return s ? documentSymbols(s.em, s.file).map(toSymbol) : undefined;
        },
      },
      { label: 'GitLab CI' },
    ),
    vscode.languages.registerWorkspaceSymbolProvider({
      provideWorkspaceSymbols(query) {
        return models.all().flatMap(({ root, em }) =>
          (em ? workspaceSymbols(em, query) : []).flatMap((w) => {
            const uri = fileUri(w.file, (f) => root.reader.uriOf(f));
            return uri
              ? [
                  new vscode.SymbolInformation(
                    w.name,
                    vscode.SymbolKind.Function,
                    w.detail,
                    new vscode.Location(uri, blockRange(w.selection)),
                  ),
                ]
              : [];
          }),
        );
      },
    }),
  ];
}
