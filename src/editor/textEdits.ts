// Edits of YAML text that keep the user's layout: add an entry to a list key of a job (flow `[a, b]` or block
// `- a` form, or a new key), remove a list entry, remove a key with its block. They work on the current lines
// and give 1-based edits; anything they cannot do safely gives undefined (no fix offered).
import type { TextEdit } from './rename';

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

function meaningful(text: string | undefined): boolean {
  return text !== undefined && text.trim() !== '' && !/^\s*#/.test(text);
}

/** The last line (1-based) of the block that starts at `line`: following lines indented deeper (or, under a
 *  `key:`, list items at the same indentation, which YAML allows); blank and comment lines inside are kept. */
export function blockEnd(lines: readonly string[], line: number): number {
  const head = lines[line - 1] ?? '';
  const indent = indentOf(head);
  const sameIndentItems = /:\s*(#.*)?$/.test(head) && !head.trimStart().startsWith('- ');
  let end = line;
  for (let i = line; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (!meaningful(text)) continue;
    const deeper =
      indentOf(text) > indent || (sameIndentItems && indentOf(text) === indent && text.trimStart().startsWith('- '));
    if (!deeper) break;
    end = i + 1;
  }
  return end;
}

/** The line of `key:` directly inside the job whose key is on `ownerLine`, if written there. */
export function childKeyLine(lines: readonly string[], ownerLine: number, key: string): number | undefined {
  const end = blockEnd(lines, ownerLine);
  const indent = childIndent(lines, ownerLine);
  for (let i = ownerLine; i < end; i++) {
    const text = lines[i] ?? '';
    if (indentOf(text) === indent && new RegExp(`^\\s*${key}\\s*:`).test(text)) return i + 1;
  }
  return undefined;
}

/** The indentation of a job's keys (of its first child line), two spaces when it has none. */
export function childIndent(lines: readonly string[], ownerLine: number): number {
  const own = indentOf(lines[ownerLine - 1] ?? '');
  for (let i = ownerLine; i < lines.length; i++) {
    const text = lines[i];
    if (!meaningful(text)) continue;
    const indent = indentOf(text ?? '');
    return indent > own ? indent : own + 2;
  }
  return own + 2;
}

/** Adds `value` to the list `key` of the job on `ownerLine`, creating `key: [value]` when it has none. */
export function addListEntry(
  lines: readonly string[],
  file: string,
  ownerLine: number,
  key: string,
  value: string,
): TextEdit | undefined {
  const keyLine = childKeyLine(lines, ownerLine, key);
  if (keyLine === undefined) {
    const pad = ' '.repeat(childIndent(lines, ownerLine));
    const text = lines[ownerLine - 1] ?? '';
    return {
      file,
      line: ownerLine,
      column: text.length + 1,
      endLine: ownerLine,
      endColumn: text.length + 1,
      text: `\n${pad}${key}: [${value}]`,
    };
  }
  const text = lines[keyLine - 1] ?? '';
  const flow = /:\s*\[(.*)\]\s*(#.*)?$/.exec(text);
  if (flow) {
    const close = text.lastIndexOf(']');
    const empty = (flow[1] ?? '').trim() === '';
    return {
      file,
      line: keyLine,
      column: close + 1,
      endLine: keyLine,
      endColumn: close + 1,
      text: empty ? value : `, ${value}`,
    };
  }
  if (!/:\s*(#.*)?$/.test(text)) return undefined; // a scalar or something we do not rewrite
  const end = blockEnd(lines, keyLine);
  const first = lines[keyLine] ?? '';
  const itemPad = /^\s*-\s/.test(first) ? ' '.repeat(indentOf(first)) : ' '.repeat(indentOf(text) + 2);
  const last = lines[end - 1] ?? '';
  return {
    file,
    line: end,
    column: last.length + 1,
    endLine: end,
    endColumn: last.length + 1,
    text: `\n${itemPad}- ${value}`,
  };
}

/** Adds `key: value` as the first key of the block-mapping job on `ownerLine`; undefined for a flow mapping. */
export function addChildKey(
  lines: readonly string[],
  file: string,
  ownerLine: number,
  key: string,
  value: string,
): TextEdit | undefined {
  const text = lines[ownerLine - 1] ?? '';
  if (!/:\s*(#.*)?$/.test(text) || childKeyLine(lines, ownerLine, key) !== undefined) return undefined;
  // Inserted before the trailing comment, if any, would change it: after the whole line instead.
  const pad = ' '.repeat(childIndent(lines, ownerLine));
  return {
    file,
    line: ownerLine,
    column: text.length + 1,
    endLine: ownerLine,
    endColumn: text.length + 1,
    text: `\n${pad}${key}: ${value}`,
  };
}

/** Removes one list entry at a 1-based name span (flow form: with its comma; block form: its whole line). */
export function removeListEntry(
  lines: readonly string[],
  file: string,
  line: number,
  column: number,
  endColumn: number,
): TextEdit | undefined {
  const text = lines[line - 1] ?? '';
  if (/^\s*-\s+["']?[^\s:]*["']?\s*(#.*)?$/.test(text) && text.trimStart().startsWith('-')) {
    return { file, line, column: 1, endLine: line + 1, endColumn: 1, text: '' };
  }
  let start = column - 1;
  let end = endColumn - 1;
  if (text[start - 1] === '"' || text[start - 1] === "'") start--;
  if (text[end] === '"' || text[end] === "'") end++;
  const after = /^\s*,\s*/.exec(text.slice(end));
  if (after) return { file, line, column: start + 1, endLine: line, endColumn: end + after[0].length + 1, text: '' };
  const before = /,\s*$/.exec(text.slice(0, start));
  if (before) return { file, line, column: before.index + 1, endLine: line, endColumn: end + 1, text: '' };
  if (text.slice(0, start).trimEnd().endsWith('[') && text.slice(end).trimStart().startsWith(']')) {
    return { file, line, column: start + 1, endLine: line, endColumn: end + 1, text: '' };
  }
  return undefined;
}

/** Removes a key and its block (the lines of its value). */
export function removeKeyBlock(lines: readonly string[], file: string, keyLine: number): TextEdit {
  const end = blockEnd(lines, keyLine);
  return { file, line: keyLine, column: 1, endLine: end + 1, endColumn: 1, text: '' };
}
