// The `rules:if` lexer and parser/evaluator, the cases mutation testing found untested (docs/mutation.md, "rules:
// the expression files"). Expected values are GitLab's (lib/gitlab/ci/pipeline/expression/lexer.rb, parser.rb,
// lexeme/*.rb): Ruby `\s` whitespace, Lexeme::Input's `\w+` name, the parser's error texts, LogicalOperator's
// boolean/string coercion, Matches/NotMatches returning early on a null or false right side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateValue, ExpressionEvalError, parseExpression } from '../../../../src/ci/rules/expression';
import { tokenize } from '../../../../src/ci/rules/lexer';
import { holds, parse } from './helpers';

const errorOf = (src: string): string | undefined => {
  const r = parseExpression(src);
  return r.ok ? undefined : r.error;
};

void test('lexer: any run of Ruby \\s whitespace separates tokens, vertical tab included', () => {
  // Lexer#tokenize: `@scanner.skip(/\s+/)`; Ruby's \s is [ \t\r\n\f\v].
  assert.ok(holds('$A  ==  "x"', { A: 'x' }), 'two spaces');
  assert.ok(holds('$A \t\r\n == \f "x"', { A: 'x' }), 'mixed whitespace');
  assert.ok(holds('$A\v==\v"x"', { A: 'x' }), 'vertical tab');
  assert.ok(holds('\v\v$A\v\v', { A: 'x' }));
});

void test('lexer: `$[[ inputs.name ]]` takes any spacing inside the brackets and a \\w+ name only', () => {
  // Lexeme::Input::PATTERN is /\$\[\[\s*inputs\.(?<name>\w+)\s*\]\]/.
  for (const src of ['$[[inputs.env]]', '$[[ inputs.env ]]', '$[[  inputs.env  ]]', '$[[\tinputs.env\n]]']) {
    const r = tokenize(src);
    assert.ok(r.ok, src);
    assert.deepEqual(
      r.tokens.map((t) => [t.kind, t.value]),
      [['input', 'env']],
      src,
    );
  }
  const e = parse('$[[ inputs.deploy_env ]] == null');
  assert.ok(e.kind === 'binary' && e.left.kind === 'input');
  assert.equal(e.left.kind === 'input' ? e.left.name : '', 'deploy_env', 'the AST keeps the input name');
  // A hyphen is not \w: nothing lexes `$[[ inputs.my-env ]]`, so it is a syntax error as in GitLab.
  assert.equal(errorOf('$[[ inputs.my-env ]] == null'), 'Unknown lexeme found at column 1');
});

void test('lexer: error texts (GitLab: "Invalid regular expression!", "Unknown lexeme found!")', () => {
  assert.equal(errorOf('$A =~ /(?=x)ab/'), 'Invalid regular expression!');
  // Ours adds the 1-based column of the first character no lexeme matches.
  assert.equal(errorOf('$A = "x"'), 'Unknown lexeme found at column 4');
  assert.equal(errorOf('  main'), 'Unknown lexeme found at column 3');
  assert.equal(errorOf('x'), 'Unknown lexeme found at column 1');
});

void test('parser: GitLab Parser/Lexeme error texts', () => {
  assert.equal(errorOf('$A)'), 'Unmatched parenthesis');
  assert.equal(errorOf('$A $B'), 'Unreachable nodes in parse tree');
  assert.equal(errorOf('()'), 'Empty parse tree');
  assert.equal(errorOf('!'), 'Invalid operand');
  // LogicalOperator#initialize checks the left operand first.
  assert.equal(errorOf('$A =='), 'Invalid left operand');
  assert.equal(errorOf('=='), 'Invalid left operand');
  assert.equal(errorOf('== $A'), 'Invalid left operand');
  // A parenthesis never closed stays in the output queue: Parser#tree cannot process it.
  assert.match(errorOf('($A') ?? '', /^Unprocessable token found in parse tree: /);
  assert.match(errorOf('$A && ($B') ?? '', /^Unprocessable token found in parse tree: /);
  // Statement#parse_tree refuses an empty statement before parsing.
  assert.equal(errorOf(''), 'Empty statement');
  assert.equal(errorOf(' \t '), 'Empty statement');
});

void test('parser: only `=~ "literal"` and `!~ "literal"` are flagged as the substring quirk', () => {
  const quirks = (src: string): number => {
    const r = parseExpression(src);
    assert.ok(r.ok, src);
    return r.quirks.length;
  };
  assert.equal(quirks('$A =~ "main"'), 1);
  assert.equal(quirks('$A !~ "main"'), 1);
  assert.equal(quirks('$A == "main"'), 0);
  assert.equal(quirks('$A != "main"'), 0);
  // Pattern#initialize turns `\/` into `/` before checking the Ruby syntax: "/a\/" is the regex /a/, no quirk.
  assert.equal(quirks('$A =~ "/a\\/"'), 0);
  assert.ok(holds('$A =~ "/a\\/"', { A: 'xa' }));
});

