// A `:` that starts a token inside a flow collection (`[:b]`, `{:a: 1}`, `{a: :b}`, `[a, : b]`). libyaml, which
// Psych (GitLab's loader) runs, scans such a `:` as a value indicator wherever it begins a token in flow context
// (scanner.c, yaml_parser_fetch_next_token: `':'` and `parser->flow_level`), so no plain scalar there starts with
// it; the `yaml` library reads `:b` as text (YAML 1.2 lets a plain scalar start with `:` and a non-space).
// Where a node is expected, libyaml refuses the file: "did not find expected node content while parsing a flow
// node" at the `:` (parser.c, yaml_parser_parse_node), checked against Ruby 3.1's Psych for each shape in
// test/unit/ci/yaml/flowColon.test.ts. After a tag or an anchor (`[&x :a]` is `[{nil => "a"}]`) or an explicit
// key (`{? :a}` is `{nil => "a"}`, `[? :a]` another refusal) Psych reads it otherwise: said, not modelled.
import type { Node as YamlNode, Scalar } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from 'yaml';

/** Psych's text for the refusal, its line and column 1-based (libyaml's mark, counted in characters). */
export function flowColonMessage(file: string, line: number, column: number): string {
  return `(${file}): did not find expected node content while parsing a flow node at line ${line} column ${column}`;
}

/** What is said where Psych reads the `:` otherwise than the text shows (a tag, an anchor or `?` before it). */
export const FLOW_COLON_DIFFERS =
  "GitLab's YAML parser (libyaml) reads a `:` that starts a token inside `[…]` or `{…}` as a value indicator, so GitLab loads something else here than this text (or refuses the file): quote the text if it is meant";

export interface FlowColons {
  /** Offset of the first `:` Psych refuses, in text order. */
  refused?: number;
  /** Offsets of those Psych reads otherwise (at most MAX_DIFFERS). */
  differs: number[];
}

/** Characters after which (blanks between) a `:` may begin a token in a flow collection; undefined: the start. */
const BEFORE_TOKEN = new Set([undefined, '[', '{', ',', '?', '\n', '\r']);

/**
 * Cheap test, so that most files are not walked (a regular expression over the text measured slower): a `:` after
 * a flow indicator, a `?`, a line's indentation, a value's `: `, a quoted key's `:`, or a tag or an anchor and a
 * blank. Ruby's `A::B` in scripts does not count.
 */
function mayHaveFlowColon(text: string): boolean {
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    let j = i - 1;
    while (text[j] === ' ' || text[j] === '\t') j--;
    const c = text[j];
    if (BEFORE_TOKEN.has(c)) return true;
    if (c === ':' && (j < i - 1 || text[j - 1] === '"' || text[j - 1] === "'")) return true;
    if (j < i - 1 && wordStart(text, j) !== undefined) return true;
  }
  return false;
}

/** The first character of the word ending at `end`, when it is a tag's `!` or an anchor's `&`. */
function wordStart(text: string, end: number): string | undefined {
  let k = end;
  while (k > 0 && !/[\s,[\]{}]/.test(text[k - 1] ?? ' ')) k--;
  const first = text[k];
  return first === '!' || first === '&' ? first : undefined;
}

/** Each is a warning on the file: a few say it. */
const MAX_DIFFERS = 10;

/** The `:`s of these documents' flow collections that libyaml scans as value indicators where text is shown. */
export function flowColons(text: string, roots: readonly (YamlNode | null)[]): FlowColons {
  const out: FlowColons = { differs: [] };
  if (!mayHaveFlowColon(text)) return out;
  // An explicit stack: a hostile file nests deeper than the call stack allows.
  const stack: { node: unknown; flow: boolean }[] = roots.map((node) => ({ node, flow: false }));
  while (stack.length > 0) {
    const { node, flow } = stack.pop()!;
    if (node === null || node === undefined) continue; // a tree: aliases are nodes of their own, not followed
    if (isScalar(node)) {
      const kind = flow ? startingColon(text, node) : undefined;
      const offset = node.range?.[0] ?? 0;
      if (kind === 'refused' && (out.refused === undefined || offset < out.refused)) out.refused = offset;
      if (kind === 'differs' && out.differs.length < MAX_DIFFERS) out.differs.push(offset);
    } else if (isSeq(node) || isMap(node)) {
      const inner = flow || node.flow === true;
      for (const item of node.items) stack.push({ node: item, flow: inner });
    } else if (isPair(node)) {
      stack.push({ node: node.key, flow }, { node: node.value, flow });
    }
  }
  out.differs.sort((a, b) => a - b);
  return out;
}

/** A plain scalar written where libyaml scans a `:` first (its own `:b`, or the empty key before `: b`). */
function startingColon(text: string, node: Scalar): 'refused' | 'differs' | undefined {
  const offset = node.range?.[0];
  if (node.type !== 'PLAIN' || offset === undefined || text[offset] !== ':') return undefined;
  const source = (node as { source?: unknown }).source;
  if (typeof source !== 'string' || !(source === '' || source.startsWith(':'))) return undefined;
  const differs = node.tag !== undefined || node.anchor !== undefined || afterExplicitKey(text, offset);
  return differs ? 'differs' : 'refused';
}

/** Whether the nearest non-blank character before `offset` is an explicit key's `?`. */
function afterExplicitKey(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && /[ \t\r\n]/.test(text[i] ?? '')) i--;
  return text[i] === '?';
}
