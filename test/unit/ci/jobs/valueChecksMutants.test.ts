// Mutation survivors of src/ci/jobs/valueChecks.ts (docs/mutation.md, "jobs: value shapes, images, variables,
// trigger shape"). Expected values are GitLab's (gitlabhq):
//   lib/gitlab/ci/config/entry/job.rb        `mutually_exclusive_keys: %i[script run]`; `validates :script, presence:
//                                            true, if: -> { config.is_a?(Hash) && !config.key?(:run) }`
//   lib/gitlab/ci/config/entry/bridge.rb     a trigger job allows `trigger` and Processable's keys only
//   lib/gitlab/ci/config/entry/processable.rb `validates :resource_group, type: String`
//   lib/gitlab/ci/config/entry/retry.rb      SimpleRetry for an Integer, FullRetry for a Hash (`max` numericality
//                                            `only_integer` 0..2, `when` array_of_strings_or_string, `exit_codes`
//                                            array_of_integers_or_integer, each `allow_nil: true`), else "retry config
//                                            has to be either an integer or a hash"; every message at `retry`
//   lib/gitlab/config/entry/validators.rb    AllowedKeysValidator joins the keys with ", "; RegexpValidator's
//                                            matches_syntax? is `^\/(.*)\/[ismU]*$` (Ruby's line anchors)
//   lib/gitlab/ci/config/entry/root.rb, default.rb, workflow.rb  where each root and `default:` entry is reported
// Each line pins the code, the place and the message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticLines, UNRESOLVED_INCLUDE } from './diagnosticLines';

/** The errors of a configuration (the include's info and the references' warnings left out). */
async function errorLines(yaml: string): Promise<string[]> {
  return (await diagnosticLines(yaml)).filter((l) => l.startsWith('error '));
}

void test('job.rb: `script` may be blank beside `run` (only the two keys together are refused)', async () => {
  assert.deepEqual(await errorLines('j: {script: ~, run: [{name: a, script: x}]}\n'), [
    'error job-keys 1:1 jobs:j config these keys cannot be used together: script, run [j]',
  ]);
  assert.deepEqual(await errorLines('j: {script: ~}\n'), ["error job-script 1:13 jobs:j script can't be blank [j]"]);
});

void test('commands offline: only a list an unresolved !reference keeps from passing is said to be unchecked', async () => {
  // Ours (lenient mode: what is unknown is said to be unknown, what is known is not): `[a, [b]]` passes.
  const lines = await diagnosticLines(
    `${UNRESOLVED_INCLUDE}j:\n  script: [a, [b]]\n  after_script: [[!reference [.t, s]], x]\n`,
  );
  assert.deepEqual(
    lines.filter((l) => l.includes(' reference-unknown-value ')),
    [
      'info reference-unknown-value 4:30 `after_script` is not checked: its value comes from `!reference [".t", "s"]`, probably defined in an include that is not resolved offline [j]',
    ],
  );
});

void test('bridge.rb: a trigger job has no script, image, tags…: only their unknown key is reported', async () => {
  assert.deepEqual(await errorLines('t: {trigger: a/b, tags: 1, image: 1, services: 1}\n'), [
    'error job-keys 1:19 jobs:t config contains unknown keys: tags, image, services [t]',
  ]);
  // Its Processable keys are still judged.
  assert.deepEqual(await errorLines('t: {trigger: a/b, resource_group: [a]}\n'), [
    'error resource-group-shape 1:35 jobs:t resource group should be a string [t]',
  ]);
});

void test('processable.rb: resource_group is a String (a Symbol is not one)', async () => {
  assert.deepEqual(await errorLines('j: {script: x, resource_group: production}\n'), []);
  assert.deepEqual(await errorLines('j:\n  script: x\n  resource_group: :a\n'), [
    'error resource-group-shape 3:19 jobs:j resource group should be a string [j]',
  ]);
});

void test("root.rb, default.rb: the root's and default:'s entries, each at its own place with its code", async () => {
  assert.deepEqual(await errorLines('default: [a]\nj: {script: x}\n'), [
    'error default-shape 1:10 default config should be a hash',
  ]);
  assert.deepEqual(await errorLines('image: 1\nservices: 1\nj: {script: x}\n'), [
    'error image-shape 1:8 image config should be a hash or a string',
    'error image-shape 1:8 image name should be a string',
    "error image-shape 1:8 image name can't be blank",
    'error services-shape 2:11 services config should be an array',
  ]);
  assert.deepEqual(await errorLines('default: {services: 1, timeout: 40 days}\nj: {script: x}\n'), [
    'error services-shape 1:21 default:services config should be an array',
    'error timeout-shape 1:33 default:timeout config should not exceed the limit',
  ]);
});

void test('workflow.rb: every unknown key is named, joined by ", "', async () => {
  assert.deepEqual(await errorLines('workflow: {foo: 1, rules: [{when: always}], bar: 2}\nj: {script: x}\n'), [
    'error workflow-shape 1:12 workflow config contains unknown keys: foo, bar',
  ]);
});

