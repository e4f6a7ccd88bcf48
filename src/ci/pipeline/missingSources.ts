// What a reader might expect a job to receive but it does not, and why (spec R6.6, T6, T8): needed jobs that
// are absent or bring nothing, dependencies that GitLab ignores or intersects away, and an unknown stage order.
import type { MissingSource } from '../model';
import { withAt, type DependencyScope, type JobReferences } from './dependencyInputs';

/** Explanations for what a reader might expect to arrive but does not: needs first, then dependencies. */
export function explainMissing(refs: JobReferences, scope: DependencyScope): MissingSource[] {
  const missing = [...missingNeeds(refs, scope), ...missingDependencies(refs, scope)];
  const { job, dag, dependencies } = refs;
  if (job.stageIndex < 0 && !dag && dependencies === null) {
    missing.push({
      job: job.name,
      code: 'stage-unknown',
      reason: `stage ${job.stage} is not in the stages known here (they probably come from an include that is not resolved offline): which earlier jobs it receives artifacts from is unknown`,
    });
  }
  return missing;
}

/** Local `needs` that bring nothing: the job is not in this pipeline, `artifacts: false`, or not in `dependencies`. */
function missingNeeds({ dependencies, localNeeds, depNames }: JobReferences, scope: DependencyScope): MissingSource[] {
  const missing: MissingSource[] = [];
  for (const n of localNeeds) {
    const why = scope.exclusion(n.name);
    const target = scope.byName.get(n.name);
    if (target && why !== undefined) {
      missing.push(
        withAt(
          {
            job: n.name,
            code: n.optional ? 'optional-need-absent' : 'need-absent',
            reason: `needed job is not in this pipeline: ${why}`,
          },
          n.range,
        ),
      );
    } else if (target && !n.artifacts) {
      missing.push(
        withAt(
          {
            job: n.name,
            code: 'need-without-artifacts',
            reason:
              'needs with artifacts: false: the job waits for it but downloads nothing and gets no dotenv variables',
          },
          n.range,
        ),
      );
    } else if (target && depNames && !depNames.has(n.name) && dependencies && dependencies.length > 0) {
      missing.push(
        withAt(
          {
            job: n.name,
            code: 'need-not-in-dependencies',
            reason: 'needed, but not listed in dependencies: needs and dependencies intersect',
          },
          n.range,
        ),
      );
    }
  }
  return missing;
}

/** `dependencies` that bring nothing: absent from this pipeline, not in an earlier stage, or not in `needs`. */
function missingDependencies(
  { job, dependencies, dag, localNeeds }: JobReferences,
  scope: DependencyScope,
): MissingSource[] {
  const missing: MissingSource[] = [];
  const myStage = job.stageIndex;
  for (const d of dependencies ?? []) {
    const target = scope.byName.get(d.name);
    if (!target) continue;
    const why = scope.exclusion(d.name);
    if (why !== undefined) {
      missing.push(
        withAt(
          {
            job: d.name,
            code: 'dependency-absent',
            reason: `no source: the job is not in this pipeline type (${why}); artifacts never cross pipelines`,
          },
          d.range,
        ),
      );
    } else if (!dag && target.stageIndex >= 0 && myStage >= 0 && target.stageIndex >= myStage) {
      missing.push(
        withAt(
          {
            job: d.name,
            code: 'same-stage-dependency',
            reason: 'same-stage dependency ignored: only earlier stages are searched; use needs to get its artifacts',
          },
          d.range,
        ),
      );
    } else if (dag && !localNeeds.some((n) => n.name === d.name && n.artifacts)) {
      missing.push(
        withAt(
          {
            job: d.name,
            code: 'dependency-not-needed',
            reason: 'listed in dependencies but not in needs with artifacts: the intersection drops it',
          },
          d.range,
        ),
      );
    }
  }
  return missing;
}
