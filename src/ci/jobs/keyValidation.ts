// Static validation of the job keys the engine reads, with GitLab's messages, each on the offending value
// (docs/validation-reference.md lists every check with its source file and test):
//   job.rb / bridge.rb     `when` values (`never` only inside rules), `allow_failure`, `start_in`
//   processable.rb         `rules` is an array of hashes (nested up to 10 levels); rules/rule.rb for each rule:
//                          hash, allowed keys, `when` values, `allow_failure`/`interruptible` booleans,
//                          `start_in` only with `when: delayed`; its `needs` are Entry::Needs (job needs only)
//                          (`changes`/`exists` shapes: ruleClauseChecks.ts)
//   workflow.rb            `workflow:rules` with `when: always|never` only
//   policy.rb              `only`/`except`: an array of strings/regexps, or a hash of refs/variables/changes/kubernetes
import { CountingSink, type DiagnosticSink } from '../diagnostics';
import type { SourceRange } from '../model';
import type { BuiltJobs } from './buildJobs';
import type { JobDef } from './jobTypes';
import { runChecked, type CheckMemo } from '../incremental/checkMemo';
import type { YNode } from '../yaml/node';
import { flattenSeq, get, getEntry, isNull, scalarString } from '../yaml/node';
import { entryMessage, isArrayOfStrings, isBoolean, isNullish, isString } from './entryMessage';
import { readNeeds } from './needs';
import { reportRuleClauses } from './ruleClauseChecks';
import { rubyText } from './rubyText';
import { parseDuration } from '../pipeline/duration';
import { isUnresolved } from '../merge/reference';
import { reportUnresolved } from '../merge/unresolved';
import { isInheritedDefault } from './jobDefaults';

const JOB_WHEN = ['on_success', 'on_failure', 'always', 'manual', 'delayed'];
const BRIDGE_WHEN = ['on_success', 'on_failure', 'always', 'manual'];
const JOB_RULE_WHEN = ['on_success', 'on_failure', 'always', 'never', 'manual', 'delayed'];
const JOB_RULE_KEYS = [
  'if',
  'changes',
  'exists',
  'when',
  'start_in',
  'allow_failure',
  'variables',
  'needs',
  'interruptible',
];
const WORKFLOW_RULE_WHEN = ['always', 'never'];
const WORKFLOW_RULE_KEYS = [
  'if',
  'changes',
  'exists',
  'when',
  'start_in',
  'allow_failure',
  'variables',
  'needs',
  'auto_cancel',
];
const POLICY_KEYS = ['refs', 'kubernetes', 'variables', 'changes'];
const ONE_WEEK = 7 * 86400;
/** Processable::MAX_NESTING_LEVEL for `rules`. */
const MAX_RULES_NESTING = 10;

/** What validateJob reads of a job's mapping (besides its kind and name): a memo's key holds these values. */
const READ_KEYS: ReadonlySet<string> = new Set([
  'when',
  'allow_failure',
  'start_in',
  'rules',
  'interruptible',
  'only',
  'except',
]);

/** `memo`: jobs whose keys were valid in an earlier analysis (incremental/checkMemo.ts) are not checked again. */
export function validateJobKeys(built: BuiltJobs, sink: DiagnosticSink, memo?: CheckMemo): void {
  const seen = new Set<string>();
  for (const job of built.jobs) {
    if (seen.has(job.group)) continue; // parallel instances share one definition
    seen.add(job.group);
    const key = (): string | undefined => memo?.keyOf('keys', [job.kind, job.group], job.node, READ_KEYS);
    runChecked(memo, key, sink, (out) => validateJob(job, out));
  }
  const workflowRules = get(built.workflow, 'rules');
  if (workflowRules !== undefined) {
    validateRules('workflow', workflowRules, WORKFLOW_RULE_WHEN, WORKFLOW_RULE_KEYS, sink, undefined);
  }
}

