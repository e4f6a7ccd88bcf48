// Every request is bounded: connect and idle timeouts on every kind of call (both transports), loops in
// redirects and pagination stop, and object storage's refusals are not blamed on the token.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { deleteArtifacts, keepArtifacts, readArtifactFile } from '../../../src/gitlab/artifacts';
import { listArchiveEntries } from '../../../src/gitlab/archiveIndex';
import { GitLabApiError, describeError } from '../../../src/gitlab/errors';
import { fetchArtifacts } from '../../../src/gitlab/fetchArtifacts';
import { getJob, listPipelineJobs, listPipelines, listProjectJobs } from '../../../src/gitlab/jobs';
import { nodeFetch } from '../../../src/gitlab/nodeFetch';
import { GitLabTestServer } from '../../support/fakeGitLab/server';
import { buildZip } from '../../support/fakeGitLab/zips';
import { GOOD_TOKEN, clientFor, listTree, tempDir, type TempDir } from '../../support/fakeGitLab/helpers';

let server: GitLabTestServer;
let tmp: TempDir;
// Short timeouts so a stalled test server is noticed quickly; what is checked is which error, never how long.
const quick = { timeouts: { connectMs: 300, idleMs: 300 } };

before(async () => {
  server = await GitLabTestServer.start();
  tmp = tempDir('af-net-');
  server.addPipeline({ id: 1 });
  server.addJob({
    id: 1,
    name: 'build',
    pipelineId: 1,
    archive: await buildZip([
      { name: 'a.txt', data: 'A' },
      { name: 'big.bin', data: Buffer.alloc(300_000, 1), compress: false },
    ]),
  });
  for (let i = 2; i < 160; i++) server.addJob({ id: i, name: `j${i}`, pipelineId: 1 });
});
after(async () => {
  await server.close();
  tmp.cleanup();
});
beforeEach(() => server.resetBetweenTests());

async function fails(p: Promise<unknown>): Promise<GitLabApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof GitLabApiError, `unexpected ${String(e)}`);
    return e;
  }
  assert.fail('expected a failure');
}

const src = { kind: 'job', project: 7, jobId: 1 } as const;
const calls: [string, RegExp, (c: ReturnType<typeof clientFor>['client']) => Promise<unknown>][] = [
  ['job lookup', /\/jobs\/1$/, (c) => getJob(c, 7, 1)],
  ['pipeline listing', /\/pipelines$/, (c) => listPipelines(c, 7)],
  ['job listing', /\/pipelines\/1\/jobs$/, (c) => listPipelineJobs(c, 7, 1)],
  ['keyset job listing', /\/jobs$/, (c) => listProjectJobs(c, 7)],
  ['archive range reads (Open Artifact File)', /\/jobs\/1\/artifacts$/, (c) => listArchiveEntries(c, src)],
  ['single artifact file', /\/artifacts\/a\.txt$/, (c) => readArtifactFile(c, src, 'a.txt')],
  ['keep', /\/keep$/, (c) => keepArtifacts(c, 7, 1)],
  ['delete', /\/jobs\/1\/artifacts$/, (c) => deleteArtifacts(c, 7, 1)],
];

