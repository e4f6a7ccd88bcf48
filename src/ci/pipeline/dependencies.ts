// A job's dependency list, the way `Ci::BuildDependencies` computes it when the job starts (spec R5.3.1):
// local sources (stage order, or `needs` with artifacts, narrowed by `dependencies`), then parent-pipeline
// `needs:pipeline:job`, then cross-project `needs:project`, in extraction order (spec R7.1). Which sources a
// reader might expect but the job does not get, and why, is missingSources.ts.
import type { ArtifactSource, MissingSource, SourceRange } from '../model';
import type { JobDef, NameRef } from '../jobs/jobTypes';
import type { ExpandedNeed } from '../jobs/references';
import { withAt, type DependencyScope, type JobReferences } from './dependencyInputs';
import { explainMissing } from './missingSources';
import { asReceived } from './receiving';

/** Creation order: stage, then position in the merged YAML, with parallel instances in place (spec R7.1). */
export function creationOrder(a: JobDef, b: JobDef): number {
  return a.stageIndex - b.stageIndex || a.order - b.order;
}

export interface DependencyInput {
  job: JobDef;
  /** Effective needs: the matched rule's `needs` when it has some, else the job's (expanded). null = none. */
  needs: ExpandedNeed[] | null;
  dependencies: NameRef[] | null;
  /** The job's effective `when` in this pipeline (rules may set it); defaults to the job's own. */
  when?: string;
}

export interface DependencyResult {
  sources: ArtifactSource[];
  missing: MissingSource[];
}

function describe(job: JobDef | undefined): { files: boolean; dotenv: boolean } {
  const a = job?.artifacts;
  // A report GitLab would reject whole brings no variables (dotenvRejected, predicted from the script).
  return { files: a?.archive ?? false, dotenv: (a?.dotenv.length ?? 0) > 0 && a?.dotenvRejected === undefined };
}

export function computeDependencies(input: DependencyInput, scope: DependencyScope): DependencyResult {
  const { job, needs, dependencies } = input;
  const refs: JobReferences = {
    job,
    receiver: { kind: job.kind, when: input.when ?? job.when },
    needs,
    dependencies,
    dag: needs !== null,
    localNeeds: (needs ?? []).filter((n) => n.type === 'job'),
    depNames: dependencies === null ? null : new Map(dependencies.map((d) => [d.name, d] as const)),
  };
  const missing = explainMissing(refs, scope);
  // GitLab's order: 1. local sources, 2. the parent pipeline's (needs:pipeline:job), 3. other projects' (needs:project).
  const sources = [
    ...localSources(refs, scope),
    ...externalSources(refs, scope, 'pipeline'),
    ...externalSources(refs, scope, 'project'),
  ];
  return { sources: unique(sources), missing };
}

/** 1. Local dependencies, in creation order: stage, then position in the merged YAML (spec R7.1). */
function localSources(refs: JobReferences, scope: DependencyScope): ArtifactSource[] {
  const { job, dependencies, receiver } = refs;
  // `dependencies: []` clears every local source.
  if (dependencies !== null && dependencies.length === 0) return [];
  const sources: ArtifactSource[] = [];
  for (const candidate of localCandidates(refs, scope)) {
    if (candidate === job) continue;
    const source = localSource(refs, candidate);
    if (source === undefined) continue;
    const received = asReceived(source, candidate, receiver);
    if (received) sources.push(received);
  }
  return sources;
}

/** Walk only the jobs that can qualify: the named ones for needs/dependencies, else all earlier stages. */
function localCandidates({ job, dag, localNeeds, depNames }: JobReferences, scope: DependencyScope): JobDef[] {
  const myStage = job.stageIndex;
  const named = (names: Iterable<string>): JobDef[] => {
    const eligible = scope.eligibleSet();
    return [...new Set(names)]
      .map((n) => scope.byName.get(n))
      .filter((j): j is JobDef => j !== undefined && eligible.has(j))
      .sort(creationOrder);
  };
  // A stage whose place in the order is unknown (from an include we cannot read) is never "before" anything:
  // listed dependencies of such jobs are kept (GitLab would have rejected a later one), stage order is not.
  const before = (c: JobDef): boolean => c.stageIndex >= 0 && myStage >= 0 && c.stageIndex < myStage;
  if (dag) return named(localNeeds.filter((n) => n.artifacts).map((n) => n.name));
  if (depNames) {
    return named(depNames.keys()).filter((c) => before(c) || ((c.stageIndex < 0 || myStage < 0) && c !== job));
  }
  return scope.eligible().filter(before);
}

