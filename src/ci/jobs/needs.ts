// Parsing `needs:` and `dependencies:` (spec R5.1.1, R5.1.2). Expansion of parallel names happens later,
// once every job's instances are known.
import type { DiagnosticSink } from '../diagnostics';
import type { YMap, YNode } from '../yaml/node';
import { flattenSeq, get, getEntry, isNull, scalarString } from '../yaml/node';
import type { NameRef, NeedSpec } from './jobTypes';
import { matrixCombinations, matrixName } from './parallel';
import { entryMessage, isArrayOfStrings, isBoolean, isString } from './entryMessage';

const NEED_KEYS: Record<NeedSpec['type'], Set<string>> = {
  job: new Set(['job', 'artifacts', 'optional', 'parallel']),
  pipeline: new Set(['pipeline', 'job', 'artifacts']),
  project: new Set(['project', 'job', 'ref', 'artifacts']),
  bridge: new Set(['pipeline']),
};
const MAX_CROSS_NEEDS = 5;

/**
 * Needs of one job, or null when the job has no `needs:` (or `needs: null`, spec R2.4). Validations are
 * lib/gitlab/ci/config/entry/needs.rb and need.rb's. `location` is the entry path in messages: `jobs:<job>:needs`,
 * or `jobs:<job>:rules:rule:needs` for a rule's needs, which allow only job needs (rules/rule.rb: allowed_needs).
 */
export function readNeeds(
  job: string,
  kind: 'job' | 'trigger',
  value: YNode | undefined,
  sink: DiagnosticSink,
  location = `jobs:${job}:needs`,
  inRule = false,
): NeedSpec[] | null {
  if (value === undefined || isNull(value)) return null;
  const prefix = location;
  const error = (code: string, at: string, message: string, range: YNode['range']): void =>
    sink.error(code, entryMessage(at, message), range, job);
  if (value.kind === 'map' && value.entries.length === 0) {
    error('needs-shape', prefix, 'config can not be an empty hash', value.range);
    return [];
  }
  if (value.kind !== 'seq' && value.kind !== 'map') {
    error('needs-shape', prefix, 'config can only be a hash or an array', value.range);
    return [];
  }
  const out: NeedSpec[] = [];
  // Anchors may splice nested lists (even holding null) into needs; GitLab flattens them (corpus: xen).
  for (const item of value.kind === 'map' ? [value] : flattenSeq(value)) {
    if (isNull(item)) continue;
    const need = readNeed(job, prefix, item, sink);
    if (need) out.push(need);
  }
  const allowed = inRule ? ['job'] : kind === 'job' ? ['job', 'pipeline', 'project'] : ['job', 'bridge'];
  const invalid = [
    ...new Set(
      out
        .filter((n) => !allowed.includes(n.type))
        .map((n) => (n.type === 'pipeline' || n.type === 'project' ? 'cross_dependency' : n.type)),
    ),
  ];
  if (invalid.length > 0) error('needs-type', prefix, `config uses invalid types: ${invalid.join(', ')}`, value.range);
  const cross = out.filter((n) => n.type === 'pipeline').length;
  const project = out.filter((n) => n.type === 'project').length;
  if (cross > MAX_CROSS_NEEDS || project > MAX_CROSS_NEEDS) {
    error('needs-cross-limit', prefix, `config must be less than or equal to ${MAX_CROSS_NEEDS}`, value.range);
  }
  return out;
}

