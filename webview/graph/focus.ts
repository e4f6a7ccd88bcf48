// Focus mode, pure: a job's lineage (the jobs whose artifacts reach it, transitively, and the jobs its artifacts
// reach, transitively) and the model cut down to it, which the ordinary layout then draws compactly.
import type { FlowJob, FlowModel } from '../../src/ci/model';

/** The job names a focus target stands for: the job itself, or every instance of a parallel/matrix group. */
export function focusJobs(model: FlowModel, target: string): string[] {
  const exact = model.jobs.filter((j) => j.name === target);
  if (exact.length > 0) return [target];
  return model.jobs.filter((j) => j.group === target).map((j) => j.name);
}

/**
 * Upstream: sources that bring files or dotenv, followed back; downstream: consumers that receive something,
 * followed forward. Sources that bring nothing are not lineage (nothing of theirs reaches the job).
 */
export function lineage(
  model: FlowModel,
  roots: readonly string[],
): { up: Set<string>; down: Set<string>; all: Set<string> } {
  const byName = new Map(model.jobs.map((j) => [j.name, j] as const));
  const consumersOf = new Map<string, string[]>();
  for (const j of model.jobs) {
    for (const s of j.sources) {
      if (s.scope !== 'local' || (!s.files && !s.dotenv)) continue;
      (consumersOf.get(s.job) ?? consumersOf.set(s.job, []).get(s.job)!).push(j.name);
    }
  }
  const walk = (next: (name: string) => Iterable<string>): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const name = stack.pop()!;
      for (const n of next(name)) {
        if (seen.has(n) || roots.includes(n)) continue;
        seen.add(n);
        stack.push(n);
      }
    }
    return seen;
  };
  const up = walk((name) =>
    (byName.get(name)?.sources ?? []).filter((s) => s.scope === 'local' && (s.files || s.dotenv)).map((s) => s.job),
  );
  const down = walk((name) => consumersOf.get(name) ?? []);
  const all = new Set<string>([...roots.filter((r) => byName.has(r)), ...up, ...down]);
  return { up, down, all };
}

/**
 * The model with only the lineage's jobs. Sources and consumers outside it are dropped; sources from other pipelines
 * or projects are kept where they reach the focused job (its own and its upstream jobs').
 */
export function focusModel(
  model: FlowModel,
  lin: { up: ReadonlySet<string>; all: ReadonlySet<string> },
  roots: readonly string[],
): FlowModel {
  const keep = lin.all;
  const upstreamSide = new Set([...roots, ...lin.up]);
  const jobs: FlowJob[] = [];
  for (const j of model.jobs) {
    if (!keep.has(j.name)) continue;
    jobs.push({
      ...j,
      sources: j.sources.filter((s) => (s.scope === 'local' ? keep.has(s.job) : upstreamSide.has(j.name))),
      consumers: j.consumers.filter((c) => keep.has(c)),
    });
  }
  return { ...model, jobs };
}

/** The first job or group (in model order) whose name contains the query; a collapsed group by its group name. */
export function firstMatchingJob(model: FlowModel, query: string, expanded: readonly string[]): string | undefined {
  const q = query.trim().toLowerCase();
  if (q === '') return undefined;
  const j = model.jobs.find((x) => x.name.toLowerCase().includes(q) || x.group.toLowerCase().includes(q));
  if (!j) return undefined;
  return j.group !== j.name && !expanded.includes(j.group) ? j.group : j.name;
}