function validateJob(job: JobDef, sink: DiagnosticSink): void {
  const name = job.group;
  const at = `jobs:${name}`;
  const error = (code: string, message: string, node: YNode, location = at): void =>
    sink.error(code, entryMessage(location, message), node.range, job.name);
  const node = job.node;
  // Values from an include not read offline (merge/unresolved.ts): each says it is not checked, and is not judged.
  // A value the job took from `default:` (interruptible) is judged there, once, at `default:<key>` (valueChecks.ts).
  const own = (k: string): YNode | undefined => (isInheritedDefault(node, k) ? undefined : get(node, k));
  const unknown = new Set(
    [...READ_KEYS].filter((k) => reportUnresolved(sink, `${at}:${k}`, rulesInside(k, own(k)), job.name)),
  );

  const when = unknown.has('when') ? undefined : get(node, 'when');
  const allowedWhen = job.kind === 'job' ? JOB_WHEN : BRIDGE_WHEN;
  if (!isNullish(when)) {
    if (job.kind === 'job' && !isString(when)) error('job-when', 'when should be a string', when!);
    if (!allowedWhen.includes(scalarString(when) ?? '') || !isString(when)) {
      error('job-when', `when should be one of: ${allowedWhen.join(', ')}`, when!);
    }
  }
  const allowFailure = unknown.has('allow_failure') ? undefined : get(node, 'allow_failure');
  if (!isNullish(allowFailure)) {
    // Jobs take a boolean or `{exit_codes: …}`; trigger jobs only a boolean.
    if (job.kind === 'job' && !isBoolean(allowFailure) && allowFailure!.kind !== 'map') {
      error('job-allow-failure', 'allow failure should be a hash or a boolean value', allowFailure!);
    }
    if (job.kind === 'trigger' && !isBoolean(allowFailure)) {
      error('job-allow-failure', 'allow failure should be a boolean value', allowFailure!);
    }
  }
  const rules = get(node, 'rules');
  if (job.kind === 'job' && !unknown.has('when') && !unknown.has('start_in') && !isUnresolved(rules)) {
    const startIn = get(node, 'start_in');
    const delayed = scalarString(when) === 'delayed';
    if (delayed) checkDuration('start in', startIn, at, job, sink);
    // job.rb: `validates :start_in, absence: true, if: -> { has_rules? || !delayed? }`.
    if (!isNullish(startIn) && (!delayed || rules !== undefined)) {
      error('job-start-in', 'start in must be blank', startIn!);
    }
  }
  const interruptible = unknown.has('interruptible') ? undefined : own('interruptible');
  if (!isNullish(interruptible) && !isBoolean(interruptible)) {
    error('job-interruptible', 'config should be a boolean value', interruptible!, `${at}:interruptible`);
  }

  if (rules !== undefined && !isNull(rules)) validateRules(at, rules, JOB_RULE_WHEN, JOB_RULE_KEYS, sink, job);
  for (const key of ['only', 'except'] as const) {
    const policy = getEntry(node, key);
    if (policy && !isNull(policy.value) && !unknown.has(key)) validatePolicy(`${at}:${key}`, policy.value, job, sink);
  }
}

/** `rules` say what is unknown rule by rule (validateRules): here only a whole `rules` from an unresolved reference. */
function rulesInside(key: string, value: YNode | undefined): YNode | undefined {
  return key !== 'rules' || isUnresolved(value) ? value : undefined;
}

function checkDuration(
  attribute: string,
  node: YNode | undefined,
  location: string,
  job: JobDef,
  sink: DiagnosticSink,
  missingAt: SourceRange = job.keyRange,
): void {
  const text = node !== undefined && isString(node) ? scalarString(node) : undefined;
  const seconds = text === undefined ? undefined : parseDuration(text);
  const range = node?.range ?? missingAt;
  if (seconds === undefined || seconds === Infinity) {
    // DurationValidator: a value that is no duration (or no String) fails the limit check too.
    sink.error('job-start-in', entryMessage(location, `${attribute} should be a duration`), range, job.name);
    sink.error('job-start-in', entryMessage(location, `${attribute} should not exceed the limit`), range, job.name);
  } else if (seconds > ONE_WEEK) {
    sink.error('job-start-in', entryMessage(location, `${attribute} should not exceed the limit`), range, job.name);
  }
}

function nestedArrayOfHashes(node: YNode, level: number): boolean {
  if (node.kind !== 'seq') return false;
  return node.items.every(
    (i) =>
      i.kind === 'map' ||
      isUnresolved(i) ||
      (i.kind === 'seq' && level < MAX_RULES_NESTING && nestedArrayOfHashes(i, level + 1)),
  );
}

