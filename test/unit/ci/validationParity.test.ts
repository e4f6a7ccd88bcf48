// Validation parity, key by key, for every key the engine reads (issue 10, item 2): each row is a
// configuration, the GitLab source file whose validation it exercises, GitLab's exact messages (in GitLab's
// order), and where the first one must point (the text found at the diagnostic's line and column).
// docs/validation-reference.md lists the same rows by key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './helpers';

interface Row {
  /** GitLab's file that defines the validation. */
  source: string;
  what: string;
  yaml: string;
  errors: string[];
  /** The text the first error's range starts with. */
  at?: string;
}

const JOB_WHEN = 'on_success, on_failure, always, manual, delayed';

export const ROWS: Row[] = [
  // job.rb: ALLOWED_WHEN, allow_failure, start_in
  {
    source: 'lib/gitlab/ci/config/entry/job.rb',
    what: 'job when: never is only for rules',
    yaml: 'j: {script: x, when: never}\n',
    errors: [`jobs:j when should be one of: ${JOB_WHEN}`],
    at: 'never',
  },
  {
    source: 'lib/gitlab/ci/config/entry/job.rb',
    what: 'job when: an unknown value',
    yaml: 'j: {script: x, when: sometimes}\n',
    errors: [`jobs:j when should be one of: ${JOB_WHEN}`],
    at: 'sometimes',
  },
  {
    source: 'lib/gitlab/ci/config/entry/job.rb',
    what: 'job when: a non-string fails type and inclusion',
    yaml: 'j: {script: x, when: 1}\n',
    errors: ['jobs:j when should be a string', `jobs:j when should be one of: ${JOB_WHEN}`],
    at: '1',
  },
  {
    source: 'lib/gitlab/ci/config/entry/job.rb',
    what: 'job when: delayed with start_in is valid',
    yaml: 'j: {script: x, when: delayed, start_in: 10 minutes}\n',
    errors: [],
  },
  {
    source: 'lib/gitlab/ci/config/entry/job.rb',
    what: 'job when: delayed needs a start_in duration',
    yaml: 'j: {script: x, when: delayed, start_in: soon}\n',
    // DurationValidator: what is no duration fails the limit check as well.
    errors: ['jobs:j start in should be a duration', 'jobs:j start in should not exceed the limit'],
    at: 'soon',
  },
  {
    source: 'lib/gitlab/ci/config/entry/job.rb',
    what: 'job start_in is limited to a week',
    yaml: 'j: {script: x, when: delayed, start_in: 2 weeks}\n',
    errors: ['jobs:j start in should not exceed the limit'],
    at: '2 weeks',
  },
  {
    source: 'lib/gitlab/ci/config/entry/job.rb',
    what: 'job start_in without when: delayed',
    yaml: 'j: {script: x, start_in: 1 minute}\n',
    errors: ['jobs:j start in must be blank'],
    at: '1 minute',
  },
  {
    source: 'lib/gitlab/ci/config/entry/job.rb',
    what: 'job allow_failure: a string',
    yaml: 'j: {script: x, allow_failure: "true"}\n',
    errors: ['jobs:j allow failure should be a hash or a boolean value'],
    at: '"true"',
  },
  {
    source: 'lib/gitlab/ci/config/entry/job.rb',
    what: 'job allow_failure: exit_codes',
    yaml: 'j: {script: x, allow_failure: {exit_codes: [1]}}\n',
    errors: [],
  },
  {
    source: 'lib/gitlab/config/entry/boolean.rb',
    what: 'job interruptible: a boolean',
    yaml: 'j: {script: x, interruptible: "yes"}\n',
    errors: ['jobs:j:interruptible config should be a boolean value'],
    at: '"yes"',
  },
  // bridge.rb
  {
    source: 'lib/gitlab/ci/config/entry/bridge.rb',
    what: 'trigger when: delayed is not allowed',
    yaml: 't: {trigger: c.yml, when: delayed}\n',
    errors: ['jobs:t when should be one of: on_success, on_failure, always, manual'],
    at: 'delayed',
  },
  {
    source: 'lib/gitlab/ci/config/entry/bridge.rb',
    what: 'trigger allow_failure: only a boolean',
    yaml: 't: {trigger: c.yml, allow_failure: {exit_codes: 1}}\n',
    errors: ['jobs:t allow failure should be a boolean value'],
    at: '{exit_codes',
  },
  // processable.rb and rules/rule.rb (job rules metadata: allowed_when, allowed_keys)
  {
    source: 'lib/gitlab/ci/config/entry/rules/rule.rb',
    what: 'rules when: never',
    yaml: 'j: {script: x, rules: [{if: $A, when: never}, {when: on_success}]}\n',
    errors: [],
  },
  {
    source: 'lib/gitlab/ci/config/entry/rules/rule.rb',
    what: 'rules when: an unknown value',
    yaml: 'j: {script: x, rules: [{if: $A, when: sometimes}]}\n',
    errors: ['jobs:j:rules:rule when unknown value: sometimes'],
    at: 'sometimes',
  },
  {
    source: 'lib/gitlab/ci/config/entry/rules/rule.rb',
    what: 'rules: unknown keys',
    yaml: 'j: {script: x, rules: [{if: $A, stage: b}]}\n',
    errors: ['jobs:j:rules:rule config contains unknown keys: stage'],
    at: 'stage',
  },
  {
    source: 'lib/gitlab/ci/config/entry/rules/rule.rb',
    what: 'rules allow_failure: a boolean',
    yaml: 'j: {script: x, rules: [{if: $A, allow_failure: "true"}]}\n',
    errors: ['jobs:j:rules:rule allow failure should be a boolean value'],
    at: '"true"',
  },
  {
    source: 'lib/gitlab/ci/config/entry/rules/rule.rb',
    what: 'rules start_in without when: delayed',
    yaml: 'j: {script: x, rules: [{if: $A, start_in: 1 day}]}\n',
    errors: ['jobs:j:rules:rule config contains disallowed keys: start_in'],
    at: 'start_in',
  },
  {
    source: 'lib/gitlab/ci/config/entry/rules/rule.rb',
    what: 'rules when: delayed needs start_in',
    yaml: 'j: {script: x, rules: [{if: $A, when: delayed}]}\n',
    errors: [
      "jobs:j:rules:rule start in can't be blank",
      'jobs:j:rules:rule start in should be a duration',
      'jobs:j:rules:rule start in should not exceed the limit',
    ],
    at: '{if',
  },
  {
    source: 'lib/gitlab/ci/config/entry/processable.rb',
    what: 'rules must hold hashes',
    yaml: 'j: {script: x, rules: [a]}\n',
    errors: ['jobs:j rules should be an array containing hashes and arrays of hashes'],
    at: '[a]',
  },
  {
    source: 'lib/gitlab/ci/config/entry/workflow.rb',
    what: 'workflow:rules when: always or never only',
    yaml: 'workflow: {rules: [{when: manual}]}\nj: {script: x}\n',
    errors: ['workflow:rules:rule when unknown value: manual'],
    at: 'manual',
  },
  // policy.rb
  {
    source: 'lib/gitlab/ci/config/entry/policy.rb',
    what: 'only: a plain string',
    yaml: 'j: {script: x, only: main}\n',
    errors: ['jobs:j:only has to be either an array of conditions or a hash'],
    at: 'main',
  },
  {
    source: 'lib/gitlab/ci/config/entry/policy.rb',
    what: 'only: an array with a non-string',
    yaml: 'j: {script: x, only: [main, 1]}\n',
    errors: ['jobs:j:only config should be an array of strings or regular expressions using re2 syntax'],
    at: '[main',
  },
  {
    source: 'lib/gitlab/ci/config/entry/policy.rb',
    what: 'except: unknown keys',
    yaml: 'j: {script: x, except: {branches: [a]}}\n',
    errors: ['jobs:j:except config contains unknown keys: branches'],
    at: 'branches',
  },
  {
    source: 'lib/gitlab/ci/config/entry/policy.rb',
    what: 'only:refs must be an array',
    yaml: 'j: {script: x, only: {refs: main}}\n',
    errors: ['jobs:j:only refs should be an array of strings or regular expressions using re2 syntax'],
    at: 'main',
  },
  {
    source: 'lib/gitlab/ci/config/entry/policy.rb',
    what: 'only:kubernetes is active only',
    yaml: 'j: {script: x, only: {kubernetes: inactive}}\n',
    errors: ['jobs:j:only kubernetes unknown value: inactive'],
    at: 'inactive',
  },
  {
    source: 'lib/gitlab/ci/config/entry/policy.rb',
    what: 'only:variables invalid expression (downcased)',
    yaml: 'j: {script: x, only: {variables: ["$A ==="]}}\n',
    errors: ['jobs:j:only variables invalid expression syntax'],
    at: 'only',
  },
  // need.rb
  {
    source: 'lib/gitlab/ci/config/entry/need.rb',
    what: 'needs:artifacts: a quoted "false" is not a boolean',
    yaml: 'a: {stage: build, script: x}\nb: {stage: test, script: x, needs: [{job: a, artifacts: "false"}]}\n',
    errors: ['jobs:b:needs:need artifacts should be a boolean value'],
    at: '"false"',
  },
  {
    source: 'lib/gitlab/ci/config/entry/need.rb',
    what: 'needs:optional: a boolean',
    yaml: 'a: {stage: build, script: x}\nb: {stage: test, script: x, needs: [{job: a, optional: "yes"}]}\n',
    errors: ['jobs:b:needs:need optional should be a boolean value'],
    at: '"yes"',
  },
  {
    source: 'lib/gitlab/ci/config/entry/need.rb',
    what: 'needs:artifacts false is valid',
    yaml: 'a: {stage: build, script: x}\nb: {stage: test, script: x, needs: [{job: a, artifacts: false}]}\n',
    errors: [],
  },
  // artifacts.rb
  {
    source: 'lib/gitlab/ci/config/entry/artifacts.rb',
    what: 'artifacts:untracked: a quoted "false"',
    yaml: 'j: {script: x, artifacts: {paths: [a], untracked: "false"}}\n',
    errors: ['jobs:j:artifacts untracked should be a boolean value'],
    at: '"false"',
  },
  {
    source: 'lib/gitlab/ci/config/entry/artifacts.rb',
    what: 'artifacts:paths: a nested array is not flattened',
    yaml: 'j: {script: x, artifacts: {paths: [[a, b], c]}}\n',
    errors: ['jobs:j:artifacts paths should be an array of strings'],
    at: '[[a',
  },
  {
    source: 'lib/gitlab/ci/config/entry/artifacts.rb',
    what: 'artifacts:paths: a !reference inside the list nests it',
    yaml: '.p: {paths: [a, b]}\nj:\n  script: x\n  artifacts:\n    paths:\n      - !reference [.p, paths]\n      - c\n',
    errors: ['jobs:j:artifacts paths should be an array of strings'],
    at: '- !reference',
  },
  {
    source: 'lib/gitlab/ci/config/entry/artifacts.rb',
    what: 'artifacts:paths: a plain string',
    yaml: 'j: {script: x, artifacts: {paths: a.txt}}\n',
    errors: ['jobs:j:artifacts paths should be an array of strings'],
    at: 'a.txt',
  },
  {
    source: 'lib/gitlab/ci/config/entry/artifacts.rb',
    what: 'artifacts: not a hash',
    yaml: 'j: {script: x, artifacts: [a]}\n',
    errors: ['jobs:j:artifacts config should be a hash'],
    at: '[a]',
  },
  {
    source: 'lib/gitlab/ci/config/entry/artifacts.rb',
    what: 'artifacts:name: a string',
    yaml: 'j: {script: x, artifacts: {name: [x], paths: [a]}}\n',
    errors: ['jobs:j:artifacts name should be a string'],
    at: '[x]',
  },
  {
    source: 'lib/gitlab/ci/config/entry/artifacts.rb',
    what: 'artifacts:expose_as needs paths',
    yaml: 'j: {script: x, artifacts: {expose_as: Report}}\n',
    errors: ["jobs:j:artifacts paths can't be blank"],
    at: 'Report',
  },
  {
    source: 'lib/gitlab/ci/config/entry/artifacts.rb',
    what: 'artifacts:reports: a hash',
    yaml: 'j: {script: x, artifacts: {reports: [junit]}}\n',
    errors: ['jobs:j:artifacts reports should be a hash'],
    at: '[junit]',
  },
  {
    source: 'lib/gitlab/ci/config/entry/artifacts.rb',
    what: 'artifacts:when: a non-string fails type and inclusion',
    yaml: 'j: {script: x, artifacts: {paths: [a], when: true}}\n',
    errors: [
      'jobs:j:artifacts when should be a string',
      'jobs:j:artifacts when should be one of: on_success, on_failure, always',
    ],
    at: 'true',
  },
  // yaml_processor.rb validate_job_needs! on rules:needs (not parallel-expanded: the Normalizer leaves rules alone)
  {
    source: 'lib/gitlab/ci/yaml_processor.rb',
    what: 'rules:needs naming a parallel job is undefined',
    yaml: 'build: {stage: build, script: x, parallel: 2}\ntest: {stage: test, script: x, rules: [{needs: [build]}]}\n',
    errors: ['test job: undefined need: build'],
    at: 'build]',
  },
  {
    source: 'lib/gitlab/ci/yaml_processor.rb',
    what: 'job needs naming a parallel job are expanded',
    yaml: 'build: {stage: build, script: x, parallel: 2}\ntest: {stage: test, script: x, needs: [build]}\n',
    errors: [],
  },
  {
    source: 'lib/gitlab/ci/yaml_processor.rb',
    what: 'rules:needs on a later stage',
    yaml: 'a: {stage: test, script: x}\nb: {stage: build, script: x, rules: [{needs: [a]}]}\n',
    errors: ['b job: need a is not defined in current or prior stages'],
    at: 'a]',
  },
  {
    source: 'lib/gitlab/ci/yaml_processor.rb',
    what: 'rules:needs duplicated',
    yaml: 'a: {stage: build, script: x}\nb: {stage: test, script: x, rules: [{needs: [a, a]}]}\n',
    errors: ['b has the following needs duplicated: a.'],
    at: '{needs',
  },
  {
    source: 'lib/gitlab/ci/yaml_processor.rb',
    what: 'rules:needs optional and undefined is fine',
    yaml: 'a: {stage: build, script: x}\nb: {stage: test, script: x, rules: [{needs: [{job: zz, optional: true}]}]}\n',
    errors: [],
  },
  {
    source: 'lib/gitlab/ci/config/entry/rules/rule.rb',
    what: 'rules:needs allow job needs only',
    yaml: 'a: {stage: build, script: x}\nb: {stage: test, script: x, rules: [{needs: [{pipeline: $P, job: a}]}]}\n',
    errors: ['jobs:b:rules:rule:needs config uses invalid types: cross_dependency'],
    at: '[{pipeline',
  },
  // validator.rb: entry messages are downcased whole (job names, values, keys)
  {
    source: 'lib/gitlab/config/entry/validator.rb',
    what: 'messages downcased',
    yaml: 'Build: {script: x, artifacts: {paths: [a], when: Never}}\n',
    errors: ['jobs:build:artifacts when should be one of: on_success, on_failure, always'],
    at: 'Never',
  },
  {
    source: 'lib/gitlab/config/entry/validator.rb',
    what: 'should implement: humanized name, spaces back to _',
    yaml: 'My_Job: {image: x}\n',
    errors: ['jobs my_job config should implement the script:, run:, or trigger: keyword'],
    at: 'My_Job',
  },
];

for (const row of ROWS) {
  void test(`${row.source}: ${row.what}`, async () => {
    const m = await run(row.yaml);
    const errs = m.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(
      errs.map((d) => d.message),
      row.errors,
    );
    if (row.at !== undefined) {
      const first = errs[0]!;
      const line = row.yaml.split('\n')[first.line - 1] ?? '';
      assert.ok(
        line.slice(first.column - 1).startsWith(row.at),
        `points at "${row.at}", not at "${line.slice(first.column - 1)}" (${first.line}:${first.column})`,
      );
    }
  });
}
