// Three-valued `rules:if` (a predefined variable GitLab sets but whose value we cannot know is *unknown*), the
// cases mutation testing found untested (docs/mutation.md, "rules: the expression files"). The two-valued answers
// are GitLab's (lexeme/and.rb, or.rb, matches.rb: Ruby operands, `return false unless regexp`); an answer that
// depends on the unknown value is 'unknown', with the variable named, never a guess.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expressionTri } from '../../../../src/ci/rules/triExpression';

const SHA = new Set(['CI_COMMIT_SHA']);
const tri = (src: string, vars: Record<string, string> = {}, unknown: ReadonlySet<string> | undefined = SHA) =>
  expressionTri(src, vars, unknown);
const UNKNOWN = { value: 'unknown', unknown: ['CI_COMMIT_SHA'] };

void test('&& with an unknown left side: unknown unless the right side is falsy', () => {
  assert.deepEqual(tri('$CI_COMMIT_SHA && $A', { A: 'x' }), UNKNOWN);
  assert.deepEqual(tri('$CI_COMMIT_SHA && $A'), { value: false, unknown: [] }, 'both answers are null');
  assert.deepEqual(tri('$CI_COMMIT_SHA && false'), { value: false, unknown: [] });
  // A known left side decides as in Ruby: a truthy one hands over to the right side.
  assert.deepEqual(tri('$A && $CI_COMMIT_SHA', { A: 'x' }), UNKNOWN);
  assert.deepEqual(tri('$A && $CI_COMMIT_SHA'), { value: false, unknown: [] });
});

void test('|| with a known left side: a truthy one is the answer, whatever the right side', () => {
  assert.deepEqual(tri('$A || $CI_COMMIT_SHA', { A: 'x' }), { value: true, unknown: [] });
  assert.deepEqual(tri('$A || $CI_COMMIT_SHA'), UNKNOWN);
  assert.deepEqual(tri('false || $CI_COMMIT_SHA'), UNKNOWN);
});

void test('|| with an unknown left side: only an unknown *boolean* can hand the statement to a present right side', () => {
  // `$SHA` could be "" (Ruby-truthy but blank): `$SHA || "x"` would then be "" and not present.
  assert.deepEqual(tri('$CI_COMMIT_SHA || $A', { A: 'x' }), UNKNOWN);
  // A comparison is true or false: either `true` or the right side, both present.
  assert.deepEqual(tri('$CI_COMMIT_SHA == "abc" || $A', { A: 'y' }), { value: true, unknown: [] });
  assert.deepEqual(tri('$CI_COMMIT_SHA == "abc" || $A', { A: '' }), UNKNOWN);
  assert.deepEqual(tri('$CI_COMMIT_SHA == "abc" || $A'), UNKNOWN);
});

void test('a comparison with an unknown operand is unknown, whatever the other side', () => {
  assert.deepEqual(tri('$CI_COMMIT_SHA == "abc"'), UNKNOWN);
  assert.deepEqual(tri('$CI_COMMIT_SHA == null'), UNKNOWN);
  assert.deepEqual(tri('$CI_COMMIT_SHA != null'), UNKNOWN);
  assert.deepEqual(tri('"abc" == $CI_COMMIT_SHA'), UNKNOWN);
  assert.deepEqual(tri('$CI_COMMIT_SHA =~ /^[0-9a-f]+$/'), UNKNOWN);
  // Matching against null is decided by the right side alone (`return false unless regexp`).
  assert.deepEqual(tri('$CI_COMMIT_SHA =~ null'), { value: false, unknown: [] });
  assert.deepEqual(tri('$CI_COMMIT_SHA !~ null'), { value: true, unknown: [] });
  assert.deepEqual(tri('$CI_COMMIT_SHA !~ $UNSET'), { value: true, unknown: [] });
});

void test('known parts beside an unknown one keep their values (regex, boolean, null, inputs, negation)', () => {
  assert.deepEqual(tri('$A =~ /ab/ && $CI_COMMIT_SHA', { A: 'ab' }), UNKNOWN);
  assert.deepEqual(tri('$A =~ /ab/ && $CI_COMMIT_SHA', { A: 'xy' }), { value: false, unknown: [] });
  assert.deepEqual(tri('$A == true && $CI_COMMIT_SHA', { A: 'true' }), UNKNOWN);
  assert.deepEqual(tri('$A == true && $CI_COMMIT_SHA', { A: 'false' }), { value: false, unknown: [] });
  assert.deepEqual(tri('$A == null && $CI_COMMIT_SHA'), UNKNOWN);
  assert.deepEqual(tri('$A == null && $CI_COMMIT_SHA', { A: '' }), { value: false, unknown: [] });
  assert.deepEqual(tri('$[[ inputs.env ]] == null && $CI_COMMIT_SHA'), UNKNOWN);
  // An undefined variable matched against a regex is the empty text (nil.to_s), not "undefined".
  assert.deepEqual(tri('$A =~ /^$/ && $CI_COMMIT_SHA'), UNKNOWN);
  assert.deepEqual(tri('$A =~ /undefined/ && $CI_COMMIT_SHA'), { value: false, unknown: [] });
  assert.deepEqual(tri('!$A && $CI_COMMIT_SHA'), UNKNOWN, '!null is true');
  assert.deepEqual(tri('!$A && $CI_COMMIT_SHA', { A: 'x' }), { value: false, unknown: [] });
  assert.deepEqual(tri('!$CI_COMMIT_SHA'), UNKNOWN);
});

void test('only the unknown variables are named, each once', () => {
  assert.deepEqual(tri('$A == "x" && $CI_COMMIT_SHA', { A: 'x' }), UNKNOWN);
  assert.deepEqual(tri('$CI_COMMIT_SHA == "a" || $CI_COMMIT_SHA == "b"'), UNKNOWN);
  assert.deepEqual(tri('$CI_COMMIT_SHA && $CI_SERVER_HOST', {}, new Set(['CI_COMMIT_SHA', 'CI_SERVER_HOST'])), {
    value: 'unknown',
    unknown: ['CI_COMMIT_SHA', 'CI_SERVER_HOST'],
  });
});

void test('a variable given a value is known even when it is in the unknown set', () => {
  assert.deepEqual(tri('$CI_COMMIT_SHA == "abc"', { CI_COMMIT_SHA: 'abc' }), { value: true, unknown: [] });
  assert.deepEqual(tri('$CI_COMMIT_SHA == "abc"', { CI_COMMIT_SHA: 'def' }), { value: false, unknown: [] });
});

void test('known answers and syntax errors name no variable', () => {
  assert.deepEqual(tri('$A ==', {}), { value: false, unknown: [] }, 'invalid syntax is false');
  assert.deepEqual(tri('$A', { A: 'x' }, undefined), { value: true, unknown: [] });
  assert.deepEqual(tri('$A', {}, undefined), { value: false, unknown: [] });
  assert.deepEqual(tri('$A', { A: 'x' }), { value: true, unknown: [] });
  assert.deepEqual(tri('$CI_COMMIT_SHA', {}, new Set()), { value: false, unknown: [] }, 'not unknown: null');
});
