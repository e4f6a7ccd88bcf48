// Go to definition and find references, from the editor index: job and template names (needs, dependencies,
// extends, !reference), include and trigger:include paths, stages, variables.
import { JOB_NAME_KINDS, type Occurrence, type OccurrenceKind, type Span } from './editorIndex';
import type { EditorModel } from './editorModel';

export interface Place {
  file: string;
  span: Span;
}

const FILE_START: Span = { line: 1, column: 1, endColumn: 1 };

export function definitionAt(em: EditorModel, file: string, line: number, column: number): Place[] {
  const o = em.occurrenceAt(file, line, column);
  if (!o) return [];
  if (JOB_NAME_KINDS.has(o.kind)) return em.definitions(o.name).map((d) => ({ file: d.file, span: d.item }));
  switch (o.kind) {
    case 'include':
    case 'trigger-include':
      return includeTargets(em, file, o).map((f) => ({ file: f, span: FILE_START }));
    case 'stage':
      return placesOf(em, o.name, ['stage-def']);
    case 'variable':
      return placesOf(em, o.name, ['variable-def']);
    default:
      return [];
  }
}

/** The files an include path brings in: the engine's own expansion when it has one (wildcards), else the path. */
function includeTargets(em: EditorModel, file: string, o: Occurrence): string[] {
  const expanded = em.model.includes.find(
    (i) => i.location === o.name && i.from.file === file && i.from.line === (o.entry?.line ?? o.line),
  );
  if (expanded && expanded.files.length > 0) return expanded.files;
  const byLocation = em.model.includes.find((i) => i.location === o.name && i.files.length > 0);
  if (byLocation) return byLocation.files;
  return o.name.includes('*') ? [] : [o.name.replace(/^\/+/, '')];
}

function placesOf(em: EditorModel, name: string, kinds: readonly OccurrenceKind[]): Place[] {
  return em
    .occurrencesOf(name)
    .filter((u) => kinds.includes(u.item.kind))
    .map((u) => ({ file: u.file, span: u.item }));
}

/** The name a position refers to, for references and rename: a top-level key or a name that points to one. */
export function nameAt(
  em: EditorModel,
  file: string,
  line: number,
  column: number,
): { name: string; kind: 'job' | 'stage' | 'variable'; span: Span } | undefined {
  const key = em.keyAt(file, line, column);
  if (key) return key.kind === 'keyword' ? undefined : { name: key.name, kind: 'job', span: key };
  const o = em.occurrenceAt(file, line, column);
  if (!o) return undefined;
  if (JOB_NAME_KINDS.has(o.kind)) return { name: o.name, kind: 'job', span: o };
  if (o.kind === 'stage' || o.kind === 'stage-def') return { name: o.name, kind: 'stage', span: o };
  if (o.kind === 'variable' || o.kind === 'variable-def') return { name: o.name, kind: 'variable', span: o };
  return undefined;
}

export function referencesAt(
  em: EditorModel,
  file: string,
  line: number,
  column: number,
  includeDeclaration: boolean,
): Place[] {
  const target = nameAt(em, file, line, column);
  if (!target) return [];
  if (target.kind === 'job') {
    const uses = em
      .occurrencesOf(target.name)
      .filter((u) => JOB_NAME_KINDS.has(u.item.kind))
      .map((u) => ({ file: u.file, span: u.item }));
    const defs = includeDeclaration ? em.definitions(target.name).map((d) => ({ file: d.file, span: d.item })) : [];
    return [...defs, ...uses];
  }
  const kinds: OccurrenceKind[] =
    target.kind === 'stage'
      ? ['stage', ...(includeDeclaration ? ['stage-def' as const] : [])]
      : ['variable', ...(includeDeclaration ? ['variable-def' as const] : [])];
  return placesOf(em, target.name, kinds);
}
