// `$KEY` read by a job whose value a dotenv report would supply (spec R6.2, R6.3, R6.6): which producer defines
// it and why it does not reach the job here, which value wins over the YAML's or the user's, and keys that two
// sources define (which wins is unspecified). A part of artifactLint.ts's warnings, kept on its own.
import type { DiagnosticSink } from '../diagnostics';
import type { FlowJob } from '../model';
import type { BuiltJobs } from '../jobs/buildJobs';
import type { JobDef } from '../jobs/jobTypes';
import { getEntry, toPlain } from '../yaml/node';
import { readVariables } from '../jobs/dotenvKeys';
import { plainVariables } from '../rules/variables';
import { indexByName } from '../indexByName';

/** What every step below shares; `reported` keeps one diagnostic per job group, not each parallel copy. */
interface DotenvUse {
  readonly flowByName: ReadonlyMap<string, FlowJob>;
  readonly sink: DiagnosticSink;
  readonly reported: Set<string>;
  /** `consumer|producer` pairs already explained here. */
  readonly explained: Set<string>;
}

/**
 * Explains, job by job, the dotenv variables it reads. Returns the `consumer|producer` pairs explained, so the
 * generic "not in this pipeline" warning is not repeated.
 */
export function explainDotenvUse(
  built: BuiltJobs,
  flow: FlowJob[],
  sink: DiagnosticSink,
  userVariables: Readonly<Record<string, string>>,
): Set<string> {
  const use: DotenvUse = {
    flowByName: indexByName(flow),
    sink,
    reported: new Set<string>(),
    explained: new Set<string>(),
  };
  const producers = built.jobs.filter((j) => (j.artifacts?.dotenvKeys.length ?? 0) > 0);
  if (producers.length === 0) return use.explained;
  const globals = plainVariables(toPlain(built.variables, 'text'));
  for (const job of built.jobs) {
    const f = use.flowByName.get(job.name);
    if (!f?.inPipeline) continue;
    const fromSources = dotenvFromSources(use, f);
    explainUnreachable(use, job, f, producers, fromSources);
    explainPrecedence(use, job, f, fromSources, globals, userVariables);
    explainCollisions(use, job, f, fromSources);
  }
  return use.explained;
}

/** Each dotenv key the job receives from a local source, with the sources that define it. */
function dotenvFromSources({ flowByName }: DotenvUse, f: FlowJob): Map<string, string[]> {
  const fromSources = new Map<string, string[]>();
  for (const s of f.sources) {
    if (!s.dotenv || s.scope !== 'local') continue;
    for (const k of flowByName.get(s.job)?.artifacts?.dotenvKeys ?? []) {
      fromSources.set(k, [...(fromSources.get(k) ?? []), s.job]);
    }
  }
  return fromSources;
}

/** Keys the job reads that a producer's dotenv defines, but that producer is not one of its sources: why not. */
function explainUnreachable(
  { flowByName, sink, reported, explained }: DotenvUse,
  job: JobDef,
  f: FlowJob,
  producers: readonly JobDef[],
  fromSources: ReadonlyMap<string, string[]>,
): void {
  const reads = readVariables(job.node);
  for (const p of producers) {
    if (p.name === job.name || f.sources.some((s) => s.job === p.name && s.dotenv)) continue;
    const keys = p.artifacts!.dotenvKeys.filter((k) => reads.has(k) && !fromSources.has(k));
    if (keys.length === 0) continue;
    const key = `${job.group}|${p.group}|${keys.join(',')}`;
    if (reported.has(key)) continue;
    reported.add(key);
    explained.add(`${job.name}|${p.name}`);
    const pf = flowByName.get(p.name);
    const missing = f.missing.find((m) => m.job === p.name);
    const why =
      missing?.reason ??
      (pf && !pf.inPipeline
        ? `${p.name} is not in this pipeline (${pf.excludedReason ?? 'excluded'}); dotenv variables never cross pipelines`
        : job.needs !== null
          ? `${p.name} is not in its needs with artifacts: true`
          : job.dependencies !== null
            ? `${p.name} is not in its dependencies`
            : `${p.name} runs in stage ${p.stage}, which is not before stage ${job.stage}`);
    const vars = keys.map((k) => `$${k}`).join(', ');
    sink.warning(
      'dotenv-variable-missing',
      `${f.name} job: reads ${vars}, which the dotenv report of ${p.name} defines, but ${vars} will be empty here: ${why}`,
      missing?.at ?? f.range,
      f.name,
    );
  }
}

/** Precedence (spec R6.3): dotenv beats the YAML's variables, and loses to project/pipeline variables. */
function explainPrecedence(
  { sink, reported }: DotenvUse,
  job: JobDef,
  f: FlowJob,
  fromSources: ReadonlyMap<string, string[]>,
  globals: Readonly<Record<string, string>>,
  userVariables: Readonly<Record<string, string>>,
): void {
  const own = getEntry(job.node, 'variables');
  const yaml = { ...globals, ...plainVariables(toPlain(own?.value, 'text')) };
  for (const [k, jobs] of fromSources) {
    const key = `precedence|${job.group}|${k}`;
    if (reported.has(key)) continue;
    reported.add(key);
    if (Object.hasOwn(userVariables, k)) {
      sink.info(
        'variable-overrides-dotenv',
        `${f.name} job: $${k} is set as a project/pipeline variable, which beats the dotenv report of ${jobs.join(', ')}: the dotenv value is not used`,
        f.range,
        f.name,
      );
    } else if (Object.hasOwn(yaml, k)) {
      sink.info(
        'dotenv-overrides-variable',
        `${f.name} job: $${k} from the dotenv report of ${jobs.join(', ')} replaces the YAML value "${yaml[k] ?? ''}" (dotenv variables beat job and global variables)`,
        own?.keyRange ?? f.range,
        f.name,
      );
    }
  }
}

/** A key two sources' dotenv reports define: GitLab does not say which value wins. */
function explainCollisions(
  { sink, reported }: DotenvUse,
  job: JobDef,
  f: FlowJob,
  fromSources: ReadonlyMap<string, string[]>,
): void {
  for (const [k, jobs] of fromSources) {
    if (jobs.length < 2) continue;
    const key = `collision|${job.group}|${k}`;
    if (reported.has(key)) continue;
    reported.add(key);
    sink.warning(
      'dotenv-collision',
      `${f.name} job: $${k} comes from the dotenv reports of ${jobs.join(' and ')}; GitLab does not specify which value wins`,
      f.range,
      f.name,
    );
  }
}
