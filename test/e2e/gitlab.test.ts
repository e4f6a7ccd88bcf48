// Real artifacts in a real VS Code (code-server): connect with a token through the command, see a bad token's
// error with its "Set GitLab Token" action, download a job's artifacts from the GitLab test server (redirected to
// a second origin that must never see the token) from the palette and from the graph's context menu, and find
// the files in the explorer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { CodeServer } from '../support/codeServer';
import type { Workbench } from '../support/codeServer';
import { ROOT } from '../support/paths';
import { GitLabTestServer } from '../support/fakeGitLab/server';
import { buildZip } from '../support/fakeGitLab/zips';

const GOOD = 'glpat-e2e-good-token';
let gl: GitLabTestServer;
let cs: CodeServer;
let wb: Workbench;
let source: string;

before(async () => {
  gl = await GitLabTestServer.start();
  gl.tokens.clear();
  gl.tokens.set(GOOD, 'private');
  gl.redirectDownloads = true;
  gl.addPipeline({ id: 100, ref: 'main' });
  gl.addJob({
    id: 1,
    name: 'build',
    pipelineId: 100,
    archive: await buildZip([
      { name: 'dist/app.js', data: 'console.log("built")\n' },
      { name: 'build.env', data: 'VERSION=1.0\n' },
    ]),
  });
  gl.addJob({
    id: 2,
    name: 'test',
    pipelineId: 100,
    stage: 'test',
    archive: await buildZip([{ name: 'reports/junit.xml', data: '<testsuites/>' }]),
  });
  gl.addJob({ id: 3, name: 'deploy', pipelineId: 100, stage: 'deploy' });
  // A workspace whose git remote points at the test server (the connection is inferred from .git/config).
  source = mkdtempSync(join(tmpdir(), 'gaf-e2e-gitlab-src-'));
  cpSync(join(ROOT, 'examples', 'basic'), source, { recursive: true });
  mkdirSync(join(source, '.git'));
  writeFileSync(join(source, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(
    join(source, '.git', 'config'),
    `[core]\n\trepositoryformatversion = 0\n[remote "origin"]\n\turl = ${gl.url}/group/sub/project.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`,
  );
  cs = await CodeServer.start({
    workspace: source,
    install: 'folder',
    settings: { 'workbench.editor.enablePreview': false },
  });
  wb = await cs.openWorkbench();
});

after(async () => {
  await cs?.stop();
  rmSync(source, { recursive: true, force: true });
  await gl?.close(); // throws if object storage ever saw a token
});

async function enterToken(token: string): Promise<void> {
  await wb.runCommand('GitLab Artifact Flow: Set GitLab Token');
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  assert.equal(await input.getAttribute('type'), 'password', 'the token box hides what is typed');
  await input.fill(token);
  await wb.page.keyboard.press('Enter');
}

void test('status bar says not connected until a token is set', async () => {
  await wb.page.locator('.statusbar-item', { hasText: 'GitLab: not connected' }).waitFor({ timeout: 60_000 });
});

void test('a bad token shows the error with its "Set GitLab Token" action, and never the token', async () => {
  await enterToken('glpat-e2e-bad-token');
  const toast = wb.notification(/rejected the token/);
  await toast.waitFor({ timeout: 30_000 });
  await toast.getByRole('button', { name: 'Set GitLab Token' }).waitFor();
  await toast.getByRole('button', { name: 'Show Logs' }).waitFor();
  assert.ok(!(await toast.innerText()).includes('glpat-e2e-bad-token'));
  await wb.page.locator('.statusbar-item', { hasText: 'GitLab: token rejected' }).waitFor({ timeout: 10_000 });
  await wb.screenshot('gitlab-1-bad-token');
  await wb.page.keyboard.press('Escape');
  await wb.runCommand('Notifications: Clear All Notifications');
});

void test('a good token connects', async () => {
  await enterToken(GOOD);
  await wb.notification(/Connected to group\/sub\/project/).waitFor({ timeout: 30_000 });
  await wb.page.locator('.statusbar-item', { hasText: 'project' }).first().waitFor();
  for (const scope of ['User', 'Machine']) {
    assert.ok(
      !readFileSync(join(cs.root, 'ud', scope, 'settings.json'), 'utf8').includes(GOOD),
      `the token is not in the ${scope} settings`,
    );
  }
  await wb.runCommand('Notifications: Clear All Notifications');
});

void test('Download Artifacts… from the palette: pick a job, files land in .gitlab-artifacts and show in the explorer', async () => {
  await wb.runCommand('GitLab Artifact Flow: Download Artifacts…');
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await wb.page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'build' })
    .first()
    .waitFor({ timeout: 30_000 });
  await input.fill('build');
  await wb.page.keyboard.press('Enter');
  await wb.notification(/Extracted 2 files/).waitFor({ timeout: 60_000 });
  const file = join(cs.workspace, '.gitlab-artifacts', '100', 'build', 'dist', 'app.js');
  assert.equal(readFileSync(file, 'utf8'), 'console.log("built")\n');
  await wb.page
    .locator('.explorer-folders-view .monaco-list-row', { hasText: '.gitlab-artifacts' })
    .first()
    .waitFor({ timeout: 20_000 });
  await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'build' }).first().waitFor();
  await wb.screenshot('gitlab-2-downloaded');
  assert.deepEqual(gl.violations, []);
  assert.ok(gl.count(/\/bucket\//, 'storage') >= 1, 'the archive came from the storage origin');
  await wb.runCommand('Notifications: Clear All Notifications');
});

