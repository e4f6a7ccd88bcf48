// The webview's HTML page and Content-Security-Policy, in one place for the extension and for the webview test
// harness (which loads the same page in Chromium). Nothing loads unless listed: styles, images and fonts only from
// the extension, scripts only with the nonce. No model data is interpolated (it arrives by postMessage); only the
// language and the translations, escaped into attributes.
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export interface WebviewPageParts {
  cspSource: string;
  nonce: string;
  styleHref: string;
  scriptSrc: string;
  /** A nonce'd inline script run before the bundle (the test harness's stand-in for VS Code's webview API). */
  prelude?: string;
  /** The editor's language (`vscode.env.language`), so a screen reader reads a translated page in its language. */
  lang?: string;
  /**
   * VS Code's runtime translations (`vscode.l10n.bundle`; undefined for English). It travels as escaped JSON in a
   * data attribute (data, never script), and webview/l10n.ts loads it before the first render.
   */
  l10nBundle?: Record<string, string>;
}

/** Text that is safe inside a double-quoted HTML attribute. */
function attribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function webviewDocument(p: WebviewPageParts): string {
  const prelude = p.prelude === undefined ? '' : `<script nonce="${p.nonce}">\n${p.prelude}\n</script>\n`;
  const l10n = p.l10nBundle === undefined ? '' : ` data-l10n="${attribute(JSON.stringify(p.l10nBundle))}"`;
  return `<!DOCTYPE html>
<html lang="${attribute(p.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${webviewCsp(p.cspSource, p.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${p.styleHref}">
<title>Pipeline Graph</title>
</head>
<body>
${prelude}<div id="app" role="application" aria-label="Pipeline artifact-flow graph"${l10n}></div>
<script nonce="${p.nonce}" src="${p.scriptSrc}"></script>
</body>
</html>`;
}
