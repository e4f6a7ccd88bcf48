// Three-valued `rules:if` / `only:variables` evaluation (spec R8.5 with unknowns): a predefined variable that
// GitLab always sets but whose value this analysis cannot know (CI_COMMIT_SHA, CI_SERVER_HOST without a server
// URL, …) is *unknown*, not null. An expression that depends on one is unknown, and the rule is shown as
// assumed with the variable named, instead of confidently excluding (or including) a job.
//
// Exports:
//   expressionTri(src, vars, unknown)  → { value: Tri, unknown: names the answer depends on }
import type { Tri } from './env';
import {
  evaluateExpression,
  isPresent,
  lookupVariable,
  parseExpressionCached,
  type Expr,
  type Value,
  type VariableLookup,
} from './expression';

const UNKNOWN = Symbol('unknown');
/** Unknown, but certainly `true` or `false` (the result of a comparison or a negation). */
const UNKNOWN_BOOL = Symbol('unknown boolean');
type TriValue = Value | typeof UNKNOWN | typeof UNKNOWN_BOOL;
const isUnknownValue = (v: TriValue): v is typeof UNKNOWN | typeof UNKNOWN_BOOL => v === UNKNOWN || v === UNKNOWN_BOOL;

/** Variable names an expression reads (cached per parsed tree). */
const namesOf = new WeakMap<Expr, string[]>();
function variableNames(expr: Expr): string[] {
  const hit = namesOf.get(expr);
  if (hit) return hit;
  const out: string[] = [];
  const walk = (e: Expr): void => {
    if (e.kind === 'variable') out.push(e.name);
    else if (e.kind === 'not') walk(e.operand);
    else if (e.kind === 'binary') {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(expr);
  namesOf.set(expr, out);
  return out;
}

const truthy = (v: Value): boolean => v !== null && v !== false;

function evaluate(expr: Expr, vars: VariableLookup, isUnknown: (name: string) => boolean): TriValue {
  switch (expr.kind) {
    case 'variable': {
      const v = lookupVariable(vars, expr.name);
      return v !== undefined ? v : isUnknown(expr.name) ? UNKNOWN : null;
    }
    case 'not': {
      const v = evaluate(expr.operand, vars, isUnknown);
      return isUnknownValue(v) ? UNKNOWN_BOOL : !isPresent(v);
    }
    case 'binary': {
      const left = evaluate(expr.left, vars, isUnknown);
      if (expr.op === '&&') {
        if (!isUnknownValue(left)) return truthy(left) ? evaluate(expr.right, vars, isUnknown) : left;
        // Either operand is the answer; a falsy right side makes both answers falsy.
        const right = evaluate(expr.right, vars, isUnknown);
        return !isUnknownValue(right) && !truthy(right) ? right : UNKNOWN;
      }
      if (expr.op === '||') {
        if (!isUnknownValue(left)) return truthy(left) ? left : evaluate(expr.right, vars, isUnknown);
        // An unknown boolean on the left: `true` or the right side, both present when the right side is.
        const right = evaluate(expr.right, vars, isUnknown);
        return left === UNKNOWN_BOOL && !isUnknownValue(right) && isPresent(right) ? right : UNKNOWN;
      }
      const right = evaluate(expr.right, vars, isUnknown);
      // A match against null/false is decided by the right side alone (Matches/NotMatches).
      if ((expr.op === '=~' || expr.op === '!~') && !isUnknownValue(right) && !truthy(right)) return expr.op === '!~';
      if (isUnknownValue(left) || isUnknownValue(right)) return UNKNOWN_BOOL;
      // Known operands: the two-valued evaluator decides (its Ruby coercions and regex rules).
      return evaluateExpression({ kind: 'binary', op: expr.op, left: literal(left), right: literal(right) }, {});
    }
    default:
      return valueOf(expr);
  }
}

function valueOf(expr: Expr): Value {
  switch (expr.kind) {
    case 'string':
      return expr.value;
    case 'regex':
      return expr.regex;
    case 'boolean':
      return expr.value;
    default:
      return null; // null, and a leftover `$[[ inputs.x ]]`
  }
}

function literal(v: Value): Expr {
  if (v === null) return { kind: 'null' };
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  return { kind: 'regex', regex: v };
}

export function expressionTri(
  src: string,
  vars: VariableLookup,
  unknown: ReadonlySet<string> | undefined,
): { value: Tri; unknown: string[] } {
  const parsed = parseExpressionCached(src);
  if (!parsed.ok) return { value: false, unknown: [] };
  const isUnknown = (name: string): boolean => unknown?.has(name) === true && lookupVariable(vars, name) === undefined;
  const names = unknown ? [...new Set(variableNames(parsed.expr).filter(isUnknown))] : [];
  if (names.length === 0) return { value: evaluateExpression(parsed.expr, vars), unknown: [] };
  try {
    const v = evaluate(parsed.expr, vars, isUnknown);
    return isUnknownValue(v) ? { value: 'unknown', unknown: names } : { value: isPresent(v), unknown: [] };
  } catch {
    return { value: false, unknown: [] };
  }
}