void test('environment.rb, timeout.rb, coverage.rb: codes and places', async () => {
  assert.deepEqual(await errorLines('j: {script: x, environment: [a]}\nk: {script: x, environment: {name: " "}}\n'), [
    'error environment-shape 1:29 jobs:j:environment config should be a hash or a string [j]',
    "error environment-shape 1:29 jobs:j:environment name can't be blank [j]",
    "error environment-shape 2:36 jobs:k:environment name can't be blank [k]",
  ]);
  // Offline, only a name left out may come from an include: a blank one is the job's own.
  assert.deepEqual(await errorLines(`${UNRESOLVED_INCLUDE}j: {script: x, environment: {name: ''}}\n`), [
    "error environment-shape 2:36 jobs:j:environment name can't be blank [j]",
  ]);
  assert.deepEqual(await errorLines('j: {script: x, timeout: [1]}\nk: {script: x, timeout: 6 weeks}\n'), [
    'error timeout-shape 1:25 jobs:j:timeout config should be a duration [j]',
    'error timeout-shape 1:25 jobs:j:timeout config should not exceed the limit [j]',
    'error timeout-shape 2:25 jobs:k:timeout config should not exceed the limit [k]',
  ]);
  assert.deepEqual(await errorLines('j: {script: x, coverage: 1}\n'), [
    'error coverage-shape 1:26 jobs:j:coverage config must be a regular expression with re2 syntax [j]',
  ]);
});

void test('coverage.rb: `/pattern/flags` with only i, s, m, U flags, from the start of a line to its end', async () => {
  const coverage = async (value: string): Promise<string[]> =>
    (await errorLines(`j: {script: x, coverage: '${value}'}\n`)).map((l) => l.replace(/^.* jobs:j:coverage /, ''));
  const bad = ['config must be a regular expression with re2 syntax [j]'];
  assert.deepEqual(await coverage('/a/'), []);
  assert.deepEqual(await coverage('/a/imsU'), []);
  assert.deepEqual(await coverage('x/a/'), bad);
  assert.deepEqual(await coverage('/a/x'), bad);
  assert.deepEqual(await coverage('/a/ix'), bad);
});

void test('retry.rb: codes, places, and every unknown key named', async () => {
  assert.deepEqual(await errorLines('j: {script: x, retry: {max: 3, foo: 1, bar: 2}}\n'), [
    'error retry-shape 1:23 retry config contains unknown keys: foo, bar [j]',
    'error retry-shape 1:29 retry max must be less than or equal to 2 [j]',
  ]);
  assert.deepEqual(await errorLines('j: {script: x, retry: {max: -1}}\n'), [
    'error retry-shape 1:29 retry max must be greater than or equal to 0 [j]',
  ]);
});

void test('retry.rb: an Integer is no Float, even a whole one (SimpleRetry is for `is_a?(Integer)`)', async () => {
  const messages = async (retry: string): Promise<string[]> =>
    (await errorLines(`j: {script: x, retry: ${retry}}\n`)).map((l) =>
      l.replace(/^.* retry /, '').replace(/ \[j\]$/, ''),
    );
  assert.deepEqual(await messages('2.0'), ['config has to be either an integer or a hash']);
  assert.deepEqual(await messages('{max: 1.0}'), ['max must be an integer']);
  assert.deepEqual(await messages('{exit_codes: 1.0}'), ['exit codes should be an array of integers or an integer']);
  assert.deepEqual(await messages('{exit_codes: [1, 2.0]}'), [
    'exit codes should be an array of integers or an integer',
  ]);
  assert.deepEqual(await messages('{exit_codes: [1, a]}'), ['exit codes should be an array of integers or an integer']);
  assert.deepEqual(await messages('{exit_codes: a}'), ['exit codes should be an array of integers or an integer']);
  assert.deepEqual(await messages('{exit_codes: {a: 1}}'), ['exit codes should be an array of integers or an integer']);
  assert.deepEqual(await messages('{max: 2, exit_codes: [1, 137]}'), []);
});

void test('retry.rb: keys left out or null are not validated (`allow_nil: true`), nor unresolved values', async () => {
  const accepted = [
    'j: {script: x, retry: {when: always}}\n',
    'j: {script: x, retry: {max: 1}}\n',
    'j: {script: x, retry: {max: ~, when: ~, exit_codes: ~}}\n',
    'j: {script: x, retry: {}}\n',
    // Rails' numericality reads a number out of a String: "1" is a valid max.
    'j: {script: x, retry: {max: "1"}}\n',
    `${UNRESOLVED_INCLUDE}j: {script: x, retry: {when: [!reference [.t, w]], exit_codes: [!reference [.t, e]]}}\n`,
  ];
  for (const yaml of accepted) assert.deepEqual(await errorLines(yaml), [], yaml);
});
