// `extends` (spec R2.4), resolved on the fully merged configuration: parents are resolved first, deep-merged
// in listed order into an empty mapping, and the entry's own mapping is merged on top. Up to 11 levels of
// parents; GitLab stops at the first error, and so do we (the rest of the configuration is not built).
import type { DiagnosticSink } from '../diagnostics';
import type { YMap, YNode } from '../yaml/node';
import { get, getEntry, isNull, scalarString } from '../yaml/node';
import { mergeMaps } from './deepMerge';
import { inspectKey, rubyInspect } from '../include/rubyInspect';
import { sameItems } from '../incremental/sameItems';

const MAX_NESTING_LEVELS = 10;

/**
 * Each entry's merge result, by the entry's own mapping, with the resolved parents it was merged over. Trees are
 * immutable and a merge is a function of its inputs, so the same objects give the same result: an edit merges
 * again only the entries it touched (a re-parsed file's entries are new objects). Weak: kept only while the parsed
 * tree is.
 */
const MERGED = new WeakMap<YNode, { bases: YNode[]; out: YMap }>();

class ExtendsError extends Error {
  constructor(
    readonly key: string,
    message: string,
    readonly node: YNode,
  ) {
    super(message);
  }
}

/**
 * Returns the configuration with every `extends` applied, or undefined after reporting the error.
 * `lenient`: the configuration has includes we cannot read offline (project, remote, template, component),
 * so a parent we cannot find probably lives there. Then an unknown parent is a warning and is skipped,
 * and the rest of the pipeline can still be shown.
 */
export function resolveExtends(config: YMap, sink: DiagnosticSink, lenient = false): YMap | undefined {
  const resolved = new Map<string, YNode>();
  const byKey = new Map(config.entries.map((e) => [e.key, e.value] as const));

  const extend = (key: string, ancestors: string[]): YNode => {
    const done = resolved.get(key);
    if (done) return done;
    const value = byKey.get(key);
    if (value === undefined) throw new Error(`internal: unknown key ${key}`);
    const extendsNode = get(value, 'extends');
    if (value.kind !== 'map' || extendsNode === undefined) return value;
    let names = namesOf(extendsNode);
    const unknown = names.every((n) => byKey.has(n)) ? [] : names.filter((n) => !byKey.has(n));
    if (unknown.length > 0) {
      const message = `${key}: unknown keys in \`extends\` (${unknown.join(', ')})`;
      if (!lenient) throw new ExtendsError(key, message, extendsNode);
      sink.warning(
        'extends-unresolved',
        `${message}: probably defined in an include that is not resolved offline; shown without it`,
        extendsNode.range,
        key,
      );
      names = names.filter((n) => byKey.has(n));
    }
    const invalid = names.every((n) => byKey.get(n)?.kind === 'map')
      ? []
      : names.filter((n) => byKey.get(n)?.kind !== 'map');
    if (invalid.length > 0) {
      throw new ExtendsError(key, `${key}: invalid base hashes in \`extends\` (${invalid.join(', ')})`, extendsNode);
    }
    // Extendable::Entry#extend! checks unknown keys, invalid bases, nesting, then the cycle, in that order.
    if (ancestors.length > MAX_NESTING_LEVELS) {
      throw new ExtendsError(key, `${key}: nesting too deep in \`extends\``, extendsNode);
    }
    if (ancestors.includes(key)) {
      throw new ExtendsError(key, `${key}: circular dependency detected in \`extends\``, extendsNode);
    }
    const above = [...ancestors, key];
    const bases = names.map((name) => extend(name, above));
    // The same mapping over the same resolved parents merges to the same result: reuse the earlier analysis's.
    const known = MERGED.get(value);
    if (known && sameItems(known.bases, bases)) {
      resolved.set(key, known.out);
      return known.out;
    }
    let merged: YMap = { kind: 'map', entries: [], range: value.range };
    for (const base of bases) if (base.kind === 'map') merged = mergeMaps(merged, base);
    const out = mergeMaps(merged, value);
    MERGED.set(value, { bases, out });
    resolved.set(key, out);
    return out;
  };

  try {
    // An entry without `extends` is kept as it is (most of them; a new object each would cost every analysis).
    const entries = config.entries.map((e) => {
      const value = extend(e.key, []);
      return value === e.value ? e : { ...e, value };
    });
    return { kind: 'map', entries, range: config.range };
  } catch (e) {
    if (!(e instanceof ExtendsError)) throw e;
    sink.error('extends', e.message, e.node.range, e.key);
    return undefined;
  }
}

/** Each `extends` value's names, by the node (immutable): an unchanged entry's are not written again. Weak. */
const NAMES = new WeakMap<YNode, string[]>();

function namesOf(node: YNode): string[] {
  let names = NAMES.get(node);
  if (!names) NAMES.set(node, (names = extendsKeys(node)));
  return names;
}

/**
 * Extendable::Entry#extends_keys: `Array(extends).map(&:to_s)`. `extends: null` names no parent; a list is not
 * flattened, so a nested list is one name, its `inspect` (`[".a"]`), which no key has; a mapping is its pairs
 * (`[:a, 1]`); the texts are Ruby 3.3's (include/rubyInspect.ts).
 */
function extendsKeys(node: YNode | undefined): string[] {
  if (node === undefined || isNull(node)) return [];
  if (node.kind === 'map') return node.entries.map((e) => `[${inspectKey(e)}, ${rubyInspect(e.value)}]`);
  return (node.kind === 'seq' ? node.items : [node]).map((n) =>
    n.kind === 'scalar' ? (scalarString(n) ?? '') : n.kind === 'ref' ? '' : rubyInspect(n),
  );
}

/** The names an entry extends, as GitLab reads them (for hover provenance). */
export function extendsNames(value: YNode): string[] {
  return extendsKeys(value.kind === 'map' ? getEntry(value, 'extends')?.value : undefined);
}
