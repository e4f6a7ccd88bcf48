// The node:http transport (the default in the extension and the CLI) through the same safety scenarios.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { nodeFetch } from '../../../src/gitlab/nodeFetch';
import { fetchArtifacts } from '../../../src/gitlab/fetchArtifacts';
import { GitLabApiError, describeError } from '../../../src/gitlab/errors';
import { latestPipeline, listPipelineJobs } from '../../../src/gitlab/jobs';
import { GitLabTestServer } from '../../support/fakeGitLab/server';
import { buildZip } from '../../support/fakeGitLab/zips';
import { GOOD_TOKEN, clientFor, listTree, tempDir, type TempDir } from '../../support/fakeGitLab/helpers';

let server: GitLabTestServer;
let tmp: TempDir;
const http = { fetch: nodeFetch };

before(async () => {
  server = await GitLabTestServer.start();
  tmp = tempDir('af-nf-');
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

function target(): { parent: string; out: string } {
  const parent = tmp.fresh();
  return { parent, out: join(parent, 'out') };
}

void test('node:http: pagination, headers and JSON', async () => {
  const jobs = await listPipelineJobs(clientFor(server, GOOD_TOKEN, 'private', http).client, 7, 1);
  assert.equal(jobs.length, 159);
  assert.equal(server.requests[0]?.headers['private-token'], GOOD_TOKEN);
});

void test('node:http: redirect to object storage without the token', async () => {
  server.redirectDownloads = true;
  const { out } = target();
  await fetchArtifacts(
    clientFor(server, GOOD_TOKEN, 'private', http).client,
    { kind: 'job', project: 7, jobId: 1 },
    out,
  );
  assert.deepEqual(listTree(out), ['.artifact-flow.json', 'a.txt', 'big.bin']);
  assert.deepEqual(server.violations, []);
  assert.equal(server.count(/\/bucket\//, 'storage'), 1);
});

void test('node:http: a reset mid-body is retried; repeated resets leave nothing', async () => {
  server.redirectDownloads = true;
  server.faults.push({ kind: 'reset', on: 'storage', times: 1 });
  const ok = clientFor(server, GOOD_TOKEN, 'private', http);
  await fetchArtifacts(ok.client, { kind: 'job', project: 7, jobId: 1 }, target().out);
  assert.equal(ok.sleeps.length, 1);
  server.faults.push({ kind: 'reset', on: 'storage', times: Infinity });
  const { parent, out } = target();
  await assert.rejects(
    fetchArtifacts(
      clientFor(server, GOOD_TOKEN, 'private', { ...http, retries: 1 }).client,
      { kind: 'job', project: 7, jobId: 1 },
      out,
    ),
    (e: unknown) => e instanceof GitLabApiError && e.kind === 'network',
  );
  assert.deepEqual(listTree(parent), []);
});

void test('node:http: 401 and 5xx retries', async () => {
  await assert.rejects(
    latestPipeline(clientFor(server, 'glpat-wrong', 'private', http).client, 7, 'main'),
    (e: unknown) => e instanceof GitLabApiError && e.kind === 'unauthorized' && e.action === 'setToken',
  );
  server.faults.push({ kind: '500', times: 1 });
  const c = clientFor(server, GOOD_TOKEN, 'private', http);
  assert.ok(await latestPipeline(c.client, 7, 'main'));
  assert.equal(c.sleeps.length, 1);
});

void test('node:http: cancelling a slow download leaves nothing', async () => {
  server.faults.push({ kind: 'slow', chunkBytes: 2048, delayMs: 5, match: /\/artifacts$/ });
  const { parent, out } = target();
  const ac = new AbortController();
  const err = await fetchArtifacts(
    clientFor(server, GOOD_TOKEN, 'private', http).client,
    { kind: 'job', project: 7, jobId: 1 },
    out,
    {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.bytes > 8192) ac.abort();
      },
    },
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(describeError(err).cancelled, String(err));
  assert.deepEqual(listTree(parent), []);
});
