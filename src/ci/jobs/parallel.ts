// `parallel: N` and `parallel:matrix` naming (spec R5.2.1) and the expansion of names that refer to them.
import type { DiagnosticSink } from '../diagnostics';
import type { YNode } from '../yaml/node';
import { get, isNull } from '../yaml/node';

export const MAX_PARALLEL = 200;
export interface Instance { name: string; index: number; total: number; matrix?: Record<string, string> }

function matrixError(job: string): string {
  return `jobs:${job}:parallel:matrix:variables config should be a hash of key value pairs, value can be an array`;
}

/** Ruby `to_s` of an accepted matrix value (YAML 1.1 typing already turned `010` into 8). */
function valueList(v: YNode): string[] | undefined {
  const one = (n: YNode): string | undefined =>
    n.kind === 'scalar' && !n.float && (typeof n.value === 'string' || typeof n.value === 'number') ? String(n.value) : undefined;
  if (v.kind === 'seq') {
    const out = v.items.map(one);
    return out.every((x): x is string => x !== undefined) ? out : undefined;
  }
  const s = one(v);
  return s === undefined ? undefined : [s];
}

/** Cartesian products of every matrix element, in order, as ordered variable maps. */
export function matrixCombinations(job: string, matrix: YNode, sink: DiagnosticSink | undefined): Record<string, string>[] | undefined {
  if (matrix.kind !== 'seq') {
    sink?.error('parallel-matrix', `jobs:${job}:parallel:matrix config should be an array of hashes`, matrix.range, job);
    return undefined;
  }
  const out: Record<string, string>[] = [];
  for (const element of matrix.items) {
    if (element.kind !== 'map') {
      sink?.error('parallel-matrix', matrixError(job), element.range, job);
      return undefined;
    }
    let combos: Record<string, string>[] = [{}];
    for (const e of element.entries) {
      const values = valueList(e.value);
      if (values === undefined) {
        sink?.error('parallel-matrix', matrixError(job), e.value.range, job);
        return undefined;
      }
      combos = combos.flatMap((c) => values.map((v) => ({ ...c, [e.key]: v })));
    }
    out.push(...combos);
  }
  return out;
}

export function matrixName(base: string, vars: Record<string, string>): string {
  return `${base}: [${Object.values(vars).join(', ')}]`;
}

/** The instances a job expands to, or undefined for a plain job. Reports GitLab's limits. */
export function expandParallel(job: string, kind: 'job' | 'trigger', parallel: YNode | undefined, sink: DiagnosticSink): Instance[] | undefined {
  if (parallel === undefined || isNull(parallel)) return undefined;
  if (parallel.kind === 'scalar' && typeof parallel.value === 'number' && !parallel.float) {
    const n = parallel.value;
    if (kind === 'trigger') {
      sink.error('parallel', `jobs:${job}:parallel should be a hash`, parallel.range, job);
      return undefined;
    }
    if (n < 1 || n > MAX_PARALLEL) {
      sink.error('parallel', `jobs:${job}:parallel config must be ${n < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_PARALLEL}`}`, parallel.range, job);
      return undefined;
    }
    return Array.from({ length: n }, (_, i) => ({ name: `${job} ${i + 1}/${n}`, index: i + 1, total: n }));
  }
  const matrix = get(parallel, 'matrix');
  if (parallel.kind !== 'map' || matrix === undefined) {
    sink.error('parallel', `jobs:${job}:parallel should be an integer or a hash`, parallel.range, job);
    return undefined;
  }
  const combos = matrixCombinations(job, matrix, sink);
  if (combos === undefined) return undefined;
  if (combos.length > MAX_PARALLEL) {
    sink.error('parallel-matrix', `jobs:${job}:parallel:matrix config generates too many jobs (maximum is ${MAX_PARALLEL})`, matrix.range, job);
    return undefined;
  }
  // Two instances with the same value list collide: the later one replaces the earlier (spec R5.2.1).
  const byName = new Map<string, Instance>();
  combos.forEach((vars, i) => {
    const name = matrixName(job, vars);
    byName.delete(name);
    byName.set(name, { name, index: i + 1, total: combos.length, matrix: vars });
  });
  return [...byName.values()];
}
