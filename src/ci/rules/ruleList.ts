// First-matching-rule evaluation shared by job `rules`, `workflow:rules` and `include:rules`
// (spec R8.2, R8.3, R3.4), three-valued.
//
// A rule holds when all its clauses (`if`, `changes`, `exists`) hold; a rule without clauses always holds.
// When a clause is unknown, the real first match could be that rule or a later one, so we keep every
// possible outcome up to the first certain match (or "no rule matched"). Policy: an unknown outcome is
// treated as passing (the first possible passing outcome is reported) and flagged `uncertain`.
//
// Exports:
//   flattenRules(raw)            rules may be nested arrays (from !reference); GitLab flattens them
//   RuleOutcome, RuleListResult
//   evaluateRuleList(rules, env, defaultWhen)
import { describePipeline, type RuleEnv, type Tri } from './env';
import { evaluateChanges, evaluateExists, type ClauseResult } from './clauses';
import { expressionTri } from './triExpression';

export type RuleMap = Readonly<Record<string, unknown>>;

export interface RuleOutcome {
  /** Index into the flattened rule list; undefined for "no rule matched". */
  index?: number;
  rule?: RuleMap;
  when: string;
  /** The clause results that decided this rule. */
  details: string[];
  certain: boolean;
}

export interface RuleListResult {
  /** Whether the outcome passes (`when` is not `never`), three-valued. */
  outcome: Tri;
  /** The reported outcome: the first possible passing one, else the first possible one. */
  chosen: RuleOutcome;
  uncertain: boolean;
  reason: string;
}

export function flattenRules(raw: unknown, depth = 0): RuleMap[] {
  if (!Array.isArray(raw)) return [];
  const out: RuleMap[] = [];
  for (const item of raw) {
    if (Array.isArray(item) && depth < 10) out.push(...flattenRules(item, depth + 1));
    else if (item !== null && typeof item === 'object' && !Array.isArray(item)) out.push(item as RuleMap);
  }
  return out;
}

function evaluateClauses(rule: RuleMap, env: RuleEnv): { value: Tri; details: string[] } {
  const results: ClauseResult[] = [];
  if (rule.if !== undefined && rule.if !== null) {
    const src = typeof rule.if === 'string' ? rule.if : JSON.stringify(rule.if);
    const r =
      typeof rule.if === 'string'
        ? expressionTri(src, env.variables, env.unknownVariables)
        : { value: false as Tri, unknown: [] };
    const detail =
      r.value === 'unknown'
        ? `if '${src}' depends on ${r.unknown.map((n) => `$${n}`).join(', ')}, which ${r.unknown.length > 1 ? 'are' : 'is'} not known here`
        : `if '${src}' is ${String(r.value)}`;
    results.push({ value: r.value, detail });
  }
  if (rule.changes !== undefined && rule.changes !== null) results.push(evaluateChanges(rule.changes, env));
  if (rule.exists !== undefined && rule.exists !== null) results.push(evaluateExists(rule.exists, env));
  const firstFalse = results.find((r) => r.value === false);
  if (firstFalse) return { value: false, details: [firstFalse.detail] };
  const unknown = results.filter((r) => r.value === 'unknown');
  if (unknown.length > 0) return { value: 'unknown', details: unknown.map((r) => r.detail) };
  return { value: true, details: results.length > 0 ? results.map((r) => r.detail) : ['no clauses'] };
}

const whenOf = (rule: RuleMap, defaultWhen: string): string =>
  typeof rule.when === 'string' ? rule.when : defaultWhen;

export function evaluateRuleList(
  rawRules: unknown,
  env: RuleEnv,
  defaultWhen: string,
  label = 'rules',
): RuleListResult {
  const rules = flattenRules(rawRules);
  const possible: RuleOutcome[] = [];
  let lastFailure: string | undefined;
  let certainMatch = false;
  for (const [index, rule] of rules.entries()) {
    const r = evaluateClauses(rule, env);
    if (r.value === false) {
      lastFailure = r.details[0];
      continue;
    }
    possible.push({ index, rule, when: whenOf(rule, defaultWhen), details: r.details, certain: r.value === true });
    if (r.value === true) {
      certainMatch = true;
      break;
    }
  }
  if (!certainMatch) {
    const why =
      rules.length === 0
        ? 'the list is empty'
        : `last rule ${rules.length - 1}: ${lastFailure ?? 'not decidable'} for ${describePipeline(env.context)}`;
    const single = rules.length === 1 && lastFailure !== undefined;
    possible.push({
      when: 'never',
      details: [
        single
          ? `${label}[0]: ${lastFailure} for ${describePipeline(env.context)}`
          : `${label}: no rule matched (${why})`,
      ],
      certain: possible.length === 0,
    });
  }
  const passing = possible.filter((o) => o.when !== 'never');
  const outcome: Tri = passing.length === possible.length ? true : passing.length === 0 ? false : 'unknown';
  const chosen = passing[0] ?? possible[0]!;
  const uncertain = possible.length > 1;
  const other = possible.find((o) => o !== chosen && !o.certain);
  let reason: string;
  if (chosen.index === undefined) reason = chosen.details[0] ?? `${label}: no rule matched`;
  else if (chosen.certain) reason = `${label}[${chosen.index}]: ${chosen.details.join(' and ')}, when: ${chosen.when}`;
  else reason = `${label}[${chosen.index}]: assumed: ${chosen.details.join(' and ')}, when: ${chosen.when}`;
  if (uncertain && (chosen.certain || chosen.index === undefined) && other) {
    reason += ` (assumed: rule ${other.index ?? '?'} does not match: ${other.details.join(' and ')})`;
  }
  return { outcome, chosen, uncertain, reason };
}
