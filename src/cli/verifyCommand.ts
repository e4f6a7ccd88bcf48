// `artifact-flow verify`: analyse the configuration on disk for a push pipeline on the ref, send the merged
// configuration to GitLab's CI lint, and print where GitLab's verdict and jobs differ from ours (text or JSON).
// Exit 0 when GitLab agrees, 1 when it differs, 2 for a usage error or a failed request.
import { basename, dirname, resolve } from 'node:path';
import { analyze } from '../ci/analyze';
import { verifyInput } from '../ci/verify/verifyInput';
import { GitLabClient } from '../gitlab/client';
import { describeError } from '../gitlab/errors';
import { nodeFetch } from '../gitlab/nodeFetch';
import { terminalSafe } from '../gitlab/terminalText';
import { summaryLine } from '../gitlab/verify/compare';
import { chooseRef, pushContext } from '../gitlab/verify/refChoice';
import { formatReport } from '../gitlab/verify/report';
import { type VerifyReport, verifyWithGitLab } from '../gitlab/verify/run';
import type { Output } from './flowCommand';
import { withRemote } from './flowCommand';
import { cliIncludeFetcher } from './includeFetcher';
import { nodeFileReader } from './nodeFileReader';
import { reportUsage, UsageError } from './options';
import { parseVerifyArgs, VERIFY_USAGE, type VerifyArgs } from './verifyArgs';

export async function runVerify(argv: readonly string[], rawOut: Output, env: NodeJS.ProcessEnv): Promise<number> {
  const out: Output = { stdout: (s) => rawOut.stdout(terminalSafe(s)), stderr: (s) => rawOut.stderr(terminalSafe(s)) };
  const token = env['GITLAB_TOKEN'] || env['CI_JOB_TOKEN'] || undefined;
  let target: Target;
  let args: VerifyArgs;
  try {
    const parsed = parseVerifyArgs(argv);
    if (parsed === 'help') {
      out.stdout(`${VERIFY_USAGE}\n`);
      return 0;
    }
    args = parsed;
    target = targetOf(args, env);
  } catch (e) {
    if (e instanceof UsageError) return reportUsage(e, 'artifact-flow verify', VERIFY_USAGE, out);
    throw e;
  }
  let report: VerifyReport;
  try {
    report = await verify(args, target, env);
  } catch (e) {
    const d = describeError(e, [token]);
    out.stderr(`artifact-flow verify: ${d.message}\n`);
    if (d.action === 'setToken') {
      out.stderr('artifact-flow verify: set GITLAB_TOKEN to an access token with api scope (CI lint needs it)\n');
    }
    return 2;
  }
  const json = { summary: summaryLine(report.comparison), ...report };
  out.stdout(args.format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : formatReport(report));
  return report.comparison.differences === 0 ? 0 : 1;
}

interface Target {
  full: string;
  serverUrl: string;
  projectPath: string;
}

/** The instance and project: flags, then CI_SERVER_URL / CI_PROJECT_PATH, then the project folder's git remote. */
function targetOf(args: VerifyArgs, env: NodeJS.ProcessEnv): Target {
  const full = resolve(args.path);
  const fromEnv = env['CI_SERVER_URL'];
  const url = args.url ?? (fromEnv && /^https?:\/\/[^/\s]+/i.test(fromEnv) ? fromEnv.replace(/\/+$/, '') : undefined);
  const project = args.project ?? (env['CI_PROJECT_PATH'] || undefined);
  const known = withRemote(
    {
      source: 'push',
      refKind: 'branch',
      defaultBranch: 'main',
      variables: {},
      ...(url ? { serverUrl: url } : {}),
      ...(project ? { projectPath: project } : {}),
    },
    dirname(full),
  );
  if (!known.serverUrl) throw new UsageError('needs --url (or CI_SERVER_URL, or a GitLab git remote)');
  if (!known.projectPath) throw new UsageError('needs --project (or CI_PROJECT_PATH, or a GitLab git remote)');
  return { full, serverUrl: known.serverUrl, projectPath: known.projectPath };
}

async function verify(args: VerifyArgs, target: Target, env: NodeJS.ProcessEnv): Promise<VerifyReport> {
  const jobToken = env['GITLAB_TOKEN'] ? undefined : env['CI_JOB_TOKEN'];
  const token = env['GITLAB_TOKEN'] || jobToken || undefined;
  const client = new GitLabClient({
    instanceUrl: target.serverUrl,
    token: { get: () => Promise.resolve(token) },
    tokenKind: jobToken ? 'job' : 'private',
    fetch: nodeFetch,
    userAgent: 'artifact-flow-cli',
  });
  const wanted = args.ref ? { ...args.ref, explicit: true } : undefined;
  const choice = await chooseRef(client, target.projectPath, wanted);
  const context = pushContext(choice, target.projectPath, target.serverUrl);
  const fetcher = cliIncludeFetcher(
    {
      path: args.path,
      format: 'text',
      context,
      fetchIncludes: true,
      offline: false,
      ...(args.includeCache !== undefined ? { includeCache: args.includeCache } : {}),
    },
    target.serverUrl,
    target.projectPath,
    env,
  );
  const options = {
    root: basename(target.full),
    reader: nodeFileReader(dirname(target.full)),
    context,
    ...(fetcher ? { fetcher } : {}),
  };
  const input = await verifyInput(options, await analyze(options));
  return verifyWithGitLab(client, { project: target.projectPath, ref: choice.ref, refKind: choice.refKind, ...input });
}
