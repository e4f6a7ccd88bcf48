// Survivors of src/ci/jobs/ruleChecks.ts (docs/mutation.md, "jobs: key validation, …"): the config-time checks of
// rules, only/except and workflow:rules, each with its code, message and place compared whole. GitLab's messages
// come from rules/rule.rb (ExpressionValidator: `if invalid expression syntax`), processable.rb (`config key may
// not be used with \`rules\``), policy.rb (ComplexPolicy `variables`) and its multiple-pipelines warning
// (src/ci/rules/checks.ts phrases them); the brace bound and the `=~ "literal"` note are this tool's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticLines } from './diagnosticLines';

/** `{a,b}` eleven times: 2^11 patterns, past the 1,024 the engine expands (MAX_BRACE_PATTERNS). */
const G11 = '{a,b}'.repeat(11);
const TOO_LARGE =
  'expands its {…} braces to more than 1024 patterns; the clause is treated as unknown (a limit of this tool, not of GitLab)';
const MULTIPLE =
  'may allow multiple pipelines to run for a single action due to `rules:when` clause with no `workflow:rules` - read more: https://docs.gitlab.com/ee/ci/jobs/job_troubleshooting.html#job-may-allow-multiple-pipelines-to-run-for-a-single-action-warning';

interface Row {
  what: string;
  yaml: string;
  lines: string[];
}

const ROWS: Row[] = [
  {
    what: 'workflow:rules: an invalid if is reported on its rule; an oversized glob is named with the workflow prefix',
    yaml: `workflow: {rules: [{if: '$A ==='}, {exists: ['x/${G11}']}]}\nj: {script: x}\n`,
    lines: [
      'error rules-if-syntax 1:20 workflow:rules:rule if invalid expression syntax',
      `warning rules-glob-too-large 1:45 workflow: rules:exists pattern \`x/${G11}\` ${TOO_LARGE}`,
      `info workflow-assumed 1:19 The pipeline is created on an assumption: workflow:rules[1]: assumed: exists [x/${G11}] expands its braces to more than 1024 patterns and cannot be evaluated here, when: always`,
    ],
  },
  {
    what: 'processable.rb: no multiple-pipelines warning when workflow:rules exist',
    yaml: 'workflow: {rules: [{if: $A}]}\nj: {script: x, rules: [{when: always}]}\n',
    lines: [],
  },
  {
    what: 'processable.rb: the multiple-pipelines warning points at the last rule, whose only key is when',
    yaml: 'j: {script: x, rules: [{if: $A}, {when: always}]}\n',
    lines: [`warning multiple-pipelines 1:34 jobs:j ${MULTIPLE} [j]`],
  },
  {
    what: 'a glob of 80 characters is shown whole, one of 81 is cut to 77 and "..."; an invalid if points at its own rule',
    yaml: `j: {script: x, rules: [{when: always}, {if: '$A ===', changes: ['abcdefghijklmnopqrstuvwx/${G11}'], exists: ['abcdefghijklmnopqrstuvwxy/${G11}']}]}\n`,
    lines: [
      `warning rules-glob-too-large 1:64 j job: rules:changes pattern \`abcdefghijklmnopqrstuvwx/${G11}\` ${TOO_LARGE} [j]`,
      `warning rules-glob-too-large 1:158 j job: rules:exists pattern \`abcdefghijklmnopqrstuvwxy/${G11.slice(0, 51)}...\` ${TOO_LARGE} [j]`,
      'error rules-if-syntax 1:40 jobs:j:rules:rule if invalid expression syntax [j]',
    ],
  },
  {
    what: 'the `=~ "literal"` note is a warning on the rule',
    yaml: `j: {script: x, rules: [{if: '$A =~ "x"'}]}\n`,
    lines: [
      'warning rules-if-quirk 1:24 j job: `=~ "x"` is a reversed substring search ("x" contains the left value), not a regex match; an undefined variable matches [j]',
    ],
  },
  {
    what: 'processable.rb: only, except and start_in may not be used with rules; the error is on the rules key',
    yaml: 'j: {script: x, except: [main], rules: [{if: $A}]}\nk: {script: x, only: [main], start_in: 1 day, rules: [{if: $A}]}\n',
    lines: [
      'error rules-with-only 1:32 jobs:j config key may not be used with `rules`: except [j]',
      'error rules-with-only 2:47 jobs:k config key may not be used with `rules`: only, start_in [k]',
      'error job-start-in 2:40 jobs:k start in must be blank [k]',
    ],
  },
  {
    what: 'policy.rb: only/except variables with invalid expressions, on each key',
    yaml: "j: {script: x, only: {variables: ['$A ===']}, except: {variables: ['$B ===']}}\n",
    lines: [
      'error policy-variables-syntax 1:16 jobs:j:only variables invalid expression syntax [j]',
      'error policy-variables-syntax 1:47 jobs:j:except variables invalid expression syntax [j]',
    ],
  },
];

for (const row of ROWS) {
  void test(row.what, async () => {
    assert.deepEqual(await diagnosticLines(row.yaml), row.lines);
  });
}
