// External includes in a real VS Code (code-server), against the GitLab API test server: a workspace whose
// .gitlab-ci.yml includes a project file and a CI/CD component draws their jobs and an edge from a fetched job to
// a local one; clicking a fetched job (or a hover's link) opens the fetched file read-only at the line; a warning
// in a fetched file is in Problems; a slow instance shows progress in the status bar; after a window reload
// with the instance down the graph still has the fetched jobs (from the include cache) and the status bar says
// so, as of when; Clear Include Cache (confirmed) then leaves those includes "not resolved".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeServer } from '../support/codeServer';
import type { Workbench } from '../support/codeServer';
import { CiFilesServer } from '../support/fakeGitLab/ciFiles';

const SHA_LIB = '1'.repeat(40);
const SHA_COMP = '2'.repeat(40);
/** lib_build is on line 4 of the fetched file: the editor must land there. */
const LIB_FILE = [
  '.lib-base:',
  '  image: alpine',
  '',
  'lib_build:',
  '  extends: .lib-base',
  '  stage: build',
  '  script: make',
  '  artifacts:',
  '    paths: [dist/]',
  '',
  'variables:',
  '  LIB_VERSION: "1.2"',
  '',
].join('\n');
/** The line of LIB_VERSION's definition in the fetched file (a hover on `$LIB_VERSION` links there). */
const LIB_VERSION_LINE = 12;
const COMPONENT = [
  'spec:',
  '  inputs:',
  '    stage:',
  '      default: test',
  '---',
  'unit_test:',
  '  stage: $[[ inputs.stage ]]',
  '  needs: [lib_build]',
  '  dependencies: [lib_build]',
  '  script: run tests',
  '',
].join('\n');

let gl: CiFilesServer;
let cs: CodeServer;
let wb: Workbench;
let source: string;

before(async () => {
  gl = await CiFilesServer.start();
  gl.projects.push(
    {
      id: 31,
      path: 'grp/lib',
      defaultBranch: 'main',
      refs: { main: SHA_LIB, 'v1.2.0': SHA_LIB },
      commits: [{ sha: SHA_LIB, files: { 'ci/build.yml': LIB_FILE } }],
    },
    {
      id: 32,
      path: 'grp/comps',
      defaultBranch: 'main',
      refs: { main: SHA_COMP, '2.1.0': SHA_COMP },
      releases: [{ tag: '2.1.0', releasedAt: '2026-01-01T00:00:00Z' }],
      commits: [{ sha: SHA_COMP, files: { 'templates/unit.yml': COMPONENT } }],
    },
    { id: 33, path: 'group/app', defaultBranch: 'main', refs: {}, commits: [] },
  );
  const host = new URL(gl.url).host;
  source = mkdtempSync(join(tmpdir(), 'gaf-e2e-includes-src-'));
  writeFileSync(
    join(source, '.gitlab-ci.yml'),
    [
      'include:',
      '  - project: grp/lib',
      '    ref: v1.2.0',
      '    file: /ci/build.yml',
      `  - component: ${host}/grp/comps/unit@2.1.0`,
      '',
      'stages: [build, test, deploy]',
      '',
      'deploy_app:',
      '  stage: deploy',
      '  needs: [lib_build]',
      '  script: deploy dist/ $LIB_VERSION',
      '',
    ].join('\n'),
  );
  // The connection is inferred from the git remote, as for a real clone.
  mkdirSync(join(source, '.git'));
  writeFileSync(join(source, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(
    join(source, '.git', 'config'),
    `[core]\n\trepositoryformatversion = 0\n[remote "origin"]\n\turl = ${gl.url}/group/app.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`,
  );
  cs = await CodeServer.start({
    workspace: source,
    install: 'folder',
    // 0: every analysis asks the instance again, so the reload below meets the stopped instance (not a fresh cache).
    settings: { 'workbench.editor.enablePreview': false, 'gitlabArtifactFlow.includeRefreshMinutes': 0 },
  });
  wb = await cs.openWorkbench();
});

after(async () => {
  await cs?.stop();
  rmSync(source, { recursive: true, force: true });
  await gl?.close(); // throws if the remote-file origin ever saw a token
});

function node(job: string): ReturnType<ReturnType<Workbench['webview']>['locator']> {
  return wb.webview().locator(`svg.graph g.node[data-job="${job}"]`);
}

function statusItem(text: RegExp): ReturnType<Workbench['page']['locator']> {
  return wb.page.locator('.statusbar-item', { hasText: text }).first();
}

async function openGraphTab(): Promise<void> {
  const tab = wb.page.getByRole('tab', { name: /^Pipeline/ }).first();
  await tab.waitFor({ timeout: 60_000 });
  // A restored webview is only loaded when visible; its tab may need a click.
  await tab.click();
}

void test('without a token the includes are not resolved, and the status item offers to set one', async () => {
  await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: '.gitlab-ci.yml' }).first().click();
  await wb.page.locator('.tabs-container .tab[data-resource-name=".gitlab-ci.yml"]').waitFor();
  await wb.runCommand('GitLab Artifact Flow: Open Pipeline Graph');
  await node('deploy_app').waitFor({ timeout: 60_000 });
  assert.equal(await node('lib_build').count(), 0);
  await statusItem(/2 GitLab includes not resolved/).waitFor({ timeout: 30_000 });
  await wb.screenshot('includes-1-no-token');
  assert.equal(gl.count(/./), 0, 'nothing was asked of the instance without a token');
});

