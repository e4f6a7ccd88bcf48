// Survivors of src/ci/jobs/ruleClauseChecks.ts (docs/mutation.md, "rules: clause shapes, include locations"):
// the exact errors of `ruleClauseErrors` and `ifIsValid` for shapes the corpus-free tests did not reach. Expected
// values are GitLab's: entry/rules/rule/changes.rb, exists.rb, config/entry/validators.rb (array_of_strings, type),
// ActiveModel's length validator (`value.length`: a String counts characters, a Hash its pairs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { ifIsValid, ruleClauseErrors } from '../../../../src/ci/jobs/ruleClauseChecks';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import type { YMap } from '../../../../src/ci/yaml/node';

const L = 'jobs:j:rules:rule';
const C = `${L}:changes`;
const E = `${L}:exists`;
const TOO_LONG = 'has too many entries (maximum 50)';

/** A rule mapping from YAML flow text. */
function rule(text: string): YMap {
  const sink = new DiagnosticSink();
  const root = loadYaml(`r: ${text}\n`, 'r.yml', sink).root;
  const r = root?.entries[0]?.value;
  assert.ok(r?.kind === 'map', text);
  return r;
}
const errors = (text: string): string[] => ruleClauseErrors(L, rule(text)).map((e) => e.message);
const list = (n: number): string => `[${Array.from({ length: n }, (_, i) => `f${i}`).join(', ')}]`;
const hash = (n: number): string => `{${Array.from({ length: n }, (_, i) => `k${i}: v`).join(', ')}}`;

void test('each clause error carries its clause code', () => {
  const r = ruleClauseErrors(L, rule('{changes: 1, exists: 1}'));
  assert.deepEqual(
    r.map((e) => e.code),
    ['rules-changes', 'rules-exists'],
  );
});

void test('a null clause and an unresolved !reference give no error (Factory: Unspecified; the tag is reported where it is)', () => {
  for (const t of [
    '{changes: null}',
    '{exists: null}',
    '{changes: !reference [a, b]}',
    '{exists: !reference [a, b]}',
    '{changes: [a, !reference [a, b]]}',
    '{exists: [a, !reference [a, b], 1]}',
    '{changes: {paths: !reference [a, b]}}',
    '{exists: {paths: !reference [a, b]}}',
    '{changes: {paths: [a], compare_to: !reference [a, b]}}',
    '{exists: {paths: [a], project: !reference [a, b], ref: !reference [a, b]}}',
  ]) {
    assert.deepEqual(errors(t), [], t);
  }
});

void test('changes: a Hash with only compare_to, or a null compare_to, gives no paths error; compare_to must be a String', () => {
  assert.deepEqual(errors('{changes: {compare_to: main}}'), []);
  assert.deepEqual(errors('{changes: {paths: [a], compare_to: null}}'), []);
  assert.deepEqual(errors('{changes: {paths: [a], compare_to: 1}}'), [`${C} compare to should be a string`]);
  // Block style: Psych refuses `:main` inside `{…}` (yaml/flowColon.ts).
  const symbol = '\n  changes:\n    paths: [a]\n    compare_to: :main';
  assert.deepEqual(errors(symbol), [`${C} compare to should be a string`]);
});

void test('paths: at most 50 entries, in changes and exists (ActiveModel length maximum: 50)', () => {
  assert.deepEqual(errors(`{changes: {paths: ${list(50)}}}`), []);
  assert.deepEqual(errors(`{changes: {paths: ${list(51)}}}`), [`${C} paths ${TOO_LONG}`]);
  assert.deepEqual(errors(`{exists: {paths: ${list(50)}}}`), []);
  assert.deepEqual(errors(`{exists: {paths: ${list(51)}}}`), [`${E} paths ${TOO_LONG}`]);
});

void test("paths that is not an Array: its length is Ruby's (a String's characters, a Hash's pairs, else to_s)", () => {
  const notArray = `${C} paths should be an array of strings`;
  assert.deepEqual(errors(`{changes: {paths: ${'x'.repeat(50)}}}`), [notArray]);
  assert.deepEqual(errors(`{changes: {paths: ${'x'.repeat(51)}}}`), [notArray, `${C} paths ${TOO_LONG}`]);
  // 50 characters of two UTF-16 units each: String#length counts characters.
  assert.deepEqual(errors(`{changes: {paths: "${'😀'.repeat(50)}"}}`), [notArray]);
  assert.deepEqual(errors(`{changes: {paths: ${hash(50)}}}`), [notArray]);
  assert.deepEqual(errors(`{changes: {paths: ${hash(51)}}}`), [notArray, `${C} paths ${TOO_LONG}`]);
  assert.deepEqual(errors('{changes: {paths: 5}}'), [notArray]);
  assert.deepEqual(errors('{changes: {paths: true}}'), [notArray]);
  assert.deepEqual(errors(`{exists: {paths: ${'x'.repeat(51)}}}`), [
    `${E} paths should be an array of strings`,
    `${E} paths ${TOO_LONG}`,
  ]);
  assert.deepEqual(errors('{exists: {paths: 5}}'), [`${E} paths should be an array of strings`]);
});

void test('exists: a Hash needs project only when ref is given and not null; a null paths is allowed', () => {
  assert.deepEqual(errors('{exists: {paths: [a]}}'), []);
  assert.deepEqual(errors('{exists: {paths: [a], ref: null}}'), []);
  assert.deepEqual(errors('{exists: {paths: null}}'), []);
  assert.deepEqual(errors('{exists: {paths: [a], project: g/p, ref: main}}'), []);
  assert.deepEqual(errors('{exists: {paths: [a], ref: main}}'), [`${E} config missing required keys: project`]);
});

void test("ifIsValid: rule.rb's `validates :if, expression: true` (allow_nil)", () => {
  assert.equal(ifIsValid(rule('{when: always}')), true);
  assert.equal(ifIsValid(rule('{if: null}')), true);
  assert.equal(ifIsValid(rule('{if: \'$A == "x"\'}')), true);
  assert.equal(ifIsValid(rule("{if: '$A ==='}")), false);
  assert.equal(ifIsValid(rule('{if: 1}')), false);
  assert.equal(ifIsValid(rule('{if: [a]}')), false);
  assert.equal(ifIsValid(rule('{if: {a: 1}}')), false);
});
