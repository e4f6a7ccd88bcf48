// `include:component` as GitLab resolves it (Ci::Components::FetchService, Components::InstancePath): the address
// is `<fqdn>/<project path>/<name>@<version>` with the instance's FQDN (port included when not the default); the
// version is `~latest` (the newest release), a partial `1` / `1.2` (the newest matching release), a released tag,
// or any ref or SHA; the file is `templates/<name>.yml`, else `templates/<name>/template.yml`, at that commit.
import type { ProjectAt } from '../../ci/include/fetcher';
import { type FetchContext, IncludeFailure, type Resolved, statusOf } from './context';
import { fileAt, resolveRef } from './projectFiles';

const SHORT_SEMVER = /^\d+(\.\d+)?$/;
const LATEST = '~latest';
/** Releases read to find `~latest` or a partial version: GitLab's catalog keeps every version; we read 10 pages. */
const MAX_RELEASE_PAGES = 10;
const enc = encodeURIComponent;

interface Release {
  tag_name: string;
  released_at?: string;
  commit?: { id?: string };
}

export interface ComponentFile {
  text: string;
  at: ProjectAt;
  version: string;
  path: string;
}

export function componentPrefix(instanceUrl: string): string {
  return `${new URL(instanceUrl).host}/`;
}

export async function component(ctx: FetchContext, address: string): Promise<Resolved<ComponentFile>> {
  const fail = (what: string): IncludeFailure => new IncludeFailure(`Component '${address}' - ${what}`);
  const prefix = componentPrefix(ctx.options.instanceUrl);
  if (!address.includes('@') || !address.startsWith(prefix)) throw fail('the component path is not supported');
  const at = address.indexOf('@');
  const fullPath = address.slice(prefix.length, at);
  const version = address.slice(at + 1);
  const slash = fullPath.lastIndexOf('/');
  if (slash <= 0 || fullPath.startsWith('/')) throw fail('content not found');
  const project = fullPath.slice(0, slash);
  const name = fullPath.slice(slash + 1);
  const resolved = await resolveVersion(ctx, project, version, fail);
  for (const path of [`templates/${name}.yml`, `templates/${name}/template.yml`]) {
    const file = await fileAt(ctx, project, resolved.value.sha, path);
    if (file.value !== undefined && file.value.trim() !== '') {
      const asOf = resolved.asOf ?? file.asOf;
      return {
        value: { text: file.value, at: resolved.value, version: resolved.value.ref, path },
        via: resolved.via === 'cache' || file.via === 'cache' ? 'cache' : 'api',
        ...(asOf !== undefined ? { asOf } : {}),
      };
    }
  }
  throw fail('content not found');
}

/** The commit a component version names, in GitLab's order: partial version, released tag, then any ref. */
async function resolveVersion(
  ctx: FetchContext,
  project: string,
  version: string,
  fail: (w: string) => IncludeFailure,
): Promise<Resolved<ProjectAt>> {
  if (version === LATEST || SHORT_SEMVER.test(version)) {
    const r = await ctx.resolution(ctx.key('component-version', project, version), async () => {
      const releases = await listReleases(ctx, project, fail);
      return newestMatching(releases, version) ?? null;
    });
    if (r.value) {
      return {
        ...r,
        value: {
          path: project,
          ref: r.value.tag_name,
          sha: r.value.commit?.id ?? (await resolveRef(ctx, project, r.value.tag_name)).value.sha,
        },
      };
    }
    if (version === LATEST) {
      throw fail(
        'The ~latest version reference is not supported for non-catalog resources. Use a tag, branch, or commit SHA instead.',
      );
    }
  }
  try {
    return await resolveRef(ctx, project, version);
  } catch (e) {
    if (e instanceof IncludeFailure) {
      throw fail(
        /not found or access denied/.test(e.message)
          ? "project does not exist or you don't have sufficient permissions"
          : 'content not found',
      );
    }
    throw e;
  }
}

async function listReleases(
  ctx: FetchContext,
  project: string,
  fail: (w: string) => IncludeFailure,
): Promise<Release[]> {
  try {
    return await ctx.client.all<Release>(`/projects/${enc(project)}/releases`, {
      signal: ctx.options.signal,
      maxPages: MAX_RELEASE_PAGES,
      what: `the releases of ${project}`,
    });
  } catch (e) {
    statusOf(e);
    throw fail("project does not exist or you don't have sufficient permissions");
  }
}

/** The newest release for `~latest` (by release date), or the highest semantic version matching `1` / `1.2`. */
export function newestMatching(releases: readonly Release[], version: string): Release | undefined {
  if (version === LATEST) {
    return [...releases]
      .filter((r) => semver(r.tag_name))
      .sort((a, b) => compare(semver(b.tag_name)!, semver(a.tag_name)!))[0];
  }
  const want = version.split('.').map(Number);
  return releases
    .filter((r) => {
      const v = semver(r.tag_name);
      return v !== undefined && v.pre === '' && want.every((n, i) => v.nums[i] === n);
    })
    .sort((a, b) => compare(semver(b.tag_name)!, semver(a.tag_name)!))[0];
}

interface Semver {
  nums: [number, number, number];
  pre: string;
}

function semver(tag: string): Semver | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(tag);
  return m ? { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? '' } : undefined;
}

function compare(a: Semver, b: Semver): number {
  for (let i = 0; i < 3; i++) if (a.nums[i] !== b.nums[i]) return a.nums[i]! - b.nums[i]!;
  if (a.pre === b.pre) return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  return a.pre < b.pre ? -1 : 1;
}
