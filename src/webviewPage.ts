// The webview's HTML page and Content-Security-Policy, in one place for the extension and for the webview test
// harness (which loads the same page in Chromium). Nothing loads unless listed: styles, images and fonts only from
// the extension, scripts only with the nonce. No data is interpolated: the model arrives by postMessage.
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
}

export function webviewDocument(p: WebviewPageParts): string {
  const prelude = p.prelude === undefined ? '' : `<script nonce="${p.nonce}">\n${p.prelude}\n</script>\n`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${webviewCsp(p.cspSource, p.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${p.styleHref}">
<title>Pipeline Graph</title>
</head>
<body>
${prelude}<div id="app" role="application" aria-label="Pipeline artifact-flow graph"></div>
<script nonce="${p.nonce}" src="${p.scriptSrc}"></script>
</body>
</html>`;
}
