// The CLI's include fetcher: the GitLab instance from --url or CI_SERVER_URL, the token from GITLAB_TOKEN
// (PRIVATE-TOKEN) or CI_JOB_TOKEN (JOB-TOKEN) — the client sends it to the instance's origin only — and the
// include cache folder (--include-cache, default the OS cache folder). Without an instance, and not offline,
// there is no fetcher: external includes stay "not resolved offline", as before.
import { homedir } from 'node:os';
import type { IncludeFetcher } from '../ci/include/fetcher';
import { GitLabClient } from '../gitlab/client';
import { nodeFetch } from '../gitlab/nodeFetch';
import { createIncludeFetcher } from '../gitlab/includes/apiFetcher';
import { defaultCacheDir, folderCache } from '../gitlab/includes/cache';
import type { FlowArgs } from './flowArgs';

export function cliIncludeFetcher(
  args: FlowArgs,
  serverUrl: string | undefined,
  projectPath: string | undefined,
  env: NodeJS.ProcessEnv,
): IncludeFetcher | undefined {
  if (serverUrl === undefined || (!args.fetchIncludes && !args.offline)) return undefined;
  const jobToken = env['GITLAB_TOKEN'] ? undefined : env['CI_JOB_TOKEN'];
  const token = env['GITLAB_TOKEN'] || jobToken || undefined;
  const client = args.offline
    ? undefined
    : new GitLabClient({
        instanceUrl: serverUrl,
        token: { get: () => Promise.resolve(token) },
        tokenKind: jobToken ? 'job' : 'private',
        fetch: nodeFetch,
        userAgent: 'artifact-flow-cli',
      });
  return createIncludeFetcher({
    client,
    instanceUrl: serverUrl,
    cache: folderCache(args.includeCache ?? defaultCacheDir(env, process.platform, homedir())),
    offline: args.offline,
    projectPath,
    remoteFetch: nodeFetch,
  });
}
