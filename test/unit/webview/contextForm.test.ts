import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PipelineContext } from '../../../src/ci/model';
import { contextFromForm, describeContext, formFromContext } from '../../../webview/contextForm';

const previous: PipelineContext = {
  source: 'push',
  refKind: 'branch',
  branch: 'main',
  defaultBranch: 'main',
  projectPath: 'group/app',
  variables: { DEPLOY: '1' },
};

void test('each selector kind builds the pipeline context GitLab would have', () => {
  assert.deepEqual(contextFromForm({ kind: 'branch', ref: 'feature', defaultBranch: 'main', target: '' }, previous), {
    source: 'push',
    refKind: 'branch',
    branch: 'feature',
    defaultBranch: 'main',
    projectPath: 'group/app',
    variables: { DEPLOY: '1' },
  });
  assert.deepEqual(contextFromForm({ kind: 'tag', ref: 'v1.2.0', defaultBranch: 'main', target: '' }, null), {
    source: 'push',
    refKind: 'tag',
    tag: 'v1.2.0',
    defaultBranch: 'main',
    variables: {},
  });
  const mr = contextFromForm({ kind: 'mr', ref: 'feature', defaultBranch: 'main', target: '' }, previous);
  assert.equal(mr.source, 'merge_request_event');
  assert.equal(mr.refKind, 'mr');
  // The form asks no IID: unknown (rules on $CI_MERGE_REQUEST_IID are assumed), or the earlier context's.
  assert.deepEqual([mr.branch, mr.mrSource, mr.mrTarget, mr.mrIid], ['feature', 'feature', 'main', undefined]);
  assert.equal(
    contextFromForm({ kind: 'mr', ref: 'f', defaultBranch: 'main', target: '' }, { ...previous, mrIid: '7' }).mrIid,
    '7',
  );
  assert.equal(
    contextFromForm({ kind: 'mr', ref: 'f', defaultBranch: 'main', target: 'develop' }, null).mrTarget,
    'develop',
  );
  const schedule = contextFromForm({ kind: 'schedule', ref: '', defaultBranch: 'trunk', target: '' }, null);
  assert.deepEqual([schedule.source, schedule.branch, schedule.defaultBranch], ['schedule', 'trunk', 'trunk']);
  assert.equal(contextFromForm({ kind: 'branch', ref: ' ', defaultBranch: ' ', target: '' }, null).branch, 'main');
});

void test('the form shows a context it was given, and round-trips', () => {
  for (const kind of ['branch', 'tag', 'mr', 'schedule'] as const) {
    const v = { kind, ref: 'x', defaultBranch: 'main', target: kind === 'mr' ? 'main' : '' };
    assert.deepEqual(formFromContext(contextFromForm(v, null)), v);
  }
  assert.equal(describeContext(previous), 'branch main (default)');
  assert.equal(
    describeContext(contextFromForm({ kind: 'mr', ref: 'feat', defaultBranch: 'main', target: '' }, null)),
    'merge request feat → main',
  );
  assert.equal(
    describeContext(contextFromForm({ kind: 'tag', ref: 'v1', defaultBranch: 'main', target: '' }, null)),
    'tag v1',
  );
});