for (const [transport, extra] of [
  ['fetch', {}],
  ['node:http', { fetch: nodeFetch }],
] as const) {
  for (const [label, match, call] of calls) {
    void test(`${transport}: ${label} that never answers ends with the connect timeout`, async () => {
      server.faults.push({ kind: 'stall', match, times: 1 });
      const e = await fails(call(clientFor(server, GOOD_TOKEN, 'private', { ...quick, ...extra }).client));
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /did not answer within 1 s \(connect timeout\)/);
      assert.equal(describeError(e).action, undefined);
    });
  }

  void test(`${transport}: an archive body that stalls ends with the idle timeout; nothing is left`, async () => {
    server.faults.push({ kind: 'stallBody', match: /\/jobs\/1\/artifacts$/, times: 1 });
    const parent = tmp.fresh();
    const e = await fails(
      fetchArtifacts(
        clientFor(server, GOOD_TOKEN, 'private', {
          ...quick,
          ...extra,
          timeoutHints: { connect: 'C', idle: 'gitlabArtifactFlow.idleTimeoutSeconds' },
        }).client,
        src,
        join(parent, 'a', 'b'),
      ),
    );
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /no data for 1 s \(idle timeout\).*raise gitlabArtifactFlow\.idleTimeoutSeconds/);
    assert.deepEqual(listTree(parent), []);
  });

  void test(`${transport}: a slow but moving body is not an idle timeout`, async () => {
    server.faults.push({ kind: 'slow', chunkBytes: 64 * 1024, delayMs: 20, match: /\/jobs\/1\/artifacts$/, times: 1 });
    const parent = tmp.fresh();
    const r = await fetchArtifacts(
      clientFor(server, GOOD_TOKEN, 'private', { ...quick, ...extra }).client,
      src,
      join(parent, 'out'),
    );
    assert.equal(r.files, 2);
  });

  for (const status of [401, 403] as const) {
    void test(`${transport}: ${status} from object storage is a storage error: no token action, the token is not blamed`, async () => {
      server.redirectDownloads = true;
      server.faults.push({ kind: 'storageDenied', on: 'storage', times: 1, status });
      const parent = tmp.fresh();
      const e = await fails(
        fetchArtifacts(clientFor(server, GOOD_TOKEN, 'private', extra).client, src, join(parent, 'out')),
      );
      assert.equal(e.kind, 'storage');
      assert.equal(e.action, undefined);
      assert.match(
        e.message,
        new RegExp(`refused the download link \\(${status}\\)\\. Your GitLab token was not sent there`),
      );
      assert.match(e.detail, /storage origin, no token sent/);
      assert.deepEqual(server.violations, []);
      assert.deepEqual(listTree(parent), []);
    });
  }
}

void test('401 from the instance itself is still a rejected token', async () => {
  const e = await fails(getJob(clientFor(server, 'glpat-nope').client, 7, 1));
  assert.equal(e.kind, 'unauthorized');
  assert.equal(e.action, 'setToken');
});

void test('a redirect loop stops at once, with an error', async () => {
  server.faults.push({ kind: 'redirectLoop', match: /\/jobs\/1\/artifacts$/, times: 1 });
  const e = await fails(fetchArtifacts(clientFor(server).client, src, join(tmp.fresh(), 'out')));
  assert.equal(e.kind, 'redirect');
  assert.match(e.message, /redirects in a loop/);
  assert.equal(server.count(/\/bounce/, 'storage'), 1);
});

void test('a keyset cursor that repeats stops with an error', async () => {
  server.paginationLoop = true;
  const e = await fails(
    clientFor(server).client.all('/projects/7/jobs', {
      query: { pagination: 'keyset', order_by: 'id', sort: 'desc' },
      perPage: 50,
      what: 'the project jobs',
    }),
  );
  assert.equal(e.kind, 'pagination');
  assert.match(e.message, /loops back to a page already read/);
  assert.ok(server.count(/\/projects\/7\/jobs/) <= 3);
});

void test('an offset Link back to page 1 stops with an error', async () => {
  server.paginationLoop = true;
  const e = await fails(listPipelineJobs(clientFor(server).client, 7, 1));
  assert.equal(e.kind, 'pagination');
});

void test('more pages than the bound is an error, not a silently short list', async () => {
  const { client } = clientFor(server);
  const e = await fails(client.all('/projects/7/pipelines/1/jobs', { perPage: 20, maxPages: 3, what: 'the jobs' }));
  assert.equal(e.kind, 'pagination');
  assert.match(e.message, /more than 3 pages of the jobs/);
});

void test('the caller can still cancel any request (AbortSignal through the deadline)', async () => {
  server.faults.push({ kind: 'stall', match: /\/jobs\/1$/, times: 1 });
  const ac = new AbortController();
  const p = getJob(
    clientFor(server, GOOD_TOKEN, 'private', { timeouts: { connectMs: 60_000, idleMs: 60_000 } }).client,
    7,
    1,
    ac.signal,
  );
  setTimeout(() => ac.abort(), 50);
  const e = await fails(p);
  assert.equal(e.kind, 'cancelled');
});
