// What is being typed at the cursor, read from the current text (the model may be a keystroke behind): a job
// name in `needs`/`dependencies`, an `extends` or `!reference` target, a stage, or a `$` variable; and the
// top-level key (job) it is written under. Anything else is left to the YAML language the user already has.
import { variableAt } from './scanVariables';

export type CompletionKind = 'needs' | 'dependencies' | 'extends' | 'reference' | 'stage' | 'variable';

export interface CompletionContext {
  kind: CompletionKind;
  /** The top-level key above the cursor ('' when none). */
  owner: string;
  /** What is typed of the name so far, and the 1-based column where it starts. */
  prefix: string;
  start: number;
}

const KEY_LINE = /^(\s*)(?:-\s+)?(needs|dependencies|extends|stage)\s*:\s*(.*)$/;
const ITEM_LINE = /^(\s*)-\s+(?:job\s*:\s*)?(["']?)([^"':,[\]]*)$/;
/** Lines above the cursor looked at to find the parent key (a bound: CI lists are short). */
const MAX_LOOKBACK = 500;

export function completionContext(
  lines: readonly string[],
  line: number,
  column: number,
): CompletionContext | undefined {
  const text = lines[line - 1] ?? '';
  const before = text.slice(0, column - 1);
  if (/^\s*#/.test(before)) return undefined;
  const owner = ownerAbove(lines, line);
  const v = variableAt(text, column);
  if (v) return { kind: 'variable', owner, prefix: v.prefix, start: v.start };
  const ref = /!reference\s*\[\s*(["']?)([^,\]"']*)$/.exec(before);
  if (ref) return at('reference', owner, ref[2] ?? '', column);
  const key = KEY_LINE.exec(before);
  if (key) {
    const kind = key[2] as CompletionKind;
    const rest = key[3] ?? '';
    const flow = /[[,]\s*(["']?)([^,[\]"']*)$/.exec(rest);
    if (flow) return at(kind, owner, flow[2] ?? '', column);
    if (/^["']?[^,[\]"':]*$/.test(rest)) return at(kind, owner, rest.replace(/^["']/, ''), column);
    return undefined;
  }
  const item = ITEM_LINE.exec(before);
  if (item) {
    const parent = parentKey(lines, line, (item[1] ?? '').length);
    if (parent === 'needs' || parent === 'dependencies' || parent === 'extends') {
      return at(parent, owner, item[3] ?? '', column);
    }
  }
  return undefined;
}

function at(kind: CompletionKind, owner: string, prefix: string, column: number): CompletionContext {
  return { kind, owner, prefix, start: column - prefix.length };
}

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

function meaningful(text: string | undefined): text is string {
  return text !== undefined && text.trim() !== '' && !/^\s*#/.test(text);
}

/** The key of the nearest line above with less indentation than `indent` (a list item's parent key). */
function parentKey(lines: readonly string[], line: number, indent: number): string | undefined {
  for (let i = line - 2; i >= Math.max(0, line - 1 - MAX_LOOKBACK); i--) {
    const text = lines[i];
    if (!meaningful(text)) continue;
    const dash = /^(\s*)-\s/.exec(text);
    // A list item of the same list at the same indentation: keep looking up for its key.
    if (dash && (dash[1] ?? '').length === indent) continue;
    if (indentOf(text) >= indent && !dash) continue;
    if (dash && (dash[1] ?? '').length > indent) continue;
    const m = /^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:\s*(#.*)?$/.exec(text);
    return m?.[1];
  }
  return undefined;
}

/** The top-level key above a line (its block holds the cursor). */
export function ownerAbove(lines: readonly string[], line: number): string {
  for (let i = line - 1; i >= 0; i--) {
    const text = lines[i] ?? '';
    if (text === '' || /^[\s#]/.test(text) || text.startsWith('-')) continue;
    const m = /^(?:"([^"]*)"|'([^']*)'|([^:#][^:]*?))\s*:(?:\s|$)/.exec(text);
    return m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
  }
  return '';
}
