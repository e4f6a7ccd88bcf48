// `include:rules` checked as GitLab checks them when it decides whether to include a file
// (lib/gitlab/ci/config/external/rules.rb): it builds entry/include/rules.rb from the entry's `rules` value unless
// that value is nil or false (`return unless rule_hashes`), composes it, and raises `include:` followed by the first
// of its errors, which fails the whole configuration. The errors come in this order (config/entry/validatable.rb:
// an entry's own messages, then its children's; config/entry/node.rb: children are composed only when the entry is
// valid):
//   rules.rb       presence ("rules config can't be blank"), then `type: Array` ("rules config should be an array")
//   composable_array.rb  the value flattened (nested lists at any depth), one `rule` entry per item
//   rules/rule.rb  presence ("rules:rule config can't be blank"), `type: Hash` ("… config should be a hash"),
//                  allowed keys `if exists when changes` ("… config contains unknown keys: …"), `if` an expression
//                  ("… if invalid expression syntax"), `when` never or always ("… when unknown value: …", Ruby's
//                  to_s of the value); then, when the rule has none of these, its `changes` and `exists` clauses
//                  (ruleClauseChecks.ts)
// Messages are "<location> <attribute> <message>", downcased whole (config/entry/validator.rb: entryMessage).
// These are the same in every 17.x–18.x version read (17.0 removed the flag under which rule.rb validated
// `exists` itself). An unresolved `!reference` anywhere is left to where it is resolved, and stops the walk.
import type { SourceRange } from '../model';
import type { DiagnosticSink } from '../diagnostics';
import type { YNode, YRef } from '../yaml/node';
import { referenceText } from '../merge/reference';
import { flattenSeq, getEntry } from '../yaml/node';
import { entryMessage } from '../jobs/entryMessage';
import { ifIsValid, ruleClauseErrors } from '../jobs/ruleClauseChecks';
import { isBlank, rubyText } from '../jobs/rubyText';

export interface IncludeRulesError {
  code: 'include-rules' | 'rules-changes' | 'rules-exists';
  message: string;
  range: SourceRange;
}

const ALLOWED_KEYS = ['if', 'exists', 'when', 'changes'];
const ALLOWED_WHEN = ['never', 'always'];

/** ci/config/external/rules.rb `return unless rule_hashes`: nil and false are no rules (the file is included). */
export function noRules(rules: YNode): boolean {
  return rules.kind === 'scalar' && (rules.value === null || rules.value === false);
}

/** GitLab's error for an include's `rules` (already prefixed `include:`), or undefined when it has none. */
export function includeRulesError(rules: YNode): IncludeRulesError | undefined {
  const error = (location: string, message: string, node: YNode): IncludeRulesError => ({
    code: 'include-rules',
    message: `include:${entryMessage(location, message)}`,
    range: node.range,
  });
  if (noRules(rules)) return undefined;
  if (rules.kind === 'ref') return undefined;
  if (isBlank(rules)) return error('rules', "config can't be blank", rules);
  if (rules.kind !== 'seq') return error('rules', 'config should be an array', rules);
  for (const rule of flattenSeq(rules, Infinity)) {
    if (unresolved(rule)) return undefined;
    const own = ruleError(rule);
    if (own) return error('rules:rule', own.message, own.node);
    const clause = rule.kind === 'map' ? ruleClauseErrors('rules:rule', rule, false)[0] : undefined;
    if (clause) return { ...clause, message: `include:${clause.message}` };
  }
  return undefined;
}

/** A `!reference` left unresolved as the rule or as its `if` or `when`: what GitLab would see is not known here. */
function unresolved(rule: YNode): boolean {
  if (rule.kind === 'ref') return true;
  return (
    rule.kind === 'map' && rule.entries.some((e) => (e.key === 'if' || e.key === 'when') && e.value.kind === 'ref')
  );
}

/** The first of a rule's own errors, in rule.rb's order. */
function ruleError(rule: YNode): { message: string; node: YNode } | undefined {
  if (isBlank(rule)) return { message: "config can't be blank", node: rule };
  if (rule.kind !== 'map') return { message: 'config should be a hash', node: rule };
  const unknown = rule.entries.filter((e) => !ALLOWED_KEYS.includes(e.key));
  if (unknown.length > 0) {
    return { message: `config contains unknown keys: ${unknown.map((e) => e.key).join(', ')}`, node: rule };
  }
  if (!ifIsValid(rule)) return { message: 'if invalid expression syntax', node: getEntry(rule, 'if')?.value ?? rule };
  const when = getEntry(rule, 'when')?.value;
  if (when && !(when.kind === 'scalar' && when.value === null) && !ALLOWED_WHEN.includes(rubyText(when))) {
    return { message: `when unknown value: ${rubyText(when)}`, node: when };
  }
  return undefined;
}

// A `!reference` in an include's `rules`: includes are expanded before any `!reference` is resolved (spec R0.1, phase 4
// before phase 6), so its value is not known while the file's fate is decided; read as null it would decide on a
// guess (a dropped file, or a silently kept one). The file is included on that assumption, and says so.

/** How many nodes of a rules value are searched at most (rules are small; anchors may share nodes). */
const MAX_WALK = 5000;

/** When `rules` hold a `!reference`, warns that the include of `location` is assumed, and returns true. */
export function warnRulesReference(sink: DiagnosticSink, rules: YNode, location: string): boolean {
  const ref = firstReference(rules);
  if (!ref) return false;
  sink.warning(
    'include-rules-reference',
    `include:rules of \`${location}\` cannot be decided: they hold \`${referenceText(ref)}\`, whose value is not ` +
      'known while includes are expanded; the file is included on that assumption',
    ref.range,
  );
  return true;
}

/** The first `!reference` in a tree, in document order (a bounded walk). */
function firstReference(node: YNode): YRef | undefined {
  const seen = new Set<YNode>();
  const walk = (n: YNode): YRef | undefined => {
    if (n.kind === 'ref') return n;
    if (n.kind === 'scalar' || seen.has(n) || seen.size > MAX_WALK) return undefined;
    seen.add(n);
    for (const c of n.kind === 'seq' ? n.items : n.entries.map((e) => e.value)) {
      const hit = walk(c);
      if (hit) return hit;
    }
    return undefined;
  };
  return walk(node);
}
