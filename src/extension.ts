import * as vscode from 'vscode';
import { AnalysisWorker } from './analysis/client';
import { Commands } from './commands';
import { analysisLimits } from './host/analysisLimits';
import { log, showError } from './host/log';
import { PipelinePanel } from './host/pipelinePanel';
import { GitLabConnection } from './host/gitlabConnection';
import { registerGitLabCommands } from './host/gitlabCommands';
import type { PanelServices } from './host/pipelinePanel';
import { jobNameFromMenuArg } from './protocol';

/** Wraps a command so a failure ends in the one error path (short message + "Show Logs"), never silently. */
function guarded<A extends unknown[]>(title: string, fn: (...args: A) => unknown): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      showError(`${title} failed`, e);
    }
  };
}

export function activate(context: vscode.ExtensionContext): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('gitlabArtifactFlow');
  const gitlab = new GitLabConnection(context);
  const analysis = new AnalysisWorker(vscode.Uri.joinPath(context.extensionUri, 'dist', 'analysisWorker.js').fsPath, analysisLimits);
  const services: PanelServices = { extensionUri: context.extensionUri, diagnostics, statuses: gitlab, analysis };
  context.subscriptions.push(
    diagnostics,
    analysis,
    vscode.commands.registerCommand(Commands.openGraph, guarded('Open Pipeline Graph', (uri?: unknown) =>
      PipelinePanel.createOrShow(services, uri instanceof vscode.Uri ? uri : undefined))),
    vscode.commands.registerCommand(Commands.revealJob, guarded('Reveal Job in Editor', async (arg?: unknown) => {
      const name = jobNameFromMenuArg(arg);
      if (name !== undefined) await PipelinePanel.current?.revealJob(name);
    })),
    vscode.commands.registerCommand(Commands.copyJobName, guarded('Copy Job Name', async (arg?: unknown) => {
      const name = jobNameFromMenuArg(arg);
      if (name !== undefined) await vscode.env.clipboard.writeText(name);
    })),
    vscode.commands.registerCommand(Commands.exportSvg, guarded('Export Graph as SVG', async () => {
      const panel = PipelinePanel.current;
      if (!panel) {
        void vscode.window.showInformationMessage('Open the pipeline graph first (GitLab Artifact Flow: Open Pipeline Graph).');
        return;
      }
      panel.reveal();
      const svg = await panel.requestSvg();
      if (svg === undefined) throw new Error('the graph panel did not answer with its SVG');
      await panel.saveSvg(svg);
    })),
    vscode.window.registerWebviewPanelSerializer(PipelinePanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        try {
          await PipelinePanel.revive(panel, services, state);
        } catch (e) {
          showError('Could not restore the pipeline graph', e);
        }
      },
    }),
  );
  context.subscriptions.push(gitlab, ...registerGitLabCommands(gitlab));
  log().info('GitLab Artifact Flow activated');
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
