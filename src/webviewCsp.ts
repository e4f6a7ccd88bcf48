// The webview's Content-Security-Policy, in one place for the extension and for the webview test harness:
// nothing loads unless listed; styles, images and fonts only from the extension; scripts only with the nonce.
export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}
