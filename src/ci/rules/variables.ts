// Variables visible to `rules:if` at pipeline creation (spec R8.1, R6.3).
//
// Exports:
//   refSlug(ref)                 CI_COMMIT_REF_SLUG: lower-cased, non-[a-z0-9] → '-', ≤63 chars, no edge '-'
//   predefinedVariables(ctx)     the predefined variables of the R8.1 table for this pipeline type
//   plainVariables(yaml)         a YAML `variables:` mapping → name → string (mapping form: its `value`)
//   layerVariables(parts)        predefined < global < workflow:rules:variables < job (+ matrix) < user
//
// Values are never expanded recursively (R8.1): `$OTHER` inside a value stays literal.
import type { PipelineContext } from '../model';

export function refSlug(ref: string): string {
  return ref.toLowerCase().replace(/[^a-z0-9]/g, '-').slice(0, 63).replace(/^-+|-+$/g, '');
}

export function predefinedVariables(ctx: PipelineContext): Record<string, string> {
  // CI and GITLAB_CI are instance-level predefined variables, visible to rules as well.
  const v: Record<string, string> = { CI: 'true', GITLAB_CI: 'true' };
  v.CI_PIPELINE_SOURCE = ctx.source;
  v.CI_DEFAULT_BRANCH = ctx.defaultBranch;
  let refName: string | undefined;
  if (ctx.refKind === 'branch') {
    refName = ctx.branch;
    if (refName !== undefined) v.CI_COMMIT_BRANCH = refName;
  } else if (ctx.refKind === 'tag') {
    refName = ctx.tag;
    if (refName !== undefined) v.CI_COMMIT_TAG = refName;
  } else {
    // MR pipelines: ref is refs/merge-requests/<iid>/head, neither branch nor tag; REF_NAME is the source.
    refName = ctx.mrSource ?? ctx.branch;
    const iid = ctx.mrIid ?? '1';
    v.CI_MERGE_REQUEST_IID = iid;
    v.CI_MERGE_REQUEST_EVENT_TYPE = 'detached';
    v.CI_MERGE_REQUEST_REF_PATH = `refs/merge-requests/${iid}/head`;
    if (refName !== undefined) v.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME = refName;
    if (ctx.mrTarget !== undefined) v.CI_MERGE_REQUEST_TARGET_BRANCH_NAME = ctx.mrTarget;
    if (ctx.projectPath !== undefined) {
      v.CI_MERGE_REQUEST_PROJECT_PATH = ctx.projectPath;
      v.CI_MERGE_REQUEST_SOURCE_PROJECT_PATH = ctx.projectPath;
    }
  }
  if (refName !== undefined) {
    v.CI_COMMIT_REF_NAME = refName;
    v.CI_COMMIT_REF_SLUG = refSlug(refName);
  }
  if (ctx.source === 'trigger') v.CI_PIPELINE_TRIGGERED = 'true';
  if (ctx.projectPath !== undefined) {
    const path = ctx.projectPath;
    const slash = path.lastIndexOf('/');
    v.CI_PROJECT_PATH = path;
    v.CI_PROJECT_PATH_SLUG = refSlug(path);
    v.CI_PROJECT_NAME = slash < 0 ? path : path.slice(slash + 1);
    v.CI_PROJECT_NAMESPACE = slash < 0 ? '' : path.slice(0, slash);
    v.CI_PROJECT_ROOT_NAMESPACE = path.split('/')[0] ?? path;
  }
  return v;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return '';
  return undefined;
}

/** YAML `variables:` → plain strings. Non-mapping input gives {}; entries of unusable shape are skipped. */
export function plainVariables(yaml: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (yaml === null || typeof yaml !== 'object' || Array.isArray(yaml)) return out;
  for (const [name, raw] of Object.entries(yaml as Record<string, unknown>)) {
    let value: string | undefined;
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      // `{value, description, options, expand}`: only `value` matters; a description-only entry is ''.
      value = scalar((raw as Record<string, unknown>).value ?? '');
    } else {
      value = scalar(raw);
    }
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export interface VariableLayers {
  context: PipelineContext;
  /** Top-level `variables:` (YAML). */
  global?: unknown;
  /** The matched `workflow:rules` rule's variables (already plain, as `evaluateWorkflow` returns them). */
  workflow?: Readonly<Record<string, string>>;
  /** The job's `variables:` (YAML), after `inherit:variables` was applied by the caller. */
  job?: unknown;
  /** `parallel:matrix` values of this instance; they override job variables. */
  matrix?: Readonly<Record<string, string>>;
}

/** R6.3: user-supplied (pipeline/project/group/instance) variables beat every YAML variable. */
export function layerVariables(layers: VariableLayers): Record<string, string> {
  return {
    ...predefinedVariables(layers.context),
    ...plainVariables(layers.global),
    ...(layers.workflow ?? {}),
    ...plainVariables(layers.job),
    ...(layers.matrix ?? {}),
    ...layers.context.variables,
  };
}

/** Variables usable in `include:rules` (R3.4): predefined and user variables, never YAML `variables:`. */
export function includeVariables(ctx: PipelineContext): Record<string, string> {
  return { ...predefinedVariables(ctx), ...ctx.variables };
}
