// `parallel: N` and `parallel:matrix` naming (spec R5.2.1) and the expansion of names that refer to them.
import type { DiagnosticSink } from '../diagnostics';
import type { YNode } from '../yaml/node';
import { get, isNull } from '../yaml/node';
import { entryMessage } from './entryMessage';
import { isUnresolved } from '../merge/reference';
import { findUnresolved, reportUnresolved } from '../merge/unresolved';

export const MAX_PARALLEL = 200;
export interface Instance {
  name: string;
  index: number;
  total: number;
  matrix?: Record<string, string>;
}

function matrixError(location: string): string {
  return entryMessage(`${location}:variables`, 'config should be a hash of key value pairs, value can be an array');
}

/** Ruby `to_s` of an accepted matrix value (YAML 1.1 typing already turned `010` into 8). */
function valueList(v: YNode): string[] | undefined {
  const one = (n: YNode): string | undefined =>
    n.kind === 'scalar' && !n.float && (typeof n.value === 'string' || typeof n.value === 'number')
      ? String(n.value)
      : undefined;
  if (v.kind === 'seq') {
    const out = v.items.map(one);
    return out.every((x): x is string => x !== undefined) ? out : undefined;
  }
  const s = one(v);
  return s === undefined ? undefined : [s];
}

/**
 * Cartesian products of every matrix element, in order, as ordered variable maps. `location` is GitLab's
 * entry path (`jobs:build:parallel:matrix`, `jobs:test:needs:need:parallel:matrix`), used in its messages.
 *
 * The size is computed before anything is built, the way Entry::Product::Matrix counts it (sum over the
 * elements of the product of the value counts): 8 variables of 10 values would be 10^8 maps otherwise.
 */
export function matrixCombinations(
  location: string,
  job: string,
  matrix: YNode,
  sink: DiagnosticSink | undefined,
): Record<string, string>[] | undefined {
  // Values from an include not read offline: the instances are unknown (not judged; said once, with a sink).
  if (findUnresolved(matrix)) {
    if (sink) reportUnresolved(sink, location, matrix, job);
    return undefined;
  }
  if (matrix.kind !== 'seq') {
    sink?.error('parallel-matrix', entryMessage(location, 'config should be an array of hashes'), matrix.range, job);
    return undefined;
  }
  const elements: { key: string; values: string[] }[][] = [];
  let total = 0;
  for (const element of matrix.items) {
    if (element.kind !== 'map') {
      sink?.error('parallel-matrix', matrixError(location), element.range, job);
      return undefined;
    }
    const vars: { key: string; values: string[] }[] = [];
    let product = 1;
    for (const e of element.entries) {
      const values = valueList(e.value);
      if (values === undefined) {
        sink?.error('parallel-matrix', matrixError(location), e.value.range, job);
        return undefined;
      }
      vars.push({ key: e.key, values });
      // Stop multiplying once past the limit: the exact figure does not matter, and 10^100 is not a number.
      product = Math.min(product * values.length, MAX_PARALLEL + 1);
    }
    total = Math.min(total + product, MAX_PARALLEL + 1);
    elements.push(vars);
  }
  if (total > MAX_PARALLEL) {
    sink?.error(
      'parallel-matrix',
      entryMessage(location, `config generates too many jobs (maximum is ${MAX_PARALLEL})`),
      matrix.range,
      job,
    );
    return undefined;
  }
  const out: Record<string, string>[] = [];
  for (const vars of elements) {
    let combos: Record<string, string>[] = [{}];
    for (const { key, values } of vars) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
    out.push(...combos);
  }
  return out;
}

export function matrixName(base: string, vars: Record<string, string>): string {
  return `${base}: [${Object.values(vars).join(', ')}]`;
}

/** The instances a job expands to, or undefined for a plain job. Reports GitLab's limits. */
export function expandParallel(
  job: string,
  kind: 'job' | 'trigger',
  parallel: YNode | undefined,
  sink: DiagnosticSink,
): Instance[] | undefined {
  if (isUnresolved(parallel) && reportUnresolved(sink, `jobs:${job}:parallel`, parallel, job)) return undefined;
  if (parallel === undefined || isNull(parallel)) return undefined;
  if (parallel.kind === 'scalar' && typeof parallel.value === 'number' && !parallel.float) {
    const n = parallel.value;
    // Product::Parallel::ParallelBuilds: the range first, then a trigger job's strategies (matrix only).
    const outOfRange = n < 1 || n > MAX_PARALLEL;
    if (outOfRange) {
      sink.error(
        'parallel',
        entryMessage(
          `jobs:${job}:parallel`,
          `config must be ${n < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_PARALLEL}`}`,
        ),
        parallel.range,
        job,
      );
    }
    if (kind === 'trigger') {
      const message = entryMessage(`jobs:${job}:parallel`, 'config cannot use "parallel: <number>".');
      sink.error('parallel', message, parallel.range, job);
    }
    if (outOfRange || kind === 'trigger') return undefined;
    return Array.from({ length: n }, (_, i) => ({ name: `${job} ${i + 1}/${n}`, index: i + 1, total: n }));
  }
  const matrix = get(parallel, 'matrix');
  if (parallel.kind !== 'map' || matrix === undefined) {
    sink.error('parallel', entryMessage(`jobs:${job}:parallel`, 'should be an integer or a hash'), parallel.range, job);
    return undefined;
  }
  const combos = matrixCombinations(`jobs:${job}:parallel:matrix`, job, matrix, sink);
  if (combos === undefined) return undefined;
  // Two instances with the same value list collide: the later one replaces the earlier (spec R5.2.1).
  const byName = new Map<string, Instance>();
  combos.forEach((vars, i) => {
    const name = matrixName(job, vars);
    byName.delete(name);
    byName.set(name, { name, index: i + 1, total: combos.length, matrix: vars });
  });
  return [...byName.values()];
}