void test('right-click a job in the graph → Download Artifacts…', async () => {
  await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: '.gitlab-ci.yml' }).first().click();
  await wb.page.locator('.tabs-container .tab[data-resource-name=".gitlab-ci.yml"]').waitFor();
  await wb.runCommand('GitLab Artifact Flow: Open Pipeline Graph');
  const node = wb.webview().locator('g.node[data-job="test"]');
  await node.waitFor({ timeout: 60_000 });
  // Connected: the job cards show the real statuses of the latest pipeline for main (#100).
  const badge = wb.webview().locator('svg.graph g.viewport g.node[data-job="build"] g.status');
  await badge.waitFor({ timeout: 30_000 });
  assert.equal(await badge.getAttribute('data-status'), 'success');
  assert.equal(await badge.getAttribute('aria-label'), 'GitLab status: success');
  assert.match(
    (await wb.webview().locator('svg.graph g.viewport g.node[data-job="build"]').getAttribute('aria-label')) ?? '',
    /GitLab status: success$/,
  );
  assert.equal(await wb.webview().locator('svg.graph').getAttribute('data-pipeline'), '100');
  await wb.screenshot('gitlab-3-statuses');
  await node.click({ button: 'right' });
  const item = wb.menuItem('Download Artifacts…');
  await item.waitFor();
  await item.hover();
  await item.click();
  // The workbench menu sometimes swallows a click that lands while it animates in; Enter runs the focused item.
  await new Promise((r) => setTimeout(r, 500));
  if (await item.isVisible()) await wb.page.keyboard.press('Enter');
  try {
    await wb.notification(/Extracted 1 file/).waitFor({ timeout: 60_000 });
  } catch (e) {
    await wb.screenshot('gitlab-3-context-menu-failed');
    const toasts = await wb.page.locator('.notification-toast').allInnerTexts();
    throw new Error(`no "Extracted" notification; toasts: ${JSON.stringify(toasts)}`, { cause: e });
  }
  assert.ok(existsSync(join(cs.workspace, '.gitlab-artifacts', '100', 'test', 'reports', 'junit.xml')));
  await wb.screenshot('gitlab-3-context-menu');
  assert.deepEqual(gl.violations, []);
});

void test('Open Artifact File…: the archive is listed without downloading it, the file opens read-only', async () => {
  const before = gl.count(/\/bucket\//, 'storage');
  await wb.runCommand('GitLab Artifact Flow: Open Artifact File…');
  const input = wb.page.locator('.quick-input-widget input');
  await wb.page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'build' })
    .first()
    .waitFor({ timeout: 30_000 });
  await input.fill('build');
  await wb.page.keyboard.press('Enter');
  await wb.page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'build.env' })
    .first()
    .waitFor({ timeout: 30_000 });
  await input.fill('build.env');
  await wb.page.keyboard.press('Enter');
  const tab = wb.page.locator('.tabs-container .tab', { hasText: 'build.env' });
  await tab.waitFor({ timeout: 30_000 });
  await wb.page
    .locator('.editor-instance .view-lines', { hasText: 'VERSION=1.0' })
    .first()
    .waitFor({ timeout: 20_000 });
  await wb.screenshot('gitlab-4-open-artifact-file');
  const ranged = gl.requests.filter((r) => r.server === 'storage').slice(before);
  assert.ok(
    ranged.length > 0 && ranged.every((r) => typeof r.headers['range'] === 'string'),
    'only ranged reads of the archive',
  );
  assert.ok(
    gl.requests.some((r) => r.server === 'api' && /\/jobs\/1\/artifacts\/build\.env$/.test(r.url)),
    'the single-file endpoint served the content',
  );
  assert.deepEqual(gl.violations, []);
});

