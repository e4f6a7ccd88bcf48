// Survivors of src/ci/jobs/keyValidation.ts (docs/mutation.md, "jobs: key validation, …"): every check with its
// code, GitLab's message and the place it points at, compared whole. The messages are GitLab's
// (docs/validation-reference.md names each file: entry/job.rb, bridge.rb, processable.rb, rules/rule.rb,
// workflow.rb, policy.rb; lib/gitlab/config/entry/validators.rb for the duration and boolean validators).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticLines } from './diagnosticLines';

interface Row {
  what: string;
  yaml: string;
  lines: string[];
}

const MULTIPLE =
  'may allow multiple pipelines to run for a single action due to `rules:when` clause with no `workflow:rules` - read more: https://docs.gitlab.com/ee/ci/jobs/job_troubleshooting.html#job-may-allow-multiple-pipelines-to-run-for-a-single-action-warning';

const ROWS: Row[] = [
  // The allowed values and keys, one by one: a value dropped from a list would be a false error.
  {
    what: 'rules/rule.rb: job rules take on_failure and never, and the interruptible key',
    yaml: 'j: {script: x, rules: [{when: on_failure}, {when: never}, {interruptible: true}]}\n',
    lines: [],
  },
  {
    what: 'workflow.rb: workflow rules take never and the keys start_in, allow_failure, variables, needs, auto_cancel (start_in only with delayed, which workflow never allows)',
    yaml: 'workflow: {rules: [{when: never, start_in: 1 day, allow_failure: true, variables: {A: b}, needs: [a], auto_cancel: {on_new_commit: none}}]}\nj: {script: x}\n',
    lines: ['error rules-start-in 1:34 workflow:rules:rule config contains disallowed keys: start_in'],
  },
  {
    what: 'policy.rb: changes is a key of only/except',
    yaml: 'j: {script: x, only: {changes: [a]}}\n',
    lines: [],
  },
  // job.rb / bridge.rb
  {
    what: 'job.rb: a job when that is not a String is both "should be a string" and not one of the values',
    yaml: 'j: {script: x, when: 1}\n',
    lines: [
      'error job-when 1:22 jobs:j when should be a string [j]',
      'error job-when 1:22 jobs:j when should be one of: on_success, on_failure, always, manual, delayed [j]',
    ],
  },
  {
    what: 'bridge.rb: a trigger job has no "should be a string" check, only the values (no delayed)',
    yaml: 't: {trigger: a, when: 1}\nu: {trigger: a, when: delayed}\n',
    lines: [
      'error job-when 1:23 jobs:t when should be one of: on_success, on_failure, always, manual [t]',
      'error job-when 2:23 jobs:u when should be one of: on_success, on_failure, always, manual [u]',
    ],
  },
  {
    what: 'job.rb: allow_failure is a boolean or a hash; bridge.rb: a boolean only',
    yaml: 'j: {script: x, allow_failure: 1}\nk: {script: x, allow_failure: true}\nt: {trigger: a, allow_failure: 1}\nu: {trigger: a, allow_failure: {exit_codes: 1}}\n',
    lines: [
      'error job-allow-failure 1:31 jobs:j allow failure should be a hash or a boolean value [j]',
      'error job-allow-failure 3:32 jobs:t allow failure should be a boolean value [t]',
      'error job-allow-failure 4:32 jobs:u allow failure should be a boolean value [u]',
    ],
  },
  {
    what: 'job.rb: start_in must be blank with rules, even with when: delayed',
    yaml: 'j: {script: x, when: delayed, start_in: 1 day, rules: [{when: always}]}\n',
    lines: [
      'error rules-with-only 1:48 jobs:j config key may not be used with `rules`: start_in [j]',
      `warning multiple-pipelines 1:56 jobs:j ${MULTIPLE} [j]`,
      'error job-start-in 1:41 jobs:j start in must be blank [j]',
    ],
  },
  {
    what: 'job.rb: interruptible is a boolean (its own entry: config should be …)',
    yaml: 'j: {script: x, interruptible: 1}\n',
    lines: ['error job-interruptible 1:31 jobs:j:interruptible config should be a boolean value [j]'],
  },
  // DurationValidator (validators.rb): a String that ChronicDuration parses, below one week.
  {
    what: 'validators.rb: an integer start_in is not a String, so not a duration',
    yaml: 'j: {script: x, when: delayed, start_in: 5}\n',
    lines: [
      'error job-start-in 1:41 jobs:j start in should be a duration [j]',
      'error job-start-in 1:41 jobs:j start in should not exceed the limit [j]',
    ],
  },
  {
    what: 'validators.rb: exactly one week is accepted (the limit is compared with <, the limit read a moment later); a second more is not',
    yaml: 'j: {script: x, when: delayed, start_in: 1 week}\nk: {script: x, when: delayed, start_in: 1 week 1 second}\n',
    lines: ['error job-start-in 2:41 jobs:k start in should not exceed the limit [k]'],
  },
  {
    what: 'validators.rb: never is no duration for start_in (ChronicDuration reads no unit in it; only expire_in knows never)',
    yaml: 'j: {script: x, when: delayed, start_in: never}\n',
    lines: [
      'error job-start-in 1:41 jobs:j start in should be a duration [j]',
      'error job-start-in 1:41 jobs:j start in should not exceed the limit [j]',
    ],
  },
  {
    what: 'validators.rb: with when: delayed and no start_in, the error is on the job key',
    yaml: 'j: {script: x, when: delayed}\n',
    lines: [
      'error job-start-in 1:1 jobs:j start in should be a duration [j]',
      'error job-start-in 1:1 jobs:j start in should not exceed the limit [j]',
    ],
  },
  // processable.rb: rules is an array of hashes or arrays of hashes, 10 levels at most.
  {
    what: 'processable.rb: nested lists of hashes are accepted',
    yaml: 'j: {script: x, rules: [[{when: always}, [{when: never}]]]}\nworkflow: {rules: [[{when: always}]]}\n',
    lines: [],
  },
  {
    what: 'processable.rb: a string in the list, in a nested list, after a hash, or instead of the list is refused',
    yaml: 'a: {script: x, rules: [a]}\nb: {script: x, rules: [[a]]}\nc: {script: x, rules: [{if: $A}, a]}\nd: {script: x, rules: a}\n',
    lines: [
      'error rules-shape 1:23 jobs:a rules should be an array containing hashes and arrays of hashes [a]',
      'error rules-shape 2:23 jobs:b rules should be an array containing hashes and arrays of hashes [b]',
      'error rules-shape 3:23 jobs:c rules should be an array containing hashes and arrays of hashes [c]',
      'error rules-shape 4:23 jobs:d rules should be an array containing hashes and arrays of hashes [d]',
    ],
  },
  {
    what: 'processable.rb: MAX_NESTING_LEVEL 10: the list and 9 nested ones are accepted, one more is refused',
    yaml: 'a: {script: x, rules: [[[[[[[[[[{if: $A}]]]]]]]]]]}\nb: {script: x, rules: [[[[[[[[[[[{if: $A}]]]]]]]]]]]}\n',
    lines: ['error rules-shape 2:23 jobs:b rules should be an array containing hashes and arrays of hashes [b]'],
  },
  {
    what: "workflow.rb: workflow rules that are not an array: the rules entry's own message",
    yaml: 'workflow: {rules: a}\nj: {script: x}\n',
    lines: ['error rules-shape 1:19 workflow:rules config should be an array'],
  },
  {
    what: 'an unresolved !reference as rules is reported once, where it is resolved',
    yaml: 'j: {script: x, rules: !reference [.x, rules]}\n',
    lines: ['error reference 1:34 !reference [".x", "rules"] could not be found'],
  },
  // rules/rule.rb
  {
    what: 'rules/rule.rb: unknown keys, an unknown when, allow_failure and interruptible not booleans',
    yaml: 'j: {script: x, rules: [{foo: 1, bar: 2, when: sometimes, allow_failure: 1, interruptible: 1}]}\n',
    lines: [
      'error rules-keys 1:25 jobs:j:rules:rule config contains unknown keys: foo, bar [j]',
      'error rules-when 1:47 jobs:j:rules:rule when unknown value: sometimes [j]',
      'error rules-boolean 1:73 jobs:j:rules:rule allow failure should be a boolean value [j]',
      'error rules-boolean 1:91 jobs:j:rules:rule interruptible should be a boolean value [j]',
    ],
  },
  {
    what: 'rules/rule.rb: start_in without when: delayed is a disallowed key',
    yaml: 'j: {script: x, rules: [{start_in: 1 day}]}\n',
    lines: ['error rules-start-in 1:25 jobs:j:rules:rule config contains disallowed keys: start_in [j]'],
  },
  {
    what: 'rules/rule.rb: with when: delayed, start_in is required and a duration within the limit',
    yaml: 'j: {script: x, rules: [{when: delayed, start_in: 1 day}, {when: delayed}, {when: delayed, start_in: 8 days}]}\n',
    lines: [
      "error rules-start-in 1:58 jobs:j:rules:rule start in can't be blank [j]",
      'error job-start-in 1:58 jobs:j:rules:rule start in should be a duration [j]',
      'error job-start-in 1:58 jobs:j:rules:rule start in should not exceed the limit [j]',
      'error job-start-in 1:101 jobs:j:rules:rule start in should not exceed the limit [j]',
    ],
  },
  {
    what: 'rules/rule.rb: rules:needs are job needs only (allowed_needs: %i[job])',
    yaml: 'j: {script: x, rules: [{needs: [{pipeline: p, job: y}]}]}\n',
    lines: ['error needs-type 1:32 jobs:j:rules:rule:needs config uses invalid types: cross_dependency [j]'],
  },
  {
    what: 'rules/rule.rb: rules:needs are checked as configuration, also in a rule that does not match',
    yaml: 'a: {script: x}\nj: {script: x, rules: [{if: $NOPE, needs: [{pipeline: p, job: y}]}]}\n',
    lines: ['error needs-type 2:43 jobs:j:rules:rule:needs config uses invalid types: cross_dependency [j]'],
  },
  {
    what: 'offline, an unresolved !reference as rules is a warning where it is resolved, not a rules shape error',
    yaml: 'include: [{project: g/t, file: s.yml}]\nj: {script: x, rules: !reference [.x, rules]}\n',
    lines: [
      'info include-unresolved 1:11 include:project g/t:s.yml is not resolved offline; jobs and templates it defines are missing from this view',
      'warning reference-unresolved 2:34 !reference [".x", "rules"] could not be found: probably defined in an include that is not resolved offline; shown as empty',
      'info reference-unknown-value 2:34 `jobs:j:rules` is not checked: its value comes from `!reference [".x", "rules"]`, probably defined in an include that is not resolved offline [j]',
    ],
  },
  // policy.rb
  {
    what: 'policy.rb: an array of something else than strings',
    yaml: 'j: {script: x, only: [1]}\n',
    lines: [
      'error policy-shape 1:22 jobs:j:only config should be an array of strings or regular expressions using re2 syntax [j]',
    ],
  },
  {
    what: 'policy.rb: UnknownStrategy (not downcased)',
    yaml: 'j: {script: x, except: a}\n',
    lines: ['error policy-shape 1:24 jobs:j:except has to be either an array of conditions or a hash [j]'],
  },
  {
    what: "policy.rb: an empty hash can't be blank",
    yaml: 'j: {script: x, only: {}}\n',
    lines: ["error policy-shape 1:22 jobs:j:only config can't be blank [j]"],
  },
  {
    what: 'policy.rb: unknown keys, named in order, on the first',
    yaml: 'j: {script: x, only: {foo: 1, bar: 2}}\n',
    lines: ['error policy-keys 1:23 jobs:j:only config contains unknown keys: foo, bar [j]'],
  },
  {
    what: 'policy.rb: refs, kubernetes, variables and changes of the wrong shape',
    yaml: 'j: {script: x, only: {refs: a, kubernetes: x, variables: a, changes: a}}\n',
    lines: [
      'error policy-shape 1:29 jobs:j:only refs should be an array of strings or regular expressions using re2 syntax [j]',
      'error policy-shape 1:44 jobs:j:only kubernetes unknown value: x [j]',
      'error policy-shape 1:58 jobs:j:only variables should be an array of strings [j]',
      'error policy-shape 1:70 jobs:j:only changes should be an array of strings [j]',
    ],
  },
  {
    what: 'policy.rb: a valid hash (kubernetes: active) is no error',
    yaml: 'j: {script: x, only: {refs: [a], kubernetes: active, variables: [$A], changes: [a]}}\nk: {script: x}\n',
    lines: [],
  },
];

for (const row of ROWS) {
  void test(row.what, async () => {
    assert.deepEqual(await diagnosticLines(row.yaml), row.lines);
  });
}
