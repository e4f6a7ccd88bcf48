// The editor's language features for GitLab CI files (hover, definition, references, symbols, CodeLens,
// completion, rename, quick fixes), registered for YAML documents and answering only for the files a CI root
// reads: the root `.gitlab-ci.yml` and its local includes. One analysis per root, in the analysis worker.
import * as vscode from 'vscode';
import type { AnalysisWorker } from '../../analysis/client';
import type { PipelineContext } from '../../ci/model';
import { Commands } from '../../commands';
import { registerCommands } from '../commands/registry';
import { registerEditProviders } from './editProviders';
import { LanguageModels } from './languageModels';
import { registerLensProvider } from './lensProvider';
import { registerReadProviders } from './readProviders';
import { PipelinePanel } from '../panel/pipelinePanel';
import type { IncludeFetcher } from '../../ci/include/fetcher';

/** YAML files on disk (or a remote workspace); the providers answer only for files a CI root reads. */
export const CI_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'vscode-remote' },
];

export interface LanguageServices {
  analysis: AnalysisWorker;
  projectContext?: () => Promise<Pick<PipelineContext, 'projectPath' | 'serverUrl'>>;
  /** The same external-include resolution as the graph panel, so hovers and the graph agree. */
  includeFetcher?: () => Promise<IncludeFetcher | undefined>;
  /** Fires when the GitLab token, instance or project changes: external includes may resolve differently. */
  statuses?: { readonly onDidChange: vscode.Event<void> };
}

/** The models are exported to the extension's tests (through the returned object) and the bench. */
export function registerLanguageFeatures(services: LanguageServices): vscode.Disposable[] {
  const models = new LanguageModels(services.analysis, services.projectContext, services.includeFetcher);
  // Like the panel: a token or target change can resolve (or un-resolve) external includes and CI_PROJECT_* rules.
  const connection = services.statuses?.onDidChange(() => models.reanalyseAll());
  return [
    models,
    ...(connection ? [connection] : []),
    ...registerReadProviders(models, CI_SELECTOR),
    ...registerEditProviders(models, CI_SELECTOR),
    registerLensProvider(models, CI_SELECTOR),
    ...registerCommands([
      {
        id: Commands.showJobInGraph,
        title: vscode.l10n.t('Show Job in Pipeline Graph'),
        run: (arg?: unknown) => showJobInGraph(models, arg),
      },
    ]),
  ];
}

/** Opens the graph for the job's file in focus mode on the job, and puts the editor's cursor on the job's key. */
async function showJobInGraph(models: LanguageModels, arg: unknown): Promise<void> {
  const { uri: uriArg, job: jobArg } = (typeof arg === 'object' && arg !== null ? arg : {}) as {
    uri?: unknown;
    job?: unknown;
  };
  if (typeof uriArg !== 'string' || typeof jobArg !== 'string') return;
  const uri = vscode.Uri.parse(uriArg, true);
  await vscode.commands.executeCommand(Commands.openGraph, uri);
  PipelinePanel.current?.focusJob(jobArg);
  const doc = await vscode.workspace.openTextDocument(uri);
  const s = models.snapshot(doc);
  const key = s?.em.file(s.file)?.top.find((t) => t.name === jobArg);
  if (!key) return;
  const editor = await vscode.window.showTextDocument(doc, {
    preserveFocus: false,
    preview: false,
    viewColumn: vscode.ViewColumn.One,
  });
  const start = new vscode.Position(key.line - 1, key.column - 1);
  editor.selection = new vscode.Selection(start, start);
  editor.revealRange(new vscode.Range(start, start));
}