function readNeed(job: string, prefix: string, item: YNode, sink: DiagnosticSink): NeedSpec | undefined {
  const at = `${prefix}:need`;
  const error = (code: string, message: string, range: YNode['range']): void =>
    sink.error(code, entryMessage(at, message), range, job);
  if (item.kind === 'scalar' && typeof item.value === 'string') {
    return { type: 'job', job: item.value, artifacts: true, optional: false, range: item.range };
  }
  if (item.kind !== 'map') {
    error('needs-shape', 'has an unsupported type', item.range);
    return undefined;
  }
  const has = (k: string): boolean => getEntry(item, k) !== undefined;
  const type: NeedSpec['type'] = has('project')
    ? 'project'
    : has('pipeline')
      ? has('job')
        ? 'pipeline'
        : 'bridge'
      : 'job';
  const unknown = item.entries.filter((e) => !NEED_KEYS[type].has(e.key)).map((e) => e.key);
  if (unknown.length > 0) error('needs-keys', `config contains unknown keys: ${unknown.join(', ')}`, item.range);
  // need.rb: `validates :artifacts, boolean: true, allow_nil: true` (and :optional): a quoted "false" is an error.
  for (const key of ['artifacts', 'optional'] as const) {
    const v = get(item, key);
    if (v !== undefined && !isNull(v) && !isBoolean(v)) {
      error('needs-boolean', `${key} should be a boolean value`, v.range);
    }
  }
  const jobNode = get(item, 'job');
  if (jobNode !== undefined && !isNull(jobNode) && !isString(jobNode)) {
    error('needs-shape', 'job should be a string', jobNode.range);
  }
  const need: NeedSpec = {
    type,
    job: scalarString(jobNode) ?? '',
    artifacts: bool(get(item, 'artifacts'), true),
    optional: bool(get(item, 'optional'), false),
    range: item.range,
  };
  const pipeline = scalarString(get(item, 'pipeline'));
  const project = scalarString(get(item, 'project'));
  const ref = scalarString(get(item, 'ref'));
  if (pipeline !== undefined) need.pipeline = pipeline;
  if (project !== undefined) need.project = project;
  if (ref !== undefined) need.ref = ref;
  const parallel = get(item, 'parallel');
  if (parallel !== undefined && !isNull(parallel)) {
    if (parallel.kind === 'scalar') {
      sink.error(
        'needs-parallel',
        entryMessage(prefix, `config cannot use "parallel: ${String(parallel.value)}".`),
        parallel.range,
        job,
      );
    } else {
      const matrix = get(parallel, 'matrix');
      const combos = matrix ? matrixCombinations(`${at}:parallel:matrix`, job, matrix, sink) : undefined;
      // Names are built in the need's own variable order: listing them in another order selects nothing (T17).
      if (combos) need.matrixNames = combos.map((vars) => matrixName(need.job, vars));
    }
  }
  if (type === 'job' && need.job === '' && jobNode === undefined) {
    error('needs-shape', `config contains unknown keys: ${item.entries.map((e) => e.key).join(', ')}`, item.range);
  }
  return need;
}

function bool(node: YNode | undefined, fallback: boolean): boolean {
  return node?.kind === 'scalar' && typeof node.value === 'boolean' ? node.value : fallback;
}

/** `dependencies:` of one job, or null when absent or null. */
export function readDependencies(job: string, value: YNode | undefined, sink: DiagnosticSink): NameRef[] | null {
  if (value === undefined || isNull(value)) return null;
  const items = value.kind === 'seq' ? value.items : [];
  if (!isArrayOfStrings(value)) {
    sink.error(
      'dependencies-shape',
      entryMessage(`jobs:${job}`, 'dependencies should be an array of strings'),
      value.range,
      job,
    );
  }
  return items.flatMap((i) =>
    i.kind === 'scalar' && typeof i.value === 'string' ? [{ name: i.value, range: i.range }] : [],
  );
}

/** The `trigger:` target in words (`child.yml`, `group/project`), for the graph. */
export function triggerTarget(node: YMap): string | undefined {
  const trigger = get(node, 'trigger');
  if (trigger === undefined) return undefined;
  if (trigger.kind === 'scalar') return scalarString(trigger);
  const project = scalarString(get(trigger, 'project'));
  if (project) return project;
  const include = get(trigger, 'include');
  const parts = flattenSeq(include).map(
    (i) =>
      scalarString(i) ??
      scalarString(get(i, 'local')) ??
      scalarString(get(i, 'artifact')) ??
      scalarString(get(i, 'project')) ??
      'include',
  );
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** Repository files a trigger job runs as a child pipeline (`trigger:include` strings and `local:` entries). */
export function triggerLocalFiles(node: YMap): string[] {
  const include = get(get(node, 'trigger'), 'include');
  return flattenSeq(include)
    .map((i) => (i.kind === 'scalar' ? scalarString(i) : scalarString(get(i, 'local'))))
    .filter((s): s is string => s !== undefined && !/^https?:/i.test(s))
    .map((s) => s.replace(/^\/+/, ''));
}
