import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { webviewDocument } from '../webviewPage';

/** The webview's HTML shell (src/webviewPage.ts) with a fresh nonce and the extension's own resource URIs. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewDocument({
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    styleHref: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'pipeline.css')).toString(),
    scriptSrc: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
    lang: vscode.env.language,
    // The webview's own strings go through @vscode/l10n with the same bundle (undefined for English).
    ...(vscode.l10n.bundle ? { l10nBundle: vscode.l10n.bundle } : {}),
  });
}
