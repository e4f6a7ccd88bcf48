// Predefined variables GitLab always sets whose value the context does not give are unknown, never a stand-in value
// (docs/mutation.md, "rules and yaml", found 1 and 2). Sources: GitLab's predefined variables reference
// (CI_MERGE_REQUEST_IID and CI_MERGE_REQUEST_REF_PATH in every merge request pipeline), app/models/project.rb
// (`predefined_ci_server_variables` from Gitlab.config.gitlab; `predefined_project_variables`: CI_PROJECT_URL is the
// project's web_url, set in every pipeline).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PipelineContext } from '../../../../src/ci/model';
import { expressionTri } from '../../../../src/ci/rules/triExpression';
import { predefinedVariables, unknownPredefined } from '../../../../src/ci/rules/variables';
import { predefinedStatus } from '../../../../src/editor/predefined';
import { mr, push } from './helpers';

const tri = (src: string, ctx: PipelineContext): boolean | 'unknown' =>
  expressionTri(src, predefinedVariables(ctx), unknownPredefined(ctx)).value;

/** A merge request context without the IID (what the context form or a caller may leave out). */
const mrWithoutIid = (): PipelineContext => {
  const { mrIid: _iid, ...rest } = mr();
  return rest;
};

void test('a merge request pipeline without the IID: CI_MERGE_REQUEST_IID and its ref path are unknown (found 1)', () => {
  const ctx = mrWithoutIid();
  const v = predefinedVariables(ctx);
  assert.equal(Object.hasOwn(v, 'CI_MERGE_REQUEST_IID'), false);
  assert.equal(Object.hasOwn(v, 'CI_MERGE_REQUEST_REF_PATH'), false);
  assert.equal(unknownPredefined(ctx).has('CI_MERGE_REQUEST_IID'), true);
  assert.equal(unknownPredefined(ctx).has('CI_MERGE_REQUEST_REF_PATH'), true);
  // Before: the IID was "1", so this was false and `== "1"` true; GitLab compares the merge request's own IID.
  assert.equal(tri('$CI_MERGE_REQUEST_IID == "5"', ctx), 'unknown');
  assert.equal(tri('$CI_MERGE_REQUEST_IID == "1"', ctx), 'unknown');
  assert.equal(tri('$CI_MERGE_REQUEST_REF_PATH =~ /merge-requests/', ctx), 'unknown');
  // Set in every merge request pipeline, so a bare test of it holds even when its value is unknown.
  assert.equal(tri('$CI_MERGE_REQUEST_IID', ctx), 'unknown');
  assert.deepEqual(predefinedStatus('CI_MERGE_REQUEST_IID', ctx), { kind: 'unknown' });
  // The rest of the merge request's variables keep their values.
  assert.equal(v.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME, 'feat');
  assert.equal(v.CI_COMMIT_REF_NAME, 'feat');
});

void test('given, the IID has its value and the ref path is built from it', () => {
  const ctx = mr({ mrIid: '7' });
  assert.equal(tri('$CI_MERGE_REQUEST_IID == "7"', ctx), true);
  assert.equal(tri('$CI_MERGE_REQUEST_IID == "5"', ctx), false);
  assert.equal(predefinedVariables(ctx).CI_MERGE_REQUEST_REF_PATH, 'refs/merge-requests/7/head');
  assert.deepEqual(predefinedStatus('CI_MERGE_REQUEST_IID', ctx), { kind: 'value', value: '7' });
  // Outside merge request pipelines GitLab does not set them: absent, not unknown.
  assert.equal(unknownPredefined(push()).has('CI_MERGE_REQUEST_IID'), false);
  assert.equal(tri('$CI_MERGE_REQUEST_IID', push()), false);
});

void test('an instance URL without a project path: CI_PROJECT_URL is unknown, CI_SERVER_* known (found 2)', () => {
  const ctx = push('main', { serverUrl: 'https://gitlab.example.com' });
  assert.equal(Object.hasOwn(predefinedVariables(ctx), 'CI_PROJECT_URL'), false);
  assert.equal(unknownPredefined(ctx).has('CI_PROJECT_URL'), true);
  // Before: neither known nor unknown, so these were false.
  assert.equal(tri('$CI_PROJECT_URL', ctx), 'unknown');
  assert.equal(tri('$CI_PROJECT_URL =~ /gitlab.example.com/', ctx), 'unknown');
  assert.deepEqual(predefinedStatus('CI_PROJECT_URL', ctx), { kind: 'unknown' });
  assert.equal(tri('$CI_SERVER_HOST == "gitlab.example.com"', ctx), true);
  assert.equal(unknownPredefined(ctx).has('CI_SERVER_HOST'), false);
  // With the project path it is the project's web URL.
  const full = push('main', { serverUrl: 'https://gitlab.example.com', projectPath: 'grp/proj' });
  assert.equal(tri('$CI_PROJECT_URL == "https://gitlab.example.com/grp/proj"', full), true);
  assert.equal(unknownPredefined(full).has('CI_PROJECT_URL'), false);
});

void test('an instance URL that gives no CI_SERVER_* values leaves them unknown, not absent', () => {
  // GitLab sets them from its own URL in every pipeline; an unusable setting here tells nothing about them.
  for (const serverUrl of ['ftp://gitlab.example.com', 'http://[']) {
    const ctx = push('main', { serverUrl, projectPath: 'grp/proj' });
    for (const name of ['CI_SERVER_URL', 'CI_SERVER_HOST', 'CI_API_V4_URL', 'CI_PROJECT_URL']) {
      assert.equal(Object.hasOwn(predefinedVariables(ctx), name), false, `${serverUrl}: ${name}`);
      assert.equal(unknownPredefined(ctx).has(name), true, `${serverUrl}: ${name}`);
    }
    assert.equal(tri('$CI_SERVER_HOST', ctx), 'unknown', serverUrl);
  }
});

void test('a merge request pipeline: CI_MERGE_REQUEST_EVENT_TYPE is unknown (detached, merged_result or merge_train by the project settings)', () => {
  const ctx = mr();
  assert.equal(Object.hasOwn(predefinedVariables(ctx), 'CI_MERGE_REQUEST_EVENT_TYPE'), false);
  assert.equal(tri('$CI_MERGE_REQUEST_EVENT_TYPE == "merge_train"', ctx), 'unknown');
  assert.equal(tri('$CI_MERGE_REQUEST_EVENT_TYPE == "detached"', ctx), 'unknown');
  // Outside merge requests it is absent, as in GitLab.
  assert.equal(tri('$CI_MERGE_REQUEST_EVENT_TYPE == "detached"', push()), false);
});
