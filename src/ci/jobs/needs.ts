// Parsing `needs:` and `dependencies:` (spec R5.1.1, R5.1.2). Expansion of parallel names happens later,
// once every job's instances are known.
import type { DiagnosticSink } from '../diagnostics';
import type { YMap, YNode } from '../yaml/node';
import { flattenSeq, get, getEntry, isNull, scalarString } from '../yaml/node';
import type { NameRef, NeedSpec } from './jobTypes';
import { matrixCombinations, matrixName } from './parallel';
import { entryMessage, isArrayOfStrings, isBoolean } from './entryMessage';
import { isBlank, rubyString } from './rubyText';
import { isUnresolved } from '../merge/reference';
import { reportUnresolved } from '../merge/unresolved';

const NEED_KEYS: Record<NeedSpec['type'], Set<string>> = {
  job: new Set(['job', 'artifacts', 'optional', 'parallel']),
  pipeline: new Set(['pipeline', 'job', 'artifacts']),
  project: new Set(['project', 'job', 'ref', 'artifacts']),
  bridge: new Set(['pipeline']),
};
/** The strings each strategy requires (`validates :<key>, type: String, presence: true`), in its order. */
const REQUIRED: Record<NeedSpec['type'], readonly string[]> = {
  job: ['job'],
  pipeline: ['pipeline', 'job'],
  bridge: ['pipeline'],
  project: ['project', 'ref', 'job'],
};
const MAX_CROSS_NEEDS = 5;

/** A need's strategy, and the need when it names one. */
interface ReadNeed {
  type: NeedSpec['type'];
  need?: NeedSpec;
}

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
  // From an include not read offline: what the job needs is unknown (it is shown without needs, and says so).
  if (isUnresolved(value) && reportUnresolved(sink, location, value, job)) return null;
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
  const read: ReadNeed[] = [];
  // Anchors may splice nested lists (even holding null) into needs; GitLab flattens them (corpus: xen).
  for (const item of value.kind === 'map' ? [value] : flattenSeq(value)) {
    if (isUnresolved(item)) reportUnresolved(sink, `${prefix}:need`, item, job);
    if (isNull(item)) continue;
    const need = readNeed(job, prefix, item, sink);
    if (need) read.push(need);
  }
  // Needs#value groups every entry that has a type, valid or not: the type and count checks see them all.
  const types = read.map((r) => r.type);
  const allowed = inRule ? ['job'] : kind === 'job' ? ['job', 'pipeline', 'project'] : ['job', 'bridge'];
  const invalid = [
    ...new Set(
      types
        .filter((t) => !allowed.includes(t))
        .map((t) => (t === 'pipeline' || t === 'project' ? 'cross_dependency' : t)),
    ),
  ];
  if (invalid.length > 0) error('needs-type', prefix, `config uses invalid types: ${invalid.join(', ')}`, value.range);
  const cross = types.filter((t) => t === 'pipeline').length;
  const project = types.filter((t) => t === 'project').length;
  if (cross > MAX_CROSS_NEEDS || project > MAX_CROSS_NEEDS) {
    error('needs-cross-limit', prefix, `config must be less than or equal to ${MAX_CROSS_NEEDS}`, value.range);
  }
  return read.flatMap((r) => (r.need ? [r.need] : []));
}

/**
 * One `needs:` item, or undefined when it names no need (GitLab rejects it; nothing is looked up for it). The
 * strategies are need.rb's with EE's prepended after them (ee/lib/ee/gitlab/ci/config/entry/need.rb): a string is
 * JobString (`presence`); a hash is JobHash (`job` and none of project, ref, pipeline), CrossPipelineDependency
 * (`job` and `pipeline`, no `project`), BridgeHash (neither `job` nor `project`: `{artifacts: true}` is one), or
 * CrossProjectDependency (`project` or `ref`). So in EE every hash has a strategy; FOSS has no BridgeHash and no
 * CrossProjectDependency and says "has an unsupported type" for these — the engine reads needs as EE does.
 * `type` is kept for the invalid-types check even when the need names nothing.
 */