/** The source one candidate gives, and why; undefined when `dependencies:` leaves it out (the intersection). */
function localSource({ job, dag, localNeeds, depNames }: JobReferences, candidate: JobDef): ArtifactSource | undefined {
  let via: ArtifactSource['via'];
  let reason: string;
  let at: SourceRange | undefined;
  let optional = false;
  if (dag) {
    const need = localNeeds.find((n) => n.name === candidate.name && n.artifacts)!;
    via = 'needs';
    optional = need.optional;
    reason = need.matrixNames
      ? `needs ${need.job} (parallel:matrix selects this instance)`
      : need.job !== candidate.name
        ? `needs ${need.job}: every parallel instance`
        : `listed in needs`;
    at = need.range;
  } else {
    via = 'stage';
    reason = `stage ${candidate.stage} runs before stage ${job.stage}`;
    at = candidate.stageRange;
  }
  if (depNames) {
    const dep = depNames.get(candidate.name);
    if (!dep) return undefined;
    if (!dag) {
      via = 'dependencies';
      reason =
        candidate.stageIndex < 0 || job.stageIndex < 0
          ? `listed in dependencies (the order of stages ${candidate.stage} and ${job.stage} is not known here)`
          : `listed in dependencies (stage ${candidate.stage} is before ${job.stage})`;
      at = dep.range;
    } else reason += ' and in dependencies';
  }
  const { files, dotenv } = describe(candidate);
  const source: ArtifactSource = { job: candidate.name, scope: 'local', files, dotenv, via, optional, reason };
  if (at) source.at = at;
  return source;
}

/** 2. Cross-pipeline (parent/child) or 3. cross-project needs; not cleared by `dependencies: []`. */
function externalSources(
  { job, needs, receiver }: JobReferences,
  scope: DependencyScope,
  type: 'pipeline' | 'project',
): ArtifactSource[] {
  const sources: ArtifactSource[] = [];
  for (const n of (needs ?? []).filter((e) => e.type === type && e.artifacts)) {
    const parentSpec = type === 'pipeline' ? scope.parent?.artifacts.get(n.job) : undefined;
    const known = parentSpec !== undefined;
    const base =
      type === 'pipeline'
        ? {
            job: n.job,
            scope: 'parent' as const,
            reason: known
              ? `needs:pipeline:job: ${n.job} of the parent pipeline (${scope.parent?.file ?? ''}, which triggers this file from ${scope.parent?.trigger ?? ''})`
              : `needs:pipeline:job from pipeline ${n.pipeline ?? '?'}; its definition is not in this view, so its dotenv is unknown`,
          }
        : {
            job: n.job,
            scope: 'project' as const,
            reason: `needs:project: latest successful ${n.job} on ${n.ref ?? '?'} in ${n.project ?? '?'}`,
          };
    const what = known
      ? { files: parentSpec?.archive ?? false, dotenv: (parentSpec?.dotenv.length ?? 0) > 0 }
      : { files: true, dotenv: false };
    const src: ArtifactSource = withAt({ ...base, ...what, via: 'needs' as const, optional: false }, n.range);
    if (n.project !== undefined) src.project = n.project;
    if (n.ref !== undefined) src.ref = n.ref;
    // A trigger job runs on no runner: only what it forwards downstream counts (receiving.ts).
    const received = job.kind === 'trigger' ? asReceived(src, undefined, receiver) : src;
    if (received) sources.push(received);
  }
  return sources;
}

/**
 * One source per job: BuildDependencies#all ends in `.uniq`. A cross-project need names a job by project, job and
 * ref, and EE looks up the latest successful job per entry (max_build_id_by(job, ref, project)): on two refs, two
 * jobs. A parent job listed twice is one job (the lookup by name and pipeline finds it once).
 */
function unique(sources: ArtifactSource[]): ArtifactSource[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const k = JSON.stringify([s.scope, s.project ?? '', s.ref ?? '', s.job]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