void test('with a token the graph shows the fetched jobs and an edge from a fetched job to a local one', async () => {
  await wb.runCommand('GitLab Artifact Flow: Set GitLab Token');
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(gl.token);
  await wb.page.keyboard.press('Enter');
  await node('lib_build').waitFor({ timeout: 60_000 });
  await node('unit_test').waitFor({ timeout: 30_000 });
  assert.equal(await wb.webview().locator('g.edge[data-edge="job:lib_build->job:deploy_app"]').count(), 1);
  assert.equal(await wb.webview().locator('g.edge[data-edge="job:lib_build->job:unit_test"]').count(), 1);
  // Everything was fetched: the include status item has nothing to say.
  await statusItem(/GitLab includes/).waitFor({ state: 'hidden', timeout: 10_000 });
  await wb.screenshot('includes-2-fetched');
  await wb.runCommand('Notifications: Clear All Notifications');
});

void test("a warning in a fetched file is in the Problems panel, against the fetched file's document", async () => {
  await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  const problems = wb.page.locator('.markers-panel');
  await problems.locator('.monaco-list-row', { hasText: 'unit@2.1.0.yml' }).first().waitFor({ timeout: 30_000 });
  await problems
    .locator('.monaco-list-row', { hasText: 'dependencies combined with needs' })
    .first()
    .waitFor({ timeout: 10_000 });
  // What the user can change is the including file: the entry points to the include: line too.
  await problems
    .locator('.monaco-list-row', { hasText: /unit@2\.1\.0 is included here/ })
    .first()
    .waitFor({ timeout: 10_000 });
  await wb.screenshot('includes-2b-problems');
});

void test("clicking a fetched job opens the fetched file read-only at the job's line", async () => {
  await node('lib_build').click();
  await wb.page.locator('.tabs-container .tab.active[data-resource-name="build.yml"]').waitFor({ timeout: 30_000 });
  await wb.page
    .locator('.editor-group-container.active .view-lines', { hasText: 'lib_build:' })
    .first()
    .waitFor({ timeout: 20_000 });
  await wb.page.locator('[id="status.editor.selection"]', { hasText: /^Ln 4, Col 1/ }).waitFor({ timeout: 10_000 });
  // Read-only: typing changes nothing and VS Code says so.
  await wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await wb.page.keyboard.type('x');
  await wb.page
    .getByText(/Cannot edit in read-only editor/)
    .first()
    .waitFor({ timeout: 10_000 });
  assert.equal(
    await wb.page.locator('.tabs-container .tab.active[data-resource-name="build.yml"].dirty').count(),
    0,
    'the fetched file is never dirty',
  );
  await wb.screenshot('includes-3-fetched-file');
});

