// Re-parsing only the edited part of a file. A keystroke changes a few lines of one file; parsing the whole file
// again is the largest part of a keystroke's analysis in a big file. The part parsed again runs from the last
// top-level key before the edit on an unchanged line to the second top-level key after it (the first one after the
// edit is parsed again too: how the parser ends the edited text depends on the line that follows it). YAML's block
// structure makes each top-level entry at column 1 depend only on its own lines and on the anchors before it, so the
// tree is the earlier one's entries before that part, the part's new entries, and the earlier entries after it with
// their lines moved, provided that
//   - the earlier parse was clean (no findings, one document, no header), and the texts have no `---`, `...` or
//     `%` line and no carriage return (document markers and line breaks that would change where entries end);
//   - the edited lines define no anchor, before or after the edit (later aliases would resolve elsewhere);
//   - the part parses cleanly as top-level keys at column 1, in its own lines (the lines before it are comments,
//     except earlier entries that may define an anchor it uses, in their places), those earlier entries come out as
//     they did, and so does the first entry after the edit (moved); an unclosed quote or bracket, an alias to no
//     anchor, a duplicate top-level key all fail this;
//   - the whole stays within the loader's node bound (measured as the converter does).
// Anything else is parsed in full, as before. test/unit/ci/incrementalParse.test.ts compares this with full parses
// over random edits of real files and on hand-made traps.
import { parseAllDocuments, visit } from 'yaml';
import { DiagnosticSink } from '../diagnostics';
import type { SourceRange } from '../model';
import { loadYaml, YAML_LIMITS } from '../yaml/loadYaml';
import type { YEntry, YMap, YNode } from '../yaml/node';
import type { ParsedFile } from '../yaml/parsedFile';

/** As loadYaml declares it, so the anchor check reads `!reference` the same way. */
const REFERENCE_TAG = { tag: '!reference', collection: 'seq' as const, resolve: (seq: unknown): unknown => seq };

/** A file whose text has one of these lines is always parsed in full. */
const UNSAFE_LINE = /^(---|\.\.\.|%)/m;