void test('Keep Artifacts, and Delete Artifacts… after a modal confirmation', async () => {
  const input = wb.page.locator('.quick-input-widget input');
  await wb.runCommand('GitLab Artifact Flow: Keep Artifacts');
  await wb.page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'build' })
    .first()
    .waitFor({ timeout: 30_000 });
  await input.fill('build');
  await wb.page.keyboard.press('Enter');
  await wb.notification(/will be kept/).waitFor({ timeout: 30_000 });
  assert.equal(gl.jobs.find((j) => j.id === 1)?.kept, true);

  await wb.runCommand('GitLab Artifact Flow: Delete Artifacts…');
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'test' }).first().waitFor({ timeout: 30_000 });
  await input.fill('test');
  await wb.page.keyboard.press('Enter');
  const dialog = wb.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 20_000 });
  assert.match(await dialog.innerText(), /Delete the artifacts of test \(#2\)/);
  await wb.screenshot('gitlab-5-delete-confirm');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await wb.notification(/Deleted the artifacts of test/).waitFor({ timeout: 30_000 });
  assert.equal(gl.jobs.find((j) => j.id === 2)?.archive, undefined);
});

/** Every path under `dir` with its size, to prove a refused download wrote nothing. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const st = lstatSync(p);
      out.push(`${relative(dir, p)}${st.isDirectory() ? '/' : `:${st.size}`}`);
      if (st.isDirectory() && !st.isSymbolicLink()) walk(p);
    }
  };
  walk(dir);
  return out;
}

void test('a GitLab request that hangs can be cancelled: a Cancel button appears, and cancelling ends the command quietly', async () => {
  // The server reads the job listing request and never answers (the client's idle timeout is 60 s).
  gl.faults.push({ kind: 'stall', match: /\/pipelines\/\d+\/jobs/ });
  await wb.runCommand('GitLab Artifact Flow: Download Artifacts…');
  const toast = wb.notification(/Loading jobs of pipeline #100/);
  await toast.waitFor({ timeout: 30_000 });
  await wb.screenshot('gitlab-5-cancel-slow-request');
  await toast.getByRole('button', { name: 'Cancel' }).click();
  await toast.waitFor({ state: 'hidden', timeout: 10_000 });
  // No error, no quick pick: the command simply ended.
  assert.equal(await wb.page.locator('.notification-toast', { hasText: /failed|error/i }).count(), 0);
  assert.equal(await wb.page.locator('.quick-input-widget').isVisible(), false);
  await wb.runCommand('Notifications: Clear All Notifications');
});

/** Workspace settings, as a repository's .vscode/settings.json would carry them; VS Code picks the file up live. */
async function workspaceSettings(settings: Record<string, unknown>): Promise<void> {
  mkdirSync(join(cs.workspace, '.vscode'), { recursive: true });
  writeFileSync(join(cs.workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  // The file watcher picks the change up at its own pace: a window reload reads the settings for sure.
  await wb.runCommand('Developer: Reload Window');
  await wb.page.locator('.statusbar-item', { hasText: 'project' }).first().waitFor({ timeout: 60_000 });
}

async function downloadBuild(): Promise<void> {
  await wb.runCommand('GitLab Artifact Flow: Download Artifacts…');
  const input = wb.page.locator('.quick-input-widget input');
  await wb.page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'build' })
    .first()
    .waitFor({ timeout: 30_000 });
  await input.fill('build');
  await wb.page.keyboard.press('Enter');
}

/** Waits for a refusal toast; without one, a screenshot and the toasts that did show say what happened instead. */
async function refusal(toast: ReturnType<Workbench['notification']>, shot: string, timeout: number): Promise<void> {
  try {
    await toast.waitFor({ timeout });
  } catch (e) {
    await wb.screenshot(shot);
    throw new Error(
      `no refusal; toasts: ${JSON.stringify(await wb.page.locator('.notification-toast').allInnerTexts())}`,
      { cause: e },
    );
  }
}

