// Smoke test of the webview tier: the built bundle boots under the strict CSP in every theme kind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webviewCsp } from '../../src/webviewPage';
import { ROOT } from '../support/paths';
import { WebviewHarness } from '../support/webviewHarness';
import type { ThemeKind } from '../support/webviewHarness';

let h: WebviewHarness;
before(async () => {
  h = await WebviewHarness.start();
});
after(async () => {
  await h.stop();
});

for (const theme of ['dark', 'light', 'high-contrast'] as ThemeKind[]) {
  test(`the bundle boots in the ${theme} theme: svg.graph exists, 'ready' is posted, no errors`, async () => {
    const v = await h.open({ theme });
    const ready = await v.waitForMessage('ready');
    assert.equal(ready.type, 'ready');
    assert.equal(await v.page.locator('svg.graph').count(), 1);
    const [fg] = await v.computedStyles('body', '--vscode-foreground');
    assert.match(fg ?? '', /^#[0-9a-f]{6}$/);
    assert.deepEqual(await v.attributes('body', 'data-vscode-theme-name'), [theme]);
    const path = await v.screenshot(`smoke-${theme}`);
    assert.ok(path.endsWith(`smoke-${theme}.png`));
    assert.deepEqual(v.errors, []);
    await v.close();
  });
}

void test('the stand-in API: the webview restores from the saved state and a second acquireVsCodeApi throws', async () => {
  const v = await h.open({ theme: 'light', state: { marker: 'saved' } });
  await v.waitForMessage('ready');
  const second = await v.page.evaluate<string>(
    "(() => { try { acquireVsCodeApi(); return 'no error'; } catch (e) { return String(e); } })()",
  );
  // The webview may save its own view state at any time after that, so check what it restored from.
  assert.deepEqual(await v.firstStateRead(), { marker: 'saved' });
  assert.match(second, /already been acquired/);
  await v.close();
});

void test("the harness page is the extension's own page and CSP (src/webviewPage.ts)", async () => {
  const host = readFileSync(join(ROOT, 'src', 'host', 'webviewHtml.ts'), 'utf8');
  assert.match(
    host,
    /webviewDocument\(\{\s*cspSource: webview\.cspSource/,
    'the extension builds its page with webviewDocument',
  );
  const v = await h.open();
  const [content] = await v.attributes('meta[http-equiv="Content-Security-Policy"]', 'content');
  const nonce = /'nonce-([^']+)'/.exec(content ?? '')?.[1] ?? '';
  assert.equal(content, webviewCsp(h.origin, nonce));
  assert.match(content ?? '', /^default-src 'none'; /);
  await v.close();
});
