// Downstream pipelines follow the theme (dark, light, high contrast): the trigger arrow, the frame and the placeholder
// take their colours from VS Code's variables, never from fixed colours.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebviewHarness } from '../support/webviewHarness';
import type { ThemeKind } from '../support/webviewHarness';
import { downstreamModel } from '../unit/webview/downstreamFixture';

let h: WebviewHarness;
before(async () => {
  h = await WebviewHarness.start();
});
after(async () => {
  await h.stop();
});

for (const theme of ['dark', 'light', 'high-contrast'] as ThemeKind[]) {
  void test(`downstream pipelines in the ${theme} theme`, async () => {
    const v = await h.open({ theme, viewport: { width: 1400, height: 600 } });
    await v.waitForMessage('ready');
    await v.send({
      type: 'didChangeModel',
      model: downstreamModel(),
      banner: null,
      rootLabel: '.gitlab-ci.yml',
      rootUri: 'file:///p/.gitlab-ci.yml',
    });
    await v.page.locator('svg.graph g.node[data-node="ds:child"]').waitFor();
    const green = await v.page.evaluate<string>(
      "getComputedStyle(document.body).getPropertyValue('--vscode-charts-green').trim()",
    );
    assert.notEqual(green, '', 'the theme defines the colour');
    const stroke = (selector: string): Promise<string> =>
      v.page
        .locator(selector)
        .first()
        .evaluate(
          (e): string =>
            (globalThis as unknown as { getComputedStyle(x: unknown): { stroke: string } }).getComputedStyle(e).stroke,
        );
    const expected = await v.page.evaluate<string>(
      `(() => { const d = document.createElement('div'); d.style.color = ${JSON.stringify(green)}; document.body.append(d); const c = getComputedStyle(d).color; d.remove(); return c; })()`,
    );
    assert.equal(await stroke('svg.graph g.edge.triggers path.edge-line'), expected);
    assert.equal(await stroke('svg.graph g.node.downstream.frame > rect.card'), expected);
    await v.screenshot(`downstream-${theme}`);
    assert.deepEqual(v.errors, []);
    await v.close();
  });
}
