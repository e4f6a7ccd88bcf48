// Cycles among `needs:` (spec R5.1, yaml_processor.rb's TSort): a self-dependency, then the first strongly
// connected component, with GitLab's messages.
import type { DiagnosticSink } from '../diagnostics';
import type { JobDef } from './jobTypes';
import type { ExpandedNeed, JobRefs } from './references';

/**
 * The graphs of the last analyses that had no cycle: each job's name and its expanded needs list, in order. The
 * names (which are also refs' keys) and the lists are all the check reads (positions only go into a message), so the
 * same graph again has no cycle again. A list is mostly the very list seen before: expandReferences hands it back
 * while a job's needs and every job name are unchanged (jobs/references.ts); only an edited job's is new, and is
 * compared by the jobs it names. Only these few graphs are kept.
 */
const ACYCLIC: Graph[] = [];
const MAX_ACYCLIC = 2;

/** Self-dependency, then strongly connected components (Ruby TSort's "topological sort failed"). */
export function checkCycles(jobs: JobDef[], refs: Map<string, JobRefs>, sink: DiagnosticSink): void {
  const graph: Graph = jobs.map((j) => [j.name, refs.get(j.name)?.needs]);
  if (ACYCLIC.some((g) => sameGraph(g, graph))) return;
  const edges = new Map<string, string[]>();
  for (const j of jobs) {
    const targets = (refs.get(j.name)?.needs ?? []).filter((n) => n.type === 'job').map((n) => n.name);
    if (targets.includes(j.name)) {
      sink.error(
        'needs-cycle',
        `The pipeline has circular dependencies: self-dependency: ${j.name}`,
        j.needsRange ?? j.keyRange,
        j.name,
      );
      return;
    }
    const known = targets.filter((t) => refs.has(t));
    edges.set(j.name, known);
  }
  if (!findComponents(edges, jobs, sink)) {
    ACYCLIC.unshift(graph);
    if (ACYCLIC.length > MAX_ACYCLIC) ACYCLIC.pop();
  }
}

type Graph = readonly (readonly [string, readonly ExpandedNeed[] | null | undefined])[];

function sameGraph(a: Graph, b: Graph): boolean {
  return a.length === b.length && a.every(([name, needs], i) => name === b[i]![0] && sameNeeds(needs, b[i]![1]));
}

/** The same list, or lists naming the same jobs in the same order (all the check reads of them). */
function sameNeeds(
  a: readonly ExpandedNeed[] | null | undefined,
  b: readonly ExpandedNeed[] | null | undefined,
): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const x = a.filter((n) => n.type === 'job');
  const y = b.filter((n) => n.type === 'job');
  return x.length === y.length && x.every((n, i) => n.name === y[i]!.name);
}

/** Tarjan's components of `edges`: reports the first cycle and returns true, or returns false when there is none. */
function findComponents(edges: Map<string, string[]>, jobs: JobDef[], sink: DiagnosticSink): boolean {
  // Iterative Tarjan: deep need chains must not overflow the stack.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: { v: string; i: number }[] = [{ v: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter);
    counter++;
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const next = edges.get(top.v) ?? [];
      if (top.i < next.length) {
        const w = next[top.i++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter);
          counter++;
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(top.v)!));
      if (low.get(top.v) === index.get(top.v)) {
        const component: string[] = [];
        let w: string | undefined;
        do {
          w = stack.pop();
          if (w !== undefined) {
            onStack.delete(w);
            component.push(w);
          }
        } while (w !== undefined && w !== top.v);
        if (component.length > 1) {
          const first = jobs.find((j) => component.includes(j.name));
          const names = component
            .reverse()
            .map((n) => `"${n}"`)
            .join(', ');
          sink.error(
            'needs-cycle',
            `The pipeline has circular dependencies: topological sort failed: [${names}]`,
            first?.needsRange ?? first?.keyRange ?? jobs[0]!.keyRange,
            first?.name,
          );
          return true;
        }
      }
    }
  }
  return false;
}