function readNeed(job: string, prefix: string, item: YNode, sink: DiagnosticSink): ReadNeed | undefined {
  const at = `${prefix}:need`;
  const error = (code: string, message: string, range: YNode['range']): void =>
    sink.error(code, entryMessage(at, message), range, job);
  // JobString is taken for a String only (`config.is_a?(String)`): a Symbol (`- :b`) is the unknown strategy's.
  if (item.kind === 'scalar' && typeof item.value === 'string' && item.symbol !== true) {
    // JobString: `validates :config, presence: true` (an empty or blank name).
    if (isBlank(item)) {
      error('needs-shape', "config can't be blank", item.range);
      return { type: 'job' };
    }
    return { type: 'job', need: { type: 'job', job: item.value, artifacts: true, optional: false, range: item.range } };
  }
  if (item.kind !== 'map') {
    // Need::UnknownStrategy overrides `errors`: not a validator message, so it is not downcased.
    sink.error('needs-shape', `${at} has an unsupported type`, item.range, job);
    return undefined;
  }
  const type = needType(item);
  // Each strategy's validations, in their order: presence, allowed keys, the required strings, the booleans.
  if (item.entries.length === 0) error('needs-shape', "config can't be blank", item.range);
  const unknown = item.entries.filter((e) => !NEED_KEYS[type].has(e.key)).map((e) => e.key);
  if (unknown.length > 0) error('needs-keys', `config contains unknown keys: ${unknown.join(', ')}`, item.range);
  let named = true;
  for (const key of REQUIRED[type]) {
    const v = get(item, key);
    // Named by a reference to an include not read offline: not judged, and no need is made up for it.
    if (isUnresolved(v) && reportUnresolved(sink, `${at}:${key}`, v, job)) {
      named = false;
      continue;
    }
    // `validates :<key>, type: String, presence: true`: both run, so nil is neither a string nor present.
    if (rubyString(v) === undefined) error('needs-shape', `${key} should be a string`, v?.range ?? item.range);
    if (isBlank(v)) error('needs-shape', `${key} can't be blank`, v?.range ?? item.range);
    named &&= rubyString(v) !== undefined && !isBlank(v);
  }
  // `validates :artifacts, boolean: true, allow_nil: true` (JobHash also :optional): a quoted "false" is an error.
  for (const key of ['artifacts', 'optional'] as const) {
    const v = get(item, key);
    if (isUnresolved(v)) reportUnresolved(sink, `${at}:${key}`, v, job);
    else if (NEED_KEYS[type].has(key) && v !== undefined && !isNull(v) && !isBoolean(v)) {
      error('needs-boolean', `${key} should be a boolean value`, v.range);
    }
  }
  if (!named) return { type };
  const need: NeedSpec = {
    type,
    job: rubyString(get(item, 'job')) ?? '',
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
  readParallel(job, prefix, at, item, need, sink);
  return { type, need };
}

/** The first of need.rb's (then EE's) strategies whose condition the hash meets (Simplifiable#initialize). */
function needType(item: YMap): NeedSpec['type'] {
  const has = (k: string): boolean => getEntry(item, k) !== undefined;
  if (has('job')) {
    if (!has('project') && !has('ref') && !has('pipeline')) return 'job';
    return has('pipeline') && !has('project') ? 'pipeline' : 'project';
  }
  return has('project') ? 'project' : 'bridge';
}

/** `parallel:` of a need: a number is refused by Needs itself; a matrix selects instances by name. */
function readParallel(job: string, prefix: string, at: string, item: YMap, need: NeedSpec, sink: DiagnosticSink): void {
  const parallel = get(item, 'parallel');
  if (isUnresolved(parallel) && reportUnresolved(sink, `${at}:parallel`, parallel, job)) return;
  if (parallel === undefined || isNull(parallel)) return;
  if (parallel.kind === 'scalar') {
    sink.error(
      'needs-parallel',
      entryMessage(prefix, `config cannot use "parallel: ${String(parallel.value)}".`),
      parallel.range,
      job,
    );
    return;
  }
  const matrix = get(parallel, 'matrix');
  const combos = matrix ? matrixCombinations(`${at}:parallel:matrix`, job, matrix, sink) : undefined;
  // Names are built in the need's own variable order: listing them in another order selects nothing (T17).
  if (combos) need.matrixNames = combos.map((vars) => matrixName(need.job, vars));
}

function bool(node: YNode | undefined, fallback: boolean): boolean {
  return node?.kind === 'scalar' && typeof node.value === 'boolean' ? node.value : fallback;
}

/** `dependencies:` of one job, or null when absent or null. */
export function readDependencies(job: string, value: YNode | undefined, sink: DiagnosticSink): NameRef[] | null {
  if (isUnresolved(value) && reportUnresolved(sink, `jobs:${job}:dependencies`, value, job)) return null;
  if (value === undefined || isNull(value)) return null;
  const items = value.kind === 'seq' ? value.items : [];
  // Names from an include not read offline are unknown (each says so); the others are still checked.
  const unresolved = items.filter((i) => isUnresolved(i));
  for (const i of unresolved) reportUnresolved(sink, `jobs:${job}:dependencies`, i, job);
  const known =
    value.kind === 'seq' && unresolved.length > 0 ? { ...value, items: items.filter((i) => !isUnresolved(i)) } : value;
  if (!isArrayOfStrings(known)) {
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
