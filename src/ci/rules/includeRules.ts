// `include:rules` (spec R3.4): `if`, `exists`, `changes`, and `when: never|always`; a rule without
// `when` includes the file; no match excludes it. Variables: build env.variables with
// `includeVariables(ctx)` (predefined + user variables; YAML `variables:` are not visible to includes).
//
// Exports:
//   evaluateIncludeRules(rules, env)  → true (include), false (skip) or 'unknown' (caller decides; the
//                                       engine includes the file and reports it)
//   explainIncludeRules(rules, env)   the same with a reason
import type { RuleEnv, Tri } from './env';
import { evaluateRuleList } from './ruleList';

export function explainIncludeRules(rules: unknown, env: RuleEnv): { value: Tri; reason: string } {
  const r = evaluateRuleList(rules, env, 'always', 'include:rules');
  return { value: r.outcome, reason: r.reason };
}

export function evaluateIncludeRules(rules: unknown, env: RuleEnv): boolean | 'unknown' {
  return explainIncludeRules(rules, env).value;
}
