// The shape of `trigger:` (lib/gitlab/ci/config/entry/trigger.rb): SimpleTrigger (a String, `validates :config,
// presence: true`), ComplexTrigger's CrossProjectTrigger (no `include`: allowed keys project/branch/strategy/forward,
// `validates :project, type: String, presence: true`, `validates :branch, type: String, allow_nil: true`) and
// SameProjectTrigger (`include`), and the UnknownStrategy for anything else
// ("#{location} has to be either a string or a hash", not downcased). Validator messages are downcased.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../helpers';

async function errors(trigger: string): Promise<string[]> {
  const m = await run({ '.gitlab-ci.yml': `K:\n  trigger: ${trigger}\n`, 'c.yml': 'x:\n  script: y\n' });
  const list = m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  assert.equal(m.pipeline.created, list.length === 0, trigger);
  return list;
}

void test('trigger: valid shapes give nothing', async () => {
  for (const t of ['a/b', '{project: a/b, branch: main, strategy: depend}', '{include: c.yml, strategy: depend}']) {
    assert.deepEqual(await errors(t), [], t);
  }
  assert.deepEqual(await errors('{project: a/b, forward: {yaml_variables: false}}'), []);
});

void test('trigger: a blank String, a value that is neither a String nor a Hash', async () => {
  assert.deepEqual(await errors("''"), ["jobs:k:trigger config can't be blank"]);
  assert.deepEqual(await errors('5'), ['jobs:K:trigger has to be either a string or a hash']);
  assert.deepEqual(await errors('[a/b]'), ['jobs:K:trigger has to be either a string or a hash']);
  assert.deepEqual(await errors(':a'), ['jobs:K:trigger has to be either a string or a hash'], 'a Symbol');
});

void test('trigger: a Hash without include is a cross-project trigger', async () => {
  assert.deepEqual(await errors('{}'), [
    "jobs:k:trigger config can't be blank",
    'jobs:k:trigger project should be a string',
    "jobs:k:trigger project can't be blank",
  ]);
  assert.deepEqual(await errors('{forward: {pipeline_variables: true}}'), [
    'jobs:k:trigger project should be a string',
    "jobs:k:trigger project can't be blank",
  ]);
  assert.deepEqual(await errors('{project: 5}'), ['jobs:k:trigger project should be a string']);
  assert.deepEqual(await errors("{project: ' '}"), ["jobs:k:trigger project can't be blank"]);
  assert.deepEqual(await errors('{project: a/b, branch: [x]}'), ['jobs:k:trigger branch should be a string']);
});

void test('trigger: a key this tool does not know may be a newer form: the hash is not judged', async () => {
  // `inputs` (newer GitLab) is known; `foo` is not: neither the keys nor the project are judged then.
  assert.deepEqual(await errors('{project: a/b, inputs: {a: 1}}'), []);
  assert.deepEqual(await errors('{foo: 1}'), []);
  assert.deepEqual(await errors('{include: c.yml, inputs: {a: 1}}'), []);
});
