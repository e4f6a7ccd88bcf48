// The first-run hint's rule and the names it matches, without VS Code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  isCiFileName,
  isGraphViewType,
  isPipelineTypeSwitch,
  shouldShowHint,
  STEP_OF_KEY,
  WALKTHROUGH_ID,
  WalkthroughContext,
  walkthroughStepId,
} from '../../../src/host/onboarding/onboardingKeys';

void test('the hint shows only for a workspace with a CI file whose user never opened the graph', () => {
  assert.equal(shouldShowHint({ workspaceHasCiFile: true, graphEverOpened: false }), true);
  assert.equal(shouldShowHint({ workspaceHasCiFile: true, graphEverOpened: true }), false);
  assert.equal(shouldShowHint({ workspaceHasCiFile: false, graphEverOpened: false }), false);
});

void test('CI file names: the default, included *.gitlab-ci.yml files, both extensions; not look-alikes', () => {
  for (const yes of ['/ws/.gitlab-ci.yml', 'C:\\ws\\.gitlab-ci.yaml', '/ws/ci/build.gitlab-ci.yml']) {
    assert.equal(isCiFileName(yes), true, yes);
  }
  for (const no of [
    '/ws/gitlab-ci.yml.bak',
    '/ws/.gitlab-ci.yml/x.txt',
    '/ws/mygitlab-ci.yml',
    '/ws/.gitlab-ci.json',
  ]) {
    assert.equal(isCiFileName(no), false, no);
  }
});

void test('the graph tab is recognised with or without the workbench prefix on its view type', () => {
  assert.equal(isGraphViewType('gitlabArtifactFlow.graph'), true);
  assert.equal(isGraphViewType('mainThreadWebview-gitlabArtifactFlow.graph'), true);
  assert.equal(isGraphViewType('mainThreadWebview-other.gitlabArtifactFlow.graphs'), false);
});

void test('the pipeline type is switched by a new source or ref kind, not by a new branch name', () => {
  const push = { source: 'push', refKind: 'branch' };
  assert.equal(isPipelineTypeSwitch(push, { source: 'merge_request_event', refKind: 'mr' }), true);
  assert.equal(isPipelineTypeSwitch(push, { source: 'push', refKind: 'tag' }), true);
  assert.equal(isPipelineTypeSwitch(push, { source: 'schedule', refKind: 'branch' }), true);
  assert.equal(isPipelineTypeSwitch(push, { ...push }), false);
});

void test('each context key marks complete exactly the step whose onContext event waits for it', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    contributes: { walkthroughs: { id: string; steps: { id: string; completionEvents?: string[] }[] }[] };
  };
  const steps = manifest.contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID)?.steps ?? [];
  for (const key of Object.values(WalkthroughContext)) {
    const waiting = steps.filter((s) => (s.completionEvents ?? []).includes(`onContext:${key}`)).map((s) => s.id);
    assert.deepEqual(waiting, [STEP_OF_KEY[key]], key);
  }
  assert.equal(
    walkthroughStepId('artifact-flow.gitlab-artifact-flow', 'hoverJob'),
    'artifact-flow.gitlab-artifact-flow#gettingStarted#hoverJob',
  );
});
