// The shape of `trigger:` itself (lib/gitlab/ci/config/entry/trigger.rb): a String (SimpleTrigger, not blank), or a
// Hash — with `include`, SameProjectTrigger (keys strategy, include, forward); without, CrossProjectTrigger (keys
// project, branch, strategy, forward; `project` a String and not blank, `branch` a String). Anything else is its
// UnknownStrategy, whose message is not downcased. Validator messages come in the order of the `validates` lines.
// Not checked here: the allowed keys (newer GitLab added `inputs`, and a key this tool does not know may be a newer
// form: a hash with one is not judged at all), `forward` values, `include` entries past their type
// (combinationChecks.ts, the child's own analysis). `strategy` is judged only where no version accepts it: the
// message is that of the version these checks follow (`should be depend`); `mirror`, accepted by later versions,
// is not judged, nor is what changed across versions.
import type { Checks } from './referenceCheckTypes';
import type { JobDef } from './jobTypes';
import type { YNode, YScalar } from '../yaml/node';
import { get, isNull } from '../yaml/node';
import { entryMessage } from './entryMessage';
import { isBlank } from './rubyText';
import { findUnresolved } from '../merge/unresolved';

/** CrossProjectTrigger's keys, with `inputs` of newer versions. */
const CROSS_PROJECT_KEYS = ['project', 'branch', 'strategy', 'forward', 'inputs'];
/** SameProjectTrigger's keys, with `inputs` of newer versions. */
const CHILD_KEYS = ['include', 'strategy', 'forward', 'inputs'];
/** The strategies some GitLab version accepts (`mirror` since 18.2). */
const STRATEGIES = ['depend', 'mirror'];

/** TypeValidator with String: a Ruby String (a Symbol is not one). */
function isRubyString(n: YNode | undefined): n is YScalar {
  return n?.kind === 'scalar' && typeof n.value === 'string' && n.symbol !== true;
}

export function checkTriggerShape({ sink, once }: Checks, j: JobDef): void {
  const trigger = get(j.node, 'trigger');
  // Absent or null: the job is not classified as a trigger by it. A value from an include not read offline: unknown
  // (the placeholder is reported where the reference is resolved).
  if (trigger === undefined || isNull(trigger) || findUnresolved(trigger)) return;
  const location = `jobs:${j.group}:trigger`;
  const error = (key: string, message: string, at: YNode['range']): void =>
    once(j, `trigger-shape|${key}`, () => sink.error('trigger-shape', message, at, j.name));
  if (trigger.kind === 'scalar' && isRubyString(trigger)) {
    if (isBlank(trigger)) error('blank', entryMessage(location, "config can't be blank"), trigger.range);
    return;
  }
  if (trigger.kind !== 'map') {
    error('type', `${location} has to be either a string or a hash`, trigger.range);
    return;
  }
  if (trigger.entries.length === 0) error('blank', entryMessage(location, "config can't be blank"), trigger.range);
  // With `include`: a child pipeline (its entries' type here, the rest elsewhere). A key not known here: not judged.
  const include = get(trigger, 'include');
  if (include?.kind === 'seq') checkIncludeItems(include.items, location, error);
  if (trigger.entries.some((e) => !(include ? CHILD_KEYS : CROSS_PROJECT_KEYS).includes(e.key))) return;
  if (!include) checkCrossProject(trigger, location, error);
  // `validates :strategy, type: String, inclusion: …, allow_nil: true`: both messages for a value not a String.
  const strategy = get(trigger, 'strategy');
  if (strategy === undefined || isNull(strategy)) return;
  const known = isRubyString(strategy);
  if (!known) error('strategy-type', entryMessage(location, 'strategy should be a string'), strategy.range);
  if (!known || !STRATEGIES.includes(String(strategy.value))) {
    error('strategy', entryMessage(location, 'strategy should be depend'), strategy.range);
  }
}

type Report = (key: string, message: string, at: YNode['range']) => void;

/** Each item of `trigger:include` is an Entry::Include: `validates :config, hash_or_string: true`. */
function checkIncludeItems(items: readonly YNode[], location: string, error: Report): void {
  items.forEach((item, index) => {
    if (item.kind === 'map' || item.kind === 'ref' || isRubyString(item) || findUnresolved(item)) return;
    error(
      `include|${index}`,
      entryMessage(`${location}:include:include`, 'config should be a hash or a string'),
      item.range,
    );
  });
}

/** CrossProjectTrigger: `project` a String and not blank, `branch` a String or nil. */
function checkCrossProject(trigger: YNode, location: string, error: Report): void {
  const project = get(trigger, 'project');
  if (!isRubyString(project)) {
    error('project-type', entryMessage(location, 'project should be a string'), (project ?? trigger).range);
  }
  if (isBlank(project)) {
    error('project-blank', entryMessage(location, "project can't be blank"), (project ?? trigger).range);
  }
  const branch = get(trigger, 'branch');
  if (branch !== undefined && !isNull(branch) && !isRubyString(branch)) {
    error('branch-type', entryMessage(location, 'branch should be a string'), branch.range);
  }
}
