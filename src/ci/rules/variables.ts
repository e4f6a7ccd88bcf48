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
  return ref
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
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
    // The IID is the merge request's own: without it in the context the IID and the ref path are unknown
    // (`unknownPredefined`), never a stand-in number that `rules:if` would compare as if it were GitLab's.
    if (ctx.mrIid !== undefined) {
      v.CI_MERGE_REQUEST_IID = ctx.mrIid;
      v.CI_MERGE_REQUEST_REF_PATH = `refs/merge-requests/${ctx.mrIid}/head`;
    }
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
  Object.assign(v, serverVariables(ctx));
  return v;
}

/**
 * CI_SERVER_* from the instance URL, as GitLab derives them from its own URL: CI_SERVER_HOST without port,
 * CI_SERVER_PORT always set (443/80 by default), CI_SERVER_FQDN host with a non-default port, the relative
 * root kept in CI_SERVER_URL; CI_PROJECT_URL and the API URLs from it.
 */
export function serverVariables(ctx: PipelineContext): Record<string, string> {
  if (ctx.serverUrl === undefined) return {};
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(ctx.serverUrl) ? ctx.serverUrl : `https://${ctx.serverUrl}`);
  } catch {
    return {};
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return {};
  const protocol = url.protocol.slice(0, -1);
  const base = `${protocol}://${url.host}${url.pathname.replace(/\/+$/, '')}`;
  const v: Record<string, string> = {
    CI_SERVER_URL: base,
    CI_SERVER_PROTOCOL: protocol,
    CI_SERVER_HOST: url.hostname,
    CI_SERVER_PORT: url.port !== '' ? url.port : protocol === 'https' ? '443' : '80',
    CI_SERVER_FQDN: url.host,
    CI_API_V4_URL: `${base}/api/v4`,
    CI_API_GRAPHQL_URL: `${base}/api/graphql`,
  };
  if (ctx.projectPath !== undefined) v.CI_PROJECT_URL = `${base}/${ctx.projectPath}`;
  return v;
}

