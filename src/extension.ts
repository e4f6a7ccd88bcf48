import * as vscode from 'vscode';
import { Commands } from './commands';
import { PipelinePanel } from './host/pipelinePanel';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.openGraph, () => PipelinePanel.createOrShow(context.extensionUri)),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
