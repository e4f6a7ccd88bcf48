// Shapes of the job, `default:` and root values the engine does not otherwise read, with GitLab's messages (each
// entry's validations in its own order; docs/validation-reference.md lists them). Sources (gitlabhq):
//   lib/gitlab/ci/config/entry/job.rb        `script` present unless `run:` is given ("script can't be blank")
//   lib/gitlab/ci/config/entry/processable.rb `resource_group` a String
//   lib/gitlab/ci/config/entry/environment.rb a hash or a String, with a name
//   lib/gitlab/ci/config/entry/commands.rb   script/before_script/after_script: `string_or_nested_array_of_strings`
//                                            with max_level 10 (lib/gitlab/config/entry/validators.rb and
//                                            validators/nested_array_helpers.rb)
//   lib/gitlab/ci/config/entry/tags.rb       an array of strings
//   lib/gitlab/ci/config/entry/retry.rb      an Integer 0..2, or a hash of max/when/exit_codes; every message is at
//                                            the fixed location `retry` (its strategies override #location)
//   lib/gitlab/ci/config/entry/timeout.rb    a duration within Project::MAX_BUILD_TIMEOUT (one month)
//   lib/gitlab/ci/config/entry/coverage.rb   `regexp: true`: a String written `/…/flags` (RE2 syntax not judged here)
//   lib/gitlab/ci/config/entry/default.rb    its `interruptible` (a Boolean) and `artifacts` (artifacts.ts) are its
//                                            own entries: judged at `default:<key>`, never again in the jobs
//   lib/gitlab/ci/config/entry/default.rb, root.rb, workflow.rb  `default:`/`workflow:` are hashes (Configurable's
//                                            `type: Hash`); workflow keys `rules name auto_cancel`
// Variables: variableChecks.ts; image, services, cache: imageChecks.ts. A value that is null is an unspecified entry
// (never validated); an unresolved `!reference` is not judged (it is reported where it is resolved, or unknown).
import { checkIdTokens } from './idTokenChecks';
import { checkRelease } from './releaseChecks';
import type { DiagnosticSink } from '../diagnostics';
import type { YMap, YNode } from '../yaml/node';
import { getEntry } from '../yaml/node';
import { parseDuration } from '../pipeline/duration';
import { entryMessage, isArrayOfStrings, isBoolean, isNullish, isString } from './entryMessage';
import { checkDefaultArtifacts } from './artifacts';
import { reportUnresolved } from '../merge/unresolved';
import { isBlank, rubyString } from './rubyText';
import { checkCache, checkImage, checkServices } from './imageChecks';
import { checkVariables, JOB_VARIABLE_DATA, ROOT_VARIABLE_DATA } from './variableChecks';
import { isUnknown, reporter, type Report } from './valueReport';
import { looksLikeJob } from './classifyJob';

/** Commands::MAX_NESTING_LEVEL. */
const MAX_COMMANDS_NESTING = 10;
const COMMANDS_MESSAGE = `config should be a string or a nested array of strings up to ${MAX_COMMANDS_NESTING} levels deep`;
/**
 * Project::MAX_BUILD_TIMEOUT is one month; GitLab compares with ChronicDuration's reading of its text, which lies
 * between 30 days and 30.44 days. Only what passes 31 days is surely over it: between, nothing is said.
 */
const SURELY_OVER_TIMEOUT = 31 * 86400;
const WORKFLOW_KEYS = ['rules', 'name', 'auto_cancel'];

