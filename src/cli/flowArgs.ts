// Argument parsing for `artifact-flow flow`. Hand-rolled because node:util.parseArgs cannot express
// repeated `--var KEY=VALUE` with validation and our exact error messages; it stays small.
import { PIPELINE_SOURCES, type PipelineContext, type PipelineSource } from '../ci/model';

export interface FlowArgs {
  path: string;
  format: 'text' | 'json';
  context: PipelineContext;
}

export class UsageError extends Error {}

export const FLOW_USAGE = `Usage: artifact-flow [flow] [PATH] [--format text|json] [--source S] [--branch B | --tag T]
                     [--default-branch B] [--mr-source B --mr-target B] [--mr-iid N] [--project P] [--url URL]
                     [--var KEY=VALUE]...
       artifact-flow download --help

PATH defaults to ./.gitlab-ci.yml; the project root is PATH's folder.
--source is a CI_PIPELINE_SOURCE value (push, merge_request_event, schedule, web, api, trigger, parent_pipeline, ...).
--project (group/project) and --url (the GitLab instance) give CI_PROJECT_* and CI_SERVER_* to rules; by default
they come from the project folder's .git/config remote, and without them rules reading those variables are assumed.
Exit code: 1 when the configuration has errors, 0 otherwise.`;

export function parseFlowArgs(argv: readonly string[]): FlowArgs {
  let path = '.gitlab-ci.yml';
  let format: FlowArgs['format'] = 'text';
  let source: PipelineSource | undefined;
  let branch: string | undefined;
  let tag: string | undefined;
  let defaultBranch: string | undefined;
  let mrSource: string | undefined;
  let mrTarget: string | undefined;
  let mrIid: string | undefined;
  let projectPath: string | undefined;
  let serverUrl: string | undefined;
  const variables: Record<string, string> = {};
  let sawPath = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not ${f}`);
        format = f;
        break;
      }
      case '--source': {
        const s = value();
        if (!(PIPELINE_SOURCES as readonly string[]).includes(s)) throw new UsageError(`--source must be one of: ${PIPELINE_SOURCES.join(', ')}`);
        source = s as PipelineSource;
        break;
      }
      case '--branch': branch = value(); break;
      case '--tag': tag = value(); break;
      case '--default-branch': defaultBranch = value(); break;
      case '--mr-source': mrSource = value(); break;
      case '--mr-target': mrTarget = value(); break;
      case '--mr-iid': mrIid = value(); break;
      case '--project': projectPath = value(); break;
      case '--url': {
        const u = value();
        if (!/^https?:\/\/[^/\s]+/i.test(u)) throw new UsageError(`--url must be an http(s) URL, not ${u}`);
        serverUrl = u.replace(/\/+$/, '');
        break;
      }
      case '--var': {
        const kv = value();
        const eq = kv.indexOf('=');
        if (eq <= 0) throw new UsageError(`--var expects KEY=VALUE, got ${kv}`);
        variables[kv.slice(0, eq)] = kv.slice(eq + 1);
        break;
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        if (sawPath) throw new UsageError(`unexpected argument ${arg}`);
        path = arg;
        sawPath = true;
    }
  }
  if (branch !== undefined && tag !== undefined) throw new UsageError('use either --branch or --tag, not both');
  const isMr = source === 'merge_request_event' || mrSource !== undefined || mrTarget !== undefined;
  if (isMr && (mrSource === undefined || mrTarget === undefined)) throw new UsageError('a merge request pipeline needs --mr-source and --mr-target');
  const resolvedSource: PipelineSource = source ?? (isMr ? 'merge_request_event' : 'push');
  const main = defaultBranch ?? 'main';
  const context: PipelineContext = { source: resolvedSource, refKind: isMr ? 'mr' : tag !== undefined ? 'tag' : 'branch', defaultBranch: main, variables };
  if (isMr) {
    context.branch = mrSource!;
    context.mrSource = mrSource!;
    context.mrTarget = mrTarget!;
    context.mrIid = mrIid ?? '1';
  } else if (tag !== undefined) context.tag = tag;
  else context.branch = branch ?? main;
  if (projectPath !== undefined) context.projectPath = projectPath;
  if (serverUrl !== undefined) context.serverUrl = serverUrl;
  return { path, format, context };
}
