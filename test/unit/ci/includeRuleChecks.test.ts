// `include:rules` errors of their own (src/ci/include/includeRuleChecks.ts): GitLab composes entry/include/rules.rb
// when it decides an include and raises `include:` followed by the first error (ci/config/external/rules.rb), which
// fails the configuration. Before these checks the engine accepted every one of these silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './helpers';

const files = (rules: string): Record<string, string> => ({
  '.gitlab-ci.yml': `include: [{local: a.yml, rules: ${rules}}]\nj: {script: x}\n`,
  'a.yml': 'k: {script: y}\n',
});

const REJECTED: Array<{ what: string; rules: string; error: string; at: string }> = [
  { what: 'an empty list', rules: '[]', error: "include:rules config can't be blank", at: '[]' },
  { what: 'an empty string', rules: '""', error: "include:rules config can't be blank", at: '""' },
  { what: 'a mapping', rules: '{if: $A}', error: 'include:rules config should be an array', at: '{if' },
  { what: 'a number', rules: '1', error: 'include:rules config should be an array', at: '1' },
  { what: 'an empty rule', rules: '[{}]', error: "include:rule config can't be blank", at: '{}' },
  { what: 'a null rule', rules: '[~]', error: "include:rule config can't be blank", at: '~' },
  { what: 'a blank string rule', rules: '[" "]', error: "include:rule config can't be blank", at: '" "' },
  { what: 'a string rule', rules: '["x"]', error: 'include:rule config should be a hash', at: '"x"' },
  {
    what: 'unknown keys, downcased as the whole message is',
    rules: '[{foo: 1, IF: $A}]',
    error: 'include:rule config contains unknown keys: foo, if',
    at: '{foo',
  },
  {
    what: 'keys of job rules that include rules do not have',
    rules: '[{if: $A, allow_failure: true, variables: {X: "1"}}]',
    error: 'include:rule config contains unknown keys: allow_failure, variables',
    at: '{if',
  },
  {
    what: 'an invalid if',
    rules: '[{if: "$A =="}]',
    error: 'include:rule if invalid expression syntax',
    at: '"$A =="',
  },
  {
    what: 'an if that is no string',
    rules: '[{if: 1}]',
    error: 'include:rule if invalid expression syntax',
    at: '1}',
  },
  {
    what: 'a when of job rules',
    rules: '[{if: $A, when: on_success}]',
    error: 'include:rule when unknown value: on_success',
    at: 'on_success',
  },
  {
    what: 'a capitalised when (compared as written, reported downcased)',
    rules: '[{when: Never}]',
    error: 'include:rule when unknown value: never',
    at: 'Never',
  },
  { what: 'a list as when', rules: '[{when: [a]}]', error: 'include:rule when unknown value: ["a"]', at: '[a]' },
  {
    what: 'a nested list is flattened first',
    rules: '[[{if: $A}], [[{foo: 1}]]]',
    error: 'include:rule config contains unknown keys: foo',
    at: '{foo',
  },
  {
    what: "the first rule's error is the one raised",
    rules: '[{when: always}, {foo: 1}, {changes: "x"}]',
    error: 'include:rule config contains unknown keys: foo',
    at: '{foo',
  },
  {
    what: "a rule's own error comes before its clauses",
    rules: '[{changes: "x", when: on_success}]',
    error: 'include:rule when unknown value: on_success',
    at: 'on_success',
  },
  {
    what: "an earlier rule's clause error comes before a later rule's own error",
    rules: '[{changes: "x"}, {foo: 1}]',
    error: 'include:rule:changes should be an array or a hash',
    at: '"x"',
  },
];

for (const row of REJECTED) {
  void test(`include:rules rejected: ${row.what}`, async () => {
    const f = files(row.rules);
    const errs = (await run(f)).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(
      errs.map((d) => d.message),
      [row.error],
    );
    const line = f['.gitlab-ci.yml']!.split('\n')[errs[0]!.line - 1] ?? '';
    assert.ok(line.slice(errs[0]!.column - 1).startsWith(row.at), `points at ${row.at}: ${line}`);
  });
}

const ACCEPTED: Array<{ what: string; rules: string; included: boolean }> = [
  { what: 'null: no rules', rules: '~', included: true },
  { what: 'false: no rules', rules: 'false', included: true },
  { what: 'when: never', rules: '[{when: never}]', included: false },
  { what: 'when: always and a null when', rules: '[{if: $A, when: ~}, {when: always}]', included: true },
  {
    what: 'every allowed key',
    rules: '[{if: $A, changes: [a], exists: [b], when: always}, {when: always}]',
    included: true,
  },
];

for (const row of ACCEPTED) {
  void test(`include:rules accepted: ${row.what}`, async () => {
    const m = await run(files(row.rules));
    assert.deepEqual(
      m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    assert.equal(
      m.jobs.some((j) => j.name === 'k'),
      row.included,
    );
  });
}

void test('include:rules: a !reference as a rule is the tag object, no Hash (gitlab-org/gitlab#464564)', async () => {
  const m = await run({
    '.gitlab-ci.yml':
      'include: [{local: a.yml, rules: [!reference [.r, rules]]}]\n.r: {rules: [{foo: 1}]}\nj: {script: x}\n',
    'a.yml': 'k: {script: y}\n',
  });
  assert.deepEqual(
    m.diagnostics.filter((d) => d.code === 'include-rules').map((d) => d.message),
    ['include:rule config should be a hash'],
  );
});
