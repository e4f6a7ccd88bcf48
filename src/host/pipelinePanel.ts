import * as vscode from 'vscode';
import { webviewHtml } from './webviewHtml';

/** The pipeline graph panel: one per window, opened beside the editor. */
export class PipelinePanel {
  static readonly viewType = 'gitlabArtifactFlow.graph';
  private static current: PipelinePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static createOrShow(extensionUri: vscode.Uri): void {
    if (PipelinePanel.current) {
      PipelinePanel.current.panel.reveal(vscode.ViewColumn.Beside);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PipelinePanel.viewType, 'Pipeline Graph', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    PipelinePanel.current = new PipelinePanel(panel, extensionUri);
  }

  private constructor(private readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri) {
    panel.webview.html = webviewHtml(panel.webview, extensionUri);
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
  }

  private dispose(): void {
    PipelinePanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
