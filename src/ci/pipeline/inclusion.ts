// The bridge between the configuration model and the rules engine (src/ci/rules): which variables each
// evaluation sees (spec R8.1, R6.3, R3.4) and what the engine needs back from it.
import type { PipelineContext } from '../model';
import type { JobDef } from '../jobs/jobTypes';
import type { YNode } from '../yaml/node';
import { get, toPlain } from '../yaml/node';
import type { RuleEnv } from '../rules/env';
import { expandExisting } from '../rules/clauses';
import { includeVariables, layerVariables, plainVariables, unknownPredefined } from '../rules/variables';
import { evaluateJobInclusion } from '../rules/jobRules';
import { evaluateWorkflow } from '../rules/workflow';
import { evaluateIncludeRules, explainIncludeRules } from '../rules/includeRules';
import { jobPredefined } from './jobPredefined';
import { settleUnresolved, unresolvedInclusion, unresolvedVariableNames, withoutNames } from './unresolvedInclusion';

export interface JobInclusion {
  included: boolean;
  /** Included on an assumption (a `changes`/`exists` clause that cannot be decided statically). */
  uncertain: boolean;
  when: string;
  reason: string;
  /** Index of the matched `rules:` entry, when rules decided. */
  ruleIndex?: number;
  /** The variables the job's rules saw (predefined, YAML, matrix, user), for expanding `needs:project`. */
  variables: Readonly<Record<string, string>>;
  /** The matched rule's own `variables:` (a trigger job passes them down with its YAML variables). */
  ruleVariables?: Readonly<Record<string, string>>;
}

export interface WorkflowOutcome {
  created: boolean;
  /** Created on an assumption: the deciding rule depends on something unknown here (its reason). */
  assumed?: string;
  message?: string;
  variables: Record<string, string>;
}

export interface RuleScope {
  expandForInclude: (text: string) => string;
  includeRules: (rules: unknown) => boolean | 'unknown';
  includeRulesReason: (rules: unknown) => string;
  workflow: (workflow: YNode | undefined, globalVariables: YNode | undefined) => WorkflowOutcome;
  job: (
    job: JobDef,
    globalVariables: YNode | undefined,
    workflowVariables: Record<string, string>,
    hasWorkflowRules: boolean,
  ) => JobInclusion;
}

/** `inherit:variables` filters which global variables a job sees (spec R2.6). */
function inheritedGlobals(job: JobDef, globals: unknown): unknown {
  const inherit = toPlain(get(get(job.node, 'inherit'), 'variables'));
  if (inherit === undefined || inherit === null || inherit === true) return globals;
  if (inherit === false) return {};
  if (!Array.isArray(inherit)) return globals;
  const all = plainVariables(globals);
  return Object.fromEntries(Object.entries(all).filter(([k]) => inherit.includes(k)));
}

/** The rules engine's view of one evaluation; `unresolved` names variables an unresolved `!reference` leaves unknown. */
function ruleEnv(
  fixed: Omit<RuleEnv, 'variables'> & { unknownVariables: ReadonlySet<string> },
  variables: Record<string, string>,
  unresolved: readonly string[] = [],
): RuleEnv {
  const unknownVariables = unresolved.length > 0 ? new Set([...fixed.unknownVariables, ...unresolved]) : undefined;
  return { ...fixed, variables, ...(unknownVariables && { unknownVariables }) };
}

