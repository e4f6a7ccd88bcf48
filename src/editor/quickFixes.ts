// Quick fixes for the engine's findings, as text edits on the current lines of the file: a same-stage
// dependency becomes a need, the producer of an empty `$VAR` is added to needs, dependencies that needs cancels
// are dropped, the earlier of two duplicate keys is removed, an undefined need or dependency is changed to the
// nearest job name, a job that downloads archives it does not seem to use gets `dependencies: []`. A fix is
// offered only when its edit can be computed safely; otherwise none is.
import type { Diagnostic } from '../ci/model';
import type { Occurrence } from './editorIndex';
import type { EditorModel } from './editorModel';
import { validTargets } from './completion';
import { nearest } from './nearest';
import type { TextEdit } from './rename';
import { addChildKey, addListEntry, childKeyLine, removeKeyBlock, removeListEntry } from './textEdits';

export interface QuickFix {
  title: string;
  code: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export const FIXABLE = new Set([
  'same-stage-dependency',
  'dotenv-variable-missing',
  'dependencies-with-needs',
  'duplicate-key',
  'undefined-need',
  'undefined-dependency',
  'unused-archives',
]);

export function quickFixes(em: EditorModel, d: Diagnostic, lines: readonly string[]): QuickFix[] {
  switch (d.code) {
    case 'same-stage-dependency':
      return sameStage(em, d, lines);
    case 'dotenv-variable-missing':
      return missingProducer(em, d, lines);
    case 'dependencies-with-needs':
      return cancelledDependencies(em, d, lines);
    case 'duplicate-key':
      return duplicateKey(d, lines);
    case 'undefined-need':
    case 'undefined-dependency':
      return nearestName(em, d);
    case 'unused-archives':
      return noDownloads(em, d, lines);
    default:
      return [];
  }
}

/** The need or dependency the diagnostic points at (its entry node's start). */
function entryAt(em: EditorModel, d: Diagnostic, kind: Occurrence['kind']): Occurrence | undefined {
  return em
    .file(d.file)
    ?.occurrences.find((o) => o.kind === kind && (o.entry ?? o).line === d.line && (o.entry ?? o).column === d.column);
}

function ownerLine(em: EditorModel, file: string, owner: string): number | undefined {
  return em.file(file)?.top.find((t) => t.name === owner)?.line;
}

function yamlName(name: string): string {
  return /[:[\]{},#&*!|>'"%@`]|^[\s-?]|\s$/.test(name) ? JSON.stringify(name) : name;
}

function sameStage(em: EditorModel, d: Diagnostic, lines: readonly string[]): QuickFix[] {
  const dep = entryAt(em, d, 'dependency');
  const line = dep && ownerLine(em, d.file, dep.owner);
  if (!dep || line === undefined) return [];
  // The only entry: drop the whole key (an empty `dependencies: []` would stop every download, the need's too).
  const siblings =
    em.file(d.file)?.occurrences.filter((o) => o.kind === 'dependency' && o.owner === dep.owner).length ?? 0;
  const keyLine = siblings === 1 ? childKeyLine(lines, line, 'dependencies') : undefined;
  const remove =
    keyLine !== undefined
      ? removeKeyBlock(lines, d.file, keyLine)
      : removeListEntry(lines, d.file, dep.line, dep.column, dep.endColumn);
  const add = addListEntry(lines, d.file, line, 'needs', yamlName(dep.name));
  if (!remove || !add) return [];
  const hadNeeds = em.jobsOf(dep.owner)[0]?.needs !== undefined;
  const note = hadNeeds ? '' : ` (${dep.owner} then starts when its needs finish and downloads only from them)`;
  return [
    {
      title: `Turn the same-stage dependency ${dep.name} into needs: ${dep.name}${note}`,
      code: d.code,
      edits: [remove, add],
      preferred: true,
    },
  ];
}

function missingProducer(em: EditorModel, d: Diagnostic, lines: readonly string[]): QuickFix[] {
  const job = d.job !== undefined ? em.job(d.job) : undefined;
  const line = job && ownerLine(em, d.file, job.group);
  if (!job || line === undefined) return [];
  const reads = new Set(
    em
      .file(d.file)
      ?.occurrences.filter(
        (o) => o.kind === 'variable' && (o.owner === job.group || em.ancestors(job.group).includes(o.owner)),
      )
      .map((o) => o.name),
  );
  const allowed = new Set(validTargets(em, job.group, 'needs').map((j) => j.name));
  const producers = em.model.jobs.filter(
    (p) =>
      allowed.has(p.name) &&
      !job.sources.some((s) => s.job === p.name && s.dotenv) &&
      p.artifacts?.dotenvKeys.some((k) => reads.has(k)),
  );
  const out: QuickFix[] = [];
  for (const p of producers.slice(0, 3)) {
    const add = addListEntry(lines, d.file, line, 'needs', yamlName(p.name));
    const note = job.needs === undefined ? ` (${job.group} then downloads only from its needs)` : '';
    if (add) {
      out.push({
        title: `Add ${p.name} to the needs of ${job.group}${note}`,
        code: d.code,
        edits: [add],
        preferred: out.length === 0 && job.needs !== undefined,
      });
    }
  }
  return out;
}

function cancelledDependencies(em: EditorModel, d: Diagnostic, lines: readonly string[]): QuickFix[] {
  const group = d.job !== undefined ? em.job(d.job)?.group : undefined;
  if (group === undefined) return [];
  const own = em.file(d.file)?.occurrences.filter((o) => o.owner === group) ?? [];
  const needs = new Set(own.filter((o) => o.kind === 'need').map((o) => o.name));
  const cancelled = own.filter((o) => o.kind === 'dependency' && !needs.has(o.name));
  if (cancelled.length === 0) return [];
  const edits = cancelled.map((o) => removeListEntry(lines, d.file, o.line, o.column, o.endColumn));
  if (edits.some((e) => e === undefined)) return [];
  // Several removals on one flow line would overlap: offer the fix only when each is on its own line.
  if (new Set(cancelled.map((o) => o.line)).size !== cancelled.length) return [];
  return [
    {
      title: `Remove the dependencies that needs cancels: ${cancelled.map((o) => o.name).join(', ')}`,
      code: d.code,
      edits: edits as TextEdit[],
    },
  ];
}

function duplicateKey(d: Diagnostic, lines: readonly string[]): QuickFix[] {
  const text = lines[d.line - 1] ?? '';
  const key = /^(\s*)(["']?)([^"':]+)\2\s*:/.exec(text);
  if (!key) return [];
  const indent = (key[1] ?? '').length;
  for (let i = d.line - 2; i >= 0; i--) {
    const t = lines[i] ?? '';
    if (t.trim() === '' || /^\s*#/.test(t)) continue;
    const ind = t.length - t.trimStart().length;
    if (ind < indent) break;
    const m = /^(\s*)(["']?)([^"':]+)\2\s*:/.exec(t);
    if (ind === indent && m?.[3] === key[3]) {
      return [
        {
          title: `Remove the earlier '${key[3] ?? ''}' (line ${i + 1}): the later one wins`,
          code: d.code,
          edits: [removeKeyBlock(lines, d.file, i + 1)],
          preferred: true,
        },
      ];
    }
  }
  return [];
}

function nearestName(em: EditorModel, d: Diagnostic): QuickFix[] {
  const kind = d.code === 'undefined-need' ? 'need' : 'dependency';
  const o =
    entryAt(em, d, kind) ??
    em.file(d.file)?.occurrences.find((x) => x.kind === kind && x.line === d.line && x.column >= d.column);
  if (!o) return [];
  const names = [...new Set(validTargets(em, o.owner, kind === 'need' ? 'needs' : 'dependencies').map((j) => j.group))];
  return nearest(o.name, names, 3).map((name, i) => ({
    title: `Change to ${name}`,
    code: d.code,
    edits: [
      {
        file: d.file,
        line: o.line,
        column: o.column,
        endLine: o.line,
        endColumn: o.endColumn,
        text: o.quoted ? name : yamlName(name),
      },
    ],
    preferred: i === 0,
  }));
}

/** `dependencies: []` on the job the hint is about: its key must be where the hint points, as a block mapping. */
function noDownloads(em: EditorModel, d: Diagnostic, lines: readonly string[]): QuickFix[] {
  const group = d.job !== undefined ? em.job(d.job)?.group : undefined;
  if (group === undefined || ownerLine(em, d.file, group) !== d.line) return [];
  const add = addChildKey(lines, d.file, d.line, 'dependencies', '[]');
  if (!add) return [];
  return [{ title: `Add dependencies: [] to ${group} (it then downloads no archives)`, code: d.code, edits: [add] }];
}
