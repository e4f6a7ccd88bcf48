import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  multiplePipelinesWarning,
  policyShapeErrors,
  policyVariablesErrors,
  ruleIfErrors,
  ruleIfQuirks,
  rulesConflictError,
} from '../../../../src/ci/rules/checks';

void test('T49: rules together with only', () => {
  assert.equal(
    rulesConflictError('j', { script: 'x', only: ['main'], rules: [{ when: 'always' }] }),
    'jobs:j config key may not be used with `rules`: only',
  );
});

void test('rules conflict: keys in the job order, start_in included, null values ignored', () => {
  assert.equal(
    rulesConflictError('j', { except: ['tags'], rules: [], only: ['main'] }),
    'jobs:j config key may not be used with `rules`: except, only',
  );
  assert.equal(
    rulesConflictError('j', { rules: [], start_in: '1m' }),
    'jobs:j config key may not be used with `rules`: start_in',
  );
  assert.equal(rulesConflictError('j', { rules: [], only: null }), null);
  assert.equal(rulesConflictError('j', { rules: [], when: 'manual' }), null, 'job-level when is allowed today');
  assert.equal(rulesConflictError('j', { only: ['main'] }), null);
  assert.equal(rulesConflictError('j', { rules: null, only: ['main'] }), null);
});

void test('T37: the multiple-pipelines warning', () => {
  const rules = [{ if: '$CI_COMMIT_BRANCH == "main"', when: 'never' }, { when: 'on_success' }];
  assert.equal(
    multiplePipelinesWarning('j', rules, false),
    'jobs:j may allow multiple pipelines to run for a single action due to `rules:when` clause with no `workflow:rules` - read more: https://docs.gitlab.com/ee/ci/jobs/job_troubleshooting.html#job-may-allow-multiple-pipelines-to-run-for-a-single-action-warning',
  ); // processable.rb
  assert.equal(multiplePipelinesWarning('j', rules, true), null, 'workflow:rules silences it');
  assert.equal(multiplePipelinesWarning('j', [{ when: 'never' }], false), null);
  assert.equal(
    multiplePipelinesWarning('j', [{ when: 'always', allow_failure: true }], false),
    null,
    'keys must be exactly [when]',
  );
  assert.equal(multiplePipelinesWarning('j', [{ if: '$X' }], false), null);
  assert.equal(
    multiplePipelinesWarning('j', [[{ when: 'manual' }]], false) !== null,
    true,
    'nested rules are flattened',
  );
});

void test('invalid if syntax messages', () => {
  assert.deepEqual(ruleIfErrors('jobs:build', [{ if: '$A == "x"' }, { if: '$A = "x"' }, { if: '$A =~ /(?=x)ab/' }]), [
    { index: 1, message: 'jobs:build:rules:rule if invalid expression syntax' },
    { index: 2, message: 'jobs:build:rules:rule if invalid expression syntax' },
  ]);
  assert.deepEqual(
    ruleIfErrors('workflow', [{ if: '$A &&' }]).map((e) => e.message),
    ['workflow:rules:rule if invalid expression syntax'],
  );
  assert.deepEqual(
    policyVariablesErrors('j', 'only', { variables: ['$A', '$A ='] }).map((e) => e.index),
    [1],
  );
});

void test('the =~ string-literal quirk is reported per rule', () => {
  const q = ruleIfQuirks([{ if: '$A =~ /ab/' }, { if: '$CI_COMMIT_BRANCH =~ "release"' }]);
  assert.equal(q.length, 1);
  assert.equal(q[0]?.index, 1);
});

void test('only/except shape errors', () => {
  assert.deepEqual(policyShapeErrors('j', 'only', 'main'), [
    'jobs:j:only has to be either an array of conditions or a hash',
  ]);
  assert.deepEqual(policyShapeErrors('j', 'except', { refs: ['a'], branches: ['b'] }), [
    'jobs:j:except config contains unknown keys: branches',
  ]);
  assert.deepEqual(policyShapeErrors('j', 'only', ['main']), []);
  assert.deepEqual(
    policyShapeErrors('j', 'only', { refs: ['main'], variables: ['$X'], changes: ['a'], kubernetes: 'active' }),
    [],
  );
});
