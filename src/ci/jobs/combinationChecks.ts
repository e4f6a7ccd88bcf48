// Two checks of yaml_processor.rb's logical validation that read one job only: `dependencies` with `needs`
// (spec R5.1.3) and `trigger:include` entries (spec R5.4). Called from referenceChecks.ts.
import type { YNode } from '../yaml/node';
import { get, isNull, scalarString } from '../yaml/node';
import type { JobDef } from './jobTypes';
import { entryMessage } from './entryMessage';
import { isBlank } from './rubyText';
import type { Checks } from './referenceCheckTypes';
import { isUnresolved } from '../merge/reference';
import { findUnresolved, reportUnresolved } from '../merge/unresolved';

/** `dependencies` must be part of `needs` when both are given (spec R5.1.3). Messages are lowercased whole. */
export function checkCombination({ sink, once }: Checks, j: JobDef): void {
  if (!j.dependencies || j.dependencies.length === 0 || !j.needs || j.needs.length === 0) return;
  const at = j.dependenciesRange ?? j.keyRange;
  const jobNeeds = j.needs.filter((n) => n.type === 'job');
  if (jobNeeds.length === 0) {
    once(j, 'combo-same', () =>
      sink.error(
        'dependencies-needs',
        entryMessage(`jobs:${j.group}`, 'needs corresponding to dependencies must be from the same pipeline'),
        at,
        j.name,
      ),
    );
    return;
  }
  const needed = new Set(jobNeeds.map((n) => n.job));
  const missing = j.dependencies.map((d) => d.name).filter((d) => !needed.has(d));
  // A need named by an unresolved `!reference` (said where needs are read) may be any of them: not judged.
  if (missing.length > 0 && !findUnresolved(get(j.node, 'needs'))) {
    once(j, 'combo', () =>
      sink.error(
        'dependencies-needs',
        entryMessage(`jobs:${j.group}`, `dependencies the ${missing.join(', ')} should be part of needs`),
        at,
        j.name,
      ),
    );
  }
}

/**
 * `trigger:include` (spec R5.4): at most 3 entries; an entry's `job` names an existing job of this or an earlier stage
 * (yaml_processor.rb validate_dynamic_child_pipeline_dependencies! checks every entry with a `job`, artifact or not).
 */
export function checkTriggerInclude({ byName, sink, later, once, unresolved }: Checks, j: JobDef): void {
  const trigger = get(j.node, 'trigger');
  const include = get(trigger, 'include');
  // What is triggered comes from an include not read offline: unknown, said once (the child is not analysed).
  const whole = isUnresolved(trigger) ? trigger : isUnresolved(include) ? include : undefined;
  if (whole) once(j, 'tu', () => reportUnresolved(sink, `jobs:${j.group}:trigger`, whole, j.name));
  if (include?.kind !== 'seq') return;
  if (include.items.length > 3) {
    once(j, 'trigger-include', () =>
      sink.error(
        'trigger-include',
        entryMessage(`jobs:${j.group}:trigger:include`, 'config is too long (maximum is 3)'),
        include.range,
        j.name,
      ),
    );
  }
  include.items.forEach((item, index) => {
    const artifact = get(item, 'artifact');
    const jobNode = get(item, 'job');
    // The job named by a reference to an include not read offline: unknown, so neither blank nor undefined.
    if (isUnresolved(jobNode)) {
      once(j, `tiu|${index}`, () => reportUnresolved(sink, `jobs:${j.group}:trigger:include:job`, jobNode, j.name));
      return;
    }
    const part = findUnresolved(item); // the file, project or artifact: the known rest is still checked
    if (part) once(j, `tiu|${index}`, () => reportUnresolved(sink, `jobs:${j.group}:trigger:include`, part, j.name));
    // lib/gitlab/ci/config/entry/include.rb: `if config[:artifact] && config[:job].blank?` (an artifact that is
    // not nil or false). Each entry of trigger.rb's SameProjectTrigger `entry :include, Entry::Includes` is an
    // Entry::Include keyed `include` (ComposableArray: the class name, underscored), so its location is
    // `jobs:<job>:trigger:include:include`. GitLab stops at this entry error: no dependency check follows.
    if (artifact !== undefined && !isNull(artifact) && !isFalse(artifact) && isBlank(get(item, 'job'))) {
      once(j, `tij|${index}`, () =>
        sink.error(
          'trigger-include',
          entryMessage(
            `jobs:${j.group}:trigger:include:include`,
            'config must specify the job where to fetch the artifact from',
          ),
          item.range,
          j.name,
        ),
      );
      return;
    }
    const artifactJob = scalarString(get(item, 'job'));
    if (item.kind !== 'map' || artifactJob === undefined) return;
    const target = byName.get(artifactJob);
    if (!target) {
      // With includes not read offline the job may be defined there: `unresolved` makes that a warning.
      once(j, `tia|${artifactJob}`, () =>
        unresolved(
          'trigger-include-undefined-job',
          `${j.name} job: undefined dependency: ${artifactJob}`,
          item.range,
          j.name,
        ),
      );
    } else if (later(target, j)) {
      once(j, `tias|${artifactJob}`, () =>
        sink.error(
          'trigger-include-job-stage',
          `${j.name} job: dependency ${artifactJob} is not defined in current or prior stages`,
          item.range,
          j.name,
        ),
      );
    }
  });
}

function isFalse(node: YNode): boolean {
  return node.kind === 'scalar' && node.value === false;
}
