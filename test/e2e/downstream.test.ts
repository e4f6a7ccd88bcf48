// Child and multi-project pipelines in a real VS Code (code-server), as a person uses them: a trigger job runs a local
// child pipeline (ci/child.yml, 13 jobs: drawn collapsed) whose first job takes the parent's `build` through
// needs:pipeline:job; a dynamic child that cannot be known offline and a trigger:project are cards. Expand the child,
// click and right-click its jobs to open ci/child.yml at their lines, and reload the window: it is still expanded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/ci/analyze';
import type { FlowJob, FlowModel } from '../../src/ci/model';
import { nodeFileReader } from '../../src/cli/nodeFileReader';
import { layoutModel } from '../../webview/graph/layout';
import { arrowProblems, extractDrawn } from '../support/arrowGeometry';
import { CodeServer } from '../support/codeServer';
import type { Workbench } from '../support/codeServer';

const PARENT = `stages: [build, test, deploy]
build:
  stage: build
  script: echo "VERSION=1" >> build.env
  artifacts:
    paths: [dist/]
    reports:
      dotenv: build.env
generate:
  stage: build
  script: make gen.yml
  artifacts:
    paths: [gen.yml]
child:
  stage: test
  trigger:
    include: ci/child.yml
  variables:
    PARENT_PIPELINE_ID: $CI_PIPELINE_ID
dynamic:
  stage: test
  trigger:
    include:
      - artifact: gen.yml
        job: generate
deploy-other:
  stage: deploy
  trigger:
    project: group/other
    branch: main
`;

// GitLab's form of needs:pipeline:job from a child: the parent's id comes in through the trigger's variables (the
// child's own $CI_PIPELINE_ID names the child pipeline, which GitLab refuses as a source: spec §5.4).
const CHILD = `stages: [build, test]
compile:
  stage: build
  script: make
  needs:
    - pipeline: $PARENT_PIPELINE_ID
      job: build
  artifacts:
    paths: [out/]
check:
  stage: test
  script: make check
${Array.from({ length: 11 }, (_, i) => `unit-${i + 1}: {stage: test, script: [make unit-${i + 1}]}`).join('\n')}
`;

let folder: string;
let cs: CodeServer;
let wb: Workbench;
let expected: FlowModel;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'gaf-downstream-'));
  mkdirSync(join(folder, 'ci'));
  writeFileSync(join(folder, '.gitlab-ci.yml'), PARENT);
  writeFileSync(join(folder, 'ci', 'child.yml'), CHILD);
  expected = await analyze({
    root: '.gitlab-ci.yml',
    reader: nodeFileReader(folder),
    context: { source: 'push', refKind: 'branch', branch: 'main', defaultBranch: 'main', variables: {} },
  });
  cs = await CodeServer.start({ workspace: folder, install: 'vsix' });
  wb = await cs.openWorkbench();
});
after(async () => {
  await cs?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const card = (id: string) => wb.webview().locator(`svg.graph g.node[data-node="${id}"]`);

async function drawnIds(): Promise<{ nodes: string[]; edges: string[] }> {
  const drawn = await wb.webview().locator('svg.graph').evaluate(extractDrawn);
  assert.deepEqual(arrowProblems(drawn), [], 'every arrow starts and ends on its cards');
  return { nodes: drawn.nodes.map((n) => n.id).sort(), edges: drawn.edges.map((e) => e.id).sort() };
}

function layoutIds(toggled: string[]): { nodes: string[]; edges: string[] } {
  const l = layoutModel(expected, { mode: 'stages', downstreamToggled: toggled });
  return { nodes: l.nodes.map((n) => n.id).sort(), edges: l.edges.map((e) => e.id).sort() };
}

function childJob(name: string): FlowJob {
  const j = expected.downstream?.find((d) => d.trigger === 'child')?.pipeline?.jobs.find((x) => x.name === name);
  assert.ok(j, `the engine analysed ${name} in the child pipeline`);
  return j;
}

/** The editor shows `file` with the job's key selected (the cursor at its end, as Reveal Job selects it). */
async function assertRevealed(file: string, job: FlowJob): Promise<void> {
  await wb.page.locator(`.tabs-container .tab.active[data-resource-name="${file}"]`).waitFor({ timeout: 20_000 });
  const r = job.range;
  await wb.page
    .locator('[id="status.editor.selection"]')
    .filter({ hasText: new RegExp(`^Ln ${r.endLine}, Col ${r.endColumn}\\b`) })
    .waitFor({ timeout: 10_000 });
}

/**
 * Opens the workbench's context menu on a card, by right-click or (for a card the view has panned away from) by
 * Shift+F10 on it; retries when the first gesture is lost while the menu animates.
 */
async function openMenuOn(id: string, item: string, by: 'pointer' | 'keyboard' = 'pointer'): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (by === 'pointer') await card(id).click({ button: 'right' });
    else {
      await card(id).focus();
      await wb.page.keyboard.press('Shift+F10');
    }
    try {
      await wb.menuItem(item).waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      await wb.screenshot(`downstream-menu-attempt-${attempt}`);
      if (attempt === 3) throw e;
      await wb.page.keyboard.press('Escape');
    }
  }
}

