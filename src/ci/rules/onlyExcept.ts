// `only` / `except` policies (spec R8.4): ports of Entry::Policy (value + default) and
// Build::Policy::{Refs, Variables, Changes, Kubernetes}, three-valued.
//
// Exports:
//   Policy                         normalized `{refs?, variables?, changes?, kubernetes?}`
//   normalizePolicy(raw, key, dropDefault)  the policy GitLab evaluates, or null when there is none:
//                                  `only` gets `{refs: [branches, tags]}` deep-merged under it unless
//                                  `dropDefault` (job has `rules` or the config has `workflow:rules`) and
//                                  `only` is absent; `except` has no default.
//   evaluatePolicy(policy, env)    { value: Tri, detail } — `only` needs all clauses, `except` any.
import type { RuleEnv, Tri } from './env';
import { triAnd, triOr } from './env';
import { evaluateChanges } from './clauses';
import { expressionTri } from './triExpression';
import { refsMatch } from './refs';
import type { PipelineContext } from '../model';

export interface Policy {
  key: 'only' | 'except';
  refs?: unknown[];
  variables?: unknown[];
  changes?: unknown;
  kubernetes?: unknown;
  /** The refs are GitLab's default `[branches, tags]`, not written by the user. */
  implicit: boolean;
}

const DEFAULT_REFS = ['branches', 'tags'];

export function normalizePolicy(raw: unknown, key: 'only' | 'except', dropDefault: boolean): Policy | null {
  if (raw === undefined || raw === null) {
    if (key === 'except' || dropDefault) return null;
    return { key, refs: DEFAULT_REFS, implicit: true };
  }
  // The default refs survive a hash without `refs` (deep merge): they are still "implicit".
  const base: Policy = key === 'only' ? { key, refs: DEFAULT_REFS, implicit: true } : { key, implicit: false };
  if (Array.isArray(raw)) return { ...base, refs: raw, implicit: false };
  if (typeof raw === 'string') return { ...base, refs: [raw], implicit: false };
  if (typeof raw !== 'object') return base;
  const obj = raw as Record<string, unknown>;
  const out: Policy = { ...base };
  // Hash#deep_merge: arrays are replaced, so an explicit `refs` replaces the default.
  if ('refs' in obj) {
    out.refs = Array.isArray(obj.refs) ? obj.refs : obj.refs === null ? [] : [obj.refs];
    out.implicit = false;
  }
  if ('variables' in obj) out.variables = Array.isArray(obj.variables) ? obj.variables : [obj.variables];
  if ('changes' in obj) out.changes = obj.changes;
  if ('kubernetes' in obj) out.kubernetes = obj.kubernetes;
  return out;
}

function describeRef(ctx: PipelineContext): string {
  const via = ctx.source === 'push' ? '' : ` (source ${ctx.source})`;
  if (ctx.refKind === 'mr') return 'a merge request pipeline';
  if (ctx.refKind === 'tag') return `tag '${ctx.tag ?? '?'}'${via}`;
  return `branch '${ctx.branch ?? '?'}'${via}`;
}

const show = (xs: readonly unknown[]): string =>
  `[${xs.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ')}]`;

interface ClauseEval {
  value: Tri;
  pass: string;
  fail: string;
  unknown: string;
}

function clauses(policy: Policy, env: RuleEnv): ClauseEval[] {
  const out: ClauseEval[] = [];
  const k = policy.key;
  const where = describeRef(env.context);
  if (policy.refs !== undefined) {
    const text = `${k}: ${show(policy.refs)}${policy.implicit ? ' (implicit default)' : ''}`;
    out.push({
      value: refsMatch(policy.refs, env.context),
      pass: `${text} matches ${where}`,
      fail: `${text} does not match ${where}`,
      unknown: `assumed: ${text} matches ${where} (the project path is not known)`,
    });
  }
  if (policy.variables !== undefined) {
    const exprs = policy.variables;
    const text = `${k}:variables ${show(exprs.map((e) => `'${typeof e === 'string' ? e : JSON.stringify(e)}'`))}`;
    const results = exprs.map((e) =>
      typeof e === 'string' ? expressionTri(e, env.variables, env.unknownVariables) : { value: false, unknown: [] },
    );
    const value = triOr(results.map((r) => r.value));
    const unknownNames = [...new Set(results.flatMap((r) => r.unknown))].map((n) => `$${n}`).join(', ');
    out.push({
      value,
      pass: `${text}: an expression is true`,
      fail: `${text}: no expression is true`,
      unknown: `assumed: ${text}: depends on ${unknownNames}, not known here`,
    });
  }
  if (policy.changes !== undefined) {
    const r = evaluateChanges(policy.changes, env, { policy: true });
    out.push({
      value: r.value,
      pass: `${k}:${r.detail}`,
      fail: `${k}:${r.detail}`,
      unknown: `assumed: ${k}:${r.detail}`,
    });
  }
  if (policy.kubernetes !== undefined) {
    const text = `assumed: ${k}:kubernetes ${JSON.stringify(policy.kubernetes)} (the cluster state cannot be known statically)`;
    out.push({ value: 'unknown', pass: text, fail: text, unknown: text });
  }
  return out;
}

export function evaluatePolicy(policy: Policy, env: RuleEnv): { value: Tri; detail: string } {
  const cs = clauses(policy, env);
  if (policy.key === 'only') {
    const value = triAnd(cs.map((c) => c.value));
    const failing = cs.find((c) => c.value === false);
    if (failing) return { value, detail: failing.fail };
    const unknown = cs.find((c) => c.value === 'unknown');
    if (unknown) return { value, detail: unknown.unknown };
    return { value, detail: cs.map((c) => c.pass).join('; ') };
  }
  const value = triOr(cs.map((c) => c.value));
  const hit = cs.find((c) => c.value === true);
  if (hit) return { value, detail: hit.pass };
  const unknown = cs.find((c) => c.value === 'unknown');
  if (unknown) return { value, detail: unknown.unknown };
  return { value, detail: cs.map((c) => c.fail).join('; ') || `${policy.key}: empty` };
}