/** The values of one job's own mapping (after `extends`, before `default:` is applied: those are checked there). */
export function checkJobValues(
  name: string,
  kind: 'job' | 'trigger',
  node: YMap,
  lenient: boolean,
  sink: DiagnosticSink,
): void {
  const report = reporter(sink, name);
  const at = `jobs:${name}`;
  const value = (key: string): YNode | undefined => getEntry(node, key)?.value;
  const script = value('script');
  if (kind === 'job' && getEntry(node, 'script') && !getEntry(node, 'run') && !isUnknown(script) && isBlank(script)) {
    report('job-script', at, "script can't be blank", script!);
  }
  const resourceGroup = value('resource_group');
  if (!report.skip(`${at}:resource_group`, resourceGroup) && rubyString(resourceGroup) === undefined) {
    report('resource-group-shape', at, 'resource group should be a string', resourceGroup!);
  }
  checkVariables(`${at}:variables`, value('variables'), JOB_VARIABLE_DATA, report);
  checkEnvironment(`${at}:environment`, value('environment'), lenient, report);
  if (kind === 'trigger') return; // a trigger job has none of the keys below (bridge.rb)
  for (const key of ['before_script', 'script', 'after_script']) checkCommands(`${at}:${key}`, value(key), report);
  checkHooks(`${at}:hooks`, value('hooks'), report);
  checkCache(at, value('cache'), report);
  checkImage(`${at}:image`, value('image'), lenient, report);
  checkServices(`${at}:services`, value('services'), lenient, report);
  checkTimeout(`${at}:timeout`, value('timeout'), report);
  checkRetry(value('retry'), report);
  checkTags(`${at}:tags`, value('tags'), report);
  checkCoverage(`${at}:coverage`, value('coverage'), report);
  checkIdTokens(`${at}:id_tokens`, value('id_tokens'), lenient, report);
  checkRelease(`${at}:release`, value('release'), lenient, report);
}

/** `default:`, the root's own keywords (the deprecated global ones included) and `workflow:`, in root.rb's order. */
export function checkRootValues(config: YMap, lenient: boolean, sink: DiagnosticSink): void {
  const report = reporter(sink, undefined);
  const value = (key: string): YNode | undefined => getEntry(config, key)?.value;
  const def = value('default');
  if (!isNullish(def) && !isUnknown(def) && !looksLikeJob(def!)) {
    if (def!.kind !== 'map') report('default-shape', 'default', 'config should be a hash', def!);
    else checkDefault(def!, lenient, report, sink);
  }
  checkCommands('before_script', value('before_script'), report);
  checkImage('image', value('image'), lenient, report);
  checkServices('services', value('services'), lenient, report);
  checkCommands('after_script', value('after_script'), report);
  checkVariables('variables', value('variables'), ROOT_VARIABLE_DATA, report);
  checkCache('', value('cache'), report);
  const workflow = value('workflow');
  if (!isNullish(workflow) && !isUnknown(workflow) && !looksLikeJob(workflow!)) {
    if (workflow!.kind !== 'map') report('workflow-shape', 'workflow', 'config should be a hash', workflow!);
    else {
      const unknown = workflow!.entries.filter((e) => !WORKFLOW_KEYS.includes(e.key));
      if (unknown.length > 0) {
        const keys = unknown.map((e) => e.key).join(', ');
        sink.error(
          'workflow-shape',
          entryMessage('workflow', `config contains unknown keys: ${keys}`),
          unknown[0]!.keyRange,
        );
      }
    }
  }
}

/**
 * default.rb's entries, each validated where `default:` is written: a job inherits the entry itself, which keeps its
 * location `default:<key>` (config/entry/inheritable.rb), so the jobs never report it again.
 */
function checkDefault(def: YMap, lenient: boolean, report: Report, sink: DiagnosticSink): void {
  const value = (key: string): YNode | undefined => getEntry(def, key)?.value;
  checkBoolean('default:interruptible', value('interruptible'), sink, report);
  checkCommands('default:before_script', value('before_script'), report);
  checkCommands('default:after_script', value('after_script'), report);
  checkHooks('default:hooks', value('hooks'), report);
  checkCache('default', value('cache'), report);
  checkImage('default:image', value('image'), lenient, report);
  checkServices('default:services', value('services'), lenient, report);
  checkTimeout('default:timeout', value('timeout'), report);
  checkRetry(value('retry'), report);
  checkTags('default:tags', value('tags'), report);
  checkDefaultArtifacts(value('artifacts'), sink);
  checkIdTokens('default:id_tokens', value('id_tokens'), lenient, report);
}

