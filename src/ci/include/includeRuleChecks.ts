// `include:rules` checked as GitLab checks them when it decides whether to include a file
// (lib/gitlab/ci/config/external/rules.rb): it builds entry/include/rules.rb from the entry's `rules` value unless
// that value is nil or false (`return unless rule_hashes`), composes it, and raises `include:` followed by the first
// of its errors, which fails the whole configuration. The errors come in this order (config/entry/validatable.rb:
// an entry's own messages, then its children's; config/entry/node.rb: children are composed only when the entry is
// valid). The entry is built without a key, so it is named by its class, `rules`, and its items by theirs alone:
// `rule`, `rule:changes` (config/entry/node.rb #location drops the nil key of their parent) — "include:rule config
// should be a hash" is the text users report (gitlab-org/gitlab#464564):
//   rules.rb       presence ("rules config can't be blank"), then `type: Array` ("rules config should be an array")
//   composable_array.rb  the value flattened (nested lists at any depth), one `rule` entry per item
//   rules/rule.rb  presence ("rule config can't be blank"), `type: Hash` ("… config should be a hash"),
//                  allowed keys `if exists when changes` ("… config contains unknown keys: …"), `if` an expression
//                  ("… if invalid expression syntax"), `when` never or always ("… when unknown value: …", Ruby's
//                  to_s of the value); then, when the rule has none of these, its `changes` and `exists` clauses
//                  (ruleClauseChecks.ts)
// Messages are "<location> <attribute> <message>", downcased whole (config/entry/validator.rb: entryMessage).
// These are the same in every 17.x–18.x version read (17.0 removed the flag under which rule.rb validated
// `exists` itself).
// A `!reference` here is never resolved in time: lib/gitlab/ci/config.rb #build_config expands the includes
// (External::Processor, whose Mapper::Filter evaluates these rules) before Yaml::Tags::Resolver resolves any
// reference, so the rules hold the tag object itself (config/yaml/tags/reference.rb), which is no Array, Hash or
// String: as the rules, a rule, its `if`, `when`, `changes` or `exists` it fails those validations, whatever the
// reference names. Deeper inside a clause it is not judged here (warnRulesReference).
import type { SourceRange } from '../model';
import type { DiagnosticSink } from '../diagnostics';
import type { YMap, YNode, YRef } from '../yaml/node';
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
/** Object#to_s of a Gitlab::Ci::Config::Yaml::Tags::Reference, downcased; its address is not known here. */
const REFERENCE_TO_S = '#<gitlab::ci::config::yaml::tags::reference:0x…>';
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
  if (rules.kind !== 'ref' && isBlank(rules)) return error('rules', "config can't be blank", rules);
  if (rules.kind !== 'seq') return error('rules', 'config should be an array', rules);
  for (const rule of flattenSeq(rules, Infinity)) {
    const own = ruleError(rule);
    if (own) return error('rule', own.message, own.node);
    if (rule.kind !== 'map') continue;
    const clause = referenceClause(rule, 'changes') ?? ruleClauseErrors('rule', rule, false)[0];
    const found = clause ?? referenceClause(rule, 'exists');
    if (found) return { ...found, message: `include:${found.message}` };
  }
  return undefined;
}

/** Simplifiable's UnknownStrategy for a tag object as `changes` or `exists` (its text, built by hand). */
function referenceClause(rule: YMap, key: 'changes' | 'exists'): IncludeRulesError | undefined {
  const value = getEntry(rule, key)?.value;
  if (value?.kind !== 'ref') return undefined;
  const shapes = key === 'changes' ? 'an array or a hash' : 'a string, an array of strings, or a hash';
  return { code: `rules-${key}`, message: `rule:${key} should be ${shapes}`, range: value.range };
}

/** The first of a rule's own errors, in rule.rb's order. */
function ruleError(rule: YNode): { message: string; node: YNode } | undefined {
  if (rule.kind === 'ref') return { message: 'config should be a hash', node: rule }; // present, but no Hash
  if (isBlank(rule)) return { message: "config can't be blank", node: rule };
  if (rule.kind !== 'map') return { message: 'config should be a hash', node: rule };
  const unknown = rule.entries.filter((e) => !ALLOWED_KEYS.includes(e.key));
  if (unknown.length > 0) {
    return { message: `config contains unknown keys: ${unknown.map((e) => e.key).join(', ')}`, node: rule };
  }
  if (!ifIsValid(rule)) return { message: 'if invalid expression syntax', node: getEntry(rule, 'if')?.value ?? rule };
  const when = getEntry(rule, 'when')?.value;
  // AllowedValuesValidator writes the value's to_s: for the tag object Ruby's default, with its address.
  if (when?.kind === 'ref') return { message: `when unknown value: ${REFERENCE_TO_S}`, node: when };
  if (when && !(when.kind === 'scalar' && when.value === null) && !ALLOWED_WHEN.includes(rubyText(when))) {
    return { message: `when unknown value: ${rubyText(when)}`, node: when };
  }
  return undefined;
}

// A `!reference` deeper in an include's `rules` than includeRulesError judges (inside `changes` or `exists`): includes
// are expanded before any `!reference` is resolved (spec R0.1, phase 4 before phase 6), so GitLab validates the tag
// object there; what its validators say of it is not modelled. Read as null it would decide on a guess (a dropped
// file, or a silently kept one): the file is included on that assumption, and says so.

/** How many nodes of a rules value are searched at most (rules are small; anchors may share nodes). */
const MAX_WALK = 5000;

/** Whether `rules` hold a `!reference` anywhere. */
export function holdsReference(rules: YNode): boolean {
  return firstReference(rules) !== undefined;
}

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
