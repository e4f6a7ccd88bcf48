// Five places where the engine's messages differed from GitLab's (docs/mutation.md, jobs sections, "found, not
// fixed"), each with the GitLab source it follows:
//   inherit      entry/inherit.rb, inherit/default.rb, inherit/variables.rb; validators.rb ArrayOfStrings and
//                AllowedArrayValues (Array#join flattens nested lists)
//   unknown value  validators.rb AllowedValuesValidator (`unknown value: #{value}`, Ruby's to_s: an Array or a Hash
//                is its inspect, written as Ruby 3.3 does), for rules/rule.rb `when` and policy.rb `kubernetes`
//   needs        need.rb with EE's strategies (ee/lib/ee/gitlab/ci/config/entry/need.rb): every hash has one;
//                `validates :<key>, type: String, presence: true` gives both messages for nil
//   trigger      include.rb "must specify the job where to fetch the artifact from" on `jobs:<job>:trigger:include:include`
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticLines } from './diagnosticLines';
import { job, run, sources } from '../helpers';

/** The diagnostics of `yaml` without GitLab's `rules:when` warning (not what these tests are about). */
async function lines(yaml: string): Promise<string[]> {
  return (await diagnosticLines(yaml)).filter((l) => !l.includes(' multiple-pipelines '));
}

void test('inherit:default: a list that is not all strings, and its unknown values joined as Array#join does', async () => {
  assert.deepEqual(await lines('m: {script: x, inherit: {default: [1, [a]]}}\n'), [
    'error inherit 1:35 jobs:m:inherit:default config should be an array of strings [m]',
    'error inherit 1:35 jobs:m:inherit:default config contains unknown values: 1, a [m]',
  ]);
  // nil is written as nothing, a float keeps its `.0`, a hash is its inspect; a Symbol and a nested list are
  // unknown even when they name a default keyword (`value - ALLOWED_VALUES` compares Strings).
  assert.deepEqual(await lines('m: {script: x, inherit: {default: [image, null, 1.0, {a: 1}, [cache]]}}\n'), [
    'error inherit 1:35 jobs:m:inherit:default config should be an array of strings [m]',
    'error inherit 1:35 jobs:m:inherit:default config contains unknown values: , 1.0, {:a=>1}, cache [m]',
  ]);
  // Only a string names a keyword the job takes (ArrayStrategy#inherit?: `value.include?(key.to_s)`).
  const m = await run(
    'default: {artifacts: {paths: [d]}}\nm: {script: x, inherit: {default: [[artifacts]]}}\nn: {script: x, inherit: {default: [artifacts]}}\n',
  );
  assert.deepEqual([job(m, 'm').artifacts?.paths, job(m, 'n').artifacts?.paths], [undefined, ['d']]);
});

void test('inherit:variables: a bool or an array of strings, no allowed values', async () => {
  assert.deepEqual(
    await lines('m: {script: x, inherit: {variables: [A, 1]}}\nn: {script: x, inherit: {variables: x}}\n'),
    [
      'error inherit 1:37 jobs:m:inherit:variables config should be an array of strings [m]',
      'error inherit 2:37 jobs:n:inherit:variables should be a bool or array of strings [n]',
    ],
  );
  assert.deepEqual(await lines('m: {script: x, inherit: {variables: [ANY, NAME], default: false}}\n'), []);
});

void test('inherit: a hash of default and variables; an invalid one composes no children', async () => {
  assert.deepEqual(await lines('m: {script: x, inherit: {foo: 1, default: 3}}\nn: {script: x, inherit: [default]}\n'), [
    'error inherit 1:26 jobs:m:inherit config contains unknown keys: foo [m]',
    'error inherit 2:25 jobs:n:inherit config should be a hash [n]',
  ]);
});

void test("inherit's UnknownStrategy message is not downcased (it is not a validator's)", async () => {
  assert.deepEqual(await lines('Build: {script: x, inherit: {default: x, variables: 1}}\n'), [
    'error inherit 1:39 jobs:Build:inherit:default should be a bool or array of strings [Build]',
    'error inherit 1:53 jobs:Build:inherit:variables should be a bool or array of strings [Build]',
  ]);
});

void test('a rule `when` that is a list or a hash: `unknown value:` and its Ruby inspect, downcased', async () => {
  assert.deepEqual(await lines('a: {script: x, rules: [{when: [a]}]}\n'), [
    'error rules-when 1:31 jobs:a:rules:rule when unknown value: ["a"] [a]',
  ]);
  assert.deepEqual(await lines('a: {script: x, rules: [{when: [A, 1, null, 2.0, true]}]}\n'), [
    'error rules-when 1:31 jobs:a:rules:rule when unknown value: ["a", 1, nil, 2.0, true] [a]',
  ]);
  assert.deepEqual(await lines('a: {script: x, rules: [{when: {a: [b]}}]}\n'), [
    'error rules-when 1:31 jobs:a:rules:rule when unknown value: {:a=>["b"]} [a]',
  ]);
  // A scalar is its to_s; a workflow rule is checked the same way.
  assert.deepEqual(await lines('workflow: {rules: [{when: 1.0}]}\na: {script: x}\n'), [
    'error rules-when 1:27 workflow:rules:rule when unknown value: 1.0',
  ]);
});