void test('askWhereToDownload: picking the workspace folder itself is refused with the message, and nothing is written', async () => {
  await workspaceSettings({ 'gitlabArtifactFlow.askWhereToDownload': true });
  const before = tree(cs.workspace);
  const downloads = gl.count(/\/bucket\//, 'storage');
  await downloadBuild();
  // The folder dialog (code-server's own, a quick input) opens on the workspace folder: accept it as it is.
  const input = wb.page.locator('.quick-input-widget input');
  const extractHere = wb.page.locator('.quick-input-widget .quick-input-action', { hasText: 'Extract Here' });
  await extractHere.waitFor({ timeout: 30_000 });
  // Under load the dialog may write its own starting value after ours, or take the click while it still lists the
  // folder it was updating to: fill until the box holds exactly the path, click, and if the dialog is still open and
  // no refusal came, do it again. A click that lands while the dialog redraws can also close it without an answer
  // (a cancel: nothing is downloaded, nothing is said): then the download is asked for again.
  const want = `${cs.workspace}/`;
  const toast = wb.notification(/Refused to download into/);
  const widget = wb.page.locator('.quick-input-widget');
  const stale = wb.page.locator('.quick-input-widget', { hasText: 'The path does not exist' });
  let refused = false;
  for (let attempt = 0; attempt < 4 && !refused; attempt++) {
    if (attempt > 0 && !(await widget.isVisible())) {
      // A refusal that came after the wait still counts (and then the download is not asked for again).
      refused = await toast.isVisible();
      if (refused) break;
      await downloadBuild();
      await extractHere.waitFor({ timeout: 30_000 });
    }
    // It can also keep a stale "The path does not exist" from a value it was still resolving, and then ignores the
    // click: change the value and put it back until the dialog has validated the path.
    for (let i = 0; i < 10 && ((await input.inputValue()) !== want || (await stale.isVisible())); i++) {
      if (await stale.isVisible()) {
        await input.fill(want.slice(0, -1));
        await wb.page.waitForTimeout(200);
      }
      await input.fill(want);
      await wb.page.waitForTimeout(300);
    }
    assert.equal(await input.inputValue(), want);
    await extractHere.click();
    refused = await toast
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
  }
  if (!refused) await refusal(toast, 'gitlab-6-pick-root-failed', 20_000);
  const text = await toast.innerText();
  assert.match(
    text,
    /\(the folder you picked\): it is the workspace folder .* itself\. Nothing was changed\. Pick an empty or new folder\./,
  );
  await wb.screenshot('gitlab-6-pick-root-refused');
  assert.deepEqual(tree(cs.workspace), before, 'nothing written in the workspace');
  assert.equal(gl.count(/\/bucket\//, 'storage'), downloads, 'refused before downloading');
  await wb.runCommand('Notifications: Clear All Notifications');
});

void test('a repository setting artifactsFolder = "../outside" is refused with a message naming the setting', async () => {
  await workspaceSettings({ 'gitlabArtifactFlow.artifactsFolder': '../outside' });
  const before = tree(cs.workspace);
  await downloadBuild();
  const toast = wb.notification(/gitlabArtifactFlow\.artifactsFolder/);
  await refusal(toast, 'gitlab-7-artifacts-folder-failed', 30_000);
  assert.match(
    await toast.innerText(),
    /The setting gitlabArtifactFlow\.artifactsFolder \("\.\.\/outside"\) leads out of the workspace \(\.\.\)\. Use a folder inside the workspace/,
  );
  await wb.screenshot('gitlab-7-artifacts-folder-refused');
  assert.ok(!existsSync(join(dirname(cs.workspace), 'outside')), 'nothing created outside the workspace');
  assert.deepEqual(tree(cs.workspace), before);
  rmSync(join(cs.workspace, '.vscode'), { recursive: true, force: true });
  await wb.runCommand('Notifications: Clear All Notifications');
});

void test('the walkthrough ticks "Connect" and "Download" after they were done (before Get Started was opened, across a reload), not "Pick a pipeline"', async () => {
  await wb.runCommand('GitLab Artifact Flow: Get Started');
  const step = (id: string, done: boolean): ReturnType<Workbench['page']['locator']> =>
    wb.page.locator(`[data-done-step-id$="#gettingStarted#${id}"]${done ? '.complete' : ''}`).first();
  await step('connect', true).waitFor({ state: 'attached', timeout: 30_000 });
  await step('download', true).waitFor({ state: 'attached', timeout: 10_000 });
  assert.doesNotMatch((await step('selectPipeline', false).getAttribute('class')) ?? '', /\bcomplete\b/);
  await wb.screenshot('gitlab-8-walkthrough');
});
