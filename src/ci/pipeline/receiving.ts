// Who can actually receive what a source sends (issue 10, item 5), said on the edge:
// - A trigger job (Ci::Bridge) never runs on a runner: no archive is extracted for it. Its sources' dotenv
//   variables are still read — lib/gitlab/ci/variables/downstream/generator.rb forwards `bridge.dependency_variables`
//   downstream when `trigger:forward:pipeline_variables: true` — so only dotenv sources stay on its list.
// - `artifacts:when` decides whether the archive exists (spec R4.3): `on_failure` archives exist only when the
//   producer failed, and a consumer sees them only if it can run after that failure (its `when` is on_failure or
//   always, or the producer may fail without blocking: allow_failure, or a manual job). Reports (dotenv) are
//   uploaded whatever the result.
import type { ArtifactSource } from '../model';
import type { JobDef } from '../jobs/jobTypes';
import { get } from '../yaml/node';

/**
 * The consumer, as far as what it receives depends on it. Not its name: a stage's jobs of one kind and `when` share
 * one list (flowJobs.ts), so a reason says "this job", which is true for each of them.
 */
export interface Receiver {
  kind: 'job' | 'trigger';
  /** The consumer's effective `when` (rules may set it). */
  when: string;
}

/** A failure of this job does not stop `when: on_success` jobs after it (job.rb `ignored?`: manual jobs too). */
export function mayFailWithoutBlocking(p: JobDef): boolean {
  const af = get(p.node, 'allow_failure');
  if (af?.kind === 'scalar' && typeof af.value === 'boolean') return af.value;
  if (af?.kind === 'map') return true; // allow_failure:exit_codes: some failures do not block
  return p.when === 'manual';
}

/** The source as this receiver gets it, or undefined when it brings the receiver nothing at all. */
export function asReceived(
  source: ArtifactSource,
  producer: JobDef | undefined,
  receiver: Receiver,
): ArtifactSource | undefined {
  if (receiver.kind === 'trigger') {
    if (!source.dotenv) return undefined;
    return {
      ...source,
      files: false,
      reason: `${source.reason}; a trigger job downloads no files, and passes these dotenv variables downstream only with trigger:forward:pipeline_variables: true`,
    };
  }
  const a = producer?.artifacts;
  if (!source.files || !a || !producer) return source;
  const afterFailure = receiver.when === 'on_failure' || receiver.when === 'always';
  const allowed = mayFailWithoutBlocking(producer);
  const p = producer.name;
  if (a.when === 'on_failure') {
    if (!afterFailure && !allowed) {
      return {
        ...source,
        files: false,
        reason: `${source.reason}; no files: ${p} uploads them only when it fails (artifacts:when: on_failure), and this job (when: ${receiver.when}) does not run after a failed ${p}`,
      };
    }
    const why = afterFailure ? `this job runs then (when: ${receiver.when})` : `${p} is allowed to fail`;
    return { ...source, reason: `${source.reason}; files only when ${p} fails (artifacts:when: on_failure): ${why}` };
  }
  if (a.when === 'always' && (afterFailure || allowed)) {
    return { ...source, reason: `${source.reason}; files even when ${p} fails (artifacts:when: always)` };
  }
  if (a.when === 'on_success' && afterFailure) {
    return {
      ...source,
      reason: `${source.reason}; files only if ${p} succeeded (artifacts:when: on_success), while this job (when: ${receiver.when}) may run after a failure`,
    };
  }
  return source;
}
