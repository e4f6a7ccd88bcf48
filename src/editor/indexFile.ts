// Indexes one CI file for the editor: its top-level keys and every name the language features act on, with
// exact positions in the file's text. Reads the tree the engine's loader made (before includes, `extends` and
// `!reference` are applied, so every position is in this file) and the text itself (for `$VAR` and quotes).
import type { SourceRange } from '../ci/model';
import { RESERVED_ROOT_KEYS, SOFT_ROOT_KEYS } from '../ci/jobs/keywords';
import { flattenSeq, get, getEntry, type YEntry, type YMap, type YNode } from '../ci/yaml/node';
import type { FileIndex, Occurrence, OccurrenceKind, TopLevel } from './editorIndex';
import { scanVariables } from './scanVariables';
import { isReferenceFree, markReferenceFree } from '../ci/yaml/referenceFree';

/** A file larger than this many occurrences is indexed up to it (a bound, not a GitLab limit). */
export const MAX_OCCURRENCES = 200_000;

interface Walk {
  readonly lines: readonly string[];
  readonly out: Occurrence[];
  /** Each occurrence's place (kind, line, column), in `out`'s order: a YAML alias reaches the same text again. */
  readonly keys: string[];
  readonly seen: Set<string>;
}

/** What one top-level entry's tree names, each with its place (see Walk). */
interface EntryOccurrences {
  readonly out: readonly Occurrence[];
  readonly keys: readonly string[];
}

/**
 * Each top-level entry's occurrences, by the entry. Trees are immutable, and an entry the parse kept (an edit
 * re-parses only the entries it touched: incremental/spliceParse.ts; one that moves is a new object) still stands at
 * the same place in the same text, so what its walk found is found again: a keystroke walks only the edited entries
 * of the file (srsRAN's build.yml: 122 entries, 918 names). Weak.
 */
const BY_ENTRY = new WeakMap<YEntry, EntryOccurrences>();

