// The engine runs in a worker thread with a heap limit. In a real VS Code: an edit that makes the configuration
// need more memory than the limit stops the worker, and the panel keeps the last good graph under a banner that
// names the limit; undoing the edit brings a live graph back. The limit is provoked by memory (eight included
// files just under GitLab's 1 MiB each, far beyond a 32 MiB heap), never by timing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeServer, TYPING_SETTINGS } from '../support/codeServer';
import type { Workbench } from '../support/codeServer';

let cs: CodeServer;
let wb: Workbench;
let source: string;

const ROOT_YAML = [
  'stages: [build, test]',
  'build:',
  '  stage: build',
  '  script: [make]',
  '  artifacts: { paths: [out/] }',
  'test:',
  '  stage: test',
  '  script: [ls out]',
  '',
].join('\n');

before(async () => {
  source = mkdtempSync(join(tmpdir(), 'gaf-limits-'));
  writeFileSync(join(source, '.gitlab-ci.yml'), ROOT_YAML);
  mkdirSync(join(source, 'big'));
  for (let k = 0; k < 8; k++) {
    const jobs = Array.from(
      { length: 9_000 },
      (_, i) => `job_${k}_${i}:\n  script: [echo ${i}]\n  artifacts: { paths: [o/${i}] }\n`,
    ).join('');
    writeFileSync(join(source, 'big', `p${k}.yml`), jobs);
  }
  cs = await CodeServer.start({
    workspace: source,
    install: 'vsix',
    settings: {
      'gitlabArtifactFlow.analysisMemoryLimitMiB': 32,
      ...TYPING_SETTINGS,
    },
  });
  wb = await cs.openWorkbench();
});
after(async () => {
  await cs?.stop();
  rmSync(source, { recursive: true, force: true });
});

void test('an analysis over the heap limit is stopped: the last good graph stays under a banner naming the limit', async () => {
  await wb.openFile('.gitlab-ci.yml');
  await wb.runCommand('GitLab Artifact Flow: Open Pipeline Graph');
  const view = wb.webview();
  await view.locator('g.node[data-job="test"]').waitFor({ timeout: 60_000 });
  assert.equal(await view.locator('#banner').isVisible(), false);

  await wb.page.locator('.tabs-container .tab[data-resource-name=".gitlab-ci.yml"]').click();
  await wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
  await wb.page.keyboard.press('Control+End');
  await wb.page.keyboard.type("include: 'big/*.yml'\n");
  const banner = view.locator('#banner');
  await banner.filter({ hasText: /more than 32 MiB/ }).waitFor({ timeout: 60_000 });
  const text = (await banner.textContent()) ?? '';
  assert.match(text, /last graph that could be computed/);
  assert.match(text, /analysisMemoryLimitMiB/);
  // The last good graph is still drawn, not the oversized one.
  assert.equal(await view.locator('g.node[data-job="test"]').count(), 1);
  assert.equal(await view.locator('g.node[data-job^="job_0_"]').count(), 0);
  await wb.screenshot('limits-1-memory-banner');

  // Take the line out again (the cursor is at the start of the line after it): a fresh worker analyses again.
  await wb.page.keyboard.press('Shift+ArrowUp');
  await wb.page.keyboard.press('Backspace');
  await banner.waitFor({ state: 'hidden', timeout: 60_000 });
  await view.locator('g.node[data-job="build"]').waitFor();
});