/** ::Gitlab::Config::Entry::Boolean (`validates :config, boolean: true`): true or false. */
function checkBoolean(location: string, node: YNode | undefined, sink: DiagnosticSink, report: Report): void {
  if (reportUnresolved(sink, location, node) || isNullish(node)) return; // the placeholder is a null: asked first
  if (!isBoolean(node)) report('default-interruptible', location, 'config should be a boolean value', node!);
}

function checkCommands(location: string, node: YNode | undefined, report: Report): void {
  if (report.skip(location, node) || isString(node)) return;
  const nested = node!.kind === 'seq' ? nestedStrings(node!, MAX_COMMANDS_NESTING) : 'no';
  // A list that only an unresolved !reference keeps from passing is not judged: said so.
  if (nested === 'unknown') report.notChecked(location, node);
  if (nested !== 'no') return;
  report('script-shape', location, COMMANDS_MESSAGE, node!);
}

/** hooks.rb: a Hash of the allowed hooks (`pre_get_sources_script`), each hook a list of commands. */
function checkHooks(location: string, node: YNode | undefined, report: Report): void {
  if (report.skip(location, node)) return;
  if (node!.kind !== 'map') {
    report('hooks-shape', location, 'config should be a hash', node!);
    return;
  }
  const unknown = node!.entries.filter((e) => e.key !== 'pre_get_sources_script');
  if (unknown.length > 0) {
    report('hooks-shape', location, `config contains unknown keys: ${unknown.map((e) => e.key).join(', ')}`, node!);
  }
  checkCommands(`${location}:pre_get_sources_script`, getEntry(node!, 'pre_get_sources_script')?.value, report);
}

/**
 * NestedArrayHelpers#validate_nested_array_recursively: a string passes, else an array whose items pass one level
 * down, until the levels run out. 'unknown' when only an unresolved `!reference` keeps it from passing.
 */
function nestedStrings(node: YNode, level: number): 'yes' | 'no' | 'unknown' {
  if (isString(node)) return 'yes';
  if (isUnknown(node)) return 'unknown';
  if (level <= 0 || node.kind !== 'seq') return 'no';
  let result: 'yes' | 'no' | 'unknown' = 'yes';
  for (const item of node.items) {
    const r = nestedStrings(item, level - 1);
    if (r === 'no') return 'no';
    if (r === 'unknown') result = 'unknown';
  }
  return result;
}

/**
 * environment.rb: a hash or a String, with a present name. Its other messages on the name (type and format) name
 * Gitlab::Regex.environment_name_regex_message, not read here: not reported.
 */
function checkEnvironment(location: string, node: YNode | undefined, lenient: boolean, report: Report): void {
  if (report.skip(location, node)) return;
  if (node!.kind !== 'map' && rubyString(node) === undefined) {
    report('environment-shape', location, 'config should be a hash or a string', node!);
    report('environment-shape', location, "name can't be blank", node!);
    return;
  }
  const name = node!.kind === 'map' ? getEntry(node!, 'name')?.value : node;
  // Offline, a hash may be merged with an included one that has the name.
  if (isUnknown(name)) {
    report.notChecked(`${location}:name`, name);
    return;
  }
  if (lenient && name === undefined) return;
  if (isBlank(name)) report('environment-shape', location, "name can't be blank", name ?? node!);
}

function checkTags(location: string, node: YNode | undefined, report: Report): void {
  if (report.skip(location, node) || report.unknownItem(location, node)) return;
  if (!isArrayOfStrings(node)) report('tags-shape', location, 'config should be an array of strings', node!);
}

