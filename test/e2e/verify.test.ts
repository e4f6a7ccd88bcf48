// Compare with GitLab in a real VS Code (code-server), against the GitLab API test server's CI lint stand-in
// (test/support/fakeGitLab/configLint.ts, which evaluates no rules): the command runs on the open CI root, shows
// the report as a read-only document beside it with a one-line summary, and sends the unsaved text of the editor
// with the local include inlined.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeServer, TYPING_SETTINGS } from '../support/codeServer';
import type { Workbench } from '../support/codeServer';
import { CiFilesServer } from '../support/fakeGitLab/ciFiles';

const ROOT_FILE = [
  'include: ci/build.yml',
  'stages: [build, test]',
  // Ours leaves this job out on main; the stand-in evaluates no rules, so "GitLab" has it: one difference.
  'release: {stage: test, script: [r], rules: [{if: $CI_COMMIT_TAG}]}',
  'test: {stage: test, needs: [build], script: [t]}',
].join('\n');

let gl: CiFilesServer;
let cs: CodeServer;
let wb: Workbench;
let source: string;

before(async () => {
  gl = await CiFilesServer.start();
  gl.projects.push({ id: 41, path: 'group/app', defaultBranch: 'main', refs: {}, commits: [] });
  source = mkdtempSync(join(tmpdir(), 'gaf-e2e-verify-src-'));
  writeFileSync(join(source, '.gitlab-ci.yml'), ROOT_FILE);
  mkdirSync(join(source, 'ci'));
  writeFileSync(join(source, 'ci', 'build.yml'), 'build: {stage: build, script: [make]}\n');
  mkdirSync(join(source, '.git'));
  writeFileSync(join(source, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(
    join(source, '.git', 'config'),
    `[core]\n\trepositoryformatversion = 0\n[remote "origin"]\n\turl = ${gl.url}/group/app.git\n`,
  );
  cs = await CodeServer.start({ workspace: source, install: 'folder', settings: { ...TYPING_SETTINGS } });
  wb = await cs.openWorkbench();
});

after(async () => {
  await cs?.stop();
  rmSync(source, { recursive: true, force: true });
  await gl?.close();
});

void test('Compare with GitLab shows the difference as a read-only report with a one-line summary', async () => {
  await wb.openFile('.gitlab-ci.yml');
  const notConnected = wb.page.locator('.statusbar-item', { hasText: 'GitLab: not connected' });
  await notConnected.waitFor({ timeout: 60_000 });
  await wb.runCommand('GitLab Artifact Flow: Set GitLab Token');
  const input = wb.page.locator('.quick-input-widget input[type="password"]');
  await input.waitFor({ state: 'visible' });
  await input.fill(gl.token);
  await wb.page.keyboard.press('Enter');
  await notConnected.waitFor({ state: 'hidden', timeout: 30_000 });
  await wb.runCommand('GitLab Artifact Flow: Compare with GitLab');
  try {
    await wb.notification(/1 difference from GitLab/).waitFor({ timeout: 90_000 });
    await wb.page
      .locator('.editor-group-container .view-lines', { hasText: 'Only in GitLab (1):' })
      .first()
      .waitFor({ timeout: 30_000 });
  } finally {
    await wb.screenshot('verify-1-report');
  }
  assert.equal(gl.configLints.length, 2, 'a dry run and a static check');
  assert.equal(gl.configLints[0]?.ref, 'main');
  assert.match(gl.configLints[0]?.content ?? '', /"build": \{"stage": "build", "script": \["make"\]\}/);
  await wb.runCommand('Notifications: Clear All Notifications');
});

void test('the unsaved text of the editor is what is sent', async () => {
  await wb.page.locator('.tabs-container .tab[data-resource-name=".gitlab-ci.yml"]').click();
  await wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await wb.page.keyboard.press('Control+End');
  await wb.page.keyboard.type('\nunsaved_job: {stage: build, script: [u]}\n');
  await wb.runCommand('GitLab Artifact Flow: Compare with GitLab');
  await wb.notification(/1 difference from GitLab/).waitFor({ timeout: 90_000 });
  assert.equal(gl.configLints.length, 4);
  assert.match(gl.configLints[2]?.content ?? '', /"unsaved_job": \{"stage": "build"/);
  assert.doesNotMatch(readFileSync(join(source, '.gitlab-ci.yml'), 'utf8'), /unsaved_job/, 'the file is not saved');
  await wb.screenshot('verify-2-unsaved');
});
