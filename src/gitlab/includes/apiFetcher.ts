// The IncludeFetcher the engine is given by the CLI and the extension: GitLab's REST API through the client (the
// token only ever goes to the instance's origin — the client's rule), remote files without any credential, and
// the include cache. Each outcome is GitLab's error, the text, or "unavailable" with the reason, never a throw.
import type { FetchOutcome, IncludeFetcher } from '../../ci/include/fetcher';
import { FetchContext, IncludeFailure, type IncludeFetchOptions, Unavailable } from './context';
import { projectFile } from './projectFiles';
import { template } from './templates';
import { remoteFile } from './remote';
import { component } from './components';
import { artifactFile } from './artifactFile';

export function createIncludeFetcher(options: IncludeFetchOptions): IncludeFetcher {
  const ctx = new FetchContext(options);
  return {
    project: (project, ref, file) =>
      settle(async () => {
        const f = await projectFile(ctx, project, ref, file);
        return { file: { text: f.text, project: f.at, via: f.via, ...(f.asOf !== undefined ? { asOf: f.asOf } : {}) } };
      }),
    remote: (url, integrity) =>
      settle(async () => {
        const r = await remoteFile(ctx, url, integrity);
        return { file: { text: r.value, via: r.via, ...(r.asOf !== undefined ? { asOf: r.asOf } : {}) } };
      }),
    template: (name) =>
      settle(async () => {
        const r = await template(ctx, name);
        const via = r.via === 'cache' ? 'cache' : r.way;
        return {
          file: {
            text: r.value.text,
            via,
            ...(r.value.drop ? { drop: r.value.drop } : {}),
            ...(r.asOf !== undefined ? { asOf: r.asOf } : {}),
          },
        };
      }),
    component: (address) =>
      settle(async () => {
        const r = await component(ctx, address);
        return {
          file: {
            text: r.value.text,
            project: r.value.at,
            version: r.value.version,
            via: r.via,
            ...(r.asOf !== undefined ? { asOf: r.asOf } : {}),
          },
        };
      }),
    artifact: (job, path, ref) =>
      settle(async () => ({ file: { text: await artifactFile(ctx, job, path, ref), via: 'api' as const } })),
  };
}

async function settle(work: () => Promise<FetchOutcome>): Promise<FetchOutcome> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof IncludeFailure) return { error: e.message };
    if (e instanceof Unavailable) return { unavailable: e.message };
    return { unavailable: e instanceof Error ? e.message : String(e) };
  }
}
