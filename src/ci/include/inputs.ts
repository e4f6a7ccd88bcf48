// `spec:inputs` interpolation (spec R0.1 step 3), per file, before its includes are expanded:
// `$[[ inputs.name ]]` takes the value the including file passed (`include: {local, inputs}`) or the
// header's default. A scalar that is exactly one interpolation keeps the input's type (a boolean stays a
// boolean); inside a longer string the value is written as text. `truncate(offset, length)` is applied;
// other functions (`expand_vars`, `posix_escape`) leave the value as it is, which is what a reader sees.
//
// Bounds, checked before anything is built: GitLab's own (Interpolation::Template, Interpolation::Config) —
// at most 10,000 distinct blocks ("too many interpolation blocks"), 500,000 visited nodes ("config too
// large"), no string over 1 MiB ("config node too large"), each failing the file — and ours: the text the
// interpolation writes is sized before it is written, and past 16 MiB per file the file is kept as written
// (uninterpolated) with a warning, since GitLab might accept it.
import type { DiagnosticSink } from '../diagnostics';
import type { Scalar, YEntry, YMap, YNode } from '../yaml/node';
import { get, getEntry, toPlain } from '../yaml/node';

export const INPUT_LIMITS = { maxBlocks: 10_000, maxNodes: 500_000, maxNodeBytes: 1024 * 1024, maxExpandedChars: 16 * 1024 * 1024 };

class InterpolationAbort extends Error {}

const BLOCK = /\$\[\[\s*inputs\.([\w-]+)((?:\s*\|\s*[\w]+(?:\([^)]*\))?)*)\s*\]\]/g;
const WHOLE = /^\$\[\[\s*inputs\.([\w-]+)((?:\s*\|\s*[\w]+(?:\([^)]*\))?)*)\s*\]\]$/;

function applyFunctions(value: Scalar, functions: string): Scalar {
  let out = value;
  for (const m of functions.matchAll(/truncate\(\s*(\d+)\s*,\s*(\d+)\s*\)/g)) {
    out = String(out).substr(Number(m[1]), Number(m[2]));
  }
  return out;
}

/** The file with its inputs interpolated; undefined when GitLab would fail it (the error is reported). */
export function interpolateInputs(root: YMap, header: YMap | undefined, provided: YNode | undefined, sink: DiagnosticSink): YMap | undefined {
  const spec = get(get(header, 'spec'), 'inputs');
  const given = provided?.kind === 'map' ? provided : undefined;
  if (given && given.entries.length > 0 && spec === undefined) {
    sink.error('include-inputs', 'Given inputs not defined in the `spec` section of the included configuration file', provided!.range);
    return root;
  }
  if (spec?.kind !== 'map') return root;
  const values = new Map<string, Scalar>();
  for (const e of spec.entries) {
    const passed = given ? getEntry(given, e.key) : undefined;
    const def = get(e.value, 'default');
    const v = passed?.value ?? def;
    if (v !== undefined) values.set(e.key, v.kind === 'scalar' ? v.value : JSON.stringify(toPlain(v)));
  }
  for (const e of given?.entries ?? []) {
    if (!getEntry(spec, e.key)) sink.error('include-inputs', `unknown input arguments: ${e.key}`, e.keyRange);
  }
  // GitLab visits every node of the loaded hash (an alias counts each time it is used): count the same way,
  // on the shared tree, before interpolating anything.
  if (expandedSize(root, INPUT_LIMITS.maxNodes) > INPUT_LIMITS.maxNodes) {
    sink.error('include-inputs-limit', 'config too large', root.range);
    return undefined;
  }
  const reported = new Set<string>();
  const blocks = new Set<string>();
  let written = 0;
  let keepAsWritten = false;
  const fail = (code: string, message: string, at: YNode, severity: 'error' | 'warning' = 'error'): never => {
    sink[severity](code, message, at.range);
    keepAsWritten = severity === 'warning';
    throw new InterpolationAbort();
  };
  const lookup = (name: string, at: YNode): Scalar | undefined => {
    if (values.has(name)) return values.get(name);
    if (!reported.has(name)) {
      reported.add(name);
      sink.error('include-inputs', getEntry(spec, name) ? `\`${name}\` input: required value has not been provided` : `unknown interpolation key: \`${name}\``, at.range);
    }
    return undefined;
  };
  const text = (s: string, at: YNode): Scalar => {
    if (s.length > INPUT_LIMITS.maxNodeBytes) fail('include-inputs-limit', 'config node too large', at);
    // Size the result first: count the distinct blocks (GitLab's limit) and the characters they will write.
    let size = s.length;
    for (const m of s.matchAll(BLOCK)) {
      blocks.add(m[0]);
      if (blocks.size > INPUT_LIMITS.maxBlocks) fail('include-inputs-limit', 'too many interpolation blocks', at);
      const v = values.get(m[1] ?? '');
      if (v !== undefined) size += String(v).length;
    }
    written += size;
    if (written > INPUT_LIMITS.maxExpandedChars) {
      fail('include-inputs-size', `spec:inputs interpolation of ${at.range.file} would write more than ${INPUT_LIMITS.maxExpandedChars / (1024 * 1024)} MiB of text; the file is analysed as written, without interpolation (a limit of this tool, not of GitLab)`, at, 'warning');
    }
    const whole = WHOLE.exec(s);
    if (whole) {
      const v = lookup(whole[1] ?? '', at);
      return v === undefined ? s : applyFunctions(v, whole[2] ?? '');
    }
    return s.replace(BLOCK, (all, name: string, fns: string) => {
      const v = lookup(name, at);
      return v === undefined ? all : String(applyFunctions(v, fns));
    });
  };
  const memo = new Map<YNode, YNode>();
  const walk = (n: YNode): YNode => {
    const hit = memo.get(n);
    if (hit) return hit;
    let out: YNode = n;
    if (n.kind === 'scalar' && typeof n.value === 'string' && n.value.includes('$[[')) out = { ...n, value: text(n.value, n) };
    else if (n.kind === 'seq') out = { ...n, items: n.items.map(walk) };
    else if (n.kind === 'map') {
      out = { ...n, entries: n.entries.map((e): YEntry => ({ ...e, key: e.key.includes('$[[') ? String(text(e.key, e.value)) : e.key, value: walk(e.value) })) };
    } else if (n.kind === 'ref' && n.items) out = { ...n, items: n.items.map(walk) };
    memo.set(n, out);
    return out;
  };
  try {
    return walk(root) as YMap;
  } catch (e) {
    if (!(e instanceof InterpolationAbort)) throw e;
    // Our own size bound is not GitLab's: keep the file as written. GitLab's own bounds fail the file.
    return keepAsWritten ? root : undefined;
  }
}

/** Nodes and keys as Ruby would visit them (shared subtrees counted each time), counted up to cap + 1. */
function expandedSize(root: YNode, cap: number): number {
  const sizes = new Map<YNode, number>();
  const measure = (n: YNode): number => {
    const known = sizes.get(n);
    if (known !== undefined) return known;
    let size = 1;
    if (n.kind === 'seq') for (const i of n.items) size = Math.min(size + measure(i), cap + 1);
    else if (n.kind === 'map') for (const e of n.entries) size = Math.min(size + 1 + measure(e.value), cap + 1);
    else if (n.kind === 'ref' && n.items) for (const i of n.items) size = Math.min(size + measure(i), cap + 1);
    sizes.set(n, size);
    return size;
  };
  return measure(root);
}
