// The first-run hint's rule and the names it matches, without VS Code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCiFileName, isGraphViewType, shouldShowHint } from '../../../src/host/onboarding/onboardingKeys';

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
