// The `rules:if` / `only:variables` / `workflow:rules:if` expression language (spec R8.5).
//
// The parser is a port of GitLab's shunting-yard parser (Expression::Parser), not a textbook grammar, so
// that exactly the statements GitLab accepts parse here: precedence `!` (1) > `== != =~ !~` (10) >
// `&&` (11) > `||` (12), left-associative, parentheses group. Evaluation follows the Ruby lexemes:
// undefined variables are null, `&&`/`||` return operands with Ruby truthiness (only null and false are
// falsy), and the statement holds when its value is "present" (ActiveSupport: not null, not false, not a
// blank string). Any evaluation error makes the statement false (Statement#truthful?).
//
// Exports:
//   Expr, Value                         the AST and runtime values
//   parseExpression(src)                → { ok, expr, quirks } | { ok: false, error }; `quirks` lists
//                                         constructs worth a warning (the `=~ "literal"` substring quirk)
//   evaluateValue(expr, vars)           the raw Ruby-style value (throws ExpressionEvalError)
//   evaluateExpression(expr, vars)      statement truthiness; errors → false
//   isPresent(value)                    ActiveSupport `present?`
//   expressionHolds(src, vars)          parse + evaluate; invalid syntax → false
import { tokenize, type Token } from './lexer';
import { fabricateRubyRegex, regexFinds, type RubyRegex } from './regex';

export type Value = string | boolean | null | RubyRegex;

export type BinaryOp = '==' | '!=' | '=~' | '!~' | '&&' | '||';

export type Expr =
  | { kind: 'variable'; name: string }
  | { kind: 'input'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'regex'; regex: RubyRegex }
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'not'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr };

/**
 * Variables by name. It may be layered through a null-prototype chain (the engine shares the pipeline-wide
 * layers between jobs), so read it with `lookupVariable`, never with `Object.hasOwn`.
 */
export type VariableLookup = Readonly<Record<string, string>>;

/** The variable's value, or undefined; only string values count, so `Object.prototype` members never leak in. */
export function lookupVariable(vars: VariableLookup, name: string): string | undefined {
  const v: unknown = vars[name];
  return typeof v === 'string' ? v : undefined;
}

export type ParseResult = { ok: true; expr: Expr; quirks: string[] } | { ok: false; error: string };

export class ExpressionEvalError extends Error {}

const PRECEDENCE: Partial<Record<Token['kind'], number>> = {
  '!': 1,
  '==': 10,
  '!=': 10,
  '=~': 10,
  '!~': 10,
  '&&': 11,
  '||': 12,
  rparen: 900,
  lparen: 901,
};
const BINARY = new Set<Token['kind']>(['==', '!=', '=~', '!~', '&&', '||']);

function prec(t: Token | undefined): number {
  return t ? (PRECEDENCE[t.kind] ?? 0) : 0;
}

// Lexeme::Base.consume?: pop while the incoming operator's precedence is >= the stacked one's.
function consumes(incoming: Token, top: Token | undefined): boolean {
  return top !== undefined && prec(incoming) >= prec(top);
}

function toRpn(tokens: readonly Token[]): Token[] | string {
  const output: Token[] = [];
  const ops: Token[] = [];
  for (const t of tokens) {
    if (BINARY.has(t.kind)) {
      while (consumes(t, ops.at(-1))) output.push(ops.pop()!);
      ops.push(t);
    } else if (t.kind === 'lparen' || t.kind === '!') {
      ops.push(t);
    } else if (t.kind === 'rparen') {
      while (consumes(t, ops.at(-1))) output.push(ops.pop()!);
      if (ops.length === 0) return 'Unmatched parenthesis';
      if (ops.at(-1)?.kind === 'lparen') ops.pop();
    } else {
      output.push(t);
    }
  }
  return output.concat(ops.reverse());
}

function leaf(t: Token): Expr | null {
  switch (t.kind) {
    case 'variable':
      return { kind: 'variable', name: t.value ?? '' };
    case 'input':
      return { kind: 'input', name: t.value ?? '' };
    case 'string':
      return { kind: 'string', value: t.value ?? '' };
    case 'regex':
      return t.regex ? { kind: 'regex', regex: t.regex } : null;
    case 'null':
      return { kind: 'null' };
    case 'boolean':
      return { kind: 'boolean', value: t.value === 'true' };
    default:
      return null;
  }
}

