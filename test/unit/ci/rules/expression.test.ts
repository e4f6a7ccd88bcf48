import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  evaluateExpression,
  evaluateValue,
  isPresent,
  parseExpression,
  type Expr,
} from '../../../../src/ci/rules/expression';
import { tokenize } from '../../../../src/ci/rules/lexer';
import { holds, parse } from './helpers';

const invalid = (src: string): boolean => !parseExpression(src).ok;

// A compact printer so precedence tests read like the expression with parentheses.
function show(e: Expr): string {
  switch (e.kind) {
    case 'variable':
      return `$${e.name}`;
    case 'input':
      return `inputs.${e.name}`;
    case 'string':
      return JSON.stringify(e.value);
    case 'regex':
      return e.regex.source;
    case 'null':
      return 'null';
    case 'boolean':
      return String(e.value);
    case 'not':
      return `!${show(e.operand)}`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
  }
}

void test('lexer: every token kind, whitespace skipped', () => {
  const r = tokenize(' ( $A == "x" ) && $B != \'y\' || $C =~ /ab/i && $D !~ /cd/ || !$E == null && true != false ');
  assert.ok(r.ok);
  assert.deepEqual(
    r.tokens.map((t) => t.kind),
    [
      'lparen',
      'variable',
      '==',
      'string',
      'rparen',
      '&&',
      'variable',
      '!=',
      'string',
      '||',
      'variable',
      '=~',
      'regex',
      '&&',
      'variable',
      '!~',
      'regex',
      '||',
      '!',
      'variable',
      '==',
      'null',
      '&&',
      'boolean',
      '!=',
      'boolean',
    ],
  );
});

void test('lexer: $VAR is \\$\\w+, ${VAR} is not supported, strings have no escapes', () => {
  const r = tokenize('$CI_COMMIT_BRANCH');
  assert.ok(r.ok && r.tokens[0]?.value === 'CI_COMMIT_BRANCH');
  assert.ok(invalid('${CI_COMMIT_BRANCH} == "a"'));
  const s = tokenize('"a\\" == "b"');
  assert.ok(s.ok);
  assert.equal(s.tokens[0]?.value, 'a\\', 'the string ends at the first matching quote');
  assert.equal(tokenize("'it\"s'").ok && tokenize("'it\"s'").ok, true);
  assert.ok(holds('"" == ""'), 'empty literals are allowed');
});

void test('lexer: unknown lexemes are syntax errors', () => {
  for (const src of [
    '$A = "x"',
    '$A === "x"',
    '$A & $B',
    '$A | $B',
    'main',
    '$A == nil',
    '"unterminated',
    '$A == 1',
    'nullx',
    'truex',
  ]) {
    assert.ok(invalid(src), src);
  }
  assert.ok(invalid(''), 'an empty statement is invalid');
  assert.ok(invalid('   '), 'a blank statement is invalid');
});

void test('lexer: at most 99 tokens (GitLab loops 100 times and then fails)', () => {
  const ninetyNine = Array.from({ length: 50 }, (_, i) => `$V${i}`).join(' || ');
  const lexed = tokenize(ninetyNine);
  assert.ok(lexed.ok);
  assert.equal(lexed.tokens.length, 99);
  assert.ok(parseExpression(ninetyNine).ok);
  const hundred = `${ninetyNine} ||`;
  const r = tokenize(hundred);
  assert.ok(!r.ok && r.error === 'Too many tokens!');
});

void test('parser: precedence ! > comparison > && > ||, left-associative', () => {
  assert.equal(show(parse('$A || $B && $C')), '($A || ($B && $C))');
  assert.equal(show(parse('$A && $B || $C')), '(($A && $B) || $C)');
  assert.equal(show(parse('$A == "1" && $B == "2"')), '(($A == "1") && ($B == "2"))');
  assert.equal(show(parse('!$A == "x"')), '(!$A == "x")');
  assert.equal(show(parse('$A && $B && $C')), '(($A && $B) && $C)');
  assert.equal(show(parse('$A || $B || $C')), '(($A || $B) || $C)');
  assert.equal(show(parse('$A == $B == $C')), '(($A == $B) == $C)');
  assert.equal(show(parse('($A || $B) && $C')), '(($A || $B) && $C)');
  assert.equal(show(parse('!($A || $B)')), '!($A || $B)');
  assert.equal(show(parse('!!$A')), '!!$A');
  assert.equal(show(parse('$A == !$B')), '($A == !$B)');
  assert.equal(show(parse('$A && !$B || $C')), '(($A && !$B) || $C)');
  assert.equal(show(parse('(($A))')), '$A');
});

