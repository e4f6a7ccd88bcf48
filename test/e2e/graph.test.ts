// The pipeline graph in a real VS Code (code-server), as a person uses it: open it beside examples/monorepo's
// .gitlab-ci.yml, compare what it draws with the engine's own model, hover, click into an included file, edit
// without saving, right-click, and reload the window.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/ci/analyze';
import type { FlowModel } from '../../src/ci/model';
import { nodeFileReader } from '../../src/cli/nodeFileReader';
import { layoutModel } from '../../webview/graph/layout';
import { arrowProblems, extractDrawn } from '../support/arrowGeometry';
import { CodeServer, TYPING_SETTINGS } from '../support/codeServer';
import type { Workbench } from '../support/codeServer';
import { ROOT } from '../support/paths';

const EXAMPLE = 'examples/monorepo';
let cs: CodeServer;
let wb: Workbench;
let expected: FlowModel;
const cspViolations: string[] = [];

before(async () => {
  expected = await analyze({
    root: '.gitlab-ci.yml',
    reader: nodeFileReader(join(ROOT, EXAMPLE)),
    context: { source: 'push', refKind: 'branch', branch: 'main', defaultBranch: 'main', variables: {} },
  });
  cs = await CodeServer.start({
    workspace: EXAMPLE,
    install: 'vsix',
    // Typing YAML in the editor: no auto-indent, auto-closing or suggestions getting in the way.
    settings: {
      ...TYPING_SETTINGS,
    },
  });
  wb = await cs.openWorkbench();
  // The webview's iframes log to the same page: any CSP refusal (inline style, eval, foreign resource) shows here.
  wb.page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
  });
});
after(async () => {
  await cs?.stop();
});

function nodes(): ReturnType<ReturnType<Workbench['webview']>['locator']> {
  return wb.webview().locator('svg.graph g.node');
}

async function attrs(selector: string, name: string): Promise<string[]> {
  return wb
    .webview()
    .locator(selector)
    .evaluateAll(
      (els, n) => els.map((e) => (e as unknown as { getAttribute(a: string): string | null }).getAttribute(n) ?? ''),
      name,
    );
}

void test('Open Pipeline Graph beside .gitlab-ci.yml draws the engine model: one node per job/group, one edge per flow', async () => {
  assert.ok(expected.jobs.length >= 5, `the example should have jobs: ${JSON.stringify(expected.diagnostics)}`);
  await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: '.gitlab-ci.yml' }).first().click();
  await wb.page.locator('.tabs-container .tab[data-resource-name=".gitlab-ci.yml"]').waitFor();
  await wb.runCommand('GitLab Artifact Flow: Open Pipeline Graph');
  await nodes().first().waitFor({ timeout: 60_000 });
  const layout = layoutModel(expected, { mode: 'stages' });
  await wb.webview().locator(`svg.graph[data-jobs="${expected.jobs.length}"]`).waitFor();
  assert.equal(await nodes().count(), layout.nodes.length);
  assert.equal(await wb.webview().locator('svg.graph g.edge').count(), layout.edges.length);
  const drawn = (await attrs('svg.graph g.node', 'data-node')).sort();
  assert.deepEqual(drawn, layout.nodes.map((n) => n.id).sort());
  assert.deepEqual((await attrs('svg.graph g.edge', 'data-edge')).sort(), layout.edges.map((e) => e.id).sort());
  // The panel sits beside the editor: both the YAML tab and the graph tab are visible.
  await wb.page
    .getByRole('tab', { name: /^Pipeline/ })
    .first()
    .waitFor();
  await wb.screenshot('graph-1-open');
});

void test('hovering a job shows where its artifacts come from and why', async () => {
  await wb.webview().locator('g.node[data-job="package"]').hover();
  const card = wb.webview().locator('#card');
  await card.waitFor({ state: 'visible' });
  const text = await card.innerText();
  const pkg = expected.jobs.find((j) => j.name === 'package');
  assert.ok(pkg);
  for (const s of pkg.sources) assert.ok(text.includes(s.job), `card lacks source ${s.job}:\n${text}`);
  assert.match(text, /version\.env/);
  assert.match(text, /\.gitlab-ci\.yml:\d+/);
  await wb.screenshot('graph-2-hover');
  await wb.page.mouse.move(5, 5);
});

/** The Layout control is in the toolbar, or (in a narrow panel) in its ⋯ menu. */
async function chooseLayout(mode: 'stages' | 'needs'): Promise<void> {
  const view = wb.webview();
  if (!(await view.locator('#layout').isVisible())) await view.locator('#more').click();
  await view.locator('#layout').selectOption(mode);
  if (await view.locator('#more-menu').isVisible()) await view.locator('#more').click();
}

/** Every arrow starts on its producer's card and ends on its consumer's (issue 9: a layout switch left them behind). */
async function assertArrowsAttached(when: string): Promise<void> {
  const drawn = await wb.webview().locator('svg.graph').evaluate(extractDrawn);
  assert.ok(drawn.edges.length > 0, `no arrows after ${when}`);
  assert.deepEqual(arrowProblems(drawn), [], `after ${when}`);
}

