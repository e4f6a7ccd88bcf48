// What a root entry of the configuration is (spec R1.1, R1.2): a job (`script:`/`run:`), a bridge (`trigger:`),
// or something GitLab rejects, and whether its keys are ones that kind of job accepts.
import type { DiagnosticSink } from '../diagnostics';
import type { SourceRange } from '../model';
import type { YEntry, YMap, YNode } from '../yaml/node';
import { getEntry, isNull } from '../yaml/node';
import { BRIDGE_KEYS, JOB_KEYS } from './keywords';
import { entryMessage, implementMessage } from './entryMessage';
import { isUnresolved } from '../merge/reference';
import { unresolvedSource } from '../merge/unresolved';

/** A mapping with a job's keys: under a soft root key (`workflow`, `default`, …) it is a job of that name, not the keyword. */
export function looksLikeJob(value: YNode): boolean {
  return value.kind === 'map' && ['script', 'run', 'trigger', 'needs'].some((k) => getEntry(value, k) !== undefined);
}

export function classify(
  name: string,
  entry: YEntry,
  sink: DiagnosticSink,
  lenient: boolean,
): 'job' | 'trigger' | undefined {
  const value = entry.value;
  if (isUnresolved(value)) {
    // The whole job from a reference to an include not read offline: nothing of it is known, so it is not built.
    const message = `jobs:${name} is not shown: its definition comes from ${unresolvedSource(value)}`;
    sink.warning('job-unresolved', message, entry.keyRange, name);
    return undefined;
  }
  const has = (k: string): boolean => value.kind === 'map' && getEntry(value, k) !== undefined;
  if (value.kind === 'map' && (has('script') || has('run'))) {
    // Processable's pairs (script/trigger, run/trigger), then Job's own: its allowed keys (trigger is not one) and
    // script/run. Each pair is MutuallyExclusiveKeysValidator's message, keys in the job's order.
    const together = (pair: readonly string[]): void => {
      const keys = value.entries.map((e) => e.key).filter((k) => pair.includes(k));
      if (keys.length < 2) return;
      const message = entryMessage(`jobs:${name}`, `config these keys cannot be used together: ${keys.join(', ')}`);
      sink.error('job-keys', message, entry.keyRange, name);
    };
    together(['script', 'trigger']);
    together(['run', 'trigger']);
    checkKeys(name, value, JOB_KEYS, sink);
    together(['script', 'run']);
    return 'job';
  }
  if (value.kind === 'map' && has('trigger')) {
    checkKeys(name, value, BRIDGE_KEYS, sink);
    // bridge.rb: a `trigger:` written without a value defines no trigger (bridge_spec.rb, "when trigger config is
    // nil"); this edition's needs hold no bridge need, so the bridge has neither. (The null an unresolved
    // `!reference` stands for offline is no written null: that trigger is unknown, not absent.)
    const trigger = getEntry(value, 'trigger')?.value;
    if (isNull(trigger) && !isUnresolved(trigger)) {
      sink.error('job-type', eitherMessage(name), entry.keyRange, name);
      return undefined;
    }
    return 'trigger';
  }
  if (lenient && value.kind === 'map') {
    // Most likely this overrides a job that an unresolved include (a template, a component) defines.
    sink.warning(
      'job-incomplete',
      `jobs:${name} has no script:, run: or trigger: here; it probably completes a job from an include that is not resolved offline`,
      entry.keyRange,
      name,
    );
    return 'job';
  }
  if (value.kind === 'map' && has('needs')) {
    // A needs-only job is classified as a bridge and needs a trigger or needs:pipeline (T44).
    sink.error('job-type', eitherMessage(name), entry.keyRange, name);
    return undefined;
  }
  sink.error('job-type', implementMessage(name), entry.keyRange, name);
  return undefined;
}

/** No visible job: GitLab's error, or offline a warning, as the includes not read probably define them (true then). */
export function reportNoJobs(sink: DiagnosticSink, lenient: boolean, at: SourceRange): boolean {
  if (!lenient) sink.error('no-jobs', 'jobs config should contain at least one visible job', at);
  else sink.warning('no-jobs-here', 'No visible job here: the includes not resolved offline probably define them', at);
  return lenient;
}

function checkKeys(name: string, node: YMap, allowed: Set<string>, sink: DiagnosticSink): void {
  const unknown = node.entries.filter((e) => !allowed.has(e.key));
  if (unknown.length > 0) {
    sink.error(
      'job-keys',
      entryMessage(`jobs:${name}`, `config contains unknown keys: ${unknown.map((e) => e.key).join(', ')}`),
      unknown[0]!.keyRange,
      name,
    );
  }
}

function eitherMessage(name: string): string {
  return entryMessage(`jobs:${name}`, 'config should contain either a trigger or a needs:pipeline');
}
