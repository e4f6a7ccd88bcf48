// Keeping positions right between a keystroke and the next model: the index was built from an earlier version of
// an open file; the edits since then (as the editor reports them) move later lines up or down. Occurrences on a
// line an edit touched are dropped (their text changed: better no answer than a wrong one). Pure.
import type { FileIndex, Occurrence, TopLevel } from './editorIndex';

/** One edit of one change event, in 1-based lines of the text before that event. */
export interface LineEdit {
  startLine: number;
  endLine: number;
  /** How many line breaks the inserted text has. */
  insertedBreaks: number;
}

/** The edits of one change event (the editor reports them all against the text before the event). */
export type ChangeEvent = readonly LineEdit[];

/** Where an old line is now, or undefined when an edit touched it. */
export function shiftLine(line: number, events: readonly ChangeEvent[]): number | undefined {
  let current = line;
  for (const event of events) {
    let delta = 0;
    for (const e of event) {
      if (e.startLine <= current && current <= e.endLine) return undefined;
      if (e.endLine < current) delta += e.insertedBreaks - (e.endLine - e.startLine);
    }
    current += delta;
  }
  return current;
}

/** The file's index moved to the current text. Entries keep the old start, which the model's ranges still use. */
export function shiftFileIndex(index: FileIndex, events: readonly ChangeEvent[]): FileIndex {
  if (events.length === 0) return index;
  const occurrences: Occurrence[] = [];
  for (const o of index.occurrences) {
    const line = shiftLine(o.line, events);
    if (line !== undefined) occurrences.push({ ...o, line, entry: o.entry ?? { line: o.line, column: o.column } });
  }
  const top: TopLevel[] = [];
  for (const t of index.top) {
    const line = shiftLine(t.line, events);
    if (line === undefined) continue;
    // The block's end moves with the lines before it; if its last line was edited, the next key bounds it.
    const end = shiftLine(t.endLine, events) ?? line;
    top.push({ ...t, line, endLine: Math.max(line, end) });
  }
  for (let i = 0; i + 1 < top.length; i++) {
    const next = top[i + 1]!;
    const cur = top[i]!;
    if (cur.endLine < next.line - 1 || cur.endLine >= next.line) top[i] = { ...cur, endLine: next.line - 1 };
  }
  return { file: index.file, top, occurrences };
}
