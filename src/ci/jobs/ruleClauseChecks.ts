// The shapes of a rule's `changes` and `exists` clauses, with GitLab's messages: job rules and `workflow:rules`
// (both compose lib/gitlab/ci/config/entry/rules/rule.rb; called from keyValidation.ts) and `include:rules` (its own
// entry/include/rules/rule.rb composes the same two entries; called from include/includeRuleChecks.ts). GitLab's files:
//   entry/rules/rule/changes.rb   Simplifiable: an Array is SimpleChanges (array_of_strings, at most 50), a Hash is
//                                 ComplexChanges, anything else UnknownStrategy ("<location> should be an array or a
//                                 hash", built by hand: not downcased)
//   entry/rules/rule/exists.rb    Simplifiable: a String or an Array is SimpleExists (an Array: array_of_strings, at
//                                 most 50), a Hash is ComplexExists ({paths, project, ref}), anything else
//                                 UnknownStrategy ("<location> should be a string, an array of strings, or a hash")
//   config/entry/validators.rb    array_of_strings, allowed_keys, required_keys, type (`should be a String`);
//                                 ActiveModel's length with `too_long: "has too many entries (maximum 50)"`
//   config/entry/validator.rb     "<location> <attribute> <message>", downcased whole (entryMessage)
//   config/entry/configurable.rb  a rule composes its clause entries only when the rule itself is valid, so the
//                                 caller runs these checks only for a rule that had no error of its own
//
// Only what every version we could read rejects, with the words they share, is reported (a false error is worse
// than a missing one). Versions read (gitlabhq/gitlabhq and the 18.x-era copy CrazyForks/gisia):
//   changes.rb  A (17.x–18.x): ComplexChanges ALLOWED_KEYS [paths, compare_to], REQUIRED_KEYS [paths], paths
//                  validated with allow_nil: false (gitlabhq c07f9b1c, gisia f3c449b7);
//               B (the newest, GitLab 19.2's `regexp`, doc/ci/yaml/_index.md): ALLOWED_KEYS [paths, compare_to,
//                  regexp], `only_one_of_keys: paths, regexp`, paths validated only when the key is present,
//                  compare_to before paths. Beyond our 17.x–18.x baseline, but GitLab.com runs it: no error here
//                  contradicts it.
//               (Changes as a plain array_of_strings Node predates compare_to, GitLab 15.3.)
//   exists.rb   C: SimpleExists for a String or an Array (gitlabhq 2b3cc47a); D: also for any blank value (`{}`,
//                  `false`, `""`) (gitlabhq ac988348, gisia f3c449b7). ComplexExists is the same in both: ALLOWED_KEYS
//                  [paths, project, ref], REQUIRED_KEYS [paths]. (The 16.11 rule.rb that still validated `exists`
//                  itself behind `ci_support_rules_exists_paths_and_project` predates 17.0, which removed that flag.)
//               GitLab 19.2 adds `exists:regexp`, "mutually exclusive" with paths (docs; Clause::Exists reads
//                  clause[:regexp]); its exists.rb is not stored, so whatever `regexp` changes is left out.
// Left out, because the versions disagree:
//   both:    a key `regexp` (unknown before 19.2, allowed since): no unknown-key message when it is present, since
//            the older versions would list it and the newer would not; the `regexp` value itself.
//   changes: a Hash without `paths` (`{}`, `{compare_to: x}`): A says "missing required keys: paths" (and two `paths`
//            errors), B "must use exactly one of these keys: paths, regexp".
//   exists:  `{}` and `false` (C: ComplexExists "missing required keys: paths" / UnknownStrategy; D: valid); a Hash
//            without `paths` (C, D: "missing required keys: paths"; 19.2 accepts `{regexp: …}` and, by its docs,
//            words a missing paths-or-regexp differently).
// The message order within one clause is B's (compare_to before paths) where A and B differ.
import { CountingSink, type DiagnosticSink } from '../diagnostics';
import type { SourceRange } from '../model';
import { parseExpressionCached } from '../rules/expression';
import type { YMap, YNode } from '../yaml/node';
import { getEntry, rubyToS } from '../yaml/node';
import { entryMessage, isArrayOfStrings, isNullish } from './entryMessage';
import { reporter } from './valueReport';
import { checkVariables, RULE_VARIABLE_DATA } from './variableChecks';

