// `artifacts:` of one job (spec R4.1–R4.4): what it uploads, and whether dependents get files and/or dotenv.
// Validations and messages are lib/gitlab/ci/config/entry/artifacts.rb's, in its order.
import type { ArtifactSpec, ArtifactsWhen } from '../model';
import type { DiagnosticSink } from '../diagnostics';
import type { YMap, YNode } from '../yaml/node';
import { flattenSeq, get, isNull, scalarString } from '../yaml/node';
import { ARTIFACT_KEYS } from './keywords';
import { entryMessage, isArrayOfStrings, isBoolean, isNullish, isString } from './entryMessage';
import { parseDuration } from '../pipeline/duration';
import { isUnresolved } from '../merge/reference';
import { reportUnresolved } from '../merge/unresolved';

const WHEN_VALUES: readonly ArtifactsWhen[] = ['on_success', 'on_failure', 'always'];
const ACCESS_VALUES = ['none', 'developer', 'maintainer', 'all'];
/** Ci::JobArtifact::MAX_EXPOSED_AS_LENGTH and artifacts.rb's EXPOSE_AS_REGEX. */
const MAX_EXPOSE_AS = 100;

/** Reports one error under `jobs:<job>:artifacts` (or `default:artifacts`), in GitLab's wording. */
type ErrorAt = (code: string, message: string, at: YNode['range']) => void;

/** The entries whose values the result is built from, once their types have been checked. */
interface CheckedEntries {
  readonly untrackedNode: YNode | undefined;
  readonly pathsNode: YNode | undefined;
  readonly excludeNode: YNode | undefined;
  readonly reportsNode: YNode | undefined;
  readonly whenNode: YNode | undefined;
}

export function readArtifacts(job: string, node: YNode | undefined, sink: DiagnosticSink): ArtifactSpec | null {
  return readAt(`jobs:${job}:artifacts`, job, node, sink);
}

/** `default:artifacts`, its own Entry::Artifacts (default.rb): judged there, once; jobs read it silently. */
export function checkDefaultArtifacts(node: YNode | undefined, sink: DiagnosticSink): void {
  readAt('default:artifacts', undefined, node, sink);
}

function readAt(
  prefix: string,
  job: string | undefined,
  node: YNode | undefined,
  sink: DiagnosticSink,
): ArtifactSpec | null {
  // From an include not read offline: what the job uploads is unknown (shown as nothing, and said so).
  if (isUnresolved(node) && reportUnresolved(sink, prefix, node, job)) return null;
  if (node === undefined || isNull(node)) return null;
  const error: ErrorAt = (code, message, at) => sink.error(code, entryMessage(prefix, message), at, job);
  const unknown = (key: string, v: YNode): boolean => reportUnresolved(sink, `${prefix}:${key}`, v, job);
  if (node.kind !== 'map') {
    error('artifacts-shape', 'config should be a hash', node.range);
    return null;
  }
  // artifacts.rb validates the hash as a whole before each entry; keeping that order keeps its messages' order.
  checkHash(node, error);
  return toSpec(node, checkEntries(node, error, unknown));
}

/** The hash-level validations: unknown keys, `expose_as` needing `paths`, `public` and `access` exclusive. */
function checkHash(node: YMap, error: ErrorAt): void {
  const unknown = node.entries.filter((e) => !ARTIFACT_KEYS.has(e.key));
  if (unknown.length > 0) {
    error(
      'artifacts-keys',
      `config contains unknown keys: ${unknown.map((e) => e.key).join(', ')}`,
      unknown[0]!.keyRange,
    );
  }
  const exposeAs = get(node, 'expose_as');
  if (!isNullish(exposeAs) && isNullish(get(node, 'paths')) && !isUnresolved(get(node, 'paths'))) {
    error('artifacts-expose-as', "paths can't be blank", exposeAs!.range);
  }
  const exclusive = node.entries.filter((e) => e.key === 'public' || e.key === 'access');
  if (exclusive.length === 2) {
    error(
      'artifacts-access',
      `config these keys cannot be used together: ${exclusive.map((e) => e.key).join(', ')}`,
      exclusive[1]!.keyRange,
    );
  }
}

/**
 * The per-entry validations, in artifacts.rb's order; returns the entries the spec is read from. `unknown` says a
 * value holding an unresolved `!reference` is not checked (true: it is not judged).
 */