/** Opens the workbench's context menu with `open` and waits for `item`; retries when the first gesture is lost. */
async function openMenu(open: () => Promise<void>, item: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await open();
    try {
      await wb.menuItem(item).waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      await wb.screenshot(`${name}-attempt-${attempt}`);
      if (attempt === 3) throw e;
      await wb.page.keyboard.press('Escape');
    }
  }
}

void test("right-click on a job shows VS Code's own menu with Reveal and Copy; Shift+F10 opens it too", async () => {
  const pkg = wb.webview().locator('svg.graph g.node[data-job="package"]');
  await openMenu(() => pkg.click({ button: 'right' }), 'Reveal Job in Editor', 'graph-3-right-click');
  await wb.menuItem('Copy Job Name').waitFor();
  await wb.screenshot('graph-3-context-menu');
  await wb.page.keyboard.press('Escape');
  await wb.menuItem('Reveal Job in Editor').waitFor({ state: 'hidden' });
  // Keyboard: Shift+F10 on the focused job opens the same menu.
  await openMenu(
    async () => {
      await pkg.focus();
      await wb.page.keyboard.press('Shift+F10');
    },
    'Reveal Job in Editor',
    'graph-3b-shift-f10',
  );
  assert.equal(await wb.page.locator('.context-view .monaco-menu').count(), 1);
  await wb.screenshot('graph-3b-keyboard-menu');
  // Esc closes the menu and the job it was opened on has the keyboard focus again.
  await wb.page.keyboard.press('Escape');
  await wb.menuItem('Reveal Job in Editor').waitFor({ state: 'hidden' });
  await wb.webview().locator('svg.graph g.node[data-job="package"]:focus').waitFor({ timeout: 5_000 });
  await openMenu(
    async () => {
      await pkg.focus();
      await wb.page.keyboard.press('Shift+F10');
    },
    'Reveal Job in Editor',
    'graph-3c-shift-f10-again',
  );
  const reveal = wb.menuItem('Reveal Job in Editor');
  await reveal.hover();
  await reveal.click();
  // The workbench menu can swallow a click that lands while it animates in; Enter runs the focused item.
  if (await reveal.isVisible()) await wb.page.keyboard.press('Enter');
  await wb.page.locator('.tabs-container .tab.active[data-resource-name=".gitlab-ci.yml"]').waitFor();
});

void test('clicking a job defined in an included file opens that file', async () => {
  await wb.webview().locator('g.node[data-job="unit"]').click();
  await wb.page.locator('.tabs-container .tab.active[data-resource-name="test.yml"]').waitFor({ timeout: 20_000 });
  await wb.screenshot('graph-4-reveal-included');
});

/**
 * Puts the cursor at the end of the YAML, and checks that it is there before anything is typed: an earlier step
 * (reveal) leaves a job name selected, and a key pressed before the editor has focus would type over it.
 */