export interface ClauseError {
  code: 'rules-changes' | 'rules-exists';
  message: string;
  range: SourceRange;
}

/** `length: { maximum: 50, too_long: "has too many entries (maximum %{count})" }` in both entries. */
const MAX_PATHS = 50;
const TOO_LONG = `has too many entries (maximum ${MAX_PATHS})`;
const CHANGES_KEYS = ['paths', 'compare_to'];
const EXISTS_KEYS = ['paths', 'project', 'ref'];

/** The errors GitLab gives for `rule`'s `changes` and `exists` (in that order: rule.rb declares them so). */
export function ruleClauseErrors(location: string, rule: YMap, simpleExistsLimit = true): ClauseError[] {
  const out: ClauseError[] = [];
  const changes = getEntry(rule, 'changes')?.value;
  if (changes !== undefined) checkChanges(`${location}:changes`, changes, out);
  const exists = getEntry(rule, 'exists')?.value;
  if (exists !== undefined) checkExists(`${location}:exists`, exists, out, simpleExistsLimit);
  return out;
}

function checkChanges(at: string, node: YNode, out: ClauseError[]): void {
  const add = (message: string, range: SourceRange): number => out.push({ code: 'rules-changes', message, range });
  // A null clause is no entry at all (Factory: Unspecified); an unresolved !reference is reported where it is.
  if (isNullish(node) || node.kind === 'ref') return;
  if (node.kind === 'seq') {
    simpleList(at, node, add);
    return;
  }
  if (node.kind !== 'map') {
    add(`${at} should be an array or a hash`, node.range);
    return;
  }
  if (getEntry(node, 'regexp') === undefined) unknownKeys(at, node, CHANGES_KEYS, add);
  stringValue(at, node, 'compare_to', add);
  const paths = getEntry(node, 'paths')?.value;
  // Both versions validate a present `paths` with allow_nil: false, so null gets both messages (ActiveModel's
  // length check counts a nil it was told not to allow as too long).
  if (paths !== undefined && paths.kind !== 'ref') {
    if (!isArrayOfStrings(paths)) add(entryMessage(at, 'paths should be an array of strings'), paths.range);
    if (isNullish(paths) || rubyLength(paths) > MAX_PATHS) add(entryMessage(at, `paths ${TOO_LONG}`), paths.range);
  }
}

function checkExists(at: string, node: YNode, out: ClauseError[], limit: boolean): void {
  const add = (message: string, range: SourceRange): number => out.push({ code: 'rules-exists', message, range });
  if (isNullish(node) || node.kind === 'ref') return;
  if (node.kind === 'seq') {
    simpleList(at, node, add, limit);
    return;
  }
  if (node.kind === 'scalar') {
    // A String is SimpleExists (a Symbol is not a String); `false` is blank, valid in D only: left out.
    const rubyString = typeof node.value === 'string' && !node.symbol;
    if (!rubyString && node.value !== false) {
      add(`${at} should be a string, an array of strings, or a hash`, node.range);
    }
    return;
  }
  if (node.entries.length === 0) return; // `{}`: blank, valid in D only
  if (getEntry(node, 'regexp') === undefined) unknownKeys(at, node, EXISTS_KEYS, add);
  // `required_keys: %i[project], if: :has_ref_value?`: a non-null ref needs the key `project` (any value).
  const ref = getEntry(node, 'ref')?.value;
  if (ref !== undefined && !isNullish(ref) && getEntry(node, 'project') === undefined) {
    add(entryMessage(at, 'config missing required keys: project'), node.range);
  }
  const paths = getEntry(node, 'paths')?.value;
  // allow_nil: true here.
  if (paths !== undefined && !isNullish(paths) && paths.kind !== 'ref') {
    if (!isArrayOfStrings(paths)) add(entryMessage(at, 'paths should be an array of strings'), paths.range);
    if (rubyLength(paths) > MAX_PATHS) add(entryMessage(at, `paths ${TOO_LONG}`), paths.range);
  }
  stringValue(at, node, 'project', add);
  stringValue(at, node, 'ref', add);
}

