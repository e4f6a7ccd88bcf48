// What a user notices in the first minute: a one-row toolbar in a half-width panel (the rest in a "⋯" menu), input
// borders under every theme (Default Light+ has no input border colour), and the keyboard focus back on the job
// when VS Code's context menu closes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ToWebview } from '../../src/protocol';
import { WebviewHarness } from '../support/webviewHarness';
import type { ThemeKind, WebviewPage } from '../support/webviewHarness';
import { sampleModel } from '../fixtures/models/builders';

let h: WebviewHarness;
before(async () => {
  h = await WebviewHarness.start();
});
after(async () => {
  await h.stop();
});

const message: ToWebview = {
  type: 'didChangeModel',
  model: sampleModel(),
  banner: null,
  rootLabel: '.gitlab-ci.yml',
  rootUri: 'file:///p/.gitlab-ci.yml',
};

async function open(width: number, theme: ThemeKind = 'dark'): Promise<WebviewPage> {
  const v = await h.open({ viewport: { width, height: 600 }, theme });
  await v.waitForMessage('ready');
  await v.send(message);
  await v.page.locator('svg.graph g.node').first().waitFor();
  return v;
}

/** Toolbar height against one control's: one row means no control wraps below another. */
async function rows(v: WebviewPage): Promise<number> {
  const bar = await v.page.locator('.toolbar').boundingBox();
  const ctl = await v.page.locator('#ctx-kind').boundingBox();
  assert.ok(bar && ctl);
  return Math.round((bar.height - 9) / ctl.height);
}

for (const width of [1000, 1400]) {
  void test(`at ${width} px every tool is in one toolbar row`, async () => {
    const v = await open(width);
    assert.equal(await rows(v), 1);
    assert.equal(await v.page.locator('#more').isVisible(), false);
    assert.ok(await v.page.locator('#export').isVisible());
    await v.close();
  });
}

void test('in a half-width panel (600 px) the toolbar stays one row; the rest is in the ⋯ menu and works from there', async () => {
  const v = await open(600);
  assert.equal(await rows(v), 1);
  await v.screenshot('toolbar-600');
  assert.ok(await v.page.locator('#more').isVisible());
  assert.equal(await v.page.locator('#more-menu #export').count(), 1);
  assert.equal(await v.page.locator('#export').isVisible(), false);
  await v.page.locator('#more').click();
  assert.equal(await v.page.locator('#more').getAttribute('aria-expanded'), 'true');
  await v.screenshot('toolbar-600-menu');
  await v.page.locator('#export').click();
  assert.equal((await v.waitForMessage('exportSvg')).requestId, null);
  await v.page.locator('#more-menu').waitFor({ state: 'hidden' });
  // Esc closes the menu and gives the focus back to its button.
  await v.page.locator('#more').click();
  await v.page.keyboard.press('Escape');
  await v.page.locator('#more-menu').waitFor({ state: 'hidden' });
  assert.equal(
    await v.page.evaluate(
      () =>
        (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id,
    ),
    'more',
  );
  // Wider again: everything comes back to the row.
  await v.page.setViewportSize({ width: 1200, height: 600 });
  await v.page.locator('#more').waitFor({ state: 'hidden' });
  assert.ok(await v.page.locator('#export').isVisible());
  assert.equal(await rows(v), 1);
  assert.deepEqual(v.errors, []);
  await v.close();
});

for (const theme of ['light', 'dark', 'high-contrast'] as ThemeKind[]) {
  void test(`inputs have a visible border in the ${theme} theme, also when it defines no input border (Default Light+)`, async () => {
    const v = await open(1000, theme);
    await v.page.evaluate(() => {
      const s = (
        globalThis as unknown as { document: { documentElement: { style: { removeProperty(n: string): void } } } }
      ).document.documentElement.style;
      for (const n of ['--vscode-input-border', '--vscode-dropdown-border', '--vscode-contrastBorder']) {
        s.removeProperty(n);
      }
    });
    for (const id of ['#ctx-ref', '#search', '#ctx-kind']) {
      const [colour] = await v.computedStyles(id, 'border-top-color');
      const [bg] = await v.computedStyles('body', 'background-color');
      assert.ok(
        colour && !/rgba\([^)]*,\s*0\)$/.test(colour) && colour !== 'transparent' && colour !== bg,
        `${id}: border ${colour} on ${bg}`,
      );
    }
    await v.close();
  });
}

void test("when VS Code's context menu closes, the job it was opened on has the keyboard focus again", async () => {
  const v = await open(1000);
  const pkg = v.page.locator('svg.graph g.node[data-job="package"]');
  await pkg.focus();
  await v.page.keyboard.press('Shift+F10');
  // The menu takes the focus out of the webview; Esc closes it and VS Code focuses the webview's window again.
  await v.page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { activeElement: { blur(): void } | null };
      dispatchEvent(e: unknown): void;
      FocusEvent: new (t: string) => unknown;
    };
    g.document.activeElement?.blur();
    g.dispatchEvent(new g.FocusEvent('focus'));
  });
  assert.equal(
    await v.page.evaluate(
      () =>
        (
          globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }
        ).document.activeElement?.getAttribute('data-job') ?? null,
    ),
    'package',
  );
  await v.close();
});

void test("following another CI file, the panel fits that file: the previous file's zoom, pan and focus mode are dropped", async () => {
  const v = await open(1000);
  const fitted = await v.page.locator('g.viewport').getAttribute('transform');
  await v.page.locator('#zoom-in').click();
  await v.page.locator('#zoom-in').click();
  await v.page.locator('svg.graph g.node[data-job="package"]').focus();
  await v.page.keyboard.press('f');
  await v.page.locator('#focus-bar').waitFor({ state: 'visible' });
  // The same file again (an edit): the view stays as the user left it.
  await v.send(message);
  assert.ok(await v.page.locator('#focus-bar').isVisible());
  // Another file.
  await v.send({ ...message, rootUri: 'file:///p/other/.gitlab-ci.yml' });
  await v.page.locator('#focus-bar').waitFor({ state: 'hidden' });
  assert.equal(await v.page.locator('g.viewport').getAttribute('transform'), fitted);
  const state = (await v.state()) as { focus: string | null; root: string };
  assert.equal(state.focus, null);
  assert.equal(state.root, 'file:///p/other/.gitlab-ci.yml');
  await v.close();
});

void test('a merge request picked on the default branch takes the current git branch as its source, the default branch as target', async () => {
  const v = await open(1000);
  await v.send({ ...message, gitBranch: 'feature/login' });
  await v.page.locator('#ctx-kind').selectOption('mr');
  const asked = await v.waitForMessage('setContext');
  assert.equal(asked.context.mrSource, 'feature/login');
  assert.equal(asked.context.mrTarget, 'main');
  assert.equal(await v.page.locator('#ctx-ref').inputValue(), 'feature/login');
  await v.close();
  // Without a known branch the ref stays as typed.
  const w = await open(1000);
  await w.page.locator('#ctx-kind').selectOption('mr');
  assert.equal((await w.waitForMessage('setContext')).context.mrSource, 'main');
  await w.close();
});