void test('only/except kubernetes that is not `active`: `unknown value:` and its Ruby text', async () => {
  assert.deepEqual(
    await lines('a: {script: x, only: {kubernetes: [x]}}\nb: {script: x, except: {kubernetes: {a: 1}}}\n'),
    [
      'error policy-shape 1:35 jobs:a:only kubernetes unknown value: ["x"] [a]',
      'error policy-shape 2:37 jobs:b:except kubernetes unknown value: {:a=>1} [b]',
    ],
  );
  assert.deepEqual(await lines('a: {script: x, only: {kubernetes: active}}\n'), []);
});

void test('a need hash with neither job nor project is EE BridgeHash: its keys and `pipeline` checked, no lookup', async () => {
  assert.deepEqual(await lines('a: {script: x, needs: [{artifacts: true}]}\n'), [
    'error needs-keys 1:24 jobs:a:needs:need config contains unknown keys: artifacts [a]',
    'error needs-shape 1:24 jobs:a:needs:need pipeline should be a string [a]',
    "error needs-shape 1:24 jobs:a:needs:need pipeline can't be blank [a]",
    'error needs-type 1:23 jobs:a:needs config uses invalid types: bridge [a]',
  ]);
  // What is neither a string nor a hash is Need::UnknownStrategy, whose message keeps the job name's case.
  assert.deepEqual(await lines('Build: {script: x, needs: [1]}\n'), [
    'error needs-shape 1:28 jobs:Build:needs:need has an unsupported type [Build]',
  ]);
  // An empty hash is a BridgeHash too (`presence` on the config first); a trigger job may have bridge needs.
  assert.deepEqual(await lines('t: {trigger: c/p, needs: [{}]}\n'), [
    "error needs-shape 1:27 jobs:t:needs:need config can't be blank [t]",
    'error needs-shape 1:27 jobs:t:needs:need pipeline should be a string [t]',
    "error needs-shape 1:27 jobs:t:needs:need pipeline can't be blank [t]",
  ]);
});

void test('a need with `ref` is EE CrossProjectDependency: project, ref and job are required strings', async () => {
  assert.deepEqual(await lines('b: {script: x}\na: {script: x, needs: [{job: b, ref: main}]}\n'), [
    'error needs-shape 2:24 jobs:a:needs:need project should be a string [a]',
    "error needs-shape 2:24 jobs:a:needs:need project can't be blank [a]",
  ]);
  assert.deepEqual(await lines('a: {script: x, needs: [{project: g/p, job: j, ref: 1}]}\n'), [
    'error needs-shape 1:52 jobs:a:needs:need ref should be a string [a]',
  ]);
});

void test('a need whose job is null, empty or not a string: JobHash type and presence, and no undefined need', async () => {
  assert.deepEqual(await lines('a: {script: x, needs: [{job: null}]}\n'), [
    'error needs-shape 1:30 jobs:a:needs:need job should be a string [a]',
    "error needs-shape 1:30 jobs:a:needs:need job can't be blank [a]",
  ]);
  assert.deepEqual(await lines("a: {script: x, needs: [{job: ''}, {job: '  '}]}\n"), [
    "error needs-shape 1:30 jobs:a:needs:need job can't be blank [a]",
    "error needs-shape 1:41 jobs:a:needs:need job can't be blank [a]",
  ]);
  // Block style for the Symbol: Psych refuses `:b` inside `{…}` (yaml/flowColon.ts).
  assert.deepEqual(await lines('a:\n  script: x\n  needs:\n    - {job: 1}\n    - job: :b\n'), [
    "warning yaml-symbol 5:12 `:b` is loaded as a Ruby symbol, not a string: GitLab keys that want a string reject it; quote it (':b') if a string is meant",
    'error needs-shape 4:13 jobs:a:needs:need job should be a string [a]',
    'error needs-shape 5:12 jobs:a:needs:need job should be a string [a]',
  ]);
  // A blank name string is JobString's `config can't be blank`; the job's other needs stay.
  const m = await run("b: {script: x, artifacts: {paths: [o]}}\na: {script: x, needs: ['', b]}\n");
  assert.deepEqual(
    m.diagnostics.map((d) => d.message),
    ["jobs:a:needs:need config can't be blank"],
  );
  assert.deepEqual(sources(m, 'a'), ['b']);
});

void test('trigger:include artifact without a job: Entry::Include on jobs:<job>:trigger:include:include', async () => {
  assert.deepEqual(await lines('b: {script: x}\nt: {trigger: {include: [{artifact: g.yml}]}}\n'), [
    'error trigger-include 2:25 jobs:t:trigger:include:include config must specify the job where to fetch the artifact from [t]',
  ]);
  // A blank job is no job (`config[:job].blank?`): the entry error, and no dependency lookup of ` `.
  assert.deepEqual(await lines("b: {script: x}\nT: {trigger: {include: [{artifact: g.yml, job: ' '}]}}\n"), [
    'error trigger-include 2:25 jobs:t:trigger:include:include config must specify the job where to fetch the artifact from [T]',
  ]);
  // `artifact: false` or null is no artifact; with a job the entry is valid.
  assert.deepEqual(
    await lines('b: {script: x}\nt: {trigger: {include: [{artifact: false}, {artifact: g.yml, job: b}]}}\n'),
    [],
  );
});