function checkEntries(node: YNode, error: ErrorAt, unknown: (key: string, v: YNode) => boolean): CheckedEntries {
  const check = (
    key: string,
    valid: (n: YNode) => boolean,
    message: string,
    code = `artifacts-${key}`,
  ): YNode | undefined => {
    const v = get(node, key);
    if ((v !== undefined && unknown(key, v)) || isNullish(v)) return undefined;
    if (!valid(v!)) error(code, `${key.replace(/_/g, ' ')} ${message}`, v!.range);
    return v;
  };
  check('name', isString, 'should be a string');
  check('public', isBoolean, 'should be a boolean value');
  const untrackedNode = check('untracked', isBoolean, 'should be a boolean value');
  // paths/exclude are not flattened: a nested list (from !reference) is an error, not a longer list.
  const pathsNode = check('paths', isArrayOfStrings, 'should be an array of strings');
  checkExposeAs(get(node, 'expose_as'), pathsNode, error);
  const excludeNode = check('exclude', isArrayOfStrings, 'should be an array of strings');
  const reportsNode = check('reports', (n) => n.kind === 'map', 'should be a hash');
  // `validates :when, type: String, inclusion: …`: a non-string fails both validators.
  const whenNode = check('when', isString, 'should be a string');
  check(
    'when',
    (n) => isString(n) && WHEN_VALUES.includes(scalarString(n) as ArtifactsWhen),
    `should be one of: ${WHEN_VALUES.join(', ')}`,
  );
  check(
    'expire_in',
    (n) => isString(n) && isDuration(scalarString(n) ?? ''),
    'should be a duration',
    'artifacts-expire-in',
  );
  check('access', isString, 'should be a string');
  check(
    'access',
    (n) => isString(n) && ACCESS_VALUES.includes(scalarString(n) ?? ''),
    `should be one of: ${ACCESS_VALUES.join(', ')}`,
  );
  return { untrackedNode, pathsNode, excludeNode, reportsNode, whenNode };
}

/**
 * LegacyValidationHelpers#validate_duration with Build::DurationParser: a String, `never` (any case), or what
 * ChronicDuration parses to a number — zero is nil there (it "cannot parse zero"), so `0` and `''` are refused.
 */
function isDuration(text: string): boolean {
  if (/^never$/i.test(text)) return true;
  const seconds = parseDuration(text);
  return seconds !== undefined && seconds !== 0;
}

/** `expose_as`: no globs in the paths it exposes, a string, short enough, and only the characters GitLab allows. */
function checkExposeAs(exposeAs: YNode | undefined, pathsNode: YNode | undefined, error: ErrorAt): void {
  if (isNullish(exposeAs)) return;
  if (
    pathsNode &&
    isArrayOfStrings(pathsNode) &&
    pathsNode.kind === 'seq' &&
    pathsNode.items.some((i) => (scalarString(i) ?? '').includes('*'))
  ) {
    error('artifacts-expose-as', "paths can't contain '*' when used with 'expose_as'", pathsNode.range);
  }
  const text = scalarString(exposeAs) ?? '';
  if (!isString(exposeAs)) error('artifacts-expose-as', 'expose as should be a string', exposeAs!.range);
  else if (text.length > MAX_EXPOSE_AS) {
    error('artifacts-expose-as', `expose as is too long (maximum is ${MAX_EXPOSE_AS} characters)`, exposeAs!.range);
  }
  if (!/^\w[-\w ]*$/.test(text)) {
    error('artifacts-expose-as', "expose as can contain only letters, digits, '-', '_' and spaces", exposeAs!.range);
  }
}

/** What the job uploads, read from the checked entries; an invalid `when` falls back to GitLab's default. */
function toSpec(
  node: YNode,
  { untrackedNode, pathsNode, excludeNode, reportsNode, whenNode }: CheckedEntries,
): ArtifactSpec {
  const strings = (v: YNode | undefined): string[] =>
    v?.kind === 'seq' ? v.items.map((i) => scalarString(i)).filter((s): s is string => s !== undefined) : [];
  const paths = strings(pathsNode);
  const exclude = strings(excludeNode);
  const untracked = untrackedNode?.kind === 'scalar' && untrackedNode.value === true;
  const w = scalarString(whenNode) as ArtifactsWhen | undefined;
  const when: ArtifactsWhen = w && WHEN_VALUES.includes(w) ? w : 'on_success';
  // A value that is not a String is refused (checkEntries): it sets no expiry.
  const expireNode = get(node, 'expire_in');
  const expireIn = isString(expireNode) ? (scalarString(expireNode) ?? null) : null;
  const reports = reportsNode?.kind === 'map' ? reportsNode.entries.map((e) => e.key) : [];
  const dotenv = flattenSeq(get(reportsNode, 'dotenv'))
    .map((n) => scalarString(n))
    .filter((s): s is string => s !== undefined);
  return {
    paths,
    exclude,
    untracked,
    when,
    expireIn,
    dotenv,
    reports,
    archive: paths.length > 0 || untracked,
    dotenvKeys: [],
  };
}