function validateRules(
  at: string,
  rules: YNode,
  allowedWhen: readonly string[],
  allowedKeys: readonly string[],
  sink: DiagnosticSink,
  job: JobDef | undefined,
): void {
  const jobName = job?.name;
  if (rules.kind === 'ref') return; // an unresolved !reference is reported where it is resolved
  if (isUnresolved(rules)) {
    reportUnresolved(sink, `${at}:rules`, rules, jobName); // from an include not read offline: not judged
    return;
  }
  if (!nestedArrayOfHashes(rules, 1)) {
    if (job) {
      sink.error(
        'rules-shape',
        entryMessage(at, 'rules should be an array containing hashes and arrays of hashes'),
        rules.range,
        jobName,
      );
    } else sink.error('rules-shape', entryMessage(`${at}:rules`, 'config should be an array'), rules.range, jobName);
    return;
  }
  const location = `${at}:rules:rule`;
  for (const rule of flattenSeq(rules)) {
    if (reportUnresolved(sink, location, rule, jobName)) continue; // a rule holding what an include not read gives
    if (rule.kind !== 'map') continue;
    const own = new CountingSink(sink); // the rule's own errors (ruleClauseChecks.ts)
    const error = (code: string, message: string, node: YNode): void =>
      own.error(code, entryMessage(location, message), node.range, jobName);
    const unknown = rule.entries.filter((e) => !allowedKeys.includes(e.key));
    if (unknown.length > 0) {
      own.error(
        'rules-keys',
        entryMessage(location, `config contains unknown keys: ${unknown.map((e) => e.key).join(', ')}`),
        unknown[0]!.keyRange,
        jobName,
      );
    }
    const when = get(rule, 'when');
    // lib/gitlab/config/entry/validators.rb AllowedValuesValidator: `options[:in].include?(value.to_s)`, else
    // "unknown value: #{value}", Ruby's to_s of the value (a list or a hash is written as its inspect).
    if (!isNullish(when) && when!.kind !== 'ref' && !allowedWhen.includes(rubyText(when!))) {
      error('rules-when', `when unknown value: ${rubyText(when!)}`, when!);
    }
    for (const key of ['allow_failure', 'interruptible']) {
      const v = get(rule, key);
      if (!isNullish(v) && !isBoolean(v)) {
        error('rules-boolean', `${key.replace(/_/g, ' ')} should be a boolean value`, v!);
      }
    }
    const startIn = getEntry(rule, 'start_in');
    const delayed = scalarString(when) === 'delayed';
    if (startIn && !delayed) {
      own.error(
        'rules-start-in',
        entryMessage(location, 'config contains disallowed keys: start_in'),
        startIn.keyRange,
        jobName,
      );
    }
    if (delayed && job) {
      // rules/rule.rb: presence, then the duration (a missing value is no duration either).
      if (isNullish(startIn?.value)) error('rules-start-in', "start in can't be blank", rule);
      checkDuration('start in', startIn?.value, location, job, own, rule.range);
    }
    reportRuleClauses(location, rule, own, sink, jobName);
    const needs = get(rule, 'needs');
    // rules/rule.rb: `entry :needs, Entry::Needs, metadata: { allowed_needs: %i[job] }`.
    if (needs !== undefined && job) readNeeds(job.group, job.kind, needs, sink, `${location}:needs`, true);
  }
}

function validatePolicy(location: string, policy: YNode, job: JobDef, sink: DiagnosticSink): void {
  const error = (code: string, message: string, node: YNode): void =>
    sink.error(code, entryMessage(location, message), node.range, job.name);
  if (policy.kind === 'seq') {
    if (!policy.items.every(isString)) {
      error('policy-shape', 'config should be an array of strings or regular expressions using re2 syntax', policy);
    }
    return;
  }
  if (policy.kind !== 'map') {
    // Policy::UnknownStrategy: not a validator message, so it is not downcased.
    sink.error('policy-shape', `${location} has to be either an array of conditions or a hash`, policy.range, job.name);
    return;
  }
  if (policy.entries.length === 0) {
    error('policy-shape', "config can't be blank", policy);
    return;
  }
  const unknown = policy.entries.filter((e) => !POLICY_KEYS.includes(e.key));
  if (unknown.length > 0) {
    sink.error(
      'policy-keys',
      entryMessage(location, `config contains unknown keys: ${unknown.map((e) => e.key).join(', ')}`),
      unknown[0]!.keyRange,
      job.name,
    );
  }
  const refs = get(policy, 'refs');
  if (!isNullish(refs) && !isArrayOfStrings(refs)) {
    error('policy-shape', 'refs should be an array of strings or regular expressions using re2 syntax', refs!);
  }
  const kubernetes = get(policy, 'kubernetes');
  // policy.rb `validates :kubernetes, allowed_values: %w[active]`: AllowedValuesValidator, as for a rule's `when`.
  if (!isNullish(kubernetes) && kubernetes!.kind !== 'ref' && rubyText(kubernetes!) !== 'active') {
    error('policy-shape', `kubernetes unknown value: ${rubyText(kubernetes!)}`, kubernetes!);
  }
  for (const key of ['variables', 'changes']) {
    const v = get(policy, key);
    if (!isNullish(v) && !isArrayOfStrings(v)) error('policy-shape', `${key} should be an array of strings`, v!);
  }
}
