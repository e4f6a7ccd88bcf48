// Which configuration error GitLab names when it refuses a pipeline. lib/gitlab/ci/yaml_processor.rb#execute returns
// the entry tree's errors (phase 8 of spec R0.1) when there are any, and runs its logical validations (phase 10)
// only when there are none; those raise at their first error, in this order: each normalized job in turn (parallel
// instances in place) — its stage, its `dependencies`, its `needs` (with `rules:needs`), its `trigger:include` jobs —
// then the needs cycles. The engine reports every problem it finds (each is a real one: GitLab names the next once
// the first is fixed), in the order its checks run; the pipeline's message must be the one GitLab gives.
import type { Diagnostic } from '../model';
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
  ['needs-cycle', 3],
]);

/** The error GitLab would report first among `items` (undefined when there is none). */
export function firstConfigError(items: readonly Diagnostic[], jobs: readonly JobDef[]): Diagnostic | undefined {
  const errors = items.filter((d) => d.severity === 'error');
  const entry = errors.find((d) => !LOGICAL.has(d.code));
  if (entry) return entry;
  const position = new Map<string, number>();
  jobs.forEach((j, i) => {
    if (!position.has(j.name)) position.set(j.name, i);
    if (!position.has(j.group)) position.set(j.group, i);
  });
  const rank = (d: Diagnostic): [number, number] =>
    d.code === 'needs-cycle' ? [jobs.length, 0] : [position.get(d.job ?? '') ?? jobs.length, LOGICAL.get(d.code) ?? 0];
  // Stable: within one job and one check, the engine's own order (the entries' order) decides.
  return [...errors].sort((a, b) => {
    const [ja, ca] = rank(a);
    const [jb, cb] = rank(b);
    return ja - jb || ca - cb;
  })[0];
}
