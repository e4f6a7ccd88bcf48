// The CodeLens above each job: its one-line summary, which opens the graph on that job when clicked.
import * as vscode from 'vscode';
import { Commands } from '../../commands';
import { lenses } from '../../editor/lens';
import type { LanguageModels } from './languageModels';

export function registerLensProvider(models: LanguageModels, selector: vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider(selector, {
    onDidChangeCodeLenses: models.onDidChange,
    provideCodeLenses(doc) {
      const s = models.snapshot(doc);
      if (!s) return undefined;
      return lenses(s.em, s.file).map(
        (l) =>
          new vscode.CodeLens(new vscode.Range(l.line - 1, 0, l.line - 1, 0), {
            title: l.title,
            tooltip: vscode.l10n.t('Show {0} in the pipeline graph', l.job),
            command: Commands.showJobInGraph,
            arguments: [{ uri: doc.uri.toString(), job: l.job }],
          }),
      );
    },
  });
}