function checkTimeout(location: string, node: YNode | undefined, report: Report): void {
  if (report.skip(location, node)) return;
  const text = rubyString(node);
  if (text === undefined) {
    // DurationValidator: what is no String is no duration, and fails the limit check as well.
    report('timeout-shape', location, 'config should be a duration', node!);
    report('timeout-shape', location, 'config should not exceed the limit', node!);
    return;
  }
  // `never` is artifacts:expire_in's word, no duration: ChronicDuration finds no number in it, so the timeout fails
  // both checks, as a value that is no String does.
  if (/^\s*never\s*$/i.test(text)) {
    report('timeout-shape', location, 'config should be a duration', node!);
    report('timeout-shape', location, 'config should not exceed the limit', node!);
    return;
  }
  // A text our reader does not know (ChronicDuration reads more forms) is not judged. The limit is one month
  // (timeout.rb), 30 or 30.44 days as ChronicDuration counts one, and the value must be below it: 31 days never is.
  const seconds = parseDuration(text);
  if (seconds !== undefined && Number.isFinite(seconds) && seconds >= SURELY_OVER_TIMEOUT) {
    report('timeout-shape', location, 'config should not exceed the limit', node!);
  }
}

/** Retry's strategies: SimpleRetry for an Integer, FullRetry for a hash, else UnknownStrategy. */
function checkRetry(node: YNode | undefined, report: Report): void {
  if (report.skip('retry', node)) return;
  const error = (message: string, at: YNode): void => report('retry-shape', 'retry', message, at);
  if (isInteger(node!)) {
    checkRetryMax('config', node!, error);
    return;
  }
  if (node!.kind !== 'map') {
    error('config has to be either an integer or a hash', node!);
    return;
  }
  const unknown = node!.entries.filter((e) => !['max', 'when', 'exit_codes'].includes(e.key));
  if (unknown.length > 0) error(`config contains unknown keys: ${unknown.map((e) => e.key).join(', ')}`, node!);
  const max = getEntry(node!, 'max')?.value;
  if (isUnknown(max)) report.notChecked('retry:max', max);
  // Rails' numericality reads numbers out of strings too: only numbers are judged here.
  if (max?.kind === 'scalar' && typeof max.value === 'number') {
    if (!isInteger(max)) error('max must be an integer', max);
    else checkRetryMax('max', max, error);
  }
  const when = getEntry(node!, 'when')?.value;
  const whenKnown = !report.skip('retry:when', when) && !report.unknownItem('retry:when', when);
  if (whenKnown && !isString(when) && !isArrayOfStrings(when)) {
    error('when should be an array of strings or a string', when!);
  }
  const codes = getEntry(node!, 'exit_codes')?.value;
  const codesKnown = !report.skip('retry:exit_codes', codes) && !report.unknownItem('retry:exit_codes', codes);
  if (codesKnown && !isInteger(codes!) && !(codes!.kind === 'seq' && codes!.items.every(isInteger))) {
    error('exit codes should be an array of integers or an integer', codes!);
  }
}

function checkRetryMax(attribute: string, node: YNode, error: (message: string, at: YNode) => void): void {
  const v = node.kind === 'scalar' && typeof node.value === 'number' ? node.value : 0;
  if (v < 0) error(`${attribute} must be greater than or equal to 0`, node);
  if (v > 2) error(`${attribute} must be less than or equal to 2`, node);
}

function checkCoverage(location: string, node: YNode | undefined, report: Report): void {
  if (report.skip(location, node)) return;
  const text = rubyString(node);
  // RubySyntax.matches_syntax?: `^/(.*)/[ismU]*$` with Ruby's line anchors. Line breaks JS reads differently
  // (\r, U+2028, U+2029) leave the answer unknown. Whether RE2 accepts the pattern is not judged here.
  if (text !== undefined && (/[\r\u2028\u2029]/.test(text) || /^\/.*\/[ismU]*$/m.test(text))) return;
  report('coverage-shape', location, 'config must be a regular expression with re2 syntax', node!);
}

function isInteger(n: YNode): boolean {
  return n.kind === 'scalar' && typeof n.value === 'number' && n.float !== true && Number.isInteger(n.value);
}
