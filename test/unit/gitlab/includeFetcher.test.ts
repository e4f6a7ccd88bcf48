// The include fetcher over the GitLab client (src/gitlab/includes): project files at a ref's commit, the
// default branch, templates through the API or CI lint, remote files without a token and with integrity,
// components with every kind of version, the cache (hit, expiry, offline "as of", clear), against the test server.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { GitLabClient } from '../../../src/gitlab/client';
import { nodeFetch } from '../../../src/gitlab/nodeFetch';
import { createIncludeFetcher } from '../../../src/gitlab/includes/apiFetcher';
import { folderCache } from '../../../src/gitlab/includes/cache';
import type { IncludeFetchOptions } from '../../../src/gitlab/includes/context';
import { CiFilesServer } from '../../support/fakeGitLab/ciFiles';
import { tempDir } from '../../support/fakeGitLab/helpers';

const SHA1 = 'a'.repeat(40);
const SHA2 = 'b'.repeat(40);
const SHA3 = 'c'.repeat(40);
const tmp = tempDir('af-includes-');
let server: CiFilesServer;

async function setUp(): Promise<CiFilesServer> {
  server ??= await CiFilesServer.start();
  if (server.projects.length === 0) {
    server.projects.push({
      id: 11,
      path: 'grp/lib',
      defaultBranch: 'main',
      refs: { main: SHA2, 'v1.2.0': SHA1 },
      commits: [
        { sha: SHA1, files: { 'ci/build.yml': 'build: {script: old}\n' } },
        { sha: SHA2, files: { 'ci/build.yml': 'build: {script: new}\n', 'empty.yml': '  \n' } },
      ],
    });
    server.projects.push({
      id: 12,
      path: 'grp/comps',
      defaultBranch: 'main',
      refs: { main: SHA3, '1.0.0': SHA1, '1.2.0': SHA2, '2.0.0': SHA3 },
      releases: [
        { tag: '1.0.0', releasedAt: '2025-01-01T00:00:00Z' },
        { tag: '1.2.0', releasedAt: '2025-02-01T00:00:00Z' },
        { tag: '2.0.0', releasedAt: '2025-03-01T00:00:00Z' },
      ],
      commits: [
        { sha: SHA1, files: { 'templates/unit.yml': 'unit: {script: v1.0}\n' } },
        { sha: SHA2, files: { 'templates/unit/template.yml': 'unit: {script: v1.2}\n' } },
        { sha: SHA3, files: { 'templates/unit.yml': 'unit: {script: v2}\n' } },
      ],
    });
    server.projects.push({ id: 13, path: 'grp/app', defaultBranch: 'main', refs: {}, commits: [] });
    server.apiTemplates.set('Android', 'android: {script: gradle}\n');
    server.lintTemplates.set('Jobs/Build.gitlab-ci.yml', 'build_job:\n  script:\n  - build\n');
    server.lintTemplates.set(
      'Workflows/MergeRequest-Pipelines.gitlab-ci.yml',
      'workflow:\n  rules:\n  - when: always\n',
    );
    server.remoteFiles.set('/ci/r.yml', 'remote_job: {script: r}\n');
  }
  return server;
}
after(async () => {
  await server?.close();
  tmp.cleanup();
});

function fetcher(s: CiFilesServer, extra: Partial<IncludeFetchOptions> = {}, token: string | undefined = s.token) {
  const client = new GitLabClient({
    instanceUrl: s.url,
    token: { get: () => Promise.resolve(token) },
    fetch: nodeFetch,
    retries: 0,
  });
  return createIncludeFetcher({ client, instanceUrl: s.url, remoteFetch: nodeFetch, projectPath: 'grp/app', ...extra });
}

