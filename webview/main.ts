// Webview entry. For now it only proves the chain (CSP, nonce, bundle) by drawing an empty graph surface.
const vscodeApi = acquireVsCodeApi();
const app = document.getElementById('app');
if (app) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'graph');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Pipeline graph (empty)');
  app.appendChild(svg);
}
vscodeApi.postMessage({ type: 'ready' });
