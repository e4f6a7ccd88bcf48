// Which hover applies under a position: a job's or template's key, a needs/dependencies entry, an `extends` or
// `!reference` target, a `$VAR`, an `artifacts:paths` entry. Plain schema keys get nothing from us (the YAML
// extension the user already has explains those), so the two never show the same thing twice.
import type { Span } from './editorIndex';
import type { EditorModel } from './editorModel';
import { hoverArtifactPath, hoverEdge } from './hoverEntry';
import { hoverJobKey } from './hoverJob';
import { hoverVariable } from './hoverVariable';
import { plainWhere, type Where } from './markdown';

export interface HoverResult {
  markdown: string;
  span: Span;
}

export function hoverAt(
  em: EditorModel,
  file: string,
  line: number,
  column: number,
  where: Where = plainWhere,
): HoverResult | undefined {
  const key = em.keyAt(file, line, column);
  if (key) return key.kind === 'keyword' ? undefined : { markdown: hoverJobKey(em, key.name, where), span: key };
  const o = em.occurrenceAt(file, line, column);
  if (!o) return undefined;
  switch (o.kind) {
    case 'need':
    case 'dependency':
      return { markdown: hoverEdge(em, file, o), span: o };
    case 'extends':
    case 'reference':
      return { markdown: hoverJobKey(em, o.name, where), span: o };
    case 'variable':
      return { markdown: hoverVariable(em, o, where), span: o };
    case 'artifact-path':
      return { markdown: hoverArtifactPath(em, o), span: o };
    default:
      return undefined;
  }
}
