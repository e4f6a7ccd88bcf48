import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateWorkflow, hasWorkflowRules, WORKFLOW_REJECTED } from '../../../../src/ci/rules/workflow';
import { evaluateIncludeRules, explainIncludeRules } from '../../../../src/ci/rules/includeRules';
import { evaluateJobInclusion } from '../../../../src/ci/rules/jobRules';
import { layerVariables, includeVariables } from '../../../../src/ci/rules/variables';
import { env, mr, push, schedule, tagPush } from './helpers';

void test('T50: a workflow:rules rejection with the current message', () => {
  const wf = { rules: [{ if: '$CI_PIPELINE_SOURCE == "schedule"' }] };
  const r = evaluateWorkflow(wf, env(push()));
  assert.equal(r.created, false);
  assert.equal(r.message, WORKFLOW_REJECTED);
  assert.equal(r.message, 'The pipeline did not run. Review the workflow:rules configuration for the pipeline.');
  assert.equal(evaluateWorkflow(wf, env(schedule())).created, true);
});

void test('workflow: absent rules create; never rejects; always/no when accept; index and variables', () => {
  assert.equal(evaluateWorkflow(undefined, env(push())).created, true);
  assert.equal(evaluateWorkflow({ name: 'x' }, env(push())).created, true);
  assert.equal(hasWorkflowRules({ name: 'x' }), false);
  assert.equal(hasWorkflowRules({ rules: [] }), true);
  // Workflow#has_rules? is `config.key?(:rules)`: a null value counts (and drops the jobs' only default).
  assert.equal(hasWorkflowRules({ rules: null }), true);
  assert.equal(hasWorkflowRules([]), false);
  const wf = {
    rules: [
      { if: '$CI_COMMIT_TAG', when: 'never' },
      { if: '$CI_PIPELINE_SOURCE == "merge_request_event"', variables: { KIND: 'mr' } },
      { if: '$CI_COMMIT_BRANCH', when: 'always', variables: { KIND: 'branch', N: 2 } },
    ],
  };
  const t = evaluateWorkflow(wf, env(tagPush()));
  assert.equal(t.created, false);
  assert.equal(t.ruleIndex, 0);
  assert.deepEqual(t.variables, {});
  const m = evaluateWorkflow(wf, env(mr()));
  assert.equal(m.created, true);
  assert.equal(m.ruleIndex, 1);
  assert.deepEqual(m.variables, { KIND: 'mr' });
  const b = evaluateWorkflow(wf, env(push()));
  assert.deepEqual(b.variables, { KIND: 'branch', N: '2' });
  assert.equal(evaluateWorkflow({ rules: [] }, env(push())).created, false, 'no rule matches an empty list');
});

void test('workflow variables reach job rules through layerVariables', () => {
  const context = push();
  const wf = evaluateWorkflow({ rules: [{ if: '$CI_COMMIT_BRANCH', variables: { DEPLOY: 'true' } }] }, env(context));
  const variables = layerVariables({ context, workflow: wf.variables });
  const job = evaluateJobInclusion(
    { name: 'd', rules: [{ if: '$DEPLOY == "true"' }], hasWorkflowRules: true },
    { context, variables },
  );
  assert.equal(job.included, true);
});

void test('T35 with workflow: MR and branch pipelines are created', () => {
  const wf = { rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }, { if: '$CI_COMMIT_BRANCH' }] };
  assert.equal(evaluateWorkflow(wf, env(mr())).created, true);
  assert.equal(evaluateWorkflow(wf, env(push())).created, true);
  assert.equal(evaluateWorkflow(wf, env(tagPush())).created, false);
});

void test('workflow: unknown changes → created, uncertain', () => {
  const r = evaluateWorkflow({ rules: [{ changes: ['src/**/*'] }] }, env(push()));
  assert.equal(r.created, true);
  assert.equal(r.outcome, 'unknown');
  assert.equal(r.uncertain, true);
});

void test('include:rules (R3.4): if/exists/changes and when never/always', () => {
  const e = { context: push(), variables: includeVariables({ ...push(), variables: { INC: '1' } }) };
  assert.equal(evaluateIncludeRules([{ if: '$INC == "1"' }], e), true);
  assert.equal(evaluateIncludeRules([{ if: '$INC == "2"' }], e), false);
  assert.equal(evaluateIncludeRules([{ if: '$INC', when: 'never' }, { when: 'always' }], e), false);
  assert.equal(evaluateIncludeRules([{ if: '$NOPE', when: 'never' }, { when: 'always' }], e), true);
  assert.equal(evaluateIncludeRules([{ exists: ['ci/extra.yml'] }], e), 'unknown');
  assert.equal(evaluateIncludeRules([{ exists: ['ci/extra.yml'] }], { ...e, projectFiles: ['ci/extra.yml'] }), true);
  assert.equal(evaluateIncludeRules([{ changes: ['ci/*'] }], { ...e, context: schedule() }), true);
  assert.match(explainIncludeRules([{ if: '$X' }], e).reason, /^include:rules\[0\]: if '\$X' is false/);
});
