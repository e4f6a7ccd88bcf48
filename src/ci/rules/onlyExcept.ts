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
import { expressionHolds } from './expression';
import { refsMatch } from './refs';
import type { PipelineContext } from '../model';

export interface Policy {
  key: 'only' | 'except';
  refs?: unknown[];
  variables?: unknown[];
  changes?: unknown;
  kubernetes?: unknown;
  implicit: boolean;
}

const DEFAULT_REFS = ['branches', 'tags'];

export function normalizePolicy(raw: unknown, key: 'only' | 'except', dropDefault: boolean): Policy | null {
  if (raw === undefined || raw === null) {
    if (key === 'except' || dropDefault) return null;
    return { key, refs: DEFAULT_REFS, implicit: true };
  }
  const base: Policy = key === 'only' ? { key, refs: DEFAULT_REFS, implicit: false } : { key, implicit: false };
  if (Array.isArray(raw)) return { ...base, refs: raw };
  if (typeof raw === 'string') return { ...base, refs: [raw] };
  if (typeof raw !== 'object') return base;
  const obj = raw as Record<string, unknown>;
  const out: Policy = { ...base };
  // Hash#deep_merge: arrays are replaced, so an explicit `refs` replaces the default.
  if ('refs' in obj) out.refs = Array.isArray(obj.refs) ? obj.refs : obj.refs === null ? [] : [obj.refs];
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

const show = (xs: readonly unknown[]): string => `[${xs.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ')}]`;

interface ClauseEval { value: Tri; text: string }

function clauses(policy: Policy, env: RuleEnv): ClauseEval[] {
  const out: ClauseEval[] = [];
  const k = policy.key;
  if (policy.refs !== undefined) {
    out.push({ value: refsMatch(policy.refs, env.context), text: `${k}: ${show(policy.refs)}${policy.implicit ? ' (implicit default)' : ''}` });
  }
  if (policy.variables !== undefined) {
    const exprs = policy.variables;
    const value = exprs.some((e) => typeof e === 'string' && expressionHolds(e, env.variables));
    out.push({ value, text: `${k}:variables ${show(exprs.map((e) => `'${typeof e === 'string' ? e : JSON.stringify(e)}'`))}` });
  }
  if (policy.changes !== undefined) {
    const r = evaluateChanges(policy.changes, env, { policy: true });
    out.push({ value: r.value, text: `${k}:${r.detail}` });
  }
  if (policy.kubernetes !== undefined) {
    out.push({ value: 'unknown', text: `${k}:kubernetes: ${JSON.stringify(policy.kubernetes)} (cluster state cannot be known statically)` });
  }
  return out;
}

export function evaluatePolicy(policy: Policy, env: RuleEnv): { value: Tri; detail: string } {
  const cs = clauses(policy, env);
  const where = describeRef(env.context);
  if (policy.key === 'only') {
    const value = triAnd(cs.map((c) => c.value));
    const failing = cs.find((c) => c.value === false);
    if (failing) return { value, detail: `${failing.text} does not match ${where}` };
    const unknown = cs.find((c) => c.value === 'unknown');
    if (unknown) return { value, detail: `assumed: ${unknown.text} cannot be known statically` };
    return { value, detail: `${cs.map((c) => c.text).join(' and ')} matches ${where}` };
  }
  const value = triOr(cs.map((c) => c.value));
  const hit = cs.find((c) => c.value === true);
  if (hit) return { value, detail: `${hit.text} matches ${where}` };
  const unknown = cs.find((c) => c.value === 'unknown');
  if (unknown) return { value, detail: `assumed: ${unknown.text} cannot be known statically` };
  return { value, detail: `${cs.map((c) => c.text).join(' and ') || 'except'} does not match ${where}` };
}