export function createRuleScope(
  context: PipelineContext,
  projectFiles: readonly string[],
  changedFiles?: readonly string[],
): RuleScope {
  const includeVars = includeVariables(context);
  let shared: { global: YNode | undefined; workflow: Record<string, string>; base: Record<string, string> } | undefined;
  const fixed = {
    context,
    projectFiles,
    unknownVariables: unknownPredefined(context),
    ...(changedFiles && { changedFiles }),
  };
  const env = (variables: Record<string, string>, unresolved?: readonly string[]): RuleEnv =>
    ruleEnv(fixed, variables, unresolved);
  return {
    expandForInclude: (text) => expandExisting(text, includeVars),
    includeRules: (rules) => evaluateIncludeRules(rules, env(includeVars)),
    includeRulesReason: (rules) => explainIncludeRules(rules, env(includeVars)).reason,
    workflow(workflow, globalVariables) {
      const unresolvedGlobals = unresolvedVariableNames(globalVariables);
      const vars = withoutNames(
        layerVariables({ context, global: toPlain(globalVariables, 'text') }),
        unresolvedGlobals,
      );
      const result = evaluateWorkflow(toPlain(workflow, 'text'), env(vars, unresolvedGlobals));
      const unresolved = unresolvedInclusion(workflow, result.ruleIndex, globalVariables, 'its workflow:rules depend');
      if (unresolved !== undefined) return { created: true, variables: result.variables, assumed: unresolved };
      return {
        created: result.created,
        variables: result.variables,
        ...(result.message !== undefined ? { message: result.message } : {}),
        ...(result.created && result.uncertain ? { assumed: result.reason } : {}),
      };
    },
    job(job, globalVariables, workflowVariables, hasWorkflowRules) {
      // The pipeline-wide layers are the same for every job that inherits all global variables: build them
      // once (a thousand-job pipeline otherwise rebuilds the predefined set a thousand times).
      const inherits = get(get(job.node, 'inherit'), 'variables') === undefined;
      const unresolvedGlobals = inherits ? unresolvedVariableNames(globalVariables) : [];
      const unresolvedOwn = unresolvedVariableNames(get(job.node, 'variables'));
      const cached =
        inherits && shared?.global === globalVariables && shared?.workflow === workflowVariables
          ? shared?.base
          : undefined;
      const base =
        cached ??
        Object.assign(
          Object.create(null) as Record<string, string>,
          layerVariables({
            context,
            global: inheritedGlobals(job, toPlain(globalVariables, 'text')),
            workflow: workflowVariables,
          }),
        );
      if (!cached) withoutNames(base, unresolvedGlobals); // unknown, not '' (unresolvedInclusion.ts)
      if (inherits && !cached) shared = { global: globalVariables, workflow: workflowVariables, base };
      const vars = jobVariables(job, base, unresolvedOwn, context);
      const r = evaluateJobInclusion(
        {
          name: job.name,
          rules: toPlain(get(job.node, 'rules'), 'text'),
          only: toPlain(get(job.node, 'only')),
          except: toPlain(get(job.node, 'except')),
          when: job.when,
          hasWorkflowRules,
        },
        env(vars, [...unresolvedGlobals, ...unresolvedOwn]),
      );
      const out: JobInclusion = {
        ...settleUnresolved(r, job, inherits ? globalVariables : undefined),
        variables: r.variables ? Object.assign(Object.create(vars) as Record<string, string>, r.variables) : vars,
      };
      if (r.ruleIndex !== undefined) out.ruleIndex = r.ruleIndex;
      if (r.variables && Object.keys(r.variables).length > 0) out.ruleVariables = r.variables;
      return out;
    },
  };
}

/**
 * A job's variables for its rules, on the pipeline-wide layers: the same precedence as layerVariables (spec R6.3),
 * job, then matrix, then user variables on top; the job's own predefined variables under the global ones (a YAML
 * `CI_JOB_NAME` wins). The job's layer sits on the shared one through the prototype chain: copying sixty variables
 * into every one of a thousand jobs costs more than evaluating all their rules.
 */
function jobVariables(
  job: JobDef,
  base: Record<string, string>,
  unresolvedOwn: readonly string[],
  context: PipelineContext,
): Record<string, string> {
  const layer = jobPredefined(job, base);
  Object.assign(layer, plainVariables(toPlain(get(job.node, 'variables'), 'text')));
  return Object.assign(
    Object.create(base) as Record<string, string>,
    withoutNames(layer, unresolvedOwn),
    job.parallel?.matrix ?? {},
    context.variables,
  );
}
