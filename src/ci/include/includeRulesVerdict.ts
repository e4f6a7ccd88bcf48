// Whether an include entry's `include:rules` let it in (spec R3.5): GitLab reads the file when a rule matches with
// `when` other than `never`. What cannot be decided here (a clause on a variable not known, a `!reference` not
// resolved while includes are expanded) includes the file as if it matched, says so, and names the assumption so
// the file's jobs can be marked (pipeline/assumedIncludes.ts).
import type { DiagnosticSink } from '../diagnostics';
import type { YNode } from '../yaml/node';
import { toPlain } from '../yaml/node';
import { holdsReference, includeRulesError, noRules, warnRulesReference } from './includeRuleChecks';

export interface RulesEnv {
  sink: DiagnosticSink;
  rules(rules: unknown): boolean | 'unknown';
  rulesReason?(rules: unknown): string;
}

export function includeRulesVerdict(
  rules: YNode | undefined,
  location: string,
  env: RulesEnv,
): { include: boolean; assumed?: string } {
  if (rules === undefined || noRules(rules)) return { include: true };
  const invalid = includeRulesError(rules); // GitLab raises the first error of the include's rules
  if (invalid) env.sink.error(invalid.code, invalid.message, invalid.range);
  // A `!reference` in the rules: with an error, GitLab has refused the file already; else it is not known yet.
  if (invalid ? holdsReference(rules) : warnRulesReference(env.sink, rules, location)) {
    if (invalid) return { include: true };
    return { include: true, assumed: 'its include:rules hold a !reference, not known while includes are expanded' };
  }
  const plainRules = toPlain(rules);
  const verdict = env.rules(plainRules);
  if (verdict !== 'unknown') return { include: verdict };
  const why = env.rulesReason?.(plainRules);
  const reason = why ? ` (${why})` : '';
  env.sink.info(
    'include-rules-unknown',
    `include:rules of \`${location}\` cannot be decided statically; the file is included${reason}`,
    rules.range,
  );
  return { include: true, assumed: `its include:rules cannot be decided statically${reason}` };
}
