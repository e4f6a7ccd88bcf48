// Small Markdown helpers for hovers: names in code spans that survive backticks, bounded lists.

/** A code span for any text (a name with backticks gets a longer fence, as CommonMark allows). */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Text with Markdown's active characters escaped (for reasons and messages written by the engine). */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|]/g, (c) => `\\${c}`);
}

/** At most `max` items, then "and N more". */
export function bounded<T>(items: readonly T[], max: number, show: (item: T) => string): string[] {
  const out = items.slice(0, max).map(show);
  if (items.length > max) out.push(`… and ${items.length - max} more`);
  return out;
}

/** `a, b and 3 more` for inline lists. */
export function inlineList(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** How a place in a file is shown: `ci/build.yml:12` by default; the host makes it a link. */
export type Where = (file: string, line: number) => string;

export const plainWhere: Where = (file, line) => code(`${file}:${line}`);
