// The extension's include fetching around the API fetcher (src/host/gitlab/include{Texts,Tracking,Summary}.ts):
// fetched texts kept by origin label (nested files found through their parent's ref), the cache answering when
// the instance is unreachable (and the network left alone for a while), no network at all without a token, the
// progress counts, and the one sentence and action of the status item. Against the GitLab API test server.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { GitLabClient } from '../../../src/gitlab/client';
import { nodeFetch } from '../../../src/gitlab/nodeFetch';
import { createIncludeFetcher } from '../../../src/gitlab/includes/apiFetcher';
import { folderCache } from '../../../src/gitlab/includes/cache';
import type { IncludeFetcher } from '../../../src/ci/include/fetcher';
import { IncludeTexts, MAX_TEXTS, parseOrigin } from '../../../src/host/gitlab/includeTexts';
import {
  type FetchMode,
  type FetchTally,
  Reachability,
  RETRY_AFTER_MS,
  trackingFetcher,
} from '../../../src/host/gitlab/includeTracking';
import { asOfLabel, summarize } from '../../../src/host/gitlab/includeSummary';
import { CiFilesServer } from '../../support/fakeGitLab/ciFiles';
import { tempDir } from '../../support/fakeGitLab/helpers';

const SHA1 = '1'.repeat(40);
const SHA2 = '2'.repeat(40);
const tmp = tempDir('af-host-includes-');
let server: CiFilesServer | undefined;

async function setUp(): Promise<CiFilesServer> {
  if (server) return server;
  const s = await CiFilesServer.start();
  s.projects.push({
    id: 21,
    path: 'grp/lib',
    defaultBranch: 'main',
    refs: { main: SHA2, 'v1.2.0': SHA1 },
    commits: [
      { sha: SHA1, files: { 'ci/build.yml': 'build:\n  script: make\n', 'ci/nested.yml': 'nested: {script: n}\n' } },
    ],
  });
  s.projects.push({
    id: 22,
    path: 'grp/comps',
    defaultBranch: 'main',
    refs: { main: SHA2, '2.1.0': SHA2 },
    releases: [{ tag: '2.1.0', releasedAt: '2026-01-01T00:00:00Z' }],
    commits: [{ sha: SHA2, files: { 'templates/unit.yml': 'unit: {script: u}\n' } }],
  });
  s.remoteFiles.set('/r.yml', 'remote_job: {script: r}\n');
  server = s;
  return s;
}

after(async () => {
  await server?.close();
  tmp.cleanup();
});

interface Rig {
  fetcher: IncludeFetcher;
  texts: IncludeTexts;
  tallies: FetchTally[];
  reachability: Reachability;
}

function rig(
  s: CiFilesServer,
  cacheDir: string,
  mode: FetchMode,
  shared?: Partial<Rig>,
  now = () => Date.now(),
  token = s.token,
): Rig & { rejected: number } {
  const client = new GitLabClient({
    instanceUrl: s.url,
    token: { get: () => Promise.resolve(token) },
    fetch: nodeFetch,
    retries: 0,
  });
  const cache = folderCache(cacheDir, now);
  const base = { instanceUrl: s.url, cache, remoteFetch: nodeFetch, projectPath: 'grp/app', now };
  const texts = shared?.texts ?? new IncludeTexts();
  const reachability = shared?.reachability ?? new Reachability(now);
  const tallies: FetchTally[] = [];
  const counts = { rejected: 0 };
  const fetcher = trackingFetcher({
    instanceUrl: s.url,
    mode,
    online: mode === 'online' ? createIncludeFetcher({ ...base, client }) : undefined,
    cached: createIncludeFetcher({ ...base, offline: true }),
    texts,
    reachability,
    onProgress: (t) => tallies.push({ ...t, unresolved: new Map(t.unresolved) }),
    onTokenRejected: () => counts.rejected++,
  });
  return {
    fetcher,
    texts,
    tallies,
    reachability,
    get rejected() {
      return counts.rejected;
    },
  };
}

void test('origin labels parse back into the fetch they stand for; anything else is not ours', () => {
  assert.deepEqual(parseOrigin('project:grp/lib@v1.2.0:/ci/build.yml'), {
    kind: 'project',
    project: 'grp/lib',
    ref: 'v1.2.0',
    file: 'ci/build.yml',
  });
  assert.deepEqual(parseOrigin('template:Jobs/Build.gitlab-ci.yml'), {
    kind: 'template',
    name: 'Jobs/Build.gitlab-ci.yml',
  });
  assert.deepEqual(parseOrigin('remote:https://x.test/a.yml'), { kind: 'remote', url: 'https://x.test/a.yml' });
  assert.deepEqual(parseOrigin('component:gitlab.test/grp/comps/unit@2.1.0'), {
    kind: 'component',
    address: 'gitlab.test/grp/comps/unit@2.1.0',
  });
  assert.equal(parseOrigin('ci/build.yml'), undefined);
  assert.equal(parseOrigin('project:no-ref:/x.yml'), undefined);
});