void test('== and != with a boolean on the left compare it as "true"/"false" (compare_with_coercion)', () => {
  assert.ok(holds('true == "true"'));
  assert.ok(holds('false == "false"'));
  assert.ok(!holds('true == "false"'));
  assert.ok(!holds('true != "true"'));
  assert.ok(holds('true == $T', { T: 'true' }));
  assert.ok(!holds('true == $T', { T: 'TRUE' }));
  // Two booleans or two strings compare as they are.
  assert.ok(holds('true == true'));
  assert.ok(holds('false == false'));
  assert.ok(!holds('true == false'));
  // Only booleans are coerced: the text "null" is not null.
  assert.ok(!holds('$A == null', { A: 'null' }));
  assert.ok(holds('$A != null', { A: 'null' }));
  assert.ok(!holds('"null" == null'));
  // Nor is null the text "null" (nil == "null" is false in Ruby).
  assert.ok(!holds('null == "null"'));
  assert.ok(!holds('$UNSET == "null"'));
});

void test('!= is false for equal values', () => {
  assert.ok(!holds('"a" != "a"'));
  assert.ok(!holds('$A != "x"', { A: 'x' }));
  assert.ok(holds('$A != "x"', { A: 'y' }));
  assert.ok(!holds('null != null'));
});

void test('false is falsy for && and || (Ruby truthiness)', () => {
  assert.equal(evaluateValue(parse('false && "x"'), {}), false);
  assert.equal(evaluateValue(parse('false || "x"'), {}), 'x');
  assert.ok(holds('false || "x"'));
  assert.ok(!holds('false && "x"'));
  assert.ok(holds('($A == "b") || $C', { A: 'a', C: 'c' }));
});

void test('regexes compare equal when they are the same regex (UntrustedRegexp#== compares sources)', () => {
  assert.ok(holds('/ab/ == /ab/'));
  assert.ok(!holds('/ab/ == /ab/i'));
  assert.ok(!holds('"ab" == /ab/'));
});

void test('Matches/NotMatches return early on a null or false right side, without an error', () => {
  // `return false unless regexp` / `return true unless regexp`: the value, not an evaluation error.
  assert.equal(evaluateValue(parse('$B =~ null'), { B: 'a' }), false);
  assert.equal(evaluateValue(parse('$B =~ $UNDEFINED'), { B: 'a' }), false);
  assert.equal(evaluateValue(parse('$B =~ false'), { B: 'a' }), false);
  assert.equal(evaluateValue(parse('$B !~ null'), { B: 'a' }), true);
  assert.equal(evaluateValue(parse('$B !~ false'), { B: 'a' }), true);
  assert.equal(evaluateValue(parse('null =~ false'), {}), false);
});

void test('!~ is false when the regex matches', () => {
  assert.ok(!holds('$B !~ /^feat/', { B: 'feature' }));
  assert.ok(holds('$B !~ /^feat/', { B: 'main' }));
  assert.equal(evaluateValue(parse('$B !~ /^feat/'), { B: 'feature' }), false);
  assert.ok(!holds('$B !~ $P', { B: 'feature', P: '/^feat/' }));
});

void test('a variable holding "/a\\/b/" is the regex /a/b/ (Pattern#initialize unescapes \\/)', () => {
  assert.ok(holds('$A =~ $P', { A: 'a/b', P: '/a\\/b/' }));
  assert.ok(!holds('$A =~ $P', { A: 'ab', P: '/a\\/b/' }));
  assert.ok(holds('$A !~ $P', { A: 'ab', P: '/a\\/b/' }));
});

void test('a regex on the left of =~ is never matched as the text "[object Object]"', () => {
  // GitLab matches against the regex object's to_s ("#<Gitlab::UntrustedRegexp:0x…>"), which holds no "object";
  // we make it an evaluation error: the statement is false either way.
  assert.ok(!holds('/ab/ =~ /object/'));
  assert.ok(!holds('/ab/ =~ /Object/'));
  assert.throws(() => evaluateValue(parse('/ab/ =~ /object/'), {}), ExpressionEvalError);
});

void test('a boolean on the right of =~ is an evaluation error (ExpressionEvalError), so the statement is false', () => {
  // GitLab has no clean answer to pin: Pattern.build calls `gsub` on `true`, a NoMethodError that Statement#truthful?
  // does not rescue. Ours is the typed error the evaluator promises, which makes the statement false.
  assert.throws(() => evaluateValue(parse('$A =~ true'), { A: 'x' }), ExpressionEvalError);
  assert.throws(() => evaluateValue(parse('$A !~ true'), { A: 'x' }), ExpressionEvalError);
  assert.ok(!holds('$A =~ true', { A: 'true' }));
});
