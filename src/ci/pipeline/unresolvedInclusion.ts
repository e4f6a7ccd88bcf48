// Which of a job's (or the workflow's) inclusion inputs come from an unresolved `!reference` (merge/unresolved.ts):
// read as null they would decide on a guess, so the job is included on an assumption that names the reference, and a
// variable whose value is such a reference is unknown to `rules:if` (like a predefined variable we cannot know).
import type { YNode } from '../yaml/node';
import type { JobDef } from '../jobs/jobTypes';
import type { Inclusion } from '../rules/jobRules';
import { get } from '../yaml/node';
import { isUnresolved } from '../merge/reference';
import { findUnresolved, unresolvedSource } from '../merge/unresolved';

/** Processable::MAX_NESTING_LEVEL: how deep rules/ruleList.ts flattens nested rule lists. */
const MAX_RULES_NESTING = 10;

/**
 * Why a job's (or the workflow's) inclusion is not known, when it rests on an unresolved reference: the whole node,
 * one in its rules up to the rule that decided (`ruleIndex`, among the rule mappings in the order rules/ruleList.ts
 * flattens them; undefined: none matched, so every rule counts), in `only`/`except`, in its `when`, or in all of the
 * variables its rules or policies read (its own `variables:`, or the global ones it inherits, `globals`). Undefined
 * when the decision does not depend on one.
 */
export function unresolvedInclusion(
  node: YNode | undefined,
  ruleIndex: number | undefined,
  globals?: YNode,
  subject = 'its inclusion depends',
): string | undefined {
  if (isUnresolved(node)) return `${subject} on ${unresolvedSource(node!)}`;
  if (node?.kind !== 'map') return undefined;
  const rules = get(node, 'rules');
  const hit =
    rulesHit(rules, ruleIndex) ??
    findUnresolved(get(node, 'only')) ??
    findUnresolved(get(node, 'except')) ??
    findUnresolved(get(node, 'when'));
  if (hit) return `${subject} on ${unresolvedSource(hit)}`;
  const decides = rules !== undefined || get(node, 'only') !== undefined || get(node, 'except') !== undefined;
  const own = get(node, 'variables');
  const variables = isUnresolved(own) ? own : isUnresolved(globals) ? globals : undefined;
  return decides && variables ? `its rules read variables from ${unresolvedSource(variables)}` : undefined;
}

/** The first placeholder in the rules that were looked at: those before the deciding rule, and that rule. */
function rulesHit(rules: YNode | undefined, ruleIndex: number | undefined): YNode | undefined {
  if (rules === undefined || isUnresolved(rules)) return rules;
  let maps = 0;
  let hit: YNode | undefined;
  let decided = false;
  const walk = (n: YNode, depth: number): void => {
    for (const item of n.kind === 'seq' ? n.items : []) {
      if (hit || decided) return;
      if (isUnresolved(item)) hit = item;
      else if (item.kind === 'seq' && depth < MAX_RULES_NESTING) walk(item, depth + 1);
      else if (item.kind === 'map') {
        hit = findUnresolved(item);
        decided = maps++ === ruleIndex;
      }
    }
  };
  walk(rules, 0);
  return hit;
}

/** The names of `variables:` whose values come from an unresolved reference (a `{value: …}` form counted too). */
export function unresolvedVariableNames(variables: YNode | undefined): string[] {
  if (variables?.kind !== 'map') return [];
  return variables.entries
    .filter((e) => isUnresolved(e.value) || (e.value.kind === 'map' && isUnresolved(get(e.value, 'value'))))
    .map((e) => e.key);
}

/** `variables` without `names` (those unresolvedVariableNames gives): unset, so that `rules:if` reads them as unknown. */
export function withoutNames(variables: Record<string, string>, names: readonly string[]): Record<string, string> {
  for (const n of names) delete variables[n];
  return variables;
}

/**
 * A job's inclusion as shown: rules that rest on an unresolved `!reference` decide nothing here, so the job is
 * included on that assumption, which names it (`globals`: the global variables the job inherits).
 */
export function settleUnresolved(
  r: Inclusion,
  job: JobDef,
  globals: YNode | undefined,
): { included: boolean; uncertain: boolean; when: string; reason: string } {
  const assumed = unresolvedInclusion(job.node, r.ruleIndex, globals);
  if (assumed === undefined) return { included: r.included, uncertain: r.uncertain, when: r.when, reason: r.reason };
  return { included: true, uncertain: true, when: r.included ? r.when : job.when, reason: assumed };
}
