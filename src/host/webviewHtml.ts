import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { webviewCsp } from '../webviewCsp';

/** The webview's HTML shell: strict CSP, one nonce'd script, styles from the extension only. No data is interpolated. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'pipeline.css'));
  const csp = webviewCsp(webview.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Pipeline Graph</title>
</head>
<body>
<div id="app" role="application" aria-label="Pipeline artifact-flow graph"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
