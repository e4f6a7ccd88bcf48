// Config-time checks on rules (spec R8.3, R8.5), with GitLab's exact messages where it has them.
//
// Exports:
//   MULTIPLE_PIPELINES_DOCS
//   rulesConflictError(job, config)        `jobs:<job> config key may not be used with \`rules\`: only, except`
//                                          (keys in the job's own order; only/except/start_in; null values
//                                          ignored) — Entry::Processable's DisallowedKeysValidator
//   multiplePipelinesWarning(job, rules, hasWorkflowRules)
//                                          the R8.3 warning when the last rule is exactly `{when: <not never>}`
//   ruleIfErrors(location, rules)          invalid `if` syntax per rule: `<location>:rules:rule if invalid
//                                          expression syntax` (location `jobs:<job>`, `workflow`, …)
//   (entry messages are downcased whole, as lib/gitlab/config/entry/validator.rb does)
//   policyVariablesErrors(job, key, policy) invalid `only/except: variables` expressions
//   policyShapeErrors(job, key, policy)    Entry::Policy: neither array nor hash, or unknown keys
//   ruleIfQuirks(rules)                    rules whose `if` uses the `=~ "literal"` substring quirk
import { flattenRules } from './ruleList';
import { parseExpressionCached } from './expression';

// processable.rb (validate_against_warnings), current wording of the link.
export const MULTIPLE_PIPELINES_DOCS =
  'https://docs.gitlab.com/ee/ci/jobs/job_troubleshooting.html#job-may-allow-multiple-pipelines-to-run-for-a-single-action-warning';

export interface IndexedMessage {
  index: number;
  message: string;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function rulesConflictError(job: string, config: unknown): string | null {
  if (!isMap(config) || config.rules === undefined || config.rules === null) return null;
  const keys = Object.keys(config).filter(
    (k) => (k === 'only' || k === 'except' || k === 'start_in') && config[k] !== null && config[k] !== undefined,
  );
  return keys.length === 0
    ? null
    : `jobs:${job} config key may not be used with \`rules\`: ${keys.join(', ')}`.toLowerCase();
}

export function multiplePipelinesWarning(job: string, rules: unknown, hasWorkflowRules: boolean): string | null {
  if (hasWorkflowRules || rules === undefined || rules === null) return null;
  const last = flattenRules(rules).at(-1);
  if (!last) return null;
  const keys = Object.keys(last);
  if (keys.length !== 1 || keys[0] !== 'when' || last.when === 'never') return null;
  return `jobs:${job} may allow multiple pipelines to run for a single action due to \`rules:when\` clause with no \`workflow:rules\` - read more: ${MULTIPLE_PIPELINES_DOCS}`;
}

export function ruleIfErrors(location: string, rules: unknown): IndexedMessage[] {
  const out: IndexedMessage[] = [];
  for (const [index, rule] of flattenRules(rules).entries()) {
    if (rule.if === undefined || rule.if === null) continue;
    if (typeof rule.if !== 'string' || !parseExpressionCached(rule.if).ok) {
      out.push({ index, message: `${location}:rules:rule if invalid expression syntax`.toLowerCase() });
    }
  }
  return out;
}

/** (derived) Entry::Policy adds "Invalid expression syntax" on its `variables` attribute. */
export function policyVariablesErrors(job: string, key: 'only' | 'except', policy: unknown): IndexedMessage[] {
  if (!isMap(policy) || !Array.isArray(policy.variables)) return [];
  const out: IndexedMessage[] = [];
  for (const [index, e] of (policy.variables as unknown[]).entries()) {
    if (typeof e !== 'string' || !parseExpressionCached(e).ok) {
      out.push({ index, message: `jobs:${job}:${key} variables invalid expression syntax`.toLowerCase() });
    }
  }
  return out;
}

const POLICY_KEYS = ['refs', 'kubernetes', 'variables', 'changes'];

export function policyShapeErrors(job: string, key: 'only' | 'except', policy: unknown): string[] {
  if (policy === undefined || policy === null || Array.isArray(policy)) return [];
  const location = `jobs:${job}:${key}`;
  if (!isMap(policy)) return [`${location} has to be either an array of conditions or a hash`];
  const unknown = Object.keys(policy).filter((k) => !POLICY_KEYS.includes(k));
  return unknown.length > 0 ? [`${location} config contains unknown keys: ${unknown.join(', ')}`] : [];
}

export function ruleIfQuirks(rules: unknown): IndexedMessage[] {
  const out: IndexedMessage[] = [];
  for (const [index, rule] of flattenRules(rules).entries()) {
    if (typeof rule.if !== 'string') continue;
    const parsed = parseExpressionCached(rule.if);
    if (parsed.ok) for (const q of parsed.quirks) out.push({ index, message: q });
  }
  return out;
}
