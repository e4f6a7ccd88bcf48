// `artifact-flow flow`: analyse a configuration on disk and print the model as text or JSON (schema 1).
import { dirname, basename, join, resolve } from 'node:path';
import { readFileSync, statSync } from 'node:fs';
import type { PipelineContext } from '../ci/model';
import { remoteFromGitConfig } from '../gitlab/remote';
import { analyze } from '../ci/analyze';
import { nodeFileReader } from './nodeFileReader';
import { formatText } from './formatText';
import { FLOW_USAGE, type FlowArgs, parseFlowArgs } from './flowArgs';
import { reportUsage, UsageError } from './options';
import { cliIncludeFetcher } from './includeFetcher';

/** .git/config is a few hundred bytes; anything much larger is not one we read. */
const MAX_GIT_CONFIG = 64 * 1024;

/**
 * The project path and instance URL from the project folder's git remote (origin first), for what the flags
 * did not give: CI_PROJECT_PATH/NAMESPACE/NAME and CI_SERVER_* are then known to rules instead of unknown.
 */
export function withRemote(context: PipelineContext, root: string): PipelineContext {
  if (context.projectPath !== undefined && context.serverUrl !== undefined) return context;
  const file = join(root, '.git', 'config');
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size > MAX_GIT_CONFIG) return context;
    text = readFileSync(file, 'utf8');
  } catch {
    return context;
  }
  const remote = remoteFromGitConfig(text);
  if (!remote) return context;
  return {
    ...context,
    projectPath: context.projectPath ?? remote.projectPath,
    serverUrl: context.serverUrl ?? remote.instanceUrl,
  };
}

export interface Output {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export async function runFlow(
  argv: readonly string[],
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let args: FlowArgs;
  try {
    args = parseFlowArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return reportUsage(e, 'artifact-flow', FLOW_USAGE, out);
    throw e;
  }
  const full = resolve(args.path);
  const fromEnv = env['CI_SERVER_URL'];
  if (args.context.serverUrl === undefined && fromEnv && /^https?:\/\/[^/\s]+/i.test(fromEnv)) {
    args = { ...args, fetchIncludes: true, context: { ...args.context, serverUrl: fromEnv.replace(/\/+$/, '') } };
  }
  const context = withRemote(args.context, dirname(full));
  const fetcher = cliIncludeFetcher(args, context.serverUrl, context.projectPath, env);
  const model = await analyze({
    root: basename(full),
    reader: nodeFileReader(dirname(full)),
    context,
    ...(fetcher ? { fetcher } : {}),
  });
  out.stdout(args.format === 'json' ? `${JSON.stringify(model, null, 2)}\n` : formatText(model));
  return model.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
