// Predefined variables as the editor explains them: known in this pipeline context (with a value), set by
// GitLab but unknowable here, set only when the job runs, or absent by design in this kind of pipeline.
// Names from GitLab's predefined variables reference (doc/ci/variables/predefined_variables.md).
import type { PipelineContext } from '../ci/model';
import { predefinedVariables, unknownPredefined } from '../ci/rules/variables';
import { describePipeline } from '../ci/rules/env';

/** Set by the runner or GitLab for each job when it runs: their values exist only then. */
export const JOB_TIME_VARIABLES = [
  'CI_JOB_ID',
  'CI_JOB_NAME',
  'CI_JOB_NAME_SLUG',
  'CI_JOB_STAGE',
  'CI_JOB_TOKEN',
  'CI_JOB_URL',
  'CI_JOB_STARTED_AT',
  'CI_JOB_STATUS',
  'CI_JOB_TIMEOUT',
  'CI_JOB_IMAGE',
  'CI_JOB_MANUAL',
  'CI_PROJECT_DIR',
  'CI_BUILDS_DIR',
  'CI_CONCURRENT_ID',
  'CI_CONCURRENT_PROJECT_ID',
  'CI_NODE_INDEX',
  'CI_NODE_TOTAL',
  'CI_RUNNER_ID',
  'CI_RUNNER_DESCRIPTION',
  'CI_RUNNER_TAGS',
  'CI_RUNNER_VERSION',
  'CI_RUNNER_REVISION',
  'CI_RUNNER_EXECUTABLE_ARCH',
  'CI_RUNNER_SHORT_TOKEN',
  'CI_SERVER',
  'CI_SERVER_NAME',
  'CI_REPOSITORY_URL',
  'CI_REGISTRY_USER',
  'CI_REGISTRY_PASSWORD',
  'CI_DEPLOY_USER',
  'CI_DEPLOY_PASSWORD',
  'CI_DEPENDENCY_PROXY_USER',
  'CI_DEPENDENCY_PROXY_PASSWORD',
  'CI_ENVIRONMENT_NAME',
  'CI_ENVIRONMENT_SLUG',
  'CI_ENVIRONMENT_URL',
  'CI_ENVIRONMENT_ACTION',
  'CI_ENVIRONMENT_TIER',
  'CI_DISPOSABLE_ENVIRONMENT',
  'CI_SHARED_ENVIRONMENT',
  'CI_KUBERNETES_ACTIVE',
  'CI_DEBUG_TRACE',
  'CI_DEBUG_SERVICES',
  'CI_HAS_OPEN_REQUIREMENTS',
  'CI_OPEN_MERGE_REQUESTS',
  'CI_RELEASE_DESCRIPTION',
];

const TAG_ONLY = ['CI_COMMIT_TAG', 'CI_COMMIT_TAG_MESSAGE'];
const BRANCH_ONLY = ['CI_COMMIT_BRANCH'];
const TRIGGER_ONLY = ['CI_PIPELINE_TRIGGERED'];

export type Predefined =
  | { kind: 'value'; value: string }
  | { kind: 'unknown' }
  | { kind: 'job-time' }
  | { kind: 'absent'; why: string }
  | { kind: 'none' };

export function predefinedStatus(name: string, ctx: PipelineContext): Predefined {
  const known = predefinedVariables(ctx);
  if (Object.hasOwn(known, name)) return { kind: 'value', value: known[name] ?? '' };
  if (unknownPredefined(ctx).has(name)) return { kind: 'unknown' };
  if (JOB_TIME_VARIABLES.includes(name)) return { kind: 'job-time' };
  const pipeline = describePipeline(ctx);
  if (TAG_ONLY.includes(name) && ctx.refKind !== 'tag') return { kind: 'absent', why: `${pipeline} has no tag` };
  if (BRANCH_ONLY.includes(name) && ctx.refKind !== 'branch') {
    return { kind: 'absent', why: `${pipeline} is not a branch pipeline` };
  }
  if (name.startsWith('CI_MERGE_REQUEST_') && ctx.refKind !== 'mr') {
    return { kind: 'absent', why: `${pipeline} is not a merge request pipeline` };
  }
  if (name.startsWith('CI_EXTERNAL_PULL_REQUEST_') && ctx.source !== 'external_pull_request_event') {
    return { kind: 'absent', why: `${pipeline} is not an external pull request pipeline` };
  }
  if (TRIGGER_ONLY.includes(name) && ctx.source !== 'trigger') {
    return { kind: 'absent', why: `${pipeline} was not triggered by a trigger token` };
  }
  return { kind: 'none' };
}

/** Every predefined name worth completing in this context (known, unknown-valued and job-time ones). */
export function predefinedNames(ctx: PipelineContext): string[] {
  return [
    ...new Set([...Object.keys(predefinedVariables(ctx)), ...unknownPredefined(ctx), ...JOB_TIME_VARIABLES]),
  ].sort();
}