/** The new file's parse built from the earlier one, or undefined when only a full parse is exact. */
export function spliceParse(file: string, oldText: string, old: ParsedFile, newText: string): ParsedFile | undefined {
  const root = old.loaded.root;
  if (!root || old.loaded.header || old.diagnostics.length > 0) return undefined;
  if (newText.length > YAML_LIMITS.maxBytes || newText.trim() === '') return undefined;
  if (newText.includes('\r') || oldText.includes('\r') || UNSAFE_LINE.test(newText) || UNSAFE_LINE.test(oldText)) {
    return undefined;
  }
  const keyLines = rootKeyLines(root);
  // A root written in flow style (`{` on its own line, keys at column 1) is not made of independent blocks.
  if (!keyLines || root.range.line !== keyLines[0] || root.range.column !== 1) return undefined;
  const oldLines = oldText.split('\n');
  const newLines = newText.split('\n');
  const { prefix, suffix } = commonLines(oldLines, newLines);
  // Entries wholly before the edit: up to (not including) the last top-level key on an unchanged line before it.
  let a = -1;
  for (let i = 0; i < keyLines.length && (keyLines[i] ?? Infinity) <= prefix; i++) a = i;
  // Entries wholly after it: from the first top-level key on an unchanged line after it.
  const lastChanged = Math.max(oldLines.length - suffix, prefix);
  let b = keyLines.findIndex((line, i) => i > a && line > lastChanged);
  if (b < 0) b = keyLines.length;
  // The first of those is parsed again too: how the parser ends the edited text depends on the line after it (a
  // plain scalar there may run on into the next key's line), so that line must follow it in the parsed text as in
  // the file. Its parse must then equal its earlier one, moved.
  const c = Math.min(b + 1, keyLines.length);
  const start = a >= 0 ? (keyLines[a] ?? 1) : 1;
  const oldEnd = b < keyLines.length ? (keyLines[b] ?? 1) - 1 : oldLines.length;
  const oldTail = c < keyLines.length ? (keyLines[c] ?? 1) - 1 : oldLines.length;
  const delta = newLines.length - oldLines.length;
  const newEnd = oldEnd + delta;
  if (newEnd < start - 1) return undefined;
  const tail = b < keyLines.length ? '\n' : '';
  const oldPart = oldLines.slice(start - 1, oldEnd).join('\n') + tail;
  const partText = newLines.slice(start - 1, newEnd).join('\n') + tail;
  if (definesAnchor(oldPart) || definesAnchor(partText)) return undefined;
  const next = oldLines.slice(oldEnd, oldTail).join('\n') + (c < keyLines.length ? '\n' : '');

  const sink = new DiagnosticSink();
  const context = contextLines(oldLines, keyLines, a, partText + next);
  const part = parsePart(file, context, partText + next, start, sink);
  if (sink.items.length > 0 || part.header) return undefined;
  const before = root.entries.slice(0, Math.max(a, 0));
  const after = root.entries.slice(c);
  // The new part must be top-level entries at column 1 too: an indented mapping parses alone but not in the file.
  if (part.root && (part.root.range.column !== 1 || !rootKeyLines(part.root))) return undefined;
  const parsed = part.root?.entries ?? [];
  // Entries parsed before it only for their anchors must come out as they did in the file (then their anchors hold
  // what they hold there); they are set aside, the earlier parse's are kept.
  const earlier = new Map(before.map((e) => [e.key, e] as const));
  for (const e of parsed) {
    if (e.keyRange.line < start && JSON.stringify(e) !== JSON.stringify(earlier.get(e.key))) return undefined;
  }
  const shift = new Shift(oldEnd + 1, delta);
  const following = b < keyLines.length ? root.entries[b] : undefined;
  const reparsed = parsed.filter((e) => e.keyRange.line >= start);
  const last = reparsed[reparsed.length - 1];
  if (following && (!last || JSON.stringify(last) !== JSON.stringify(shift.entry(following)))) return undefined;
  // Equal to the earlier one (moved): that one is kept, so what was built from it before is still its own.
  const middle = following ? [...reparsed.slice(0, -1), shift.entry(following)] : reparsed;
  const ownRoot = middle.length > 0 ? part.root : undefined;
  const outside = new Set([...before, ...after].map((e) => e.key));
  if (middle.some((e) => outside.has(e.key))) return undefined;

  const oldMiddle = c - Math.max(a, 0) > 0;
  // The root mapping's own range: from its first entry's side, to its last entry's side.
  const from =
    before.length > 0 ? root.range : ownRoot ? ownRoot.range : oldMiddle ? undefined : shift.range(root.range);
  const to = after.length > 0 ? shift.range(root.range) : ownRoot ? ownRoot.range : oldMiddle ? undefined : root.range;
  if (!from || !to) return undefined;
  const range = { file: from.file, line: from.line, column: from.column, endLine: to.endLine, endColumn: to.endColumn };
  const moved = after.map((e) => shift.entry(e));
  const entries = [...before, ...middle, ...moved];
  let size = 1;
  for (const e of [...before, ...middle, ...after]) size += 1 + expandedSize(e.value);
  if (size > YAML_LIMITS.maxNodes) return undefined;
  // A moved value measures what its original did: the next edit finds it measured.
  after.forEach((e, i) => SIZES.set(moved[i]!.value, expandedSize(e.value)));
  return { loaded: { root: { kind: 'map', entries, range } }, diagnostics: [] };
}

/**
 * The lines before the new part, as the part is parsed: the earlier top-level entries that may define an anchor the
 * part may use, in their places, so its aliases find what they find in the file; every other line a comment, so line
 * numbers stay (and a kept block scalar before it ends where it ends in the file: at a line that is not empty).
 * Entries before `a` only. "May": names are read from the text with YAML's anchor characters, so a `&name` or
 * `*name` in a script counts too (a superset: an entry is kept when in doubt); an entry that defines a name the part
 * uses is always kept, every one of them when several do (the last one's is what the alias finds in the file), and
 * so is an entry whose anchor a kept entry uses.
 */
function contextLines(lines: readonly string[], keyLines: readonly number[], a: number, partText: string): string[] {
  const start = a >= 0 ? (keyLines[a] ?? 1) : 1;
  const out = new Array<string>(start - 1).fill('#');
  const used = names(partText, ALIAS);
  // Last to first: an entry kept for its anchor may itself use anchors of earlier entries (defined before use).
  for (let k = a - 1; k >= 0 && used.size > 0; k--) {
    const from = keyLines[k] ?? 1;
    const to = (keyLines[k + 1] ?? start) - 1;
    const block = lines.slice(from - 1, to);
    const text = block.join('\n');
    if (!text.includes('&') || ![...names(text, ANCHOR)].some((n) => used.has(n))) continue;
    out.splice(from - 1, block.length, ...block);
    for (const n of names(text, ALIAS)) used.add(n);
  }
  return out;
}

/** `&name` and `*name` as YAML reads them: the name runs to white space or a flow indicator (ns-anchor-char). */
const ANCHOR = /&([^\s,[\]{}]+)/g;
const ALIAS = /\*([^\s,[\]{}]+)/g;

function names(text: string, pattern: RegExp): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(pattern)) out.add(m[1]!);
  return out;
}

