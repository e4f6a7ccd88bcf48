// Which configuration error GitLab names when it refuses a pipeline. lib/gitlab/ci/yaml_processor.rb#execute returns
// the entry tree's errors (phase 8 of spec R0.1) when there are any, and runs its logical validations (phase 10)
// only when there are none; those raise at their first error, in this order: each normalized job in turn (parallel
// instances in place) — its stage, its `dependencies`, its `needs` (with `rules:needs`), its `trigger:include` jobs —
// then the needs cycles. The engine reports every problem it finds (each is a real one: GitLab names the next once
// the first is fixed), in the order its checks run; the pipeline's message must be the one GitLab gives. (Not
// modelled: the order of a job's keys among themselves, and of the root's keys among themselves.)
import type { Diagnostic, SourceRange } from '../model';
import { get } from '../yaml/node';
import type { JobDef } from './jobTypes';

/** yaml_processor.rb's checks by diagnostic code, in the order it runs them for one job; cycles after every job. */
const LOGICAL: ReadonlyMap<string, number> = new Map([
  ['unknown-stage', 0],
  ['undefined-dependency', 1],
  ['dependency-stage', 1],
  ['need-name-length', 2],
  ['undefined-need', 2],
  ['need-stage', 2],
  ['duplicate-needs', 2],
  // validate_job! ends with validate_dynamic_child_pipeline_dependencies! (own codes, the dependencies' texts).
  ['trigger-include-undefined-job', 3],
  ['trigger-include-job-stage', 3],
  ['needs-cycle', 4],
]);

/** The error GitLab would report first among `items` (undefined when there is none). */
export function firstConfigError(items: readonly Diagnostic[], jobs: readonly JobDef[]): Diagnostic | undefined {
  const errors = items.filter((d) => d.severity === 'error');
  const position = new Map<string, { index: number; group: string }>();
  jobs.forEach((j, index) => {
    if (!position.has(j.name)) position.set(j.name, { index, group: j.group });
    if (!position.has(j.group)) position.set(j.group, { index, group: j.group });
  });
  const entry = errors.filter((d) => !LOGICAL.has(d.code));
  if (entry.length > 0) {
    return enclosing(
      first(entry, (d) => entryRank(d, position)),
      entry,
      position,
      jobs,
    );
  }
  return first(errors, (d) =>
    d.code === 'needs-cycle'
      ? [jobs.length, 0]
      : [position.get(d.job ?? '')?.index ?? jobs.length, LOGICAL.get(d.code) ?? 0],
  );
}

/**
 * Entry errors in the entry tree's order (config/entry/validatable.rb: an entry's own messages, then its children's):
 * the root's entries before the jobs, the jobs in order, a job's own messages (`jobs:<name> …`) before those of its
 * keys (`jobs:<name>:…`). Within that, the engine's order.
 */
function entryRank(d: Diagnostic, position: ReadonlyMap<string, { index: number; group: string }>): [number, number] {
  const job = d.job === undefined ? undefined : position.get(d.job);
  if (!job) return [-1, 0];
  return [job.index, d.message.toLowerCase().startsWith(`jobs:${job.group} `.toLowerCase()) ? 0 : 1];
}

/**
 * An entry's own messages come before those of the entries inside it at any depth (`jobs:a:needs config …` before
 * `jobs:a:needs:need …`): the message on the outermost entry enclosing `chosen`, if there is one. The items of a
 * list share their path text (`rules:rule`), so an item's message encloses only what lies in that same item.
 */
function enclosing(
  chosen: Diagnostic | undefined,
  entry: readonly Diagnostic[],
  position: ReadonlyMap<string, { index: number; group: string }>,
  jobs: readonly JobDef[],
): Diagnostic | undefined {
  const at = chosen?.job === undefined ? undefined : position.get(chosen.job);
  const group = at?.group;
  const path = chosen && group !== undefined ? entryPath(chosen, group) : undefined;
  if (!chosen || !at || group === undefined || path === undefined) return chosen;
  const job = jobs[at.index];
  let best = chosen;
  let bestPath = path;
  for (const d of entry) {
    const p = d.job !== undefined && position.get(d.job)?.group === group ? entryPath(d, group) : undefined;
    if (
      p !== undefined &&
      p.length < bestPath.length &&
      bestPath.startsWith(`${p}:`) &&
      !inOtherItems(job, p, d, chosen)
    ) {
      best = d;
      bestPath = p;
    }
  }
  return best;
}

/**
 * Whether `d`, on an item of a job's list or inside one (`path` is `:rules:rule…`), and `chosen` lie in different
 * items of that list: composable_array.rb lists item 0's errors, its own and its children's, before item 1's. Only
 * when both positions fall in items of the job's list (else: not known to differ, the path decides as before).
 */
function inOtherItems(job: JobDef | undefined, path: string, d: Diagnostic, chosen: Diagnostic): boolean {
  const key = path.split(':')[1];
  const list = key === undefined || path.split(':').length < 3 ? undefined : get(job?.node, key);
  if (list?.kind !== 'seq') return false;
  const a = list.items.findIndex((n) => holds(n.range, d));
  const b = list.items.findIndex((n) => holds(n.range, chosen));
  return a >= 0 && b >= 0 && a !== b;
}

/** Whether a diagnostic starts within a range (same file). */
function holds(r: SourceRange, d: Diagnostic): boolean {
  if (r.file !== d.file) return false;
  const afterStart = d.line > r.line || (d.line === r.line && d.column >= r.column);
  const beforeEnd = d.line < r.endLine || (d.line === r.endLine && d.column <= r.endColumn);
  return afterStart && beforeEnd;
}

/**
 * The entry path of a message on a job's key below `jobs:<group>` (`:needs:need`), '' for the job's own. Validator
 * messages are downcased (config/entry/validator.rb), an unknown strategy's keep the job's case: compared in lower
 * case.
 */
function entryPath(d: Diagnostic, group: string): string | undefined {
  const prefix = `jobs:${group}`.toLowerCase();
  const text = d.message.toLowerCase();
  if (!text.startsWith(prefix)) return undefined;
  const rest = text.slice(prefix.length);
  const space = rest.indexOf(' ');
  return space < 0 ? undefined : rest.slice(0, space);
}

/** The first item by rank; a stable choice among equal ranks (the earliest reported). */
function first(items: readonly Diagnostic[], rank: (d: Diagnostic) => [number, number]): Diagnostic | undefined {
  let best: Diagnostic | undefined;
  let bestRank: [number, number] = [Infinity, Infinity];
  for (const d of items) {
    const r = rank(d);
    if (r[0] < bestRank[0] || (r[0] === bestRank[0] && r[1] < bestRank[1])) {
      best = d;
      bestRank = r;
    }
  }
  return best;
}
