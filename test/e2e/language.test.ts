// The language features in a real VS Code (code-server), in examples/monorepo as a person uses them: the CodeLens
// above each job, hover on a job key, F12 from a needs entry, completion inside needs (valid jobs only), rename of
// a template across two files through the refactor preview, and a quick fix applied and re-analysed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeServer, TYPING_SETTINGS } from '../support/codeServer';
import type { Workbench } from '../support/codeServer';

const EXAMPLE = 'examples/monorepo';
let cs: CodeServer;
let wb: Workbench;

before(async () => {
  cs = await CodeServer.start({
    workspace: EXAMPLE,
    install: 'vsix',
    settings: {
      ...TYPING_SETTINGS,
      'editor.hover.delay': 100,
      'editor.wordBasedSuggestions': 'off',
    },
  });
  wb = await cs.openWorkbench();
});
after(async () => {
  await cs?.stop();
});

/** The 1-based line and column of `needle` (+ offset) in a file of the example as it is on disk in the workspace. */
function where(file: string, needle: string, offset = 0): { line: number; column: number } {
  const lines = readFileSync(join(cs.workspace, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not in ${file}`);
  return { line: i + 1, column: (lines[i] ?? '').indexOf(needle) + 1 + offset };
}

/** Waits for the status bar to show the cursor at a 1-based line and column. */
async function cursorAt(line: number, column: number, timeout: number): Promise<void> {
  await wb.page
    .locator('[id="status.editor.selection"]')
    .filter({ hasText: new RegExp(`^Ln ${line}, Col ${column}$`) })
    .waitFor({ timeout });
}

/** Ctrl+G, `line:column`, Enter; waits for the status bar to show the cursor there. */
async function goTo(p: { line: number; column: number }): Promise<void> {
  const input = wb.page.locator('.quick-input-widget input');
  await wb.page.keyboard.press('Control+G');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${p.line}:${p.column}`);
  // Enter does nothing until the picker has read the text (under load it still shows "Current Line" for a moment):
  // wait for its "Go to line" entry, and press again if the picker is still open.
  await wb.page
    .locator('.quick-input-widget .monaco-highlighted-label', {
      hasText: `Go to line ${p.line} and character ${p.column}`,
    })
    .first()
    .waitFor({ timeout: 10_000 });
  for (let attempt = 0; attempt < 3; attempt++) {
    await wb.page.keyboard.press('Enter');
    const closed = await input
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (closed) break;
  }
  await input.waitFor({ state: 'hidden', timeout: 5_000 });
  await cursorAt(p.line, p.column, 10_000);
}

function lens(text: string | RegExp): ReturnType<Workbench['page']['locator']> {
  return wb.page.locator('.codelens-decoration a', { hasText: text }).first();
}

/** Waits for a CodeLens (with the cursor on its job's line, so it is drawn); a screenshot says why if it never shows. */
async function waitLens(text: string | RegExp, file: string, job: string): Promise<void> {
  await goTo(where(file, `${job}:`));
  try {
    await lens(text).waitFor({ timeout: 30_000 });
  } catch (e) {
    await wb.screenshot(`language-lens-missing-${job}`);
    throw e;
  }
}

void test('a CodeLens above each job sums up what it receives and who uses it', async () => {
  await wb.openFile('.gitlab-ci.yml');
  await lens('from build, version · used by 1').waitFor({ timeout: 60_000 });
  await lens('receives nothing · used by 3').waitFor();
  await wb.screenshot('language-1-codelens');
});

void test('hover on a job key shows what it receives, from whom and why, what it uploads and who uses it', async () => {
  await goTo(where('.gitlab-ci.yml', 'package:', 2));
  await wb.page.keyboard.press('Control+K');
  await wb.page.keyboard.press('Control+I');
  const hover = wb.page.locator('.monaco-hover', { hasText: 'Receives' }).first();
  await hover.waitFor({ state: 'visible', timeout: 20_000 });
  const text = await hover.innerText();
  assert.match(text, /files bin\/ from build: \[linux, amd64\] via needs/);
  assert.match(text, /dotenv \$VERSION from version via needs/);
  assert.match(text, /Used by deploy/);
  // The hover fades in: let it settle so the screenshot shows it whole (nothing is asserted on time).
  await wb.page.waitForTimeout(600);
  await wb.screenshot('language-2-hover');
  await wb.page.keyboard.press('Escape');
});

void test('F12 on a needs entry goes to the job it names', async () => {
  await goTo(where('.gitlab-ci.yml', '- version', 3));
  await wb.page.keyboard.press('F12');
  const target = where('.gitlab-ci.yml', 'version:');
  await cursorAt(target.line, 1, 20_000);
});

void test('completion inside needs offers the jobs valid there, and not the job itself or later stages', async () => {
  // Select the need `version` and delete it: the cursor is then on an empty `- ` entry of package's needs.
  await goTo(where('.gitlab-ci.yml', '- version', 2));
  await wb.page.keyboard.press('Shift+End');
  await wb.page.keyboard.press('Backspace');
  await wb.page.keyboard.press('Control+Space');
  const rows = wb.page.locator('.suggest-widget.visible .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
  const labels = await wb.page.locator('.suggest-widget.visible .monaco-list-row .label-name').allInnerTexts();
  for (const name of ['build', 'version', 'unit', 'coverage']) {
    assert.ok(labels.includes(name), `missing ${name} in ${labels.join(' | ')}`);
  }
  for (const name of ['package', 'deploy']) {
    assert.ok(!labels.includes(name), `${name} is offered: ${labels.join(' | ')}`);
  }
  await wb.screenshot('language-3-completion');
  await wb.page.keyboard.press('Escape');
  // Undo the deletion (one edit). "File: Revert File" from the palette sometimes did not run, and the half-typed
  // need then stayed for the later tests: the lens below kept the last good model, so nothing showed it here.
  await wb.page.keyboard.press('Control+Z');
  await waitLens('from build, version · used by 1', '.gitlab-ci.yml', 'package');
});

void test('rename a template across two files with F2', async () => {
  await goTo(where('.gitlab-ci.yml', '.deploy-script', 2));
  await wb.page.keyboard.press('F2');
  const input = wb.page.locator('.rename-box input, .rename-box textarea').first();
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill('.ship-script');
  await wb.screenshot('language-4-rename');
  await wb.page.keyboard.press('Enter');
  await wb.runCommand('File: Save All Files');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const root = readFileSync(join(cs.workspace, '.gitlab-ci.yml'), 'utf8');
    const templates = readFileSync(join(cs.workspace, 'ci/templates.yml'), 'utf8');
    if (root.includes('!reference [.ship-script, script]') && /^\.ship-script:$/m.test(templates)) break;
    if (Date.now() > deadline) assert.fail(`not renamed on disk:\n${root}\n---\n${templates}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

void test('a quick fix turns the same-stage dependency into needs, and the CodeLens follows the new analysis', async () => {
  await wb.openFile('ci/test.yml');
  await waitLens('receives nothing · used by 1', 'ci/test.yml', 'coverage');
  await goTo(where('ci/test.yml', '[unit]', 1));
  await wb.page.keyboard.press('Control+.');
  const fix = wb.page
    .locator('.action-widget .monaco-list-row', { hasText: 'Turn the same-stage dependency unit into needs' })
    .first();
  await fix.waitFor({ state: 'visible', timeout: 20_000 });
  await wb.screenshot('language-5-quick-fix');
  // The action list takes the keyboard, with the preferred fix focused: Enter applies it.
  await wb.page
    .locator('.action-widget .monaco-list-row.focused', { hasText: 'Turn the same-stage dependency unit into needs' })
    .waitFor({ timeout: 5_000 });
  await wb.page.keyboard.press('Enter');
  await lens(/^from unit/).waitFor({ timeout: 30_000 });
  await wb.runCommand('File: Save All Files');
  const text = () => readFileSync(join(cs.workspace, 'ci/test.yml'), 'utf8');
  const deadline = Date.now() + 20_000;
  while (!/coverage:\n {2}needs: \[unit\]\n/.test(text())) {
    if (Date.now() > deadline) assert.fail(`quick fix not on disk:\n${text()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.doesNotMatch(text(), /dependencies:/);
});

void test('clicking a CodeLens opens the pipeline graph in focus mode on that job', async () => {
  await wb.page.locator('.tabs-container .tab[data-resource-name=".gitlab-ci.yml"]').first().click();
  await wb.page
    .locator('.tabs-container .tab.active[data-resource-name=".gitlab-ci.yml"]')
    .waitFor({ timeout: 10_000 });
  await waitLens('from build, version · used by 1', '.gitlab-ci.yml', 'package');
  await lens('from build, version · used by 1').click();
  await wb.page
    .getByRole('tab', { name: /^Pipeline/ })
    .first()
    .waitFor({ timeout: 60_000 });
  await wb.webview().locator('svg.graph g.node').first().waitFor({ timeout: 60_000 });
  // Focus mode: only package's lineage, and the focus bar names it.
  await wb.webview().locator('svg.graph.focusing').waitFor({ timeout: 30_000 });
  await wb.webview().locator('#focus-bar', { hasText: 'Focus on package' }).waitFor({ timeout: 10_000 });
  await wb.screenshot('language-6-lens-opens-graph');
});