void test('parser: malformed statements are errors', () => {
  for (const src of ['$A ==', '== $A', '$A $B', '($A', '$A)', '()', '!', '$A && ', '&&', '$A == "x" "y"']) {
    assert.ok(invalid(src), src);
  }
});

void test('evaluation: undefined is null; == null only when undefined; empty string is not null', () => {
  assert.ok(holds('$X == null'));
  assert.ok(!holds('$X == null', { X: '' }));
  assert.ok(holds('$X == ""', { X: '' }));
  assert.ok(!holds('$X == ""'));
  assert.ok(holds('$X != null', { X: '' }));
  assert.ok(holds('null == null'));
  assert.ok(!holds('$X'), 'undefined is not present');
  assert.ok(!holds('$X', { X: '' }), 'an empty string is not present');
  assert.ok(!holds('$X', { X: '   ' }), 'a blank string is not present (ActiveSupport)');
  assert.ok(holds('$X', { X: 'a' }));
  assert.ok(holds('$X == $Y', { X: 'a', Y: 'a' }));
  assert.ok(!holds('$X == $Y', { X: 'a' }));
});

void test('evaluation: booleans and their string coercion', () => {
  assert.ok(holds('true'));
  assert.ok(!holds('false'));
  assert.ok(holds('$F == true', { F: 'true' }));
  assert.ok(holds('$F == false', { F: 'false' }));
  assert.ok(!holds('$F == true', { F: 'TRUE' }));
  assert.ok(holds('true != false'));
  assert.ok(!holds('$X == false'), 'null is not false');
});

void test('evaluation: && and || return operands with Ruby truthiness', () => {
  assert.equal(evaluateValue(parse('$A && $B'), { A: 'a', B: 'b' }), 'b');
  assert.equal(evaluateValue(parse('$A || $B'), { A: 'a', B: 'b' }), 'a');
  assert.equal(evaluateValue(parse('$A && $B'), { B: 'b' }), null);
  assert.equal(evaluateValue(parse('$A || $B'), { B: 'b' }), 'b');
  // "" is truthy in Ruby, so `||` returns it and the statement is then not present.
  assert.equal(evaluateValue(parse('$A || $B'), { A: '', B: 'b' }), '');
  assert.ok(!holds('$A || $B', { A: '', B: 'b' }));
  assert.ok(holds('$A && $B', { A: '', B: 'b' }));
});

void test('evaluation: unary ! negates presence', () => {
  assert.ok(holds('!$X'));
  assert.ok(holds('!$X', { X: '' }));
  assert.ok(!holds('!$X', { X: 'a' }));
  assert.ok(holds('!($X == "a")', { X: 'b' }));
  assert.ok(holds('$A && !$B', { A: '1' }));
});

void test('=~ and !~ with regex literals (RE2) and flags', () => {
  assert.ok(holds('$B =~ /^feat/', { B: 'feature-x' }));
  assert.ok(!holds('$B =~ /^feat/', { B: 'main' }));
  assert.ok(holds('$B !~ /^feat/', { B: 'main' }));
  assert.ok(holds('$B =~ /^FEAT/i', { B: 'feature' }));
  assert.ok(!holds('$B =~ /^FEAT/', { B: 'feature' }));
  assert.ok(holds('$M =~ /^two$/m', { M: 'one\ntwo' }), 'm: RE2 multi-line anchors');
  assert.ok(!holds('$M =~ /^two$/', { M: 'one\ntwo' }));
  assert.ok(holds('$M =~ /one.two/s', { M: 'one\ntwo' }), 's: dot matches newline');
  assert.ok(!holds('$M =~ /one.two/', { M: 'one\ntwo' }));
  assert.ok(holds('$T =~ /release\\/v1/', { T: 'release/v1' }), 'escaped slash');
  assert.ok(holds('$X =~ /^$/'), 'the left side is converted to a string: undefined is ""');
  assert.equal(evaluateValue(parse('$X =~ /^a.*?$/U'), { X: 'ab' }), true, 'U: ungreedy is accepted');
});

