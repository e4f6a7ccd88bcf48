// The extension's wiring: the analysis worker, the GitLab connection, the graph panel's services, every command
// (one table, one error path) and the panel serializer. Everything is disposed through context.subscriptions.
import * as vscode from 'vscode';
import { AnalysisWorker } from './analysis/client';
import { registerAllCommands } from './host/commands';
import { reportError } from './host/errors';
import { GitLabConnection } from './host/gitlab/connection';
import { registerLanguageFeatures } from './host/language';
import { log } from './host/log';
import { registerOnboarding } from './host/onboarding';
import { type PanelServices, PipelinePanel } from './host/panel/pipelinePanel';
import { readSettings } from './host/settings';

export function activate(context: vscode.ExtensionContext): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('gitlabArtifactFlow');
  const gitlab = new GitLabConnection(context);
  const analysis = new AnalysisWorker(
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'analysisWorker.js').fsPath,
    () => {
      const s = readSettings();
      return { timeMs: s.analysisTimeMs, memoryMiB: s.analysisMemoryMiB };
    },
  );
  const services: PanelServices = {
    extensionUri: context.extensionUri,
    diagnostics,
    statuses: gitlab,
    analysis,
    projectContext: () => gitlab.projectContext(),
    includeFetcher: () => gitlab.includeFetcher(),
  };
  context.subscriptions.push(
    diagnostics,
    analysis,
    gitlab,
    ...registerAllCommands(services, gitlab),
    ...registerLanguageFeatures(services),
    ...registerOnboarding(context),
    vscode.window.registerWebviewPanelSerializer(PipelinePanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        try {
          await PipelinePanel.revive(panel, services, state);
        } catch (e) {
          await reportError(vscode.l10n.t('Could not restore the pipeline graph'), e);
        }
      },
    }),
  );
  log().info('GitLab Artifact Flow activated');
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