/**
 * The part parsed in its place. With earlier entries kept for their anchors, the lines before the part are given
 * too (comments but those). Without, the part is parsed alone and its positions moved down to where it starts: the
 * same tree as after that many comment lines (nothing before it changes how it parses), without lexing them.
 */
function parsePart(
  file: string,
  context: readonly string[],
  text: string,
  start: number,
  sink: DiagnosticSink,
): ReturnType<typeof loadYaml> {
  if (context.some((l) => l !== '#')) return loadYaml(context.map((l) => `${l}\n`).join('') + text, file, sink);
  const part = loadYaml(text, file, sink);
  if (!part.root || start <= 1) return part;
  const shift = new Shift(1, start - 1);
  return {
    ...part,
    root: { kind: 'map', entries: part.root.entries.map((e) => shift.entry(e)), range: shift.range(part.root.range) },
  };
}

/** Each top-level key's line, when every key sits at column 1 in increasing lines (else a merge or odd layout). */
function rootKeyLines(root: YMap): number[] | undefined {
  const lines: number[] = [];
  for (const e of root.entries) {
    const last = lines[lines.length - 1];
    if (e.keyRange.column !== 1 || (last !== undefined && e.keyRange.line <= last)) return undefined;
    lines.push(e.keyRange.line);
  }
  return lines;
}

/** Lines equal at the start and at the end of both texts (not overlapping). */
function commonLines(a: readonly string[], b: readonly string[]): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return { prefix, suffix };
}

/** Whether YAML text defines an anchor (text without `&` cannot); text that does not parse counts as defining one. */
function definesAnchor(text: string): boolean {
  if (!text.includes('&')) return false;
  let found = false;
  try {
    const options = { version: '1.1' as const, merge: false, uniqueKeys: false, customTags: [REFERENCE_TAG] };
    for (const doc of parseAllDocuments(text, options)) {
      if (doc.errors.length > 0) return true;
      visit(doc, {
        Node(_key, node) {
          if ('anchor' in node && node.anchor) {
            found = true;
            return visit.BREAK;
          }
          return undefined;
        },
      });
    }
  } catch {
    return true;
  }
  return found;
}

/** Moves every position at or after `fromLine` by `delta` lines; nodes with nothing to move are kept as they are. */
class Shift {
  private readonly memo = new Map<YNode, YNode>();

  constructor(
    private readonly fromLine: number,
    private readonly delta: number,
  ) {}

  range(r: SourceRange): SourceRange {
    if (this.delta === 0 || (r.line < this.fromLine && r.endLine < this.fromLine)) return r;
    return {
      file: r.file,
      line: r.line >= this.fromLine ? r.line + this.delta : r.line,
      column: r.column,
      endLine: r.endLine >= this.fromLine ? r.endLine + this.delta : r.endLine,
      endColumn: r.endColumn,
    };
  }

  entry(e: YEntry): YEntry {
    if (this.delta === 0) return e;
    const out: YEntry = { key: e.key, keyRange: this.range(e.keyRange), value: this.node(e.value) };
    if (e.keyKind) out.keyKind = e.keyKind;
    return out;
  }

  /** Shared nodes (aliases) stay shared: each is moved once. */
  node(n: YNode): YNode {
    if (this.delta === 0) return n;
    const known = this.memo.get(n);
    if (known) return known;
    let out: YNode;
    switch (n.kind) {
      case 'scalar':
        out = { ...n, range: this.range(n.range) };
        break;
      case 'ref':
        out = { ...n, items: n.items?.map((i) => this.node(i)) ?? null, range: this.range(n.range) };
        break;
      case 'seq':
        out = { kind: 'seq', items: n.items.map((i) => this.node(i)), range: this.range(n.range) };
        break;
      case 'map':
        out = { kind: 'map', entries: n.entries.map((e) => this.entry(e)), range: this.range(n.range) };
        break;
    }
    this.memo.set(n, out);
    return out;
  }
}

/** Nodes' expanded sizes, kept with the nodes (trees are immutable): unchanged entries are measured once. */
const SIZES = new WeakMap<YNode, number>();

/** What the converter measures against YAML_LIMITS.maxNodes (aliases count each time they are used). */
function expandedSize(n: YNode): number {
  const known = SIZES.get(n);
  if (known !== undefined) return known;
  let size = 1;
  if (n.kind === 'seq') for (const i of n.items) size += expandedSize(i);
  else if (n.kind === 'map') for (const e of n.entries) size += 1 + expandedSize(e.value);
  else if (n.kind === 'ref' && n.items) for (const i of n.items) size += expandedSize(i);
  SIZES.set(n, size);
  return size;
}