void test('RE2: constructs JavaScript accepts but RE2 rejects are syntax errors', () => {
  assert.ok(invalid('$A =~ /(?=x)ab/'), 'lookahead');
  assert.ok(invalid('$A =~ /(a)\\1/'), 'backreference');
  assert.ok(invalid('$A =~ /ab++/'), 'possessive');
  assert.ok(invalid('$A =~ /(?<!x)ab/'), 'lookbehind');
  assert.ok(!holds('$A =~ /(?=x)ab/', { A: 'xab' }));
});

void test('GitLab quirk: a one-character regex does not lex as a regex', () => {
  assert.ok(invalid('$A =~ /a/'));
  assert.ok(parseExpression('$A =~ /ab/').ok);
});

void test('=~ with a variable holding "/regex/" (15.1+)', () => {
  assert.ok(holds('$B =~ $P', { B: 'feature-1', P: '/^feature-\\d+$/' }));
  assert.ok(!holds('$B =~ $P', { B: 'main', P: '/^feature/' }));
  assert.ok(holds('$B !~ $P', { B: 'main', P: '/^feature/' }));
  assert.ok(!holds('$B =~ $P', { B: 'xab', P: '/(?=x)ab/' }), 'RE2-invalid value: falls back to substring search');
});

void test('=~ / !~ with a null right side', () => {
  assert.ok(!holds('$B =~ $UNDEFINED', { B: 'a' }));
  assert.ok(holds('$B !~ $UNDEFINED', { B: 'a' }));
  assert.ok(!holds('$B =~ null', { B: 'a' }));
  assert.ok(holds('$B !~ null', { B: 'a' }));
});

void test('=~ with a string literal: reversed substring search, flagged as a quirk', () => {
  const r = parseExpression('$B =~ "feature/login"');
  assert.ok(r.ok);
  assert.equal(r.quirks.length, 1);
  assert.match(r.quirks[0] ?? '', /reversed substring search/);
  assert.ok(holds('$B =~ "feature/login"', { B: 'feature' }), 'the literal contains the value');
  assert.ok(!holds('$B =~ "feature"', { B: 'feature/login' }), 'not the other way round');
  assert.ok(holds('$B =~ "anything"'), 'an undefined variable matches');
  assert.ok(holds('$B =~ $S', { B: 'mai', S: 'main' }), 'a non-regex variable value behaves the same');
  assert.equal(
    parseExpression('$B =~ /ab/').ok && (parseExpression('$B =~ /ab/') as { quirks: string[] }).quirks.length,
    0,
  );
  // A literal that is itself "/regex/" is turned into a regex (Pattern.build_and_evaluate): no quirk.
  const lit = parseExpression('$B =~ "/^fe/"');
  assert.ok(lit.ok);
  assert.equal(lit.quirks.length, 0);
  assert.ok(holds('$B =~ "/^fe/"', { B: 'feature' }));
  assert.ok(!holds('$B =~ "/^fe/"', { B: 'xfe' }));
});

void test('evaluation errors make the statement false', () => {
  assert.equal(evaluateExpression(parse('$A =~ true'), { A: 'x' }), false);
  assert.equal(evaluateExpression(parse('/ab/ =~ $A'), { A: 'ab' }), false);
});

void test('isPresent follows ActiveSupport', () => {
  assert.equal(isPresent(null), false);
  assert.equal(isPresent(false), false);
  assert.equal(isPresent(''), false);
  assert.equal(isPresent(' \t'), false);
  assert.equal(isPresent('0'), true);
  assert.equal(isPresent(true), true);
});

void test('inputs lexeme evaluates to null; variables named like keywords are variables', () => {
  assert.ok(parseExpression('$[[ inputs.env ]] == null').ok);
  assert.ok(holds('$[[ inputs.env ]] == null'));
  assert.ok(holds('$null == "x"', { null: 'x' }));
  assert.ok(holds('$true', { true: 'yes' }));
});

void test('prototype keys are not variables', () => {
  assert.ok(holds('$constructor == null'));
  assert.ok(holds('$__proto__ == null'));
  assert.ok(holds('$toString == null'));
});
