// `spec:inputs` interpolation (spec R0.1 step 3), per file, before its includes are expanded. The inputs are
// checked first with GitLab's rules and messages (inputSpec.ts: type, options, regex, defaults, unknown names);
// then `$[[ inputs.name ]]` takes the value the including file passed (`include: {local, inputs}`) or the
// header's default. A scalar that is exactly one interpolation keeps the input's type (a boolean stays a
// boolean, an array an array); inside a longer string the value is written as text (Ruby's `to_s`).
// `truncate(offset, length)` is applied; other functions (`expand_vars`, `posix_escape`) leave the value as it
// is, which is what a reader sees. A block naming an unknown input, or truncating a value that is not a String,
// stops the file with GitLab's error (Template#evaluate_block), as does a block in a header without inputs.
//
// Bounds, checked before anything is built: GitLab's own (Interpolation::Template, Interpolation::Config) —
// at most 10,000 distinct blocks ("too many interpolation blocks"), 500,000 visited nodes ("config too
// large"), no string over 1 MiB ("config node too large"), each failing the file — and ours: the text the
// interpolation writes is sized before it is written, and past 16 MiB per file the file is kept as written
// (uninterpolated) with a warning, since GitLab might accept it.
import type { DiagnosticSink } from '../diagnostics';
import type { SourceRange } from '../model';
import type { KeyKind, Scalar, YEntry, YMap, YNode } from '../yaml/node';
import { keyFromScalar } from '../yaml/psychTexts';
import { get, isNull } from '../yaml/node';
import { checkInputs, rubyText } from './inputSpec';

export const INPUT_LIMITS = {
  maxBlocks: 10_000,
  maxNodes: 500_000,
  maxNodeBytes: 1024 * 1024,
  maxExpandedChars: 16 * 1024 * 1024,
};

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

/** Where the file was included from: GitLab prefixes an included file's errors with its location. */
export interface IncludedAt {
  /** The include's location as written (after variable expansion): `t.yml`, `host/grp/comp/unit@1.0`. */
  location: string;
  range: SourceRange;
}

/**
 * The file with its inputs interpolated; undefined when GitLab would fail it (the error is reported). The inputs
 * are checked first (inputSpec.ts) and any failure stops the file, as Interpolator#interpolate! stops it; GitLab
 * joins at most three messages into one, prefixed with the included file's location.
 */
export function interpolateInputs(
  root: YMap,
  header: YMap | undefined,
  provided: YNode | undefined,
  sink: DiagnosticSink,
  at?: IncludedAt,
): YMap | undefined {
  const given = provided?.kind === 'map' ? provided : undefined;
  const where = at?.range ?? provided?.range ?? root.range;
  const prefix = at ? `\`${at.location}\`: ` : '';
  const fail = (messages: string[]): undefined => {
    sink.error('include-inputs', `${prefix}${messages.slice(0, 3).join(', ')}`, where);
    return undefined;
  };
  // Interpolator#interpolate!: `inputs: null` is no argument; anything else that is not a hash fails the file.
  if (provided !== undefined && provided.kind !== 'map' && !isNull(provided)) {
    return fail(['Given inputs must be a hash']);
  }
  const hasArgs = given !== undefined && given.entries.length > 0;
  if (header === undefined) {
    return hasArgs ? fail(['Given inputs not defined in the `spec` section of the included configuration file']) : root;
  }
  // Any header interpolates the file, `spec:inputs` empty or absent included: a block then names an unknown key.
  const spec = get(get(header, 'spec'), 'inputs');
  const check = checkInputs(spec ?? { kind: 'map', entries: [], range: header.range }, given);
  if (check.errors.length > 0) return fail(check.errors);
  for (const u of check.unknown) sink.info('include-inputs-unknown', u, where);
  // GitLab visits every node of the loaded hash (an alias counts each time it is used): count the same way,
  // on the shared tree, before interpolating anything.
  if (expandedSize(root, INPUT_LIMITS.maxNodes) > INPUT_LIMITS.maxNodes) {
    sink.error('include-inputs-limit', 'config too large', root.range);
    return undefined;
  }
  return new Interpolation(check.values, sink, prefix, at?.range).run(root);
}

/** One file's interpolation: the tree walk, and the running counts its bounds are checked against. */
class Interpolation {
  /** Distinct block texts seen (GitLab's limit counts distinct blocks). */
  private readonly blocks = new Set<string>();
  /** Characters the interpolation will write, summed over the file (our bound). */
  private written = 0;
  private keepAsWritten = false;
  /** A shared subtree (YAML alias) is interpolated once and shared again in the result. */
  private readonly memo = new Map<YNode, YNode>();

  /**
   * `prefix`: the included file's location as GitLab prefixes its errors (empty at the root); `includedAt`: where
   * an included file's errors are reported (the include), undefined at the root (the block itself).
   */
  constructor(
    private readonly values: ReadonlyMap<string, YNode>,
    private readonly sink: DiagnosticSink,
    private readonly prefix: string,
    private readonly includedAt: SourceRange | undefined,
  ) {}

  run(root: YMap): YMap | undefined {
    try {
      return this.walk(root) as YMap;
    } catch (e) {
      if (!(e instanceof InterpolationAbort)) throw e;
      // Our own size bound is not GitLab's: keep the file as written. GitLab's own bounds fail the file.
      return this.keepAsWritten ? root : undefined;
    }
  }

