// Arguments of `artifact-flow flow`: read by readOptions (options.ts, node:util parseArgs), then checked and
// turned into the pipeline context the engine evaluates rules in.
import { PIPELINE_SOURCES, type PipelineContext, type PipelineSource } from '../ci/model';
import { readOptions, UsageError } from './options';

export interface FlowArgs {
  path: string;
  format: 'text' | 'json';
  context: PipelineContext;
  /** Resolve external includes through the instance: given by --url (or CI_SERVER_URL in runFlow). */
  fetchIncludes: boolean;
  /** --include-cache DIR; default: the OS cache folder. */
  includeCache?: string;
  /** --offline: external includes from the include cache only. */
  offline: boolean;
}

export const FLOW_USAGE = `Usage: artifact-flow [flow] [PATH] [--format text|json] [--source S] [--branch B | --tag T]
                     [--default-branch B] [--mr-source B --mr-target B] [--mr-iid N] [--project P] [--url URL]
                     [--var KEY=VALUE]... [--include-cache DIR] [--offline]
       artifact-flow download --help
       artifact-flow verify --help

PATH defaults to ./.gitlab-ci.yml; the project root is PATH's folder.
--source is a CI_PIPELINE_SOURCE value (push, merge_request_event, schedule, web, api, trigger, parent_pipeline, ...).
--project (group/project) and --url (the GitLab instance) give CI_PROJECT_* and CI_SERVER_* to rules; by default
they come from the project folder's .git/config remote, and without them rules reading those variables are assumed.
With --url (or CI_SERVER_URL), include:project, include:template, include:remote and include:component are read
from that instance: token from GITLAB_TOKEN (PRIVATE-TOKEN) or CI_JOB_TOKEN (JOB-TOKEN), sent only to the instance
(remote includes are fetched without it). Fetched files are cached in --include-cache (default: the OS cache
folder; refs, tags and templates are trusted for 10 minutes); --offline uses only that cache.
Exit code: 1 when the configuration has errors, 0 otherwise.`;

const FLOW_OPTIONS = {
  format: { type: 'string' },
  source: { type: 'string' },
  branch: { type: 'string' },
  tag: { type: 'string' },
  'default-branch': { type: 'string' },
  'mr-source': { type: 'string' },
  'mr-target': { type: 'string' },
  'mr-iid': { type: 'string' },
  project: { type: 'string' },
  url: { type: 'string' },
  var: { type: 'string', multiple: true },
  'include-cache': { type: 'string' },
  offline: { type: 'boolean' },
} as const;

export function parseFlowArgs(argv: readonly string[]): FlowArgs {
  const { values, positionals } = readOptions(argv, FLOW_OPTIONS, 1);
  const path = positionals[0] ?? '.gitlab-ci.yml';
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  const source = values.source === undefined ? undefined : pipelineSource(values.source);
  const serverUrl = values.url === undefined ? undefined : instanceUrl(values.url);
  const variables = keyValues(values.var ?? []);
  const { branch, tag, project: projectPath } = values;
  const { 'default-branch': defaultBranch, 'mr-source': mrSource, 'mr-target': mrTarget, 'mr-iid': mrIid } = values;
  if (branch !== undefined && tag !== undefined) throw new UsageError('use either --branch or --tag, not both');
  const isMr = source === 'merge_request_event' || mrSource !== undefined || mrTarget !== undefined;
  if (isMr && (mrSource === undefined || mrTarget === undefined)) {
    throw new UsageError('a merge request pipeline needs --mr-source and --mr-target');
  }
  const resolvedSource: PipelineSource = source ?? (isMr ? 'merge_request_event' : 'push');
  const main = defaultBranch ?? 'main';
  const context: PipelineContext = {
    source: resolvedSource,
    refKind: isMr ? 'mr' : tag !== undefined ? 'tag' : 'branch',
    defaultBranch: main,
    variables,
  };
  if (isMr) {
    context.branch = mrSource!;
    context.mrSource = mrSource!;
    context.mrTarget = mrTarget!;
    // Without --mr-iid the merge request's IID is unknown (rules on it are assumed), not a stand-in.
    if (mrIid !== undefined) context.mrIid = mrIid;
  } else if (tag !== undefined) context.tag = tag;
  else context.branch = branch ?? main;
  if (projectPath !== undefined) context.projectPath = projectPath;
  if (serverUrl !== undefined) context.serverUrl = serverUrl;
  const includeCache = values['include-cache'];
  return {
    path,
    format,
    context,
    fetchIncludes: serverUrl !== undefined,
    offline: values.offline === true,
    ...(includeCache !== undefined ? { includeCache } : {}),
  };
}

function pipelineSource(s: string): PipelineSource {
  if (!(PIPELINE_SOURCES as readonly string[]).includes(s)) {
    throw new UsageError(`--source must be one of: ${PIPELINE_SOURCES.join(', ')}`);
  }
  return s as PipelineSource;
}

function instanceUrl(u: string): string {
  if (!/^https?:\/\/[^/\s]+/i.test(u)) throw new UsageError(`--url must be an http(s) URL, not ${u}`);
  return u.replace(/\/+$/, '');
}

/** `--var KEY=VALUE`, repeated; a later KEY replaces an earlier one, and VALUE may itself hold `=`. */
function keyValues(pairs: readonly string[]): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const kv of pairs) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var expects KEY=VALUE, got ${kv}`);
    variables[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return variables;
}
