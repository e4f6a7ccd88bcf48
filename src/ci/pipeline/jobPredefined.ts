// The predefined variables a job's own `rules:if` sees. GitLab evaluates a job's rules before the job exists, on
// the variables of a stand-in built from its attributes (Gitlab::Ci::Build::Context::Build, through
// Ci::Variables::Builder's predefined variables of a job): its name and slug, its stage, CI_JOB_MANUAL for a job
// written `when: manual`, and CI_NODE_INDEX / CI_NODE_TOTAL of a parallel instance (the total is 1 otherwise).
// Below every YAML and user variable of the same name, as the builder concatenates them first.
import type { JobDef } from '../jobs/jobTypes';
import { refSlug } from '../rules/variables';

/** A new record of them, without those `below` already names (a global YAML variable of the same name wins). */
export function jobPredefined(job: JobDef, below: Readonly<Record<string, string>>): Record<string, string> {
  const all: [string, string | undefined][] = [
    ['CI_JOB_NAME', job.name],
    // Gitlab::Utils.slugify: the same shape as CI_COMMIT_REF_SLUG.
    ['CI_JOB_NAME_SLUG', refSlug(job.name)],
    ['CI_JOB_STAGE', job.stage],
    ['CI_JOB_MANUAL', job.when === 'manual' ? 'true' : undefined],
    ['CI_NODE_INDEX', job.parallel ? String(job.parallel.index) : undefined],
    ['CI_NODE_TOTAL', String(job.parallel?.total ?? 1)],
  ];
  const out: Record<string, string> = {};
  for (const [name, value] of all) if (value !== undefined && !(name in below)) out[name] = value;
  return out;
}