void test("project files: ref to commit, default branch, GitLab's messages for a missing project, ref, file, empty file", async () => {
  const s = await setUp();
  const f = fetcher(s);
  assert.deepEqual(await f.project('grp/lib', 'v1.2.0', 'ci/build.yml'), {
    file: { text: 'build: {script: old}\n', project: { path: 'grp/lib', ref: 'v1.2.0', sha: SHA1 }, via: 'api' },
  });
  const def = await f.project('grp/lib', undefined, 'ci/build.yml');
  assert.ok('file' in def && def.file.project?.ref === 'main' && def.file.text.includes('new'));
  assert.deepEqual(await f.project('grp/nope', 'main', 'a.yml'), {
    error:
      'Project `grp/nope` not found or access denied! Make sure any includes in the pipeline configuration are correctly defined.',
  });
  assert.deepEqual(await f.project('grp/lib', 'nope', 'a.yml'), {
    error: 'Project `grp/lib` reference `nope` does not exist!',
  });
  assert.deepEqual(await f.project('grp/lib', 'main', 'a.yml'), {
    error: 'Project `grp/lib` file `a.yml` does not exist!',
  });
  assert.deepEqual(await f.project('grp/lib', 'main', 'empty.yml'), {
    error: 'Project `grp/lib` file `empty.yml` is empty!',
  });
  const noToken = await fetcher(s, {}, '').project('grp/lib', 'main', 'ci/build.yml');
  assert.ok(
    'error' in noToken && noToken.error.includes('not found or access denied'),
    JSON.stringify(noToken) + 'a private project without a token reads as not found, as GitLab says',
  );
});

void test('templates: the templates API by base name, CI lint for the others (a probe job added and dropped), recorded', async () => {
  const s = await setUp();
  const f = fetcher(s);
  assert.deepEqual(await f.template('Android.gitlab-ci.yml'), {
    file: { text: 'android: {script: gradle}\n', via: 'api' },
  });
  const jobs = await f.template('Jobs/Build.gitlab-ci.yml');
  assert.ok(
    'file' in jobs && jobs.file.via === 'lint' && jobs.file.text.includes('build_job') && jobs.file.drop === undefined,
  );
  const wf = await f.template('Workflows/MergeRequest-Pipelines.gitlab-ci.yml');
  assert.ok(
    'file' in wf &&
      wf.file.via === 'lint' &&
      wf.file.drop?.[0] === 'artifact-flow-template-probe' &&
      wf.file.text.includes('workflow'),
  );
  const none = await f.template('Nope/X.gitlab-ci.yml');
  assert.ok('error' in none, JSON.stringify(none));
  const noProject = await fetcher(s, { projectPath: undefined }).template('Jobs/Build.gitlab-ci.yml');
  assert.ok('unavailable' in noProject && noProject.unavailable.includes('--project'));
});

void test("remote files: no token ever reaches the remote origin (redirects too), integrity checked, HTTP errors in GitLab's words", async () => {
  const s = await setUp();
  const f = fetcher(s);
  const url = `${s.remoteUrl}/ci/r.yml`;
  assert.deepEqual(await f.remote(url, undefined), { file: { text: 'remote_job: {script: r}\n', via: 'api' } });
  assert.deepEqual(await f.remote(`${s.remoteUrl}/moved/ci/r.yml`, undefined), {
    file: { text: 'remote_job: {script: r}\n', via: 'api' },
  });
  const good = `sha256-${createHash('sha256').update('remote_job: {script: r}\n').digest('base64')}`;
  assert.ok('file' in (await f.remote(url, good)));
  const bad = await f.remote(url, `sha256-${createHash('sha256').update('other').digest('base64')}`);
  assert.ok('error' in bad && bad.error.includes('integrity'));
  assert.deepEqual(await f.remote(`${s.remoteUrl}/nope.yml`, undefined), {
    error: `Remote file \`${s.remoteUrl}/nope.yml\` could not be fetched because of HTTP code \`404\` error!`,
  });
  assert.deepEqual(s.violations, []);
});

