// `include: [{local: x.yml, rules: !reference [.r, rules]}]`: GitLab does not resolve the reference first.
// lib/gitlab/ci/config.rb #build_config runs Config::Yaml.load! (the tag stays a Yaml::Tags::Reference object,
// config/yaml/loader.rb AVAILABLE_TAGS), then External::Processor (its Mapper: Normalizer, then Filter, which builds
// External::Rules from `location[:rules]`), then Extendable, and only then Yaml::Tags::Resolver. External::Rules
// composes Entry::Include::Rules (presence, `type: Array`) whose items are Include::Rules::Rule entries (`type: Hash`,
// `if` an expression, `when` in never/always) and raises "include:" + the first error (external/rules.rb), which
// external/processor.rb turns into the configuration's error. The entry has no key: it is named `rules`, its items
// `rule` (config/entry/node.rb #location) — "include:rule config should be a hash" is what users get for a reference
// as a rule (gitlab-org/gitlab#464564, #434157; #341722 and #369572 are the older crashes of the same path).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, run } from './helpers';

const withRules = (rules: string, extra = ''): Record<string, string> => ({
  '.gitlab-ci.yml': `${extra}include: [{local: a.yml, rules: ${rules}}]\nj: {script: x}\n`,
  'a.yml': 'k: {script: y}\n',
});

void test('a !reference as the rules is refused even when it names valid rules: includes come first', async () => {
  const m = await run(withRules('!reference [.r, rules]', '.r: {rules: [{when: always}]}\n'));
  assert.deepEqual(errors(m), ['include:rules config should be an array']);
  assert.equal(m.pipeline.created, false);
  const d = m.diagnostics.find((x) => x.code === 'include-rules');
  assert.equal(d?.line, 2);
  assert.equal(d?.column, 44); // the reference's list
  // Not the assumption it used to be.
  assert.deepEqual(
    m.diagnostics.filter((x) => x.code === 'include-rules-reference'),
    [],
  );
});

void test('a !reference as a rule, its if, when, changes or exists: the tag object fails each validation', async () => {
  const extra = '.r: {rules: [{when: always}], if: $A, when: always, paths: [a]}\n';
  const rows: [string, string][] = [
    ['[!reference [.r, rules]]', 'include:rule config should be a hash'],
    ['[{if: $A}, !reference [.r, rules]]', 'include:rule config should be a hash'],
    ['[{if: !reference [.r, if]}]', 'include:rule if invalid expression syntax'],
    // AllowedValuesValidator writes the value's to_s: Ruby's default for the object, whose address is not known.
    [
      '[{when: !reference [.r, when]}]',
      'include:rule when unknown value: #<gitlab::ci::config::yaml::tags::reference:0x…>',
    ],
    // Simplifiable's UnknownStrategy (entry/rules/rule/changes.rb, exists.rb): neither Array, Hash nor String.
    ['[{changes: !reference [.r, paths]}]', 'include:rule:changes should be an array or a hash'],
    ['[{exists: !reference [.r, paths]}]', 'include:rule:exists should be a string, an array of strings, or a hash'],
  ];
  for (const [rules, error] of rows) {
    assert.deepEqual(errors(await run(withRules(rules, extra))), [error], rules);
  }
});

void test('the other include:rules messages are named `include:rule…` too (the same location)', async () => {
  assert.deepEqual(errors(await run(withRules('[{foo: 1}]'))), ['include:rule config contains unknown keys: foo']);
  assert.deepEqual(errors(await run(withRules('[{changes: 1}]'))), [
    'include:rule:changes should be an array or a hash',
  ]);
  // A job's rules keep their own location.
  assert.deepEqual(errors(await run('j: {script: x, rules: [{foo: 1}]}\n')), [
    'jobs:j:rules:rule config contains unknown keys: foo',
  ]);
});

void test('rules without a reference decide the include as before', async () => {
  const never = await run(withRules('[{when: never}]'));
  assert.deepEqual(errors(never), []);
  assert.equal(
    never.jobs.some((j) => j.name === 'k'),
    false,
  );
  const always = await run(withRules('[{when: always}]'));
  assert.equal(
    always.jobs.some((j) => j.name === 'k'),
    true,
  );
});