/** SimpleChanges / SimpleExists for an Array: `validates :config, array_of_strings: true, length: …`. */
function simpleList(
  at: string,
  node: YNode & { kind: 'seq' },
  add: (m: string, r: SourceRange) => void,
  limit = true,
): void {
  if (node.items.some((i) => i.kind === 'ref')) return;
  if (!isArrayOfStrings(node)) add(entryMessage(at, 'config should be an array of strings'), node.range);
  if (limit && node.items.length > MAX_PATHS) add(entryMessage(at, `config ${TOO_LONG}`), node.range);
}

function unknownKeys(at: string, node: YMap, allowed: readonly string[], add: (m: string, r: SourceRange) => void) {
  const unknown = node.entries.filter((e) => !allowed.includes(e.key));
  if (unknown.length === 0) return;
  const keys = unknown.map((e) => e.key).join(', ');
  add(entryMessage(at, `config contains unknown keys: ${keys}`), unknown[0]!.keyRange);
}

/** TypeValidator `type: String` with allow_nil: "<attribute> should be a String" (a Symbol is not a String). */
function stringValue(at: string, node: YMap, key: string, add: (m: string, r: SourceRange) => void): void {
  const value = getEntry(node, key)?.value;
  if (value === undefined || isNullish(value) || value.kind === 'ref') return;
  if (value.kind === 'scalar' && typeof value.value === 'string' && !value.symbol) return;
  add(entryMessage(at, `${key.replace(/_/g, ' ')} should be a string`), value.range);
}

/** ActiveModel's length: `value.length` where Ruby has it (String in characters, Array, Hash), else `to_s`. */
function rubyLength(node: YNode): number {
  if (node.kind === 'seq') return node.items.length;
  if (node.kind === 'map') return node.entries.length;
  if (node.kind === 'scalar') {
    if (node.value === null) return 0;
    return [...(typeof node.value === 'string' ? node.value : rubyToS(node))].length;
  }
  return 0;
}

/**
 * Reports `rule`'s clause errors unless the rule had errors of its own (counted by `own`) or an invalid `if`
 * (rule.rb's `validates :if, expression: true`, reported by ruleChecks.ts), either of which keeps GitLab from
 * composing, and so from validating, its `changes` and `exists`.
 */
export function reportRuleClauses(
  location: string,
  rule: YMap,
  own: CountingSink,
  sink: DiagnosticSink,
  job: string | undefined,
): void {
  if (own.reports > 0 || !ifIsValid(rule)) return;
  for (const e of ruleClauseErrors(location, rule)) sink.error(e.code, e.message, e.range, job);
  // rule.rb's `entry :variables, Entry::Variables`, composed after `changes` and `exists`.
  checkVariables(`${location}:variables`, getEntry(rule, 'variables')?.value, RULE_VARIABLE_DATA, reporter(sink, job));
}

/** rule.rb's `validates :if, expression: true` (allow_nil), as ruleChecks.ts reports it. */
export function ifIsValid(rule: YMap): boolean {
  const condition = getEntry(rule, 'if')?.value;
  if (isNullish(condition)) return true;
  const text = condition?.kind === 'scalar' && typeof condition.value === 'string' ? condition.value : undefined;
  return text !== undefined && parseExpressionCached(text).ok;
}
