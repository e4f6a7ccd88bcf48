// Tests written to answer the mutation survivors of ruleList.ts (docs/mutation.md, "rules: rule lists and fnmatch").
// What GitLab decides comes from its source: a `rules` list is flattened whatever its nesting
// (Gitlab::Config::Entry::ComposableArray: `[@config].flatten`), nil clauses are dropped (Entry::Rules::Rule#value
// compacts the rule), a rule without clauses always matches and the first matching rule decides
// (Gitlab::Ci::Build::Rules). The reasons, and what is assumed when a clause cannot be known, are ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRuleList, flattenRules } from '../../../../src/ci/rules/ruleList';
import { env, push, tagPush } from './helpers';

/** A branch pipeline where `$A` and `$B` are set by GitLab but unknown to the analysis. */
const unknownAB = (changedFiles?: string[]) =>
  env(push(), { unknownVariables: new Set(['A', 'B']), ...(changedFiles ? { changedFiles } : {}) });

void test('nested lists flatten in order, as deep as GitLab accepts (a list and 9 nested ones)', () => {
  assert.deepEqual(flattenRules([{ a: 1 }, [{ b: 2 }, [{ c: 3 }]], { d: 4 }]), [
    { a: 1 },
    { b: 2 },
    { c: 3 },
    { d: 4 },
  ]);
  // Processable validates `rules` with NestedArrayOfHashesOrArraysValidator, max_level 10 (the list itself is level 1).
  let deepest: unknown = [{ when: 'manual' }];
  for (let level = 2; level <= 10; level++) deepest = [deepest];
  assert.deepEqual(flattenRules([{ when: 'never' }, deepest]), [{ when: 'never' }, { when: 'manual' }]);
});

void test('what is not a list gives no rules; entries that are not mappings are not rules', () => {
  // GitLab rejects both configurations (Entry::Rules: config should be an array; Rules::Rule: a hash), which
  // keyValidation reports; the evaluation skips them instead of failing.
  for (const raw of [null, undefined, 'x', 42, { when: 'always' }]) {
    assert.deepEqual(flattenRules(raw), [], JSON.stringify(raw));
  }
  assert.deepEqual(flattenRules([null, 'x', 42, true, { when: 'manual' }]), [{ when: 'manual' }]);
  assert.equal(
    evaluateRuleList([null, 'x'], env(push()), 'on_success').reason,
    'rules: no rule matched (the list is empty)',
  );
});

void test('a list that contains itself stays finite (our bound: 10 nested lists, one past what GitLab accepts)', () => {
  const rule = { when: 'manual' };
  const loop: unknown[] = [rule];
  loop.push(loop);
  const flat = flattenRules(loop);
  assert.equal(flat.length, 11, 'the list and 10 nested copies');
  assert.ok(flat.every((r) => r === rule));
});

void test('null clauses are no clauses: the rule always matches (Rules::Rule#value compacts nil)', () => {
  for (const key of ['if', 'changes', 'exists']) {
    const r = evaluateRuleList([{ [key]: null, when: 'manual' }], env(push()), 'on_success');
    assert.equal(r.outcome, true, key);
    assert.equal(r.reason, 'rules[0]: no clauses, when: manual', key);
    assert.deepEqual(r.chosen.details, ['no clauses'], key);
  }
  assert.equal(evaluateRuleList([{}], env(push()), 'on_success').reason, 'rules[0]: no clauses, when: on_success');
});

void test('an `if` that is not a string never holds; the reason quotes it as JSON', () => {
  // GitLab refuses the configuration (ExpressionValidator: `if invalid expression syntax`, reported by checks.ts);
  // evaluating such a rule, the engine does not read the value as an expression.
  const cases: [unknown, string][] = [
    [true, 'true'],
    [['$CI'], '["$CI"]'],
    [{ a: 1 }, '{"a":1}'],
  ];
  for (const [value, text] of cases) {
    const r = evaluateRuleList([{ if: value, when: 'always' }], env(push()), 'on_success');
    assert.equal(r.outcome, false, text);
    assert.equal(r.reason, `rules[0]: if '${text}' is false for a branch pipeline`);
  }
});

void test('unknown variables are named, one or several', () => {
  const one = evaluateRuleList([{ if: '$A == "x"' }], unknownAB(), 'on_success');
  assert.equal(one.outcome, 'unknown');
  assert.equal(one.uncertain, true);
  assert.equal(
    one.reason,
    `rules[0]: assumed: if '$A == "x"' depends on $A, which is not known here, when: on_success`,
  );
  const two = evaluateRuleList([{ if: '$A == $B' }], unknownAB(), 'on_success');
  assert.equal(
    two.reason,
    `rules[0]: assumed: if '$A == $B' depends on $A, $B, which are not known here, when: on_success`,
  );
  assert.deepEqual(two.chosen, {
    index: 0,
    rule: { if: '$A == $B' },
    when: 'on_success',
    details: [`if '$A == $B' depends on $A, $B, which are not known here`],
    certain: false,
  });
});

void test('every clause that decided a rule is named, joined by "and"', () => {
  const certain = evaluateRuleList([{ if: '$CI_COMMIT_TAG', changes: ['src/*'] }], env(tagPush()), 'on_success');
  assert.equal(
    certain.reason,
    `rules[0]: if '$CI_COMMIT_TAG' is true and changes [src/*] is true: this pipeline has no diff, when: on_success`,
  );
  const assumed = evaluateRuleList([{ if: '$A', changes: ['src/*'] }], unknownAB(), 'on_success');
  assert.equal(
    assumed.reason,
    `rules[0]: assumed: if '$A' depends on $A, which is not known here and changes [src/*] cannot be known statically, when: on_success`,
  );
});

void test('no rule matched: an empty list, one false rule, several', () => {
  const none = (rules: unknown) => evaluateRuleList(rules, env(push()), 'on_success');
  assert.deepEqual(none([]), {
    outcome: false,
    chosen: { when: 'never', details: ['rules: no rule matched (the list is empty)'], certain: true },
    uncertain: false,
    reason: 'rules: no rule matched (the list is empty)',
  });
  assert.equal(none([{ if: '$X' }]).reason, `rules[0]: if '$X' is false for a branch pipeline`);
  const two = none([{ if: '$X' }, { if: '$Y == "y"' }]);
  assert.equal(two.reason, `rules: no rule matched (last rule 1: if '$Y == "y"' is false for a branch pipeline)`);
  assert.equal(two.chosen.certain, true);
  assert.equal(two.outcome, false);
});

void test('an assumed rule is reported without a note; a certain one after an assumed one names it', () => {
  const assumed = evaluateRuleList([{ if: '$A', when: 'manual' }], unknownAB(), 'on_success');
  assert.equal(assumed.reason, `rules[0]: assumed: if '$A' depends on $A, which is not known here, when: manual`);
  const rules = [{ if: '$X' }, { if: '$B', changes: ['docs/*'], when: 'never' }, { when: 'always' }];
  const later = evaluateRuleList(rules, unknownAB(), 'on_success');
  assert.equal(later.outcome, 'unknown', 'rule 1 may match first, and it says never');
  assert.equal(later.uncertain, true);
  assert.equal(
    later.reason,
    'rules[2]: no clauses, when: always (assumed: rule 1 does not match: ' +
      `if '$B' depends on $B, which is not known here and changes [docs/*] cannot be known statically)`,
  );
  assert.equal(later.chosen.index, 2);
  assert.equal(later.chosen.certain, true);
});