  private walk(n: YNode): YNode {
    const hit = this.memo.get(n);
    if (hit) return hit;
    let out: YNode = n;
    if (n.kind === 'scalar' && typeof n.value === 'string' && n.value.includes('$[[')) {
      out = this.text(n.value, n);
    } else if (n.kind === 'seq') out = { ...n, items: n.items.map((i) => this.walk(i)) };
    else if (n.kind === 'map') {
      out = {
        ...n,
        entries: n.entries.map((e): YEntry => ({
          ...e,
          ...(e.key.includes('$[[') ? typedKey(this.text(e.key, e.value)) : {}),
          value: this.walk(e.value),
        })),
      };
    }
    // A `!reference` is a Tags::Reference object while GitLab interpolates, which Interpolation::Config leaves as
    // it is (only Hash, Array, Symbol and String are walked): its path is never interpolated.
    this.memo.set(n, out);
    return out;
  }

  /** One string with its blocks replaced, after its size is checked against every bound. */
  private text(s: string, at: YNode): YNode {
    if (s.length > INPUT_LIMITS.maxNodeBytes) this.fail('include-inputs-limit', 'config node too large', at);
    // Size the result first: count the distinct blocks (GitLab's limit) and the characters they will write.
    let size = s.length;
    for (const m of s.matchAll(BLOCK)) {
      this.blocks.add(m[0]);
      if (this.blocks.size > INPUT_LIMITS.maxBlocks) {
        this.fail('include-inputs-limit', 'too many interpolation blocks', at);
      }
      const name = m[1] ?? '';
      if (this.values.has(name)) size += this.textOf(name).length;
    }
    this.written += size;
    if (this.written > INPUT_LIMITS.maxExpandedChars) {
      this.fail(
        'include-inputs-size',
        `spec:inputs interpolation of ${at.range.file} would write more than ${INPUT_LIMITS.maxExpandedChars / (1024 * 1024)} MiB of text; the file is analysed as written, without interpolation (a limit of this tool, not of GitLab)`,
        at,
        'warning',
      );
    }
    // Exactly one block: the input's own type survives (a boolean stays a boolean, an array stays an array).
    const whole = WHOLE.exec(s);
    if (whole) {
      const v = this.lookup(whole[1] ?? '', at);
      this.checkFunctions(v, whole[2] ?? '', at);
      if (v.kind !== 'scalar') return v;
      return { ...v, value: applyFunctions(v.value, whole[2] ?? ''), range: at.range };
    }
    const value = s.replace(BLOCK, (_all, name: string, fns: string) => {
      this.checkFunctions(this.lookup(name, at), fns, at);
      return String(applyFunctions(this.textOf(name), fns));
    });
    return { kind: 'scalar', value, range: at.range };
  }

  /** An input's value as text inside a longer string (Ruby's `to_s`), computed once per input. */
  private readonly texts = new Map<string, string>();
  private textOf(name: string): string {
    let t = this.texts.get(name);
    if (t === undefined) {
      const v = this.values.get(name);
      t = v === undefined ? '' : rubyText(v);
      this.texts.set(name, t);
    }
    return t;
  }

  /**
   * An input's value. Every declared input has one once the checks passed (a missing required one already failed
   * the file), so a name without one is unknown: Template#evaluate_block stops the file at the first such block.
   */
  private lookup(name: string, at: YNode): YNode {
    const v = this.values.get(name);
    if (v !== undefined) return v;
    return this.stop(`unknown interpolation key: \`${name}\``, at);
  }

  /**
   * Functions::Truncate#execute runs on the input's own value (before any `to_s`): anything but a String stops
   * the file. Only a chain that starts with `truncate` is checked: the other functions' messages vary by version.
   */
  private checkFunctions(v: YNode, functions: string, at: YNode): void {
    if (/^\s*\|\s*(\w+)/.exec(functions)?.[1] !== 'truncate') return;
    if (v.kind === 'scalar' && typeof v.value === 'string' && !v.symbol) return;
    this.stop('error in `truncate` function: invalid input type: truncate can only be used with string inputs', at);
  }

  /** A block GitLab cannot evaluate: Template#evaluate_block stops the file, after the block's own error. */
  private stop(error: string, at: YNode): never {
    const message = `${this.prefix}interpolation interrupted by errors, ${error}`;
    this.sink.error('include-inputs', message, this.includedAt ?? at.range);
    throw new InterpolationAbort();
  }

  /** Reports and stops the whole walk; a warning (our bound) keeps the file as written, an error fails it. */
  private fail(code: string, message: string, at: YNode, severity: 'error' | 'warning' = 'error'): never {
    this.sink[severity](code, message, at.range);
    this.keepAsWritten = severity === 'warning';
    throw new InterpolationAbort();
  }
}

/**
 * An interpolated mapping key: Interpolation::Config#recursive_replace keeps the block's value as the new key, so
 * a key that is exactly one block of a number, boolean or array input stays that type (a job named so is refused).
 */
function typedKey(n: YNode): { key: string; keyKind?: KeyKind } {
  if (n.kind !== 'scalar') return { key: rubyText(n), keyKind: 'collection' };
  if (typeof n.value === 'string') return { key: n.value };
  const { key, keyKind } = keyFromScalar(n);
  return keyKind ? { key, keyKind } : { key };
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
    // A `!reference` is one node for Interpolation::Config's visitor (it does not walk into the tag's object).
    sizes.set(n, size);
    return size;
  };
  return measure(root);
}

/**
 * The location GitLab names an included file by in its errors (File::Base#masked_location): the local path,
 * the project's file, the remote URL, the template name or the component address — not our origin label.
 */
export function includeLocation(unit: { path: string } | { origin: string }): string {
  if ('path' in unit) return unit.path;
  const { origin } = unit;
  if (origin.startsWith('project:')) return origin.slice(origin.indexOf(':/', 'project:'.length) + 2);
  return origin.slice(origin.indexOf(':') + 1);
}