async function cursorToEnd(): Promise<void> {
  const lastLine = readFileSync(join(ROOT, EXAMPLE, '.gitlab-ci.yml'), 'utf8').split('\n').length;
  const position = wb.page.locator('[id="status.editor.selection"]');
  for (let attempt = 1; ; attempt++) {
    await wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.press('Control+End');
    try {
      await position.filter({ hasText: new RegExp(`^Ln ${lastLine}, Col 1$`) }).waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

void test('typing in the editor (unsaved) changes the graph', async () => {
  await wb.page.locator('.tabs-container .tab[data-resource-name=".gitlab-ci.yml"]').click();
  await cursorToEnd();
  // One flow-style line: the editor's indentation rules cannot rearrange it.
  await wb.page.keyboard.type('\nsmoke: {stage: deploy, needs: [package], script: [echo]}\n');
  try {
    await wb.webview().locator('g.node[data-job="smoke"]').waitFor({ timeout: 20_000 });
  } finally {
    await wb.screenshot('graph-5-edited');
  }
  assert.equal(await wb.webview().locator('g.edge[data-edge="job:package->job:smoke"]').count(), 1);
  // A YAML error keeps the last graph under a banner.
  await wb.page.keyboard.type('broken: [');
  await wb.webview().locator('#banner').waitFor({ state: 'visible', timeout: 20_000 });
  assert.equal(await wb.webview().locator('g.node[data-job="smoke"]').count(), 1);
  await wb.screenshot('graph-6-error-banner');
  for (let i = 0; i < 'broken: ['.length; i++) await wb.page.keyboard.press('Backspace');
  await wb.webview().locator('#banner').waitFor({ state: 'hidden', timeout: 20_000 });
});

void test("typing an undefined need puts an error marker on the job's card, listed in its hover card", async () => {
  // The previous test left the cursor on the buffer's empty last line.
  await wb.page.keyboard.press('Control+End');
  await wb.page.keyboard.type('smoke2: {stage: deploy, needs: [no-such-job], script: [echo]}');
  const marker = wb.webview().locator('g.node[data-job="smoke2"] g.finding-marker[data-findings="error"]');
  try {
    await marker.waitFor({ timeout: 20_000 });
  } finally {
    await wb.screenshot('graph-5b-finding-marker');
  }
  await wb.webview().locator('g.node[data-job="smoke2"]').hover();
  await wb.webview().locator('#card').waitFor({ state: 'visible' });
  assert.match(
    await wb.webview().locator('#card').innerText(),
    /Findings[\s\S]*error[\s\S]*undefined need: no-such-job/,
  );
  await wb.page.mouse.move(5, 5);
  // Removing the line removes the job and its marker (hovering the graph left the keyboard in the editor).
  await wb.page.keyboard.press('Control+End');
  await wb.page.keyboard.press('Shift+Home');
  await wb.page.keyboard.press('Backspace');
  await wb.webview().locator('g.node[data-job="smoke2"]').waitFor({ state: 'detached', timeout: 20_000 });
});

void test('moving the cursor into a job selects it in the graph', async () => {
  await wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await wb.page.keyboard.press('Control+Home');
  await wb.page.locator('.editor-group-container.active .view-line', { hasText: 'version:' }).first().click();
  await wb.webview().locator('svg.graph g.node.selected[data-job="version"]').waitFor({ timeout: 10_000 });
  await wb.screenshot('graph-7-cursor-selects');
});

void test("Find job with Shift+Enter shows only that job's lineage; Esc brings the whole graph back", async () => {
  const view = wb.webview();
  const all = await nodes().count();
  await view.locator('#search').fill('package');
  await view.locator('#search').press('Shift+Enter');
  await view.locator('#focus-bar', { hasText: 'Focus on package' }).waitFor({ timeout: 10_000 });
  const shown = view.locator('svg.graph g.nodes:not(.covered) > g.node');
  assert.ok((await shown.count()) < all, 'focus mode hides the jobs outside the lineage');
  assert.equal(await shown.filter({ has: view.locator('text.label', { hasText: /^coverage$/ }) }).count(), 0);
  await assertArrowsAttached('focusing on package');
  await wb.screenshot('graph-7b-focus');
  // The focused job has the keyboard focus: Esc closes its card, Esc again leaves focus mode.
  await wb.page.keyboard.press('Escape');
  await wb.page.keyboard.press('Escape');
  await view.locator('#focus-bar').waitFor({ state: 'hidden' });
  assert.equal(await nodes().count(), all);
  await view.locator('#search').fill('');
});

void test('hidden behind another editor and shown again, the panel comes back as it was (no retainContextWhenHidden)', async () => {
  const pipelineTab = wb.page.getByRole('tab', { name: /^Pipeline/ }).first();
  await chooseLayout('needs');
  await wb.webview().locator('g.column[data-stage="No needs"]').waitFor();
  await assertArrowsAttached('switching to By needs');
  await pipelineTab.click();
  await wb.openFile('ci/templates.yml'); // opens in the panel's group: the webview is destroyed
  await wb.page.locator('iframe.webview.ready').waitFor({ state: 'detached', timeout: 20_000 });
  await pipelineTab.click();
  await wb.webview().locator('g.column[data-stage="No needs"]').waitFor({ timeout: 30_000 });
  assert.equal(await wb.webview().locator('#layout').inputValue(), 'needs');
  assert.ok((await nodes().count()) >= 5);
  await wb.screenshot('graph-8-shown-again');
  await assertArrowsAttached('the panel shown again in By needs');
  await chooseLayout('stages');
  await wb.webview().locator('g.column[data-stage="build"]').waitFor();
  await assertArrowsAttached('switching back to Stages');
});

void test('an included file changed on disk, outside the editor, updates the graph', async () => {
  appendFileSync(join(cs.workspace, 'ci', 'test.yml'), '\nlint-disk:\n  stage: test\n  script: [echo]\n');
  await wb.webview().locator('svg.graph g.node[data-job="lint-disk"]').waitFor({ timeout: 30_000 });
});

void test('after Reload Window the panel is restored with its graph', async () => {
  await wb.runCommand('Developer: Reload Window');
  await wb.waitReady('.gitlab-ci.yml');
  await wb.page
    .getByRole('tab', { name: /^Pipeline/ })
    .first()
    .waitFor({ timeout: 60_000 });
  // A restored webview is only loaded when visible; its tab may need a click.
  await wb.page
    .getByRole('tab', { name: /^Pipeline/ })
    .first()
    .click();
  try {
    await nodes().first().waitFor({ timeout: 60_000 });
  } finally {
    await wb.screenshot('graph-9-restored');
  }
  await wb.webview().locator('g.node[data-job="package"]').waitFor();
  assert.ok((await nodes().count()) >= 5);
});

void test('the webview ran under its strict CSP without a single violation', () => {
  assert.deepEqual(cspViolations, []);
});
