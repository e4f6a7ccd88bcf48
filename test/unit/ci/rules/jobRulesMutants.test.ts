// Tests written to answer the mutation survivors of jobRules.ts (docs/mutation.md, "rules: only/except and job
// rules"). Values are GitLab's: Seed::Build#included? (rules decide when the job has them, else all of only and none
// of except, else the job is in), Build::Rules#evaluate (the matched rule's when, else the job's; its start_in,
// allow_failure, variables, needs and interruptible, a nil attribute being no attribute: Result#build_attributes
// compacts them). The reasons are ours and compared exactly; results are compared whole, so a field the rule did not
// set is absent rather than undefined.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateJobInclusion, type JobInclusionInput } from '../../../../src/ci/rules/jobRules';
import type { RuleEnv } from '../../../../src/ci/rules/env';
import { env, mr, push } from './helpers';

const inc = (job: Partial<JobInclusionInput>, e: RuleEnv) => evaluateJobInclusion({ name: 'j', ...job }, e);

void test('rules: null is not a rule list: the job is in a branch pipeline', () => {
  // Processable#value compacts a nil `rules`, so Seed::Build is not using rules; a rule list would have matched nothing.
  const r = inc({ rules: null }, env(push('main')));
  assert.equal(r.included, true);
  assert.equal(r.outcome, true);
  assert.equal(r.when, 'on_success');
  assert.equal(r.ruleIndex, undefined);
});

void test('rules: null drops the implicit only default: the job is in a merge request pipeline too', () => {
  // Processable#compose!: `if has_rules? || has_workflow_rules` deletes the only/except defaults, and
  // Attributable#has_rules? is `config.key?(:rules)`: a null value counts. Nothing is left to decide: included.
  assert.deepEqual(inc({ rules: null }, env(mr())), {
    included: true,
    outcome: true,
    uncertain: false,
    when: 'on_success',
    reason: 'rules: is null, no only or except (a rules: key drops the implicit only default)',
  });
  // An only the job writes itself is kept and decides.
  assert.equal(inc({ rules: null, only: ['main'] }, env(mr())).included, false);
});

void test('neither only nor except once workflow:rules dropped the default: included, certain, with the job when', () => {
  const reason = 'no rules, only or except (the implicit only default is dropped by workflow:rules)';
  assert.deepEqual(inc({ hasWorkflowRules: true }, env(mr())), {
    included: true,
    outcome: true,
    uncertain: false,
    when: 'on_success',
    reason,
  });
  assert.deepEqual(inc({ hasWorkflowRules: true, when: 'manual', only: null }, env(push('feat'))), {
    included: true,
    outcome: true,
    uncertain: false,
    when: 'manual',
    reason,
  });
});

void test('only and except: certain results are not uncertain; the reason names what decided', () => {
  // All of only holds and no except clause holds: the reason is what only matched.
  assert.deepEqual(inc({ only: ['main'], except: ['tags'] }, env(push('main'))), {
    included: true,
    outcome: true,
    uncertain: false,
    when: 'on_success',
    reason: "only: [main] matches branch 'main'",
  });
  // Only fails and except holds: only is named (all_of_only? is asked first).
  assert.deepEqual(inc({ only: ['main'], except: ['branches'], when: 'manual' }, env(push('feat'))), {
    included: false,
    outcome: false,
    uncertain: false,
    when: 'never',
    reason: "only: [main] does not match branch 'feat'",
  });
  // Only holds and except holds: except is named.
  const excepted = inc({ only: ['main'], except: ['branches'] }, env(push('main')));
  assert.equal(excepted.included, false);
  assert.equal(excepted.when, 'never');
  assert.equal(excepted.reason, "except: [branches] matches branch 'main'");
  // Only fails while except is unknown: the job is out for sure, and only is named.
  const out = inc({ only: ['main'], except: { changes: ['docs/*'] } }, env(push('feat')));
  assert.equal(out.outcome, false);
  assert.equal(out.uncertain, false);
  assert.equal(out.reason, "only: [main] does not match branch 'feat'");
});

void test('only and except: the assumption is named when the outcome rests on one', () => {
  // Only holds, except unknown: except's assumption is the reason.
  assert.deepEqual(inc({ only: ['main'], except: { changes: ['docs/*'] } }, env(push('main'))), {
    included: true,
    outcome: 'unknown',
    uncertain: true,
    when: 'on_success',
    reason: 'assumed: except:changes [docs/*] cannot be known statically',
  });
  // Only unknown, except does not hold: only's assumption.
  const onlyUnknown = inc({ only: { refs: ['main'], changes: ['src/*'] }, except: ['tags'] }, env(push('main')));
  assert.equal(onlyUnknown.outcome, 'unknown');
  assert.equal(onlyUnknown.reason, 'assumed: only:changes [src/*] cannot be known statically');
  // Both unknown: only's assumption first.
  const both = inc(
    { only: { refs: ['main'], changes: ['src/*'] }, except: { changes: ['docs/*'] } },
    env(push('main')),
  );
  assert.equal(both.outcome, 'unknown');
  assert.equal(both.included, true);
  assert.equal(both.reason, 'assumed: only:changes [src/*] cannot be known statically');
  // Except alone (no only once workflow:rules dropped the default), not holding: except is the reason.
  assert.deepEqual(inc({ except: ['tags'], hasWorkflowRules: true }, env(push('main'))), {
    included: true,
    outcome: true,
    uncertain: false,
    when: 'on_success',
    reason: "except: [tags] does not match branch 'main'",
  });
});

void test('a matched rule without attributes adds none', () => {
  assert.deepEqual(inc({ rules: [{ if: '$CI_COMMIT_BRANCH' }] }, env(push('main'))), {
    included: true,
    outcome: true,
    uncertain: false,
    when: 'on_success',
    reason: "rules[0]: if '$CI_COMMIT_BRANCH' is true, when: on_success",
    ruleIndex: 0,
  });
});

void test('a matched rule with nil attributes adds none (compacted away; the job keeps its own)', () => {
  const r = inc(
    {
      rules: [
        { when: 'manual', allow_failure: null, variables: null, needs: null, start_in: null, interruptible: null },
      ],
    },
    env(push('main')),
  );
  assert.deepEqual(r, {
    included: true,
    outcome: true,
    uncertain: false,
    when: 'manual',
    reason: 'rules[0]: no clauses, when: manual',
    ruleIndex: 0,
  });
});

void test("a matched rule's attributes, false ones included", () => {
  const r = inc(
    {
      when: 'manual',
      rules: [
        { if: '$NOPE', variables: { X: 'no' }, allow_failure: true },
        {
          if: '$CI_COMMIT_BRANCH == "main"',
          when: 'delayed',
          start_in: '10 minutes',
          allow_failure: false,
          variables: { DEPLOY: 'prod' },
          needs: [{ job: 'build', artifacts: false }],
          interruptible: false,
        },
      ],
    },
    env(push('main')),
  );
  assert.deepEqual(r, {
    included: true,
    outcome: true,
    uncertain: false,
    when: 'delayed',
    reason: `rules[1]: if '$CI_COMMIT_BRANCH == "main"' is true, when: delayed`,
    ruleIndex: 1,
    variables: { DEPLOY: 'prod' },
    needs: [{ job: 'build', artifacts: false }],
    allowFailure: false,
    startIn: '10 minutes',
    interruptible: false,
  });
  const exitCodes = inc({ rules: [{ allow_failure: { exit_codes: [3] } }] }, env(push('main')));
  assert.deepEqual(exitCodes.allowFailure, { exit_codes: [3] });
});