export function indexFile(file: string, text: string, root: YMap | undefined): FileIndex {
  const lines = text.split(/\r?\n/);
  const top = topLevel(root, lines);
  const out: Occurrence[] = [];
  const seen = new Set<string>();
  for (const e of root?.entries ?? []) {
    if (e.keyRange.file !== file) continue;
    const found = entryOccurrences(lines, e);
    for (let i = 0; i < found.out.length && out.length < MAX_OCCURRENCES; i++) {
      const key = found.keys[i]!;
      if (seen.has(key)) continue; // an alias in another entry reaches text already recorded
      seen.add(key);
      out.push(found.out[i]!);
    }
  }
  const owners = ownerOf(top);
  const occurrences = [...out, ...scanVariables(lines)]
    .slice(0, MAX_OCCURRENCES)
    .map((o) => ({ ...o, owner: owners(o.line) }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
  return { file, top, occurrences };
}

function entryOccurrences(lines: readonly string[], e: YEntry): EntryOccurrences {
  const known = BY_ENTRY.get(e);
  if (known) return known;
  const walk: Walk = { lines, out: [], keys: [], seen: new Set() };
  if (e.key === 'include') includes(walk, e.value, 'include');
  else if (e.key === 'stages') for (const s of flattenSeq(e.value)) add(walk, 'stage-def', s);
  else if (e.key === 'variables') variableDefs(walk, e.value);
  else if (!RESERVED_ROOT_KEYS.has(e.key)) job(walk, e.value);
  const found = { out: walk.out, keys: walk.keys };
  BY_ENTRY.set(e, found);
  return found;
}

function topLevel(root: YMap | undefined, lines: readonly string[]): TopLevel[] {
  const keys = (root?.entries ?? [])
    .filter((e) => e.keyRange.line === e.keyRange.endLine)
    .map((e) => ({ e, line: e.keyRange.line }))
    .sort((a, b) => a.line - b.line);
  return keys.map(({ e }, i) => {
    const next = keys[i + 1];
    const kind: TopLevel['kind'] =
      RESERVED_ROOT_KEYS.has(e.key) || (SOFT_ROOT_KEYS.has(e.key) && e.value.kind === 'map' && !isJobLike(e.value))
        ? 'keyword'
        : e.key.startsWith('.')
          ? 'hidden'
          : 'job';
    const span = nameSpan(lines, e.keyRange, e.key) ?? {
      line: e.keyRange.line,
      column: e.keyRange.column,
      endColumn: e.keyRange.endColumn,
    };
    const quoted = span.column !== e.keyRange.column ? { quoted: true as const } : {};
    return {
      name: e.key,
      kind,
      ...span,
      ...quoted,
      endLine: next ? Math.max(e.keyRange.line, next.line - 1) : lines.length,
    };
  });
}

/** `default:` and `workflow:` are jobs only when they have a script (or trigger) of their own. */
function isJobLike(map: YMap): boolean {
  return (
    getEntry(map, 'script') !== undefined ||
    getEntry(map, 'trigger') !== undefined ||
    getEntry(map, 'run') !== undefined
  );
}

function ownerOf(top: readonly TopLevel[]): (line: number) => string {
  return (line) => {
    let lo = 0;
    let hi = top.length - 1;
    let found = '';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = top[mid]!;
      if (t.line <= line) {
        if (line <= t.endLine) found = t.name;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** Records a name written as a single-line scalar, without its quotes. */
function add(walk: Walk, kind: OccurrenceKind, node: YNode | undefined, extra: Partial<Occurrence> = {}): void {
  if (node?.kind !== 'scalar' || typeof node.value !== 'string' || walk.out.length >= MAX_OCCURRENCES) return;
  const span = nameSpan(walk.lines, node.range, node.value);
  if (!span) return;
  const key = `${kind}|${span.line}|${span.column}`;
  if (walk.seen.has(key)) return; // a YAML alias reaches the same text again
  walk.seen.add(key);
  walk.keys.push(key);
  // The engine's ArtifactSource.at is the entry node's start: with quotes, one column before the name.
  const quoted = span.column !== node.range.column;
  const entry = quoted ? { entry: { line: node.range.line, column: node.range.column }, quoted: true as const } : {};
  walk.out.push({ kind, name: node.value, owner: '', ...span, ...entry, ...extra });
}

/** The columns of `name` inside the scalar's range (quotes excluded); undefined when it spans lines. */
export function nameSpan(
  lines: readonly string[],
  r: SourceRange,
  name: string,
): { line: number; column: number; endColumn: number } | undefined {
  if (r.line !== r.endLine) return undefined;
  const text = lines[r.line - 1]?.slice(r.column - 1, r.endColumn - 1) ?? '';
  const quoted = text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0];
  if (quoted && text.slice(1, -1) === name) return { line: r.line, column: r.column + 1, endColumn: r.endColumn - 1 };
  // Escapes or folding: the text is not the name; say nothing rather than point at the wrong columns.
  if (text !== name) return undefined;
  return { line: r.line, column: r.column, endColumn: r.endColumn };
}

function includes(walk: Walk, value: YNode, kind: 'include' | 'trigger-include'): void {
  for (const item of flattenSeq(value)) {
    if (item.kind === 'scalar') {
      if (typeof item.value === 'string' && !/^https?:/i.test(item.value)) add(walk, kind, item);
    } else if (item.kind === 'map') {
      add(walk, kind, get(item, 'local'));
    }
  }
}

function variableDefs(walk: Walk, value: YNode | undefined): void {
  if (value?.kind !== 'map') return;
  for (const e of value.entries) {
    if (e.keyRange.line !== e.keyRange.endLine) continue;
    add(walk, 'variable-def', { kind: 'scalar', value: e.key, range: e.keyRange });
  }
}

function job(walk: Walk, value: YNode): void {
  if (value.kind !== 'map') return;
  needs(walk, get(value, 'needs'));
  for (const rule of flattenSeq(get(value, 'rules'))) {
    needs(walk, get(rule, 'needs'));
    variableDefs(walk, get(rule, 'variables'));
  }
  for (const d of flattenSeq(get(value, 'dependencies'))) add(walk, 'dependency', d);
  for (const x of flattenSeq(get(value, 'extends'))) add(walk, 'extends', x);
  add(walk, 'stage', get(value, 'stage'));
  variableDefs(walk, get(value, 'variables'));
  for (const p of flattenSeq(get(get(value, 'artifacts'), 'paths'))) add(walk, 'artifact-path', p);
  const trigger = get(value, 'trigger');
  if (trigger?.kind === 'map') {
    includes(walk, get(trigger, 'include') ?? { kind: 'seq', items: [], range: trigger.range }, 'trigger-include');
  }
  references(walk, value, new Set());
}

function needs(walk: Walk, value: YNode | undefined): void {
  if (value === undefined) return;
  for (const item of value.kind === 'map' ? [value] : flattenSeq(value)) {
    if (item.kind === 'scalar') add(walk, 'need', item);
    else if (item.kind === 'map' && !getEntry(item, 'pipeline') && !getEntry(item, 'project')) {
      add(walk, 'need', get(item, 'job'), { entry: { line: item.range.line, column: item.range.column } });
    }
  }
}

/**
 * Every `!reference [name, key, …]` inside a job or template. Shared (aliased) subtrees are walked once. Returns
 * whether the subtree may hold one (a subtree met before in this walk may: its answer is not known yet).
 */
function references(walk: Walk, node: YNode, visited: Set<YNode>): boolean {
  // Found without references by an earlier walk, here or in the engine's resolution (yaml/referenceFree.ts).
  if (isReferenceFree(node)) return false;
  if (visited.has(node)) return true;
  visited.add(node);
  let found = false;
  if (node.kind === 'ref') {
    found = true;
    const path = (node.items ?? []).map((i) => (i.kind === 'scalar' && typeof i.value === 'string' ? i.value : ''));
    if (path.length > 0 && path[0] !== '') add(walk, 'reference', node.items?.[0], { path });
  } else if (node.kind === 'seq') {
    for (const i of node.items) if (references(walk, i, visited)) found = true;
  } else if (node.kind === 'map') {
    for (const e of node.entries) if (references(walk, e.value, visited)) found = true;
  }
  if (!found) markReferenceFree(node);
  return found;
}
