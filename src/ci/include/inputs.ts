// `spec:inputs` interpolation (spec R0.1 step 3), per file, before its includes are expanded:
// `$[[ inputs.name ]]` takes the value the including file passed (`include: {local, inputs}`) or the
// header's default. A scalar that is exactly one interpolation keeps the input's type (a boolean stays a
// boolean); inside a longer string the value is written as text. `truncate(offset, length)` is applied;
// other functions (`expand_vars`, `posix_escape`) leave the value as it is, which is what a reader sees.
import type { DiagnosticSink } from '../diagnostics';
import type { Scalar, YEntry, YMap, YNode } from '../yaml/node';
import { get, getEntry, toPlain } from '../yaml/node';

const BLOCK = /\$\[\[\s*inputs\.([\w-]+)((?:\s*\|\s*[\w]+(?:\([^)]*\))?)*)\s*\]\]/g;
const WHOLE = /^\$\[\[\s*inputs\.([\w-]+)((?:\s*\|\s*[\w]+(?:\([^)]*\))?)*)\s*\]\]$/;

function applyFunctions(value: Scalar, functions: string): Scalar {
  let out = value;
  for (const m of functions.matchAll(/truncate\(\s*(\d+)\s*,\s*(\d+)\s*\)/g)) {
    out = String(out).substr(Number(m[1]), Number(m[2]));
  }
  return out;
}

export function interpolateInputs(root: YMap, header: YMap | undefined, provided: YNode | undefined, sink: DiagnosticSink): YMap {
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
  const reported = new Set<string>();
  const lookup = (name: string, at: YNode): Scalar | undefined => {
    if (values.has(name)) return values.get(name);
    if (!reported.has(name)) {
      reported.add(name);
      sink.error('include-inputs', getEntry(spec, name) ? `\`${name}\` input: required value has not been provided` : `unknown interpolation key: \`${name}\``, at.range);
    }
    return undefined;
  };
  const text = (s: string, at: YNode): Scalar => {
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
  return walk(root) as YMap;
}
