// Writes the engine's YAML tree back as text GitLab's loader (Psych) reads to the same values: YAML in JSON's flow
// form (JSON is YAML), with what plain JSON would lose kept — `!reference [..]` tags (toPlain turns them into
// null), floats that must stay floats (`1.0`, `.inf`), Ruby's exact big integers, and keys Psych typed as booleans,
// numbers or null. A node shared by several parents (a YAML alias, a merge key) is written once with an anchor and
// aliased after, so the text stays as small as the source however often it is reused; the text is still capped.
import type { YEntry, YMap, YNode, YScalar } from '../yaml/node';

/** Past this the document is not written (our limit): GitLab's own limit on a merged configuration is far lower. */
export const MAX_FLOW_YAML_CHARS = 32 * 1024 * 1024;

export class FlowYamlTooLarge extends Error {
  constructor() {
    super(`the merged configuration is larger than ${MAX_FLOW_YAML_CHARS / 1024 / 1024} MiB`);
  }
}

/** The node as one line of flow YAML; throws FlowYamlTooLarge past `maxChars`. */
export function toFlowYaml(node: YNode, maxChars = MAX_FLOW_YAML_CHARS): string {
  const shared = sharedNodes(node);
  const anchors = new Map<YNode, string>();
  const parts: string[] = [];
  let size = 0;
  const put = (s: string): void => {
    size += s.length;
    if (size > maxChars) throw new FlowYamlTooLarge();
    parts.push(s);
  };
  const write = (n: YNode): void => {
    if (n.kind === 'scalar') return put(scalarText(n));
    const seen = anchors.get(n);
    if (seen !== undefined) return put(`*${seen}`);
    if (shared.has(n)) {
      const name = `a${anchors.size + 1}`;
      anchors.set(n, name);
      put(`&${name} `);
    }
    if (n.kind === 'ref') {
      put('!reference ');
      if (n.items === null) return put(n.scalar === undefined ? 'null' : JSON.stringify(n.scalar));
      return writeSeq(n.items);
    }
    if (n.kind === 'seq') return writeSeq(n.items);
    put('{');
    lastEntries(n).forEach((e, i) => {
      put(`${i === 0 ? '' : ', '}${keyText(e)}: `);
      write(e.value);
    });
    put('}');
  };
  const writeSeq = (items: readonly YNode[]): void => {
    put('[');
    items.forEach((item, i) => {
      if (i > 0) put(', ');
      write(item);
    });
    put(']');
  };
  write(node);
  return `${parts.join('')}\n`;
}

/** Collections reached more than once (each is walked once, so a million aliases cost a million steps at most). */
function sharedNodes(root: YNode): Set<YNode> {
  const seen = new Set<YNode>();
  const shared = new Set<YNode>();
  const stack: YNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === 'scalar') continue;
    if (seen.has(n)) {
      shared.add(n);
      continue;
    }
    seen.add(n);
    if (n.kind === 'map') for (const e of n.entries) stack.push(e.value);
    else for (const item of n.items ?? []) stack.push(item);
  }
  return shared;
}

/** Psych keeps the last of duplicate keys; a boolean `true` key and the string "true" are different keys. */
function lastEntries(map: YMap): YEntry[] {
  const last = new Map<string, number>();
  map.entries.forEach((e, i) => last.set(`${e.keyKind ?? 'str'}:${e.key}`, i));
  return map.entries.filter((e, i) => last.get(`${e.keyKind ?? 'str'}:${e.key}`) === i);
}

function keyText(e: YEntry): string {
  switch (e.keyKind) {
    case 'bool':
    case 'int':
    case 'float':
      // Ruby's `to_s` of the typed key reads back as the same type.
      return e.key;
    case 'null':
      return 'null';
    default:
      return JSON.stringify(e.key);
  }
}

function scalarText(n: YScalar): string {
  const v = n.value;
  if (n.ruby !== undefined) return n.ruby;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean' || v === null) return String(v);
  if (Number.isNaN(v)) return '.nan';
  if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
  if (!n.float) return String(v);
  const text = String(v);
  if (/e/i.test(text)) {
    // Psych's float form needs a dot in the mantissa and a signed exponent: 1.0e+20.
    const [mantissa = '', exponent = ''] = v.toExponential().split('e');
    const sign = exponent.startsWith('-') ? '-' : '+';
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e${sign}${exponent.replace(/^[-+]/, '')}`;
  }
  return text.includes('.') ? text : `${text}.0`;
}
