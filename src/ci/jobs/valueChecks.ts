// Shapes of the job, `default:` and root values the engine does not otherwise read, with GitLab's messages (each
// entry's validations in its own order; docs/validation-reference.md lists them). Sources (gitlabhq):
//   lib/gitlab/ci/config/entry/job.rb        `script` present unless `run:` is given ("script can't be blank")
//   lib/gitlab/ci/config/entry/commands.rb   script/before_script/after_script: `string_or_nested_array_of_strings`
//                                            with max_level 10 (lib/gitlab/config/entry/validators.rb and
//                                            validators/nested_array_helpers.rb)
// Variables: variableChecks.ts. A value that is null is an unspecified entry (never validated); an unresolved
// `!reference` is not judged (it is reported where it is resolved, or unknown).
import type { DiagnosticSink } from '../diagnostics';
import type { YMap, YNode } from '../yaml/node';
import { getEntry } from '../yaml/node';
import { isNullish, isString } from './entryMessage';
import { isBlank } from './rubyText';
import { checkVariables, JOB_VARIABLE_DATA, ROOT_VARIABLE_DATA } from './variableChecks';
import { isUnknown, reporter, type Report } from './valueReport';
import { looksLikeJob } from './classifyJob';

/** Commands::MAX_NESTING_LEVEL. */
const MAX_COMMANDS_NESTING = 10;
const COMMANDS_MESSAGE = `config should be a string or a nested array of strings up to ${MAX_COMMANDS_NESTING} levels deep`;

/** The values of one job's own mapping (after `extends`, before `default:` is applied: those are checked there). */
export function checkJobValues(
  name: string,
  kind: 'job' | 'trigger',
  node: YMap,
  _lenient: boolean,
  sink: DiagnosticSink,
): void {
  const report = reporter(sink, name);
  const at = `jobs:${name}`;
  const value = (key: string): YNode | undefined => getEntry(node, key)?.value;
  const script = value('script');
  if (kind === 'job' && getEntry(node, 'script') && !getEntry(node, 'run') && !isUnknown(script) && isBlank(script)) {
    report('job-script', at, "script can't be blank", script!);
  }
  checkVariables(`${at}:variables`, value('variables'), JOB_VARIABLE_DATA, report);
  if (kind === 'trigger') return; // a trigger job has none of the keys below (bridge.rb)
  for (const key of ['before_script', 'script', 'after_script']) checkCommands(`${at}:${key}`, value(key), report);
}

/** `default:` and the root's own keywords (the deprecated global ones included), in root.rb's order. */
export function checkRootValues(config: YMap, _lenient: boolean, sink: DiagnosticSink): void {
  const report = reporter(sink, undefined);
  const value = (key: string): YNode | undefined => getEntry(config, key)?.value;
  const def = value('default');
  if (def?.kind === 'map' && !looksLikeJob(def)) checkDefault(def, report);
  checkCommands('before_script', value('before_script'), report);
  checkCommands('after_script', value('after_script'), report);
  checkVariables('variables', value('variables'), ROOT_VARIABLE_DATA, report);
}

function checkDefault(def: YMap, report: Report): void {
  const value = (key: string): YNode | undefined => getEntry(def, key)?.value;
  checkCommands('default:before_script', value('before_script'), report);
  checkCommands('default:after_script', value('after_script'), report);
}

function checkCommands(location: string, node: YNode | undefined, report: Report): void {
  if (isNullish(node) || isUnknown(node)) return;
  if (isString(node) || (node!.kind === 'seq' && nestedStrings(node!, MAX_COMMANDS_NESTING) === 'yes')) return;
  if (node!.kind === 'seq' && nestedStrings(node!, MAX_COMMANDS_NESTING) === 'unknown') return;
  report('script-shape', location, COMMANDS_MESSAGE, node!);
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