export function parseExpression(src: string): ParseResult {
  const lexed = tokenize(src);
  if (!lexed.ok) return lexed;
  if (lexed.tokens.length === 0) return { ok: false, error: 'Empty statement' };
  const rpn = toRpn(lexed.tokens);
  if (typeof rpn === 'string') return { ok: false, error: rpn };
  const stack: Expr[] = [];
  const quirks: string[] = [];
  for (const t of rpn) {
    const value = leaf(t);
    if (value) {
      stack.push(value);
    } else if (t.kind === '!') {
      const operand = stack.pop();
      if (!operand) return { ok: false, error: 'Invalid operand' };
      stack.push({ kind: 'not', operand });
    } else if (BINARY.has(t.kind)) {
      const right = stack.pop();
      const left = stack.pop();
      // Lexeme::LogicalOperator checks the left operand first; a missing right one implies a missing left one.
      if (!left) return { ok: false, error: 'Invalid left operand' };
      if (!right) return { ok: false, error: 'Invalid right operand' };
      const op = t.kind as BinaryOp;
      if (
        (op === '=~' || op === '!~') &&
        right.kind === 'string' &&
        !fabricateRubyRegex(right.value.replace(/\\\//g, '/'))
      ) {
        quirks.push(
          `\`${op} "${right.value}"\` is a reversed substring search ("${right.value}" contains the left value), not a regex match; an undefined variable matches`,
        );
      }
      stack.push({ kind: 'binary', op, left, right });
    } else {
      return { ok: false, error: `Unprocessable token found in parse tree: ${t.kind}` };
    }
  }
  if (stack.length > 1) return { ok: false, error: 'Unreachable nodes in parse tree' };
  const expr = stack[0];
  if (!expr) return { ok: false, error: 'Empty parse tree' };
  return { ok: true, expr, quirks };
}

/** ActiveSupport `present?`: null, false and whitespace-only strings are blank. */
export function isPresent(v: Value): boolean {
  if (v === null || v === false) return false;
  if (typeof v === 'string') return !/^\s*$/.test(v);
  return true;
}

const rubyTruthy = (v: Value): boolean => v !== null && v !== false;

// LogicalOperator#compare_with_coercion: a boolean compared with a string compares as 'true'/'false'.
function rubyEquals(a: Value, b: Value): boolean {
  if (typeof a === 'boolean' && typeof b === 'string') return String(a) === b;
  if (typeof a === 'string' && typeof b === 'boolean') return a === String(b);
  if (a !== null && typeof a === 'object') return a === b;
  return a === b;
}

/** The start of Object#to_s of a regex (`#<Gitlab::UntrustedRegexp:0x…>`): the rest is a memory address. */
const REGEX_TO_S = '#<Gitlab::UntrustedRegexp:0x';

// Matches/NotMatches: the right side is a regex, or a value that Lexeme::Pattern.build_and_evaluate turns
// into one (`"/regex/"` held by a variable, since 15.1); otherwise a String, whose `scan` is a substring
// search of the left value *inside the right one* (the reversed quirk).
function matches(left: Value, right: Value): boolean {
  let pattern: RubyRegex | string;
  if (typeof right === 'object' && right !== null) pattern = right;
  else if (typeof right === 'string') pattern = fabricateRubyRegex(right.replace(/\\\//g, '/')) ?? right;
  else throw new ExpressionEvalError('boolean on the right of a match');
  if (typeof left === 'object' && left !== null) {
    // A regex on the left is matched as its `to_s`, which holds an address: a String holds that text only if it
    // holds its known start; what a regex finds in it is not known here.
    if (typeof pattern === 'string' && !pattern.includes(REGEX_TO_S)) return false;
    throw new ExpressionEvalError('regex on the left of a match');
  }
  const text = left === null ? '' : String(left);
  return typeof pattern === 'string' ? pattern.includes(text) : regexFinds(pattern, text);
}

export function evaluateValue(expr: Expr, vars: VariableLookup): Value {
  switch (expr.kind) {
    case 'variable':
      return lookupVariable(vars, expr.name) ?? null;
    case 'input':
      return null; // `$[[ inputs.x ]]` is interpolated before rules run; a leftover is null
    case 'string':
      return expr.value;
    case 'regex':
      return expr.regex;
    case 'null':
      return null;
    case 'boolean':
      return expr.value;
    case 'not':
      return !isPresent(evaluateValue(expr.operand, vars));
    case 'binary': {
      const left = evaluateValue(expr.left, vars);
      switch (expr.op) {
        case '&&':
          return rubyTruthy(left) ? evaluateValue(expr.right, vars) : left;
        case '||':
          return rubyTruthy(left) ? left : evaluateValue(expr.right, vars);
        case '==':
          return rubyEquals(left, evaluateValue(expr.right, vars));
        case '!=':
          return !rubyEquals(left, evaluateValue(expr.right, vars));
        case '=~': {
          const right = evaluateValue(expr.right, vars);
          return right === null || right === false ? false : matches(left, right);
        }
        case '!~': {
          const right = evaluateValue(expr.right, vars);
          return right === null || right === false ? true : !matches(left, right);
        }
      }
    }
  }
}

export function evaluateExpression(expr: Expr, vars: VariableLookup): boolean {
  try {
    return isPresent(evaluateValue(expr, vars));
  } catch {
    return false;
  }
}

// Parsed statements are immutable, and a configuration repeats the same few `if:` strings across many
// jobs and contexts: cache them (bounded, so a long-lived extension host does not grow without limit).
const parsedCache = new Map<string, ParseResult>();

export function parseExpressionCached(src: string): ParseResult {
  let parsed = parsedCache.get(src);
  if (!parsed) {
    parsed = parseExpression(src);
    if (parsedCache.size > 5000) parsedCache.clear();
    parsedCache.set(src, parsed);
  }
  return parsed;
}

export function expressionHolds(src: string, vars: VariableLookup): boolean {
  const parsed = parseExpressionCached(src);
  return parsed.ok && evaluateExpression(parsed.expr, vars);
}
