// Completion candidates: only names that are valid where they are typed. `needs`: jobs of this pipeline, not
// itself, not in a later stage (parallel groups by their group name, and each instance by its exact name, quoted
// when YAML needs it); `dependencies`: jobs of earlier stages only; `extends`/`!reference`: other top-level keys;
// `stage`: the stage list; `$`: the variables that reach the job (dotenv keys of producers it receives from,
// not those that do not), its own and inherited `variables:`, global ones, the context's, predefined ones.
import type { FlowJob } from '../ci/model';
import type { CompletionContext } from './completionContext';
import type { EditorModel } from './editorModel';
import { predefinedNames } from './predefined';
import { variableReport } from './variables';

export interface Candidate {
  label: string;
  /** What to insert, when it differs from the label (quoted instance names). */
  insert?: string;
  detail: string;
  kind: 'job' | 'template' | 'stage' | 'variable';
  /** Lower sorts first. */
  rank: number;
}

export function candidates(em: EditorModel, ctx: CompletionContext): Candidate[] {
  switch (ctx.kind) {
    case 'needs':
    case 'dependencies':
      return jobCandidates(em, ctx.owner, ctx.kind);
    case 'extends':
    case 'reference':
      return keyCandidates(em, ctx.owner);
    case 'stage':
      return em.model.stages.map((s, i) => ({ label: s, detail: 'stage', kind: 'stage', rank: i }));
    case 'variable':
      return variableCandidates(em, ctx.owner);
  }
}

/** Jobs valid in `owner`'s needs or dependencies (GitLab's stage rules; unknown owner stage: no stage filter). */
export function validTargets(em: EditorModel, owner: string, kind: 'needs' | 'dependencies'): FlowJob[] {
  const self = em.jobsOf(owner)[0];
  return em.model.jobs.filter((j) => {
    if (!j.inPipeline || j.group === owner || j.stageIndex < 0) return false;
    if (!self || self.stageIndex < 0) return true;
    return kind === 'needs' ? j.stageIndex <= self.stageIndex : j.stageIndex < self.stageIndex;
  });
}

function quoteIfNeeded(name: string): string | undefined {
  return /[:[\]{},#&*!|>'"%@`]|^[\s-?]|\s$/.test(name) ? JSON.stringify(name) : undefined;
}

function jobCandidates(em: EditorModel, owner: string, kind: 'needs' | 'dependencies'): Candidate[] {
  const out: Candidate[] = [];
  const groups = new Set<string>();
  for (const j of validTargets(em, owner, kind)) {
    const what = j.artifacts
      ? [j.artifacts.archive ? 'files' : '', j.artifacts.dotenv.length > 0 ? 'dotenv' : '']
          .filter(Boolean)
          .join(' + ') || 'reports only'
      : 'no artifacts';
    if (!groups.has(j.group)) {
      groups.add(j.group);
      const instances = em.jobsOf(j.group).length;
      const insert = quoteIfNeeded(j.group);
      out.push({
        label: j.group,
        ...(insert ? { insert } : {}),
        detail: `stage ${j.stage} · ${what}${instances > 1 ? ` · all ${instances} instances` : ''}`,
        kind: 'job',
        rank: j.stageIndex,
      });
    }
    if (j.name !== j.group) {
      const insert = quoteIfNeeded(j.name);
      out.push({
        label: j.name,
        ...(insert ? { insert } : {}),
        detail: `stage ${j.stage} · one instance of ${j.group}`,
        kind: 'job',
        rank: 1000 + j.stageIndex,
      });
    }
  }
  return out;
}

function keyCandidates(em: EditorModel, owner: string): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>([owner]);
  for (const path of em.filePaths) {
    for (const t of em.file(path)?.top ?? []) {
      if (t.kind === 'keyword' || seen.has(t.name)) continue;
      seen.add(t.name);
      const insert = quoteIfNeeded(t.name);
      out.push({
        label: t.name,
        ...(insert ? { insert } : {}),
        detail: t.kind === 'hidden' ? `template · ${path}` : `job · ${path}`,
        kind: t.kind === 'hidden' ? 'template' : 'job',
        rank: t.kind === 'hidden' ? 0 : 1,
      });
    }
  }
  return out;
}

function variableCandidates(em: EditorModel, owner: string): Candidate[] {
  const out = new Map<string, Candidate>();
  const add = (label: string, detail: string, rank: number): void => {
    if (!out.has(label)) out.set(label, { label, detail, kind: 'variable', rank });
  };
  const jobs = em.affectedJobs(owner);
  const job = jobs.find((j) => j.inPipeline) ?? jobs[0];
  for (const k of Object.keys(em.model.context.variables)) add(k, 'pipeline context variable', 0);
  for (const s of job?.sources ?? []) {
    if (!s.dotenv) continue;
    for (const k of em.job(s.job)?.artifacts?.dotenvKeys ?? []) add(k, `dotenv of ${s.job}`, 1);
  }
  for (const k of Object.keys(job?.parallel?.matrix ?? {})) add(k, 'parallel:matrix', 2);
  const defs = new Set([job?.group ?? owner, ...em.ancestors(job?.group ?? owner), 'variables', 'workflow']);
  for (const path of em.filePaths) {
    for (const o of em.file(path)?.occurrences ?? []) {
      if (o.kind === 'variable-def' && defs.has(o.owner)) {
        add(o.name, o.owner === 'variables' ? 'global variables:' : `variables: of ${o.owner}`, 3);
      }
    }
  }
  for (const k of predefinedNames(em.model.context)) add(k, 'predefined', 4);
  return [...out.values()];
}

/** For tests and the hover: is this variable one the job really gets (by the same rules as the candidates)? */
export function reachesJob(em: EditorModel, owner: string, name: string): boolean {
  const r = variableReport(em, owner, name);
  return r.origins.length > 0;
}