/** Predefined for every pipeline, never knowable from the configuration and the context. */
const ALWAYS_UNKNOWN = [
  'CI_COMMIT_SHA',
  'CI_COMMIT_SHORT_SHA',
  'CI_COMMIT_BEFORE_SHA',
  'CI_COMMIT_MESSAGE',
  'CI_COMMIT_TITLE',
  'CI_COMMIT_DESCRIPTION',
  'CI_COMMIT_AUTHOR',
  'CI_COMMIT_TIMESTAMP',
  'CI_COMMIT_REF_PROTECTED',
  'CI_PIPELINE_ID',
  'CI_PIPELINE_IID',
  'CI_PIPELINE_URL',
  'CI_PIPELINE_CREATED_AT',
  'CI_PIPELINE_NAME',
  'CI_PROJECT_ID',
  'CI_PROJECT_TITLE',
  'CI_PROJECT_DESCRIPTION',
  'CI_PROJECT_VISIBILITY',
  'CI_PROJECT_NAMESPACE_ID',
  'CI_PROJECT_NAMESPACE_SLUG',
  'CI_PROJECT_REPOSITORY_LANGUAGES',
  'CI_PROJECT_CLASSIFICATION_LABEL',
  'CI_SERVER_VERSION',
  'CI_SERVER_VERSION_MAJOR',
  'CI_SERVER_VERSION_MINOR',
  'CI_SERVER_VERSION_PATCH',
  'CI_SERVER_REVISION',
  'CI_REGISTRY',
  'CI_REGISTRY_IMAGE',
  'CI_DEPENDENCY_PROXY_SERVER',
  'CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX',
  'CI_DEPENDENCY_PROXY_DIRECT_GROUP_IMAGE_PREFIX',
  'CI_TEMPLATE_REGISTRY_HOST',
  'CI_PAGES_DOMAIN',
  'CI_PAGES_HOSTNAME',
  'GITLAB_USER_ID',
  'GITLAB_USER_LOGIN',
  'GITLAB_USER_EMAIL',
  'GITLAB_USER_NAME',
  'GITLAB_FEATURES',
];
/** Known only from the project path. */
const PROJECT_PATH = [
  'CI_PROJECT_PATH',
  'CI_PROJECT_PATH_SLUG',
  'CI_PROJECT_NAME',
  'CI_PROJECT_NAMESPACE',
  'CI_PROJECT_ROOT_NAMESPACE',
];
/** Known only from the instance URL. */
const SERVER = [
  'CI_SERVER_URL',
  'CI_SERVER_HOST',
  'CI_SERVER_PORT',
  'CI_SERVER_PROTOCOL',
  'CI_SERVER_FQDN',
  'CI_API_V4_URL',
  'CI_API_GRAPHQL_URL',
];
/** Set in merge request pipelines, with values a context does not give (or may not give: the IID, the branches). */
const MERGE_REQUEST = [
  'CI_MERGE_REQUEST_IID',
  'CI_MERGE_REQUEST_REF_PATH',
  'CI_MERGE_REQUEST_ID',
  'CI_MERGE_REQUEST_TITLE',
  'CI_MERGE_REQUEST_DESCRIPTION',
  'CI_MERGE_REQUEST_LABELS',
  'CI_MERGE_REQUEST_ASSIGNEES',
  'CI_MERGE_REQUEST_MILESTONE',
  'CI_MERGE_REQUEST_DRAFT',
  'CI_MERGE_REQUEST_APPROVED',
  'CI_MERGE_REQUEST_DIFF_BASE_SHA',
  'CI_MERGE_REQUEST_DIFF_ID',
  'CI_MERGE_REQUEST_SOURCE_BRANCH_SHA',
  'CI_MERGE_REQUEST_TARGET_BRANCH_SHA',
  'CI_MERGE_REQUEST_PROJECT_ID',
  'CI_MERGE_REQUEST_PROJECT_URL',
  'CI_MERGE_REQUEST_SOURCE_PROJECT_ID',
  'CI_MERGE_REQUEST_SOURCE_PROJECT_URL',
  'CI_MERGE_REQUEST_TARGET_BRANCH_PROTECTED',
  'CI_MERGE_REQUEST_SOURCE_BRANCH_PROTECTED',
  'CI_MERGE_REQUEST_SQUASH_ON_MERGE',
  'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME',
  'CI_MERGE_REQUEST_TARGET_BRANCH_NAME',
  'CI_MERGE_REQUEST_PROJECT_PATH',
  'CI_MERGE_REQUEST_SOURCE_PROJECT_PATH',
];

/**
 * Predefined variables that GitLab sets in this pipeline but whose values we cannot know here. Variables that
 * are *absent* by design (CI_COMMIT_TAG in a branch pipeline, CI_MERGE_REQUEST_* outside merge requests) are
 * not in it: they are null in GitLab too. Names the context makes known (the project path, the server URL, the
 * MR branches) are removed by the caller's lookup, since they then have values.
 */
export function unknownPredefined(ctx: PipelineContext): Set<string> {
  const out = new Set(ALWAYS_UNKNOWN);
  if (ctx.projectPath === undefined) for (const n of PROJECT_PATH) out.add(n);
  // GitLab always sets these (project.rb); what the instance URL and the project path do not give is unknown: no
  // URL, a URL that is not http(s), or (for CI_PROJECT_URL, the project's web_url) no project path.
  const server = serverVariables(ctx);
  for (const n of [...SERVER, 'CI_PROJECT_URL']) if (!Object.hasOwn(server, n)) out.add(n);
  if (ctx.refKind === 'mr') for (const n of MERGE_REQUEST) out.add(n);
  // detached, merged_result or merge_train: the project's settings decide, which the context does not hold.
  if (ctx.refKind === 'mr') out.add('CI_MERGE_REQUEST_EVENT_TYPE');
  // Set in branch pipelines (and MR pipelines) when the branch has an open merge request: unknown here.
  if (ctx.refKind !== 'tag') out.add('CI_OPEN_MERGE_REQUESTS');
  if (ctx.refKind === 'tag') out.add('CI_COMMIT_TAG_MESSAGE');
  if (ctx.source === 'schedule') out.add('CI_PIPELINE_SCHEDULE_DESCRIPTION');
  if (ctx.source === 'trigger') out.add('CI_TRIGGER_SHORT_TOKEN');
  return out;
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