void test("components: fqdn, ~latest, partial versions, released tag, SHA, branch, both file layouts, GitLab's messages", async () => {
  const s = await setUp();
  const f = fetcher(s);
  const host = new URL(s.url).host;
  const get = async (v: string): Promise<string> => {
    const r = await f.component(`${host}/grp/comps/unit@${v}`);
    return 'file' in r
      ? `${r.file.text.trim()} ${r.file.version ?? ''}`
      : 'error' in r
        ? r.error
        : `unavailable: ${r.unavailable}`;
  };
  assert.equal(await get('~latest'), 'unit: {script: v2} 2.0.0');
  assert.equal(
    await get('1'),
    'unit: {script: v1.2} 1.2.0',
    'the newest 1.x release; templates/<name>/template.yml layout',
  );
  assert.equal(await get('1.0'), 'unit: {script: v1.0} 1.0.0');
  assert.equal(await get('1.2.0'), 'unit: {script: v1.2} 1.2.0');
  assert.equal(await get(SHA1), `unit: {script: v1.0} ${SHA1}`);
  assert.equal(await get('main'), 'unit: {script: v2} main');
  assert.equal(await get('9.9.9'), `Component '${host}/grp/comps/unit@9.9.9' - content not found`);
  assert.equal(await get('3'), `Component '${host}/grp/comps/unit@3' - content not found`);
  const other = await f.component('gitlab.com/grp/comps/unit@1.0.0');
  assert.deepEqual(other, {
    error: "Component 'gitlab.com/grp/comps/unit@1.0.0' - the component path is not supported",
  });
  const missing = await f.component(`${host}/grp/nope/unit@1.0.0`);
  assert.deepEqual(missing, {
    error: `Component '${host}/grp/nope/unit@1.0.0' - project does not exist or you don't have sufficient permissions`,
  });
});

void test('cache: immutable content is not fetched again; resolutions expire after the TTL; offline answers "as of"; clear', async () => {
  const s = await setUp();
  const dir = tmp.fresh();
  let clock = Date.parse('2026-01-01T10:00:00Z');
  const opts = { cache: folderCache(dir, () => clock), now: () => clock };
  const first = fetcher(s, opts);
  s.requests.length = 0;
  await first.project('grp/lib', 'main', 'ci/build.yml');
  assert.equal(s.requests.length, 2, 'commit + raw file');
  await fetcher(s, opts).project('grp/lib', 'main', 'ci/build.yml');
  assert.equal(s.requests.length, 2, 'a second run within the TTL asks nothing');
  clock += 11 * 60 * 1000;
  await fetcher(s, opts).project('grp/lib', 'main', 'ci/build.yml');
  assert.equal(
    s.requests.length,
    3,
    'after 10 minutes the ref is resolved again; the file at that commit is not fetched again',
  );
  s.down = true;
  const offline = await fetcher(s, { ...opts, offline: true }).project('grp/lib', 'main', 'ci/build.yml');
  assert.deepEqual(offline, {
    file: {
      text: 'build: {script: new}\n',
      project: { path: 'grp/lib', ref: 'main', sha: SHA2 },
      via: 'cache',
      asOf: '2026-01-01T10:11:00.000Z',
    },
  });
  const notCached = await fetcher(s, { ...opts, offline: true }).project('grp/lib', 'v1.2.0', 'ci/build.yml');
  assert.deepEqual(notCached, { unavailable: 'offline, and not in the include cache' });
  const down = await fetcher(s, opts).project('grp/lib', 'v1.2.0', 'ci/build.yml');
  assert.ok('unavailable' in down, 'an unreachable instance is unknown, not an error');
  s.down = false;
  assert.equal(await opts.cache.clear(), 2, 'the ref of main and the file at its commit');
  assert.deepEqual(await fetcher(s, { ...opts, offline: true }).project('grp/lib', 'main', 'ci/build.yml'), {
    unavailable: 'offline, and not in the include cache',
  });
});
