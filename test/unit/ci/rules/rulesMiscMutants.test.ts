// Tests written to answer the mutation survivors of env.ts, regex.ts, checks.ts, includeRules.ts and workflow.ts
// (docs/mutation.md, "rules: env, regex, checks, include rules, workflow"). Expected values are GitLab's behaviour,
// with the GitLab file that fixes each one named in the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePipeline, triNot, triOr } from '../../../../src/ci/rules/env';
import { fabricateRubyRegex, regexFinds } from '../../../../src/ci/rules/regex';
import {
  policyShapeErrors,
  policyVariablesErrors,
  ruleIfErrors,
  rulesConflictError,
} from '../../../../src/ci/rules/checks';
import { explainIncludeRules } from '../../../../src/ci/rules/includeRules';
import { evaluateWorkflow, hasWorkflowRules, WORKFLOW_REJECTED_OLD } from '../../../../src/ci/rules/workflow';
import { env, mr, push, schedule, tagPush } from './helpers';

void test('Kleene or/not: unknown survives unless a true decides; not unknown is unknown', () => {
  assert.equal(triOr([false, 'unknown']), 'unknown');
  assert.equal(triOr(['unknown', true]), true);
  assert.equal(triOr([false, false]), false);
  assert.equal(triNot('unknown'), 'unknown');
  assert.equal(triNot(true), false);
  assert.equal(triNot(false), true);
});

void test('the pipeline-kind words used in reasons', () => {
  assert.equal(describePipeline(mr()), 'a merge request pipeline');
  assert.equal(describePipeline(tagPush()), 'a tag pipeline');
  assert.equal(describePipeline(push()), 'a branch pipeline');
  assert.equal(describePipeline(schedule()), 'a branch pipeline (source schedule)');
  assert.equal(describePipeline(tagPush('v1', { source: 'web' })), 'a tag pipeline (source web)');
});

// Gitlab::UntrustedRegexp::RubySyntax: PATTERN = %r{^/(?<regexp>.*)/(?<flags>[ismU]*)$}, flags prepended as `(?flags)`.
void test('Ruby /…/flags syntax is anchored at both ends', () => {
  assert.equal(fabricateRubyRegex('x/a/'), null, 'text before the first slash: not the syntax');
  assert.equal(fabricateRubyRegex('/a/x'), null, 'x is not one of the flags ismU');
  assert.equal(fabricateRubyRegex('/a/ix'), null);
  const re = fabricateRubyRegex('/a/');
  assert.ok(re);
  assert.equal(re.kind, 'regex');
  assert.equal(re.source, '/a/');
  assert.equal(fabricateRubyRegex('/a/b/')?.source, '/a/b/', 'the body runs to the last slash (greedy)');
  assert.equal(regexFinds(fabricateRubyRegex('/a/b/')!, 'xa/by'), true);
});

void test("Ruby's anchors are line anchors: the first line of the /…/flags form is the regex (GitLab's RubySyntax)", () => {
  // Ruby: %r{^/(?<regexp>.*)/(?<flags>[ismU]*)$}.match("x\n/foo/i\nz") gives foo and i; "/a/\n/b/" gives a.
  const later = fabricateRubyRegex('x\n/foo/i\nz');
  assert.ok(later, 'a later line of the form is the regex');
  assert.equal(regexFinds(later, 'FOO'), true, 'with its flag i');
  const trailing = fabricateRubyRegex('/foo/\n');
  assert.ok(trailing);
  assert.equal(regexFinds(trailing, 'xfooy'), true);
  const first = fabricateRubyRegex('/a/\n/b/');
  assert.ok(first);
  assert.equal(regexFinds(first, 'a'), true);
  assert.equal(regexFinds(first, 'b'), false, 'the first line that matches wins');
  assert.equal(fabricateRubyRegex('x\ny'), null, 'no line of the form: not a regex');
});

void test('the flags reach RE2 as (?flags)', () => {
  const i = fabricateRubyRegex('/^ABC$/i')!;
  assert.equal(regexFinds(i, 'abc'), true);
  assert.equal(regexFinds(i, 'abd'), false);
  assert.equal(regexFinds(fabricateRubyRegex('/^ABC$/')!, 'abc'), false, 'case-sensitive without i');
  const s = fabricateRubyRegex('/a.b/s')!;
  assert.equal(regexFinds(s, 'a\nb'), true);
  assert.equal(regexFinds(fabricateRubyRegex('/a.b/')!, 'a\nb'), false, 'dot stops at a newline without s');
  const m = fabricateRubyRegex('/^b$/m')!;
  assert.equal(regexFinds(m, 'a\nb'), true);
  assert.equal(regexFinds(fabricateRubyRegex('/^b$/')!, 'a\nb'), false, 'anchors are the whole text without m');
});

void test('patterns RE2 rejects are not regexes', () => {
  assert.equal(fabricateRubyRegex('/(/'), null);
  assert.equal(fabricateRubyRegex('/(?=x)a/'), null, 'lookahead');
  assert.equal(fabricateRubyRegex('/(a)\\1/'), null, 'backreference');
});