void test("a hover's link to a fetched file opens it at the line", async () => {
  await wb.page.locator('.tabs-container .tab[data-resource-name=".gitlab-ci.yml"]').click();
  const position = wb.page.locator('[id="status.editor.selection"]');
  // Line 12 is deploy_app's script; the column is inside `$LIB_VERSION`.
  const column = '  script: deploy dist/ $LIB'.length;
  const input = wb.page.locator('.quick-input-widget input');
  await wb.page.keyboard.press('Control+G');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:12:${column}`);
  await wb.page.keyboard.press('Enter');
  await position.filter({ hasText: new RegExp(`^Ln 12, Col ${column}$`) }).waitFor({ timeout: 10_000 });
  await wb.page.keyboard.press('Control+K');
  await wb.page.keyboard.press('Control+I');
  const hover = wb.page.locator('.monaco-hover', { hasText: 'Defined by' }).first();
  await hover.waitFor({ state: 'visible', timeout: 20_000 });
  // The link names the fetched file by its origin label and the line of the definition (its key or its map).
  const link = hover.locator('a', { hasText: 'project:grp/lib@v1.2.0:/ci/build.yml:' }).first();
  await link.waitFor({ timeout: 10_000 });
  const line = Number(/:(\d+)$/.exec((await link.innerText()).trim())?.[1]);
  assert.ok(line === LIB_VERSION_LINE || line === LIB_VERSION_LINE - 1, `link to line ${line}`);
  await wb.screenshot('includes-3b-hover-link');
  await link.click();
  await wb.page.locator('.tabs-container .tab.active[data-resource-name="build.yml"]').waitFor({ timeout: 20_000 });
  await position.filter({ hasText: new RegExp(`^Ln ${line}, Col 1$`) }).waitFor({ timeout: 10_000 });
});

async function clearIncludeCache(): Promise<void> {
  await wb.runCommand('GitLab Artifact Flow: Clear Include Cache');
  const dialog = wb.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 20_000 });
  assert.match(await dialog.innerText(), /token, settings, downloaded artifacts and workspace files are kept/);
  await dialog.getByRole('button', { name: 'Clear Include Cache' }).click();
  await wb.notification(/Deleted \d+ cached include answers/).waitFor({ timeout: 20_000 });
}

void test('while includes are fetched in the background, the status bar counts them', async () => {
  gl.delayMs = 1500;
  try {
    await clearIncludeCache();
    await statusItem(/GitLab includes \d+\/\d+/).waitFor({ timeout: 30_000 });
    await wb.screenshot('includes-3c-progress');
    await statusItem(/GitLab includes/).waitFor({ state: 'hidden', timeout: 120_000 });
  } finally {
    gl.delayMs = 0;
  }
  await openGraphTab();
  await node('lib_build').waitFor({ timeout: 30_000 });
  await wb.runCommand('Notifications: Clear All Notifications');
});

void test('after a reload with the instance down, the graph keeps the fetched jobs from the cache', async () => {
  gl.down = true;
  await wb.runCommand('Developer: Reload Window');
  await wb.waitReady('.gitlab-ci.yml');
  await openGraphTab();
  try {
    await node('lib_build').waitFor({ timeout: 90_000 });
    await node('unit_test').waitFor({ timeout: 30_000 });
    await statusItem(/GitLab includes: cache as of \d\d:\d\d/)
      .waitFor({ timeout: 30_000 })
      .catch((e: unknown) => {
        throw new Error(`no "cache as of" in the status bar; the extension's log:\n${cs.extensionLog()}`, { cause: e });
      });
  } finally {
    await wb.screenshot('includes-4-offline-cache');
  }
  assert.equal(await wb.webview().locator('g.edge[data-edge="job:lib_build->job:deploy_app"]').count(), 1);
});

void test('Clear Include Cache (confirmed) leaves the includes not resolved while the instance is down', async () => {
  await clearIncludeCache();
  await openGraphTab();
  await node('lib_build').waitFor({ state: 'detached', timeout: 60_000 });
  await statusItem(/2 GitLab includes not resolved/).waitFor({ timeout: 30_000 });
  await wb.screenshot('includes-5-cache-cleared');
});

void test('removing the external includes from the configuration clears the include status', async () => {
  // Saved outside the editor (as a checkout would): the unmodified editor follows the disk, the analysis runs again.
  writeFileSync(
    join(cs.workspace, '.gitlab-ci.yml'),
    ['stages: [build, test, deploy]', '', 'deploy_app:', '  stage: deploy', '  script: deploy dist/', ''].join('\n'),
  );
  await statusItem(/GitLab includes/).waitFor({ state: 'hidden', timeout: 30_000 });
  await openGraphTab();
  await node('deploy_app').waitFor({ timeout: 30_000 });
  assert.equal(await node('unit_test').count(), 0);
});