void test('online: texts are kept by origin label, a nested file read at a commit is found by its parent ref, progress counts', async () => {
  const s = await setUp();
  const r = rig(s, tmp.fresh(), 'online');
  const top = await r.fetcher.project('grp/lib', 'v1.2.0', 'ci/build.yml');
  assert.ok('file' in top);
  // The engine reads a fetched file's own include:local at the commit, and labels it with the parent's ref.
  const nested = await r.fetcher.project('grp/lib', SHA1, 'ci/nested.yml');
  assert.ok('file' in nested);
  const comp = await r.fetcher.component(`${new URL(s.url).host}/grp/comps/unit@2.1.0`);
  assert.ok('file' in comp, JSON.stringify(comp));
  assert.equal(r.texts.get('project:grp/lib@v1.2.0:/ci/build.yml')?.text, 'build:\n  script: make\n');
  assert.equal(r.texts.get('project:grp/lib@v1.2.0:/ci/nested.yml')?.text, 'nested: {script: n}\n');
  assert.equal(r.texts.get(`component:${new URL(s.url).host}/grp/comps/unit@2.1.0`)?.text, 'unit: {script: u}\n');
  assert.equal(r.texts.get('project:grp/lib@main:/ci/build.yml'), undefined, 'another ref is another text');
  const last = r.tallies.at(-1)!;
  assert.deepEqual(
    [last.started, last.finished, last.resolved, last.fromCache, last.unreachable],
    [3, 3, 3, 0, undefined],
  );
  // Progress was reported while each fetch ran: 0/1, then 1/1, 1/2, … — and nothing before the first fetch, so an
  // analysis superseded before it fetches leaves the item as it was (see the next test for one that ends unfetched).
  assert.deepEqual(
    r.tallies.slice(0, 4).map((t) => `${t.finished}/${t.started}`),
    ['0/1', '1/1', '1/2', '2/2'],
  );
  assert.equal(summarize(last), undefined, 'all fetched: the status item has nothing to say');
  assert.deepEqual(summarize(r.tallies[0]!), { kind: 'progress', instanceUrl: s.url, finished: 0, started: 1 });
});

void test('an analysis that gave a model without fetching clears the status; one that fetched adds nothing at the end', async () => {
  const s = await setUp();
  const dir = tmp.fresh();
  // No external include left (the user removed them): the empty tally is reported, and the item has nothing to say.
  const none = rig(s, dir, 'online');
  none.fetcher.analysisDone?.();
  assert.equal(none.tallies.length, 1);
  assert.equal(none.tallies[0]!.started, 0);
  assert.equal(summarize(none.tallies[0]!), undefined);
  // An analysis that fetched already reported its last state: its end changes nothing.
  const some = rig(s, dir, 'online');
  await some.fetcher.project('grp/lib', 'v1.2.0', 'ci/build.yml');
  const reported = some.tallies.length;
  some.fetcher.analysisDone?.();
  assert.equal(some.tallies.length, reported);
});

void test('unreachable: the cache answers whatever its age, says as of when, and the network is left alone for a while', async () => {
  const s = await setUp();
  const dir = tmp.fresh();
  let clock = Date.parse('2026-11-30T10:42:00Z');
  const now = (): number => clock;
  const warm = rig(s, dir, 'online', undefined, now);
  assert.ok('file' in (await warm.fetcher.project('grp/lib', 'v1.2.0', 'ci/build.yml')));
  // Long after the ref's resolution expired, the instance goes down.
  clock += 24 * 60 * 60 * 1000;
  s.down = true;
  try {
    const before = s.count(/./);
    const r = rig(s, dir, 'online', { reachability: warm.reachability }, now);
    const outcome = await r.fetcher.project('grp/lib', 'v1.2.0', 'ci/build.yml');
    assert.ok('file' in outcome, JSON.stringify(outcome));
    assert.equal(outcome.file.via, 'cache');
    assert.equal(outcome.file.text, 'build:\n  script: make\n');
    assert.ok(outcome.file.asOf, 'the cached copy says when it was fetched');
    const missing = await r.fetcher.project('grp/lib', 'v1.2.0', 'ci/other.yml');
    assert.ok('unavailable' in missing, 'not in the cache: unresolved, never an error');
    assert.match(missing.unavailable, /unreachable/);
    assert.equal(s.count(/./) - before, 1, 'one attempt reached the dead instance; the next went to the cache only');
    const tally = r.tallies.at(-1)!;
    assert.equal(tally.fromCache, 1);
    assert.ok(tally.unreachable);
    const state = summarize(tally);
    assert.ok(state?.kind === 'degraded');
    assert.deepEqual(
      [state.missing, state.fromCache, state.oldest, state.action, state.mode],
      [1, 1, outcome.file.asOf, 'retry', 'online'],
    );
    assert.ok(state.unreachable);
    assert.match(state.reasons[0] ?? '', /is unreachable/);
    // After the back-off the network is tried again.
    clock += RETRY_AFTER_MS + 1;
    s.down = false;
    const again = rig(s, dir, 'online', { reachability: warm.reachability }, now);
    const fresh = await again.fetcher.project('grp/lib', 'v1.2.0', 'ci/build.yml');
    assert.ok('file' in fresh && fresh.file.via === 'api');
  } finally {
    s.down = false;
  }
});

