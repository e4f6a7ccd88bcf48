// Job inclusion at pipeline creation (spec R8.3, R8.4), a port of Seed::Build#included?:
// with `rules` the first matching rule decides (no match = never); otherwise every `only` clause must
// hold and no `except` clause may; with neither, the job is included.
//
// Exports:
//   JobInclusionInput, Inclusion
//   evaluateJobInclusion(input, env)  → Inclusion. `included` already applies the policy for unknowns
//       (unknown → included); `outcome` keeps the three-valued truth; `uncertain` flags any guess.
import type { RuleEnv, Tri } from './env';
import { evaluateRuleList } from './ruleList';
import { evaluatePolicy, normalizePolicy } from './onlyExcept';
import { plainVariables } from './variables';
import { triAnd, triNot } from './env';

export interface JobInclusionInput {
  name: string;
  rules?: unknown;
  only?: unknown;
  except?: unknown;
  /** Job-level `when` (plain JSON); the default of a matched rule's `when`. */
  when?: unknown;
  /** True when the configuration has `workflow:rules`: drops the implicit `only` default (R8.4). */
  hasWorkflowRules?: boolean;
}

export interface Inclusion {
  /** In the pipeline? Unknown outcomes count as included (see `uncertain`). */
  included: boolean;
  /** The three-valued truth behind `included`. */
  outcome: Tri;
  /** True when `included`/`when` rest on an assumption about `changes`, `exists` or `kubernetes`. */
  uncertain: boolean;
  /** The effective `when`: the matched rule's, else the job's, else `on_success` (`never` when excluded). */
  when: string;
  /** A short sentence for the UI. */
  reason: string;
  /** Index of the matched rule in the (flattened) `rules` list. */
  ruleIndex?: number;
  /** The matched rule's `variables`, as plain strings. */
  variables?: Record<string, string>;
  /** The matched rule's `needs`, raw (they replace the job's needs). */
  needs?: unknown[];
  /** The matched rule's `allow_failure`: a boolean or `{exit_codes}` as written. */
  allowFailure?: boolean | Readonly<Record<string, unknown>>;
  startIn?: string;
  interruptible?: boolean;
}

const jobWhen = (when: unknown): string => (typeof when === 'string' ? when : 'on_success');

export function evaluateJobInclusion(input: JobInclusionInput, env: RuleEnv): Inclusion {
  if (input.rules !== undefined && input.rules !== null) return byRules(input, env);
  // A `rules:` key, even a null one, drops the implicit only default like workflow:rules do (Processable#compose!:
  // `has_rules?` is `config.key?(:rules)`); the null rules are then compacted away and decide nothing.
  const nullRules = input.rules === null;
  const dropDefault = input.hasWorkflowRules === true || nullRules;
  const only = normalizePolicy(input.only, 'only', dropDefault);
  const except = normalizePolicy(input.except, 'except', dropDefault);
  const when = jobWhen(input.when);
  if (!only && !except) {
    return {
      included: true,
      outcome: true,
      uncertain: false,
      when,
      reason: nullRules
        ? 'rules: is null, no only or except (a rules: key drops the implicit only default)'
        : 'no rules, only or except (the implicit only default is dropped by workflow:rules)',
    };
  }
  const onlyResult = only ? evaluatePolicy(only, env) : { value: true as Tri, detail: '' };
  const exceptResult = except ? evaluatePolicy(except, env) : { value: false as Tri, detail: '' };
  const outcome = triAnd([onlyResult.value, triNot(exceptResult.value)]);
  let reason: string;
  if (onlyResult.value === false) reason = onlyResult.detail;
  else if (exceptResult.value === true) reason = exceptResult.detail;
  else if (onlyResult.value === 'unknown') reason = onlyResult.detail;
  else if (exceptResult.value === 'unknown') reason = exceptResult.detail;
  else reason = only ? onlyResult.detail : exceptResult.detail;
  const included = outcome !== false;
  return { included, outcome, uncertain: outcome === 'unknown', when: included ? when : 'never', reason };
}

function byRules(input: JobInclusionInput, env: RuleEnv): Inclusion {
  const result = evaluateRuleList(input.rules, env, jobWhen(input.when));
  const { chosen } = result;
  const included = result.outcome !== false;
  const inc: Inclusion = {
    included,
    outcome: result.outcome,
    uncertain: result.uncertain,
    when: chosen.when,
    reason: result.reason,
  };
  const rule = chosen.rule;
  if (chosen.index === undefined || !rule) return inc;
  inc.ruleIndex = chosen.index;
  if (rule.variables !== undefined && rule.variables !== null) inc.variables = plainVariables(rule.variables);
  if (Array.isArray(rule.needs)) inc.needs = rule.needs as unknown[];
  const af = rule.allow_failure;
  if (typeof af === 'boolean') inc.allowFailure = af;
  else if (af !== null && typeof af === 'object' && !Array.isArray(af)) {
    inc.allowFailure = af as Record<string, unknown>;
  }
  if (typeof rule.start_in === 'string') inc.startIn = rule.start_in;
  if (typeof rule.interruptible === 'boolean') inc.interruptible = rule.interruptible;
  return inc;
}
