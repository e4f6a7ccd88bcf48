import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  includeVariables,
  layerVariables,
  plainVariables,
  predefinedVariables,
  refSlug,
} from '../../../../src/ci/rules/variables';
import type { PipelineContext } from '../../../../src/ci/model';
import { mr, push, schedule, tagPush } from './helpers';

void test('R8.1 branch pipeline: CI_COMMIT_BRANCH and REF_NAME set, no tag, no MR variables', () => {
  const v = predefinedVariables(push('feature/Login_2'));
  assert.equal(v.CI_PIPELINE_SOURCE, 'push');
  assert.equal(v.CI_COMMIT_BRANCH, 'feature/Login_2');
  assert.equal(v.CI_COMMIT_REF_NAME, 'feature/Login_2');
  assert.equal(v.CI_COMMIT_REF_SLUG, 'feature-login-2');
  assert.equal(v.CI_DEFAULT_BRANCH, 'main');
  assert.equal(v.CI_COMMIT_TAG, undefined);
  assert.equal(
    Object.keys(v).some((k) => k.startsWith('CI_MERGE_REQUEST_')),
    false,
  );
  assert.equal(v.CI_PIPELINE_TRIGGERED, undefined);
  assert.equal(v.CI_PROJECT_PATH, undefined, 'no project path given');
});

void test('R8.1 schedule, web, api and trigger pipelines on a branch are branch pipelines', () => {
  for (const source of ['schedule', 'web', 'api', 'trigger'] as const) {
    const v = predefinedVariables({ ...schedule('dev'), source });
    assert.equal(v.CI_PIPELINE_SOURCE, source);
    assert.equal(v.CI_COMMIT_BRANCH, 'dev');
    assert.equal(v.CI_COMMIT_TAG, undefined);
  }
  assert.equal(predefinedVariables({ ...schedule(), source: 'trigger' }).CI_PIPELINE_TRIGGERED, 'true');
  assert.equal(predefinedVariables(schedule()).CI_PIPELINE_TRIGGERED, undefined);
});

void test('R8.1 tag pipeline: CI_COMMIT_TAG, REF_NAME is the tag, CI_COMMIT_BRANCH unset', () => {
  const v = predefinedVariables(tagPush('v1.2.0'));
  assert.equal(v.CI_COMMIT_TAG, 'v1.2.0');
  assert.equal(v.CI_COMMIT_REF_NAME, 'v1.2.0');
  assert.equal(v.CI_COMMIT_REF_SLUG, 'v1-2-0');
  assert.equal(v.CI_COMMIT_BRANCH, undefined);
});

void test('R8.1 MR pipeline: CI_MERGE_REQUEST_* set, CI_COMMIT_BRANCH and TAG unset, REF_NAME is the source', () => {
  const v = predefinedVariables(mr({ projectPath: 'grp/sub/proj' }));
  assert.equal(v.CI_PIPELINE_SOURCE, 'merge_request_event');
  assert.equal(v.CI_COMMIT_BRANCH, undefined);
  assert.equal(v.CI_COMMIT_TAG, undefined);
  assert.equal(v.CI_COMMIT_REF_NAME, 'feat');
  assert.equal(v.CI_MERGE_REQUEST_IID, '7');
  assert.equal(v.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME, 'feat');
  assert.equal(v.CI_MERGE_REQUEST_TARGET_BRANCH_NAME, 'main');
  // detached, merged_result or merge_train: the project's settings decide; unknown here, never a guess.
  assert.equal(v.CI_MERGE_REQUEST_EVENT_TYPE, undefined);
  assert.equal(v.CI_MERGE_REQUEST_REF_PATH, 'refs/merge-requests/7/head');
  assert.equal(v.CI_MERGE_REQUEST_PROJECT_PATH, 'grp/sub/proj');
});

void test('R8.1 child pipeline of an MR keeps the MR variables', () => {
  const v = predefinedVariables(mr({ source: 'parent_pipeline' }));
  assert.equal(v.CI_PIPELINE_SOURCE, 'parent_pipeline');
  assert.equal(v.CI_MERGE_REQUEST_IID, '7');
});

void test('CI_PROJECT_* from projectPath', () => {
  const v = predefinedVariables(push('main', { projectPath: 'grp/sub/proj' }));
  assert.equal(v.CI_PROJECT_PATH, 'grp/sub/proj');
  assert.equal(v.CI_PROJECT_NAME, 'proj');
  assert.equal(v.CI_PROJECT_NAMESPACE, 'grp/sub');
  assert.equal(v.CI_PROJECT_ROOT_NAMESPACE, 'grp');
});

void test('refSlug: lower case, non-alphanumerics to -, 63 chars, no edge dashes', () => {
  assert.equal(refSlug('-Feature/ABC_1-'), 'feature-abc-1');
  assert.equal(refSlug('a'.repeat(70)).length, 63);
  assert.equal(refSlug(`${'a'.repeat(62)}/b`), 'a'.repeat(62));
});

void test('plainVariables: scalars to strings, {value} mappings, skips lists', () => {
  assert.deepEqual(
    plainVariables({
      A: 'x',
      N: 3,
      B: true,
      E: null,
      M: { value: 'v', description: 'd', expand: false },
      D: { description: 'only' },
      L: ['no'],
    }),
    { A: 'x', N: '3', B: 'true', E: '', M: 'v', D: '' },
  );
  assert.deepEqual(plainVariables(undefined), {});
  assert.deepEqual(plainVariables(['A']), {});
});

void test('layerVariables: predefined < global < workflow < job < matrix < user (R6.3); no recursive expansion', () => {
  const context: PipelineContext = { ...push(), variables: { U: 'user', G: 'user-wins' } };
  const v = layerVariables({
    context,
    global: { G: 'global', W: 'global', J: 'global', CI_COMMIT_BRANCH: 'yaml', REF: '$CI_COMMIT_BRANCH' },
    workflow: { W: 'workflow', J: 'workflow' },
    job: { J: 'job', P: 'job' },
    matrix: { P: 'matrix' },
  });
  assert.equal(v.G, 'user-wins');
  assert.equal(v.W, 'workflow');
  assert.equal(v.J, 'job');
  assert.equal(v.P, 'matrix');
  assert.equal(v.U, 'user');
  assert.equal(v.CI_COMMIT_BRANCH, 'yaml', 'YAML variables beat predefined ones');
  assert.equal(v.REF, '$CI_COMMIT_BRANCH', 'not expanded');
});

void test('includeVariables: predefined and user variables only (R3.4)', () => {
  const v = includeVariables({ ...push(), variables: { X: '1' } });
  assert.equal(v.X, '1');
  assert.equal(v.CI_COMMIT_REF_NAME, 'main');
});