void test('no token: nothing goes to the network; cached includes are used, the rest say why, the action sets a token', async () => {
  const s = await setUp();
  const dir = tmp.fresh();
  const warm = rig(s, dir, 'online');
  assert.ok('file' in (await warm.fetcher.remote(`${s.remoteUrl}/r.yml`, undefined)));
  const before = s.count(/./);
  const r = rig(s, dir, 'no-token');
  const lib = await r.fetcher.project('grp/lib', 'v1.2.0', 'ci/build.yml');
  assert.deepEqual(lib, { unavailable: `no GitLab token is set for ${s.url}` });
  const remote = await r.fetcher.remote(`${s.remoteUrl}/r.yml`, undefined);
  assert.ok('file' in remote && remote.file.via === 'cache');
  assert.equal(s.count(/./), before, 'the instance was not asked');
  const state = summarize(r.tallies.at(-1)!);
  assert.ok(state?.kind === 'degraded');
  assert.deepEqual(
    [state.missing, state.reasons, state.fromCache, state.action, state.mode],
    [1, [`no GitLab token is set for ${s.url}`], 1, 'setToken', 'no-token'],
  );
  assert.ok(state.oldest, 'the cached copy says as of when');
});

void test('a token GitLab rejects (401): the cache answers, the instance is not called unreachable, the action sets a token', async () => {
  const s = await setUp();
  const dir = tmp.fresh();
  const warm = rig(s, dir, 'online');
  assert.ok('file' in (await warm.fetcher.project('grp/lib', 'v1.2.0', 'ci/build.yml')));
  // Eleven minutes later (past the ref's 10-minute trust) the ref is asked again, with a token GitLab now refuses.
  const r = rig(s, dir, 'online', undefined, () => Date.now() + 11 * 60_000, 'glpat-revoked');
  const outcome = await r.fetcher.project('grp/lib', 'v1.2.0', 'ci/build.yml');
  assert.ok('file' in outcome && outcome.file.via === 'cache', JSON.stringify(outcome));
  assert.equal(r.rejected, 1, 'the connection is told the token was rejected');
  assert.equal(r.reachability.downMessage(s.url), undefined, 'a reachable instance is not marked unreachable');
  const state = summarize(r.tallies.at(-1)!);
  assert.ok(state?.kind === 'degraded');
  assert.deepEqual([state.mode, state.action, state.unreachable], ['token-rejected', 'setToken', undefined]);
});

void test('the text store is bounded by count, and the oldest go first', () => {
  const texts = new IncludeTexts();
  for (let i = 0; i <= MAX_TEXTS; i++) texts.put(`template:T${i}.gitlab-ci.yml`, { text: `t${i}: {}`, via: 'api' });
  assert.equal(texts.size, MAX_TEXTS);
  assert.equal(texts.get('template:T0.gitlab-ci.yml'), undefined);
  assert.equal(texts.get(`template:T${MAX_TEXTS}.gitlab-ci.yml`)?.text, `t${MAX_TEXTS}: {}`);
  texts.clear();
  assert.equal(texts.size, 0);
});

void test('as-of labels: the time today, the date and time another day', () => {
  const now = new Date(2026, 10, 30, 12, 0);
  assert.equal(asOfLabel(new Date(2026, 10, 30, 10, 42).toISOString(), now), '10:42');
  assert.equal(asOfLabel(new Date(2026, 10, 29, 9, 5).toISOString(), now), '2026-11-29 09:05');
});