void test('the graph draws the collapsed child, the dynamic placeholder and the trigger:project card; expanding shows the needs:pipeline:job arrow into the child job', async () => {
  assert.deepEqual(
    (expected.downstream ?? []).map((d) => `${d.kind}:${d.trigger}`),
    ['child:child', 'dynamic:dynamic', 'project:deploy-other'],
  );
  assert.ok(
    childJob('compile').sources.some((s) => s.scope === 'parent' && s.job === 'build'),
    'compile takes build from the parent pipeline',
  );
  await wb.openFile('.gitlab-ci.yml');
  await wb.runCommand('GitLab Artifact Flow: Open Pipeline Graph');
  await card('job:build').waitFor({ timeout: 60_000 });
  await card('ds:child').waitFor();
  assert.equal(await card('ds:child').getAttribute('aria-expanded'), 'false', '13 jobs: the child starts collapsed');
  assert.deepEqual(await drawnIds(), layoutIds([]));
  assert.equal(await wb.webview().locator('g.edge[data-edge="job:build->ds:child"]').count(), 1);
  assert.match((await card('ds:dynamic').textContent()) ?? '', /dynamic|gen\.yml/);
  assert.match((await card('ds:deploy-other').textContent()) ?? '', /group\/other/);
  await wb.screenshot('downstream-1-collapsed');

  await card('ds:child').click();
  await card('ds:child/job:compile').waitFor({ timeout: 10_000 });
  assert.equal(await card('ds:child').getAttribute('aria-expanded'), 'true');
  assert.deepEqual(await drawnIds(), layoutIds(['ds:child']));
  assert.equal(await wb.webview().locator('g.edge[data-edge="job:build->ds:child/job:compile"]').count(), 1);
  await wb.screenshot('downstream-2-expanded');
});

void test("clicking a child pipeline's job opens ci/child.yml at that job", async () => {
  await card('ds:child/job:compile').click();
  await assertRevealed('child.yml', childJob('compile'));
  await wb.screenshot('downstream-3-child-job-revealed');
});

void test("right-click on a child job offers Reveal and Copy, not the parent pipeline's artifact commands", async () => {
  await openMenuOn('ds:child/job:check', 'Reveal Job in Editor');
  await wb.menuItem('Copy Job Name').waitFor();
  assert.equal(await wb.menuItem('Download Artifacts…').count(), 0);
  assert.equal(await wb.menuItem('Open Artifact File…').count(), 0);
  await wb.screenshot('downstream-4-child-menu');
  const reveal = wb.menuItem('Reveal Job in Editor');
  await reveal.hover();
  await reveal.click();
  // The workbench menu can swallow a click that lands while it animates in; Enter runs the focused item.
  if (await reveal.isVisible()) await wb.page.keyboard.press('Enter');
  await assertRevealed('child.yml', childJob('check'));
  // A parent job's menu still has the artifact commands (revealing `check` panned the view away from `build`).
  await openMenuOn('job:build', 'Reveal Job in Editor', 'keyboard');
  await wb.menuItem('Download Artifacts…').waitFor();
  await wb.page.keyboard.press('Escape');
  await wb.menuItem('Reveal Job in Editor').waitFor({ state: 'hidden' });
});

void test('after Reload Window the child pipeline is still expanded', async () => {
  await wb.runCommand('Developer: Reload Window');
  await wb.waitReady('.gitlab-ci.yml');
  const tab = wb.page.getByRole('tab', { name: /^Pipeline/ }).first();
  await tab.waitFor({ timeout: 60_000 });
  // A restored webview is only loaded when visible; its tab may need a click.
  await tab.click();
  try {
    await card('ds:child/job:compile').waitFor({ timeout: 60_000 });
  } finally {
    await wb.screenshot('downstream-5-restored');
  }
  assert.equal(await card('ds:child').getAttribute('aria-expanded'), 'true');
  assert.deepEqual(await drawnIds(), layoutIds(['ds:child']));
});
