// Mutation survivors of src/ci/jobs/triggerShape.ts (docs/mutation.md, "jobs: value shapes, images, variables,
// trigger shape"). The shape of `trigger:` follows lib/gitlab/ci/config/entry/trigger.rb: a String is a
// SimpleTrigger (`validates :config, presence: true`); a Hash without `include` a CrossProjectTrigger (allowed keys
// project/branch/strategy/forward, `validates :project, type: String, presence: true`, `validates :branch, type:
// String, allow_nil: true`); anything else the UnknownStrategy ("#{location} has to be either a string or a hash",
// not downcased). Each line pins the code, the place and the message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticLines } from './diagnosticLines';

/** The trigger-shape diagnostics of one trigger job `T` whose `trigger:` is written on line 2. */
async function triggerLines(trigger: string): Promise<string[]> {
  const lines = await diagnosticLines({ '.gitlab-ci.yml': `T:\n  trigger: ${trigger}\n`, 'c.yml': 'x: {script: y}\n' });
  return lines.filter((l) => l.includes(' trigger-shape '));
}

void test('trigger.rb: every message with its code and place (the value, or the project or branch inside it)', async () => {
  const cases: Array<[string, string[]]> = [
    ["''", ["error trigger-shape 2:12 jobs:t:trigger config can't be blank [T]"]],
    ['5', ['error trigger-shape 2:12 jobs:T:trigger has to be either a string or a hash [T]']],
    [
      '{}',
      [
        "error trigger-shape 2:12 jobs:t:trigger config can't be blank [T]",
        'error trigger-shape 2:12 jobs:t:trigger project should be a string [T]',
        "error trigger-shape 2:12 jobs:t:trigger project can't be blank [T]",
      ],
    ],
    ['{project: [a]}', ['error trigger-shape 2:22 jobs:t:trigger project should be a string [T]']],
    ["{project: ''}", ["error trigger-shape 2:22 jobs:t:trigger project can't be blank [T]"]],
    ['{project: a/b, branch: 1}', ['error trigger-shape 2:35 jobs:t:trigger branch should be a string [T]']],
  ];
  for (const [trigger, expected] of cases) assert.deepEqual(await triggerLines(trigger), expected, trigger);
});

void test('trigger.rb: strategy and inputs are cross-project keys, so the project is still judged beside them', async () => {
  // CrossProjectTrigger::ALLOWED_KEYS has strategy (and newer versions inputs): such a hash is judged in full.
  assert.deepEqual(await triggerLines('{project: 5, strategy: depend}'), [
    'error trigger-shape 2:22 jobs:t:trigger project should be a string [T]',
  ]);
  assert.deepEqual(await triggerLines('{inputs: {a: 1}}'), [
    'error trigger-shape 2:12 jobs:t:trigger project should be a string [T]',
    "error trigger-shape 2:12 jobs:t:trigger project can't be blank [T]",
  ]);
  // A branch left null is allowed (`allow_nil: true`).
  assert.deepEqual(await triggerLines('{project: a/b, branch: null}'), []);
});

void test('trigger: null is no Trigger entry at all: no message about its shape', async () => {
  // Factory makes an Unspecified entry for a nil value, so Trigger's strategies never run. (bridge.rb then says
  // "config should contain either a trigger or a needs:pipeline": not a shape message, and not this file's.)
  assert.deepEqual(await triggerLines('null'), []);
  assert.deepEqual(await triggerLines('~\n  stage: test'), []);
});
