// Where a `$VAR` read by a job gets its value: the chosen context's project/pipeline variables, a dotenv report
// that reaches the job, `variables:` of the job, of what it extends, of workflow:rules or the global ones,
// parallel:matrix, or a predefined variable; and, when none of them gives it a value here, why it is empty or
// unknown. Precedence (spec R6.3): user variables beat dotenv reports, which beat every YAML `variables:`.
import type { FlowJob } from '../ci/model';
import type { EditorModel, Located } from './editorModel';
import type { Occurrence } from './editorIndex';
import { predefinedStatus, type Predefined } from './predefined';

export type OriginKind = 'user' | 'dotenv' | 'matrix' | 'job' | 'extends' | 'workflow' | 'global';

export interface Origin {
  kind: OriginKind;
  /** The job (dotenv producer) or key (variables owner) it comes from. */
  from: string;
  at?: { file: string; line: number };
  value?: string;
}

export interface VariableReport {
  name: string;
  /** The job the report is about (the first job of the pipeline the text affects), if any. */
  job?: FlowJob;
  /** Highest precedence first. */
  origins: Origin[];
  /** Dotenv producers that define it but do not reach the job, with why. */
  unreached: { producer: string; why: string }[];
  predefined: Predefined;
}

export function variableReport(em: EditorModel, owner: string, name: string): VariableReport {
  const jobs = em.affectedJobs(owner);
  const job = jobs.find((j) => j.inPipeline) ?? jobs[0];
  const ctx = em.model.context;
  const origins: Origin[] = [];
  if (Object.hasOwn(ctx.variables, name)) {
    origins.push({ kind: 'user', from: 'the pipeline context', value: ctx.variables[name] ?? '' });
  }
  const unreached: VariableReport['unreached'] = [];
  if (job) {
    const reaching = new Set(job.sources.filter((s) => s.dotenv).map((s) => s.job));
    for (const p of em.model.jobs) {
      if (!p.artifacts?.dotenvKeys.includes(name) || p.name === job.name) continue;
      if (reaching.has(p.name)) origins.push({ kind: 'dotenv', from: p.name });
      else unreached.push({ producer: p.name, why: notReached(job, p) });
    }
    const matrix = job.parallel?.matrix;
    if (matrix && Object.hasOwn(matrix, name)) {
      origins.push({ kind: 'matrix', from: job.name, value: matrix[name] ?? '' });
    }
  }
  origins.push(...yamlOrigins(em, job?.group ?? owner, name));
  return { name, ...(job ? { job } : {}), origins, unreached, predefined: predefinedStatus(name, ctx) };
}

function notReached(job: FlowJob, producer: FlowJob): string {
  const missing = job.missing.find((m) => m.job === producer.name);
  if (missing) return missing.reason;
  if (!producer.inPipeline) {
    return `${producer.name} is not in this pipeline (${producer.excludedReason ?? 'excluded'}); dotenv variables never cross pipelines`;
  }
  if (job.needs !== undefined) return `${producer.name} is not in the needs of ${job.name} with artifacts: true`;
  return `${producer.name} is not among the sources of ${job.name} (stage ${producer.stage}, dependencies)`;
}

function yamlOrigins(em: EditorModel, owner: string, name: string): Origin[] {
  const defs = em.occurrencesOf(name).filter((o) => o.item.kind === 'variable-def');
  const at = (d: Located<Occurrence>): { file: string; line: number } => ({ file: d.file, line: d.item.line });
  const out: Origin[] = [];
  for (const d of defs.filter((d) => d.item.owner === owner)) out.push({ kind: 'job', from: owner, at: at(d) });
  for (const parent of em.ancestors(owner)) {
    for (const d of defs.filter((d) => d.item.owner === parent)) out.push({ kind: 'extends', from: parent, at: at(d) });
  }
  for (const d of defs.filter((d) => d.item.owner === 'workflow')) {
    out.push({ kind: 'workflow', from: 'workflow', at: at(d) });
  }
  for (const d of defs.filter((d) => d.item.owner === 'variables')) {
    out.push({ kind: 'global', from: 'variables', at: at(d) });
  }
  return out;
}

/** One sentence: does the variable have a value for this job in this pipeline, and why (or why not). */
export function valueVerdict(r: VariableReport): string {
  const top = r.origins[0];
  if (top) {
    switch (top.kind) {
      case 'user':
        return `Set for this pipeline context to "${top.value ?? ''}" (beats every YAML and dotenv value).`;
      case 'dotenv':
        return `Set by the dotenv report of ${top.from} when its script writes it (a dotenv value beats YAML variables:).`;
      case 'matrix':
        return `Set by parallel:matrix to "${top.value ?? ''}" in ${top.from}.`;
      default:
        return `Set by variables: in ${top.from === 'variables' ? 'the global variables' : top.from}.`;
    }
  }
  const p = r.predefined;
  if (p.kind === 'value') return `Predefined: "${p.value}" in this pipeline.`;
  if (p.kind === 'unknown') return 'Predefined by GitLab for this pipeline; its value is not known here.';
  if (p.kind === 'job-time') return 'Predefined by GitLab or the runner when the job runs.';
  if (p.kind === 'absent') return `Empty here: ${p.why}.`;
  const first = r.unreached[0];
  if (first) return `Empty here: the dotenv report of ${first.producer} defines it, but ${first.why}.`;
  return 'Unknown: not defined in this configuration; it may be a project, group or instance variable set in GitLab, or empty.';
}
