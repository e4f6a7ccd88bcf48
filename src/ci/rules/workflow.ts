// `workflow:rules` (spec R8.2), a port of Chain::EvaluateWorkflowRules: no rules → created; otherwise the
// first matching rule decides (`never` rejects, `always` or no `when` accepts) and no match rejects.
//
// Exports:
//   WORKFLOW_REJECTED, WORKFLOW_REJECTED_OLD   the current and the older rejection messages
//   WorkflowResult
//   hasWorkflowRules(workflow)                 whether `workflow:rules` is present (changes job defaults, R8.4)
//   evaluateWorkflow(workflow, env)            `workflow` is the plain `workflow:` mapping (or undefined);
//                                              env.variables should hold predefined + global + user variables
import type { RuleEnv, Tri } from './env';
import { evaluateRuleList } from './ruleList';
import { plainVariables } from './variables';

export const WORKFLOW_REJECTED = 'The pipeline did not run. Review the workflow:rules configuration for the pipeline.';
export const WORKFLOW_REJECTED_OLD = 'Pipeline filtered out by workflow rules.';

export interface WorkflowResult {
  /** Created? Unknown outcomes count as created (see `uncertain`). */
  created: boolean;
  outcome: Tri;
  uncertain: boolean;
  /** The rejection message, when not created. */
  message?: string;
  reason: string;
  ruleIndex?: number;
  /** The matched rule's `variables` (plain); they layer over global variables for every job. */
  variables: Record<string, string>;
}

function rulesOf(workflow: unknown): unknown {
  if (workflow === null || typeof workflow !== 'object' || Array.isArray(workflow)) return undefined;
  return (workflow as Record<string, unknown>).rules ?? undefined;
}

/** Whether the key is there, even with a null value (Workflow#has_rules? is `config.key?(:rules)`). */
export function hasWorkflowRules(workflow: unknown): boolean {
  return workflow !== null && typeof workflow === 'object' && !Array.isArray(workflow) && 'rules' in workflow;
}

export function evaluateWorkflow(workflow: unknown, env: RuleEnv): WorkflowResult {
  const rules = rulesOf(workflow);
  if (rules === undefined) {
    return { created: true, outcome: true, uncertain: false, reason: 'no workflow:rules', variables: {} };
  }
  const r = evaluateRuleList(rules, env, 'always', 'workflow:rules');
  const created = r.outcome !== false;
  const result: WorkflowResult = {
    created,
    outcome: r.outcome,
    uncertain: r.uncertain,
    reason: r.reason,
    variables: {},
  };
  if (!created) result.message = WORKFLOW_REJECTED;
  if (r.chosen.index !== undefined) {
    result.ruleIndex = r.chosen.index;
    if (created) result.variables = plainVariables(r.chosen.rule?.variables);
  }
  return result;
}
