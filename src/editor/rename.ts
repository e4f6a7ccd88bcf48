// Rename a job or template (F2): its keys in every file that defines it and every needs, dependencies, extends
// and !reference that names it, across included files. The host shows the edit as a preview first.
import { JOB_NAME_KINDS, type Span } from './editorIndex';
import type { EditorModel } from './editorModel';
import { nameAt } from './navigation';

export interface TextEdit {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
}

export type Prepared = { name: string; span: Span } | { error: string };

export function prepareRename(em: EditorModel, file: string, line: number, column: number): Prepared {
  const target = nameAt(em, file, line, column);
  if (!target || target.kind !== 'job') return { error: 'Only a job or template name can be renamed here.' };
  if (em.definitions(target.name).length === 0) {
    return {
      error: `${target.name} is not defined in the files of this pipeline (it may come from an include that is not read offline).`,
    };
  }
  return { name: target.name, span: target.span };
}

/** The edits, or an error when the new name cannot be written safely. */
export function renameEdits(em: EditorModel, oldName: string, newName: string): TextEdit[] | { error: string } {
  if (newName.trim() === '' || newName !== newName.trim()) {
    return { error: 'A job name cannot be empty or start or end with spaces.' };
  }
  if (/["'\n\\]/.test(newName)) {
    return { error: 'A name with quotes, backslashes or line breaks is not renamed automatically.' };
  }
  if (oldName.startsWith('.') !== newName.startsWith('.')) {
    return { error: 'A hidden key (.name) must stay hidden and a job must stay a job: add or remove the dot by hand.' };
  }
  if (em.definitions(newName).length > 0) return { error: `${newName} already exists.` };
  const plain = !/[:[\]{},#&*!|>%@`]|^[-?]/.test(newName);
  const edits: TextEdit[] = [];
  const push = (file: string, s: Span & { quoted?: true }): void => {
    edits.push({
      file,
      line: s.line,
      column: s.column,
      endLine: s.line,
      endColumn: s.endColumn,
      text: plain || s.quoted ? newName : JSON.stringify(newName),
    });
  };
  for (const d of em.definitions(oldName)) push(d.file, d.item);
  for (const u of em.occurrencesOf(oldName)) if (JOB_NAME_KINDS.has(u.item.kind)) push(u.file, u.item);
  return edits;
}