// Entry::Processable: DisallowedKeysValidator only runs on a Hash config.
void test('rules conflict on a job that is not a mapping: no message', () => {
  assert.equal(rulesConflictError('j', null), null);
  assert.equal(rulesConflictError('j', ['rules']), null);
  assert.equal(rulesConflictError('j', { rules: [{ when: 'always' }], script: 'x', stage: 'test' }), null);
});

// validators.rb ExpressionValidator: `value.is_a?(String) && Statement.new(value).valid?`, else
// 'Invalid expression syntax'; entry/rules/rule.rb validates `if` with allow_nil.
void test('rules:if: a nil if is allowed, a non-string if is invalid syntax', () => {
  assert.deepEqual(ruleIfErrors('jobs:j', [{ if: null, when: 'always' }, { when: 'never' }]), []);
  assert.deepEqual(ruleIfErrors('jobs:j', [{ if: '$A' }, { if: 42 }, { if: true }]), [
    { index: 1, message: 'jobs:j:rules:rule if invalid expression syntax' },
    { index: 2, message: 'jobs:j:rules:rule if invalid expression syntax' },
  ]);
  assert.deepEqual(ruleIfErrors('workflow', [{ if: ['$A'] }]), [
    { index: 0, message: 'workflow:rules:rule if invalid expression syntax' },
  ]);
});

void test('only/except variables of a policy that is not a mapping: nothing to check', () => {
  assert.deepEqual(policyVariablesErrors('j', 'only', null), []);
  assert.deepEqual(policyVariablesErrors('j', 'except', ['main']), []);
});

// entry/policy.rb: nil is Unspecified (no strategy runs), Array → RefsPolicy, Hash → ComplexPolicy with
// ALLOWED_KEYS refs kubernetes variables changes (validators.rb AllowedKeysValidator joins with ', '),
// anything else → UnknownStrategy "<location> has to be either an array of conditions or a hash".
void test('only/except policy shapes', () => {
  assert.deepEqual(policyShapeErrors('j', 'only', undefined), []);
  assert.deepEqual(policyShapeErrors('j', 'only', null), []);
  assert.deepEqual(policyShapeErrors('j', 'except', ['main']), []);
  assert.deepEqual(policyShapeErrors('j', 'only', 'main'), [
    'jobs:j:only has to be either an array of conditions or a hash',
  ]);
  assert.deepEqual(policyShapeErrors('j', 'except', { refs: ['main'], when: 'x', foo: 1 }), [
    'jobs:j:except config contains unknown keys: when, foo',
  ]);
  assert.deepEqual(
    policyShapeErrors('j', 'only', { refs: ['main'], kubernetes: 'active', variables: [], changes: [] }),
    [],
  );
});

// A rule without `when` includes the file (include/rules/rule.rb; the default is always).
void test('include:rules: the reason names the list and the default when', () => {
  assert.deepEqual(explainIncludeRules([{ if: '$CI_COMMIT_BRANCH' }], env(push())), {
    value: true,
    reason: "include:rules[0]: if '$CI_COMMIT_BRANCH' is true, when: always",
  });
});

// Chain::EvaluateWorkflowRules, before the message was reworded.
void test('the older workflow rejection message', () => {
  assert.equal(WORKFLOW_REJECTED_OLD, 'Pipeline filtered out by workflow rules.');
});

void test('workflow without rules: created, nothing else', () => {
  const expected = { created: true, outcome: true, uncertain: false, reason: 'no workflow:rules', variables: {} };
  assert.deepStrictEqual(evaluateWorkflow(undefined, env(push())), expected);
  assert.deepStrictEqual(evaluateWorkflow(null, env(push())), expected);
  assert.deepStrictEqual(evaluateWorkflow(['rules'], env(push())), expected);
  assert.equal(hasWorkflowRules(null), false);
});

void test('workflow:rules results: reason, message only when rejected, index only for a matched rule', () => {
  assert.deepStrictEqual(evaluateWorkflow({ rules: [{ if: '$CI_COMMIT_BRANCH' }] }, env(push())), {
    created: true,
    outcome: true,
    uncertain: false,
    reason: "workflow:rules[0]: if '$CI_COMMIT_BRANCH' is true, when: always",
    variables: {},
    ruleIndex: 0,
  });
  assert.deepStrictEqual(evaluateWorkflow({ rules: [{ if: '$CI_COMMIT_TAG' }] }, env(push())), {
    created: false,
    outcome: false,
    uncertain: false,
    reason: "workflow:rules[0]: if '$CI_COMMIT_TAG' is false for a branch pipeline",
    variables: {},
    message: 'The pipeline did not run. Review the workflow:rules configuration for the pipeline.',
  });
});

// A `when: never` workflow rule stops the pipeline: its variables never apply.
void test('the variables of a never rule are not applied', () => {
  const r = evaluateWorkflow(
    { rules: [{ if: '$CI_COMMIT_TAG', when: 'never', variables: { A: '1' } }] },
    env(tagPush()),
  );
  assert.equal(r.created, false);
  assert.equal(r.ruleIndex, 0);
  assert.deepEqual(r.variables, {});
});
