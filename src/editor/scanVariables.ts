// `$VAR` and `${VAR}` as written in a CI file's text (scripts, rules, variables, anywhere). Read from the text
// rather than the tree so positions are exact inside block scalars (`script: |`) and quoted strings.
// `$$VAR` is GitLab's escape for a literal `$` and is skipped; so are comment-only lines.
import type { Occurrence } from './editorIndex';

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;
/** Lines longer than this are not scanned (minified or generated text; a bound of this tool). */
const MAX_LINE = 10_000;

export function scanVariables(lines: readonly string[]): Occurrence[] {
  const out: Occurrence[] = [];
  lines.forEach((text, i) => {
    if (text.length > MAX_LINE || !text.includes('$') || /^\s*#/.test(text)) return;
    for (const m of text.matchAll(VARIABLE)) {
      const at = m.index;
      if (at > 0 && text[at - 1] === '$') continue;
      const name = m[1] ?? m[2] ?? '';
      const braced = m[1] !== undefined;
      const column = at + 1 + (braced ? 2 : 1);
      out.push({ kind: 'variable', name, owner: '', line: i + 1, column, endColumn: column + name.length });
    }
  });
  return out;
}

/** The `$` variable being typed at a 1-based column: the name's start column and the prefix so far. */
export function variableAt(text: string, column: number): { start: number; prefix: string } | undefined {
  const before = text.slice(0, column - 1);
  const m = /\$\{?([A-Za-z_][A-Za-z0-9_]*)?$/.exec(before);
  if (!m || (m.index > 0 && before[m.index - 1] === '$')) return undefined;
  const prefix = m[1] ?? '';
  return { start: column - prefix.length, prefix };
}
