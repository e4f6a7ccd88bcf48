import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitLabApiError, describeError, redact } from '../../../src/gitlab/errors';
import { parseLinkHeader } from '../../../src/gitlab/pagination';
import { retryAfterSeconds } from '../../../src/gitlab/http';
import {
  listPipelines,
  listProjectJobs,
  listPipelineJobs,
  mergeRequestPipelines,
  latestPipeline,
} from '../../../src/gitlab/jobs';
import { GitLabTestServer } from '../../support/fakeGitLab/server';
import { GOOD_TOKEN, clientFor } from '../../support/fakeGitLab/helpers';

let server: GitLabTestServer;

before(async () => {
  server = await GitLabTestServer.start();
  server.tokens.set('job-token-123', 'job');
  server.tokens.set('oauth-token-456', 'oauth');
  for (let i = 1; i <= 250; i++) {
    server.addPipeline({ id: i, ref: i % 2 ? 'main' : 'feature', status: i % 5 ? 'success' : 'failed' });
  }
  for (let i = 1; i <= 230; i++) server.addJob({ id: 1000 + i, name: `job ${i}`, pipelineId: 250 });
});
after(async () => server.close());
beforeEach(() => server.resetBetweenTests());

async function rejects(p: Promise<unknown>): Promise<GitLabApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof GitLabApiError, `expected GitLabApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

void test('sends PRIVATE-TOKEN, JOB-TOKEN or Authorization: Bearer by token kind', async () => {
  await latestPipeline(clientFor(server).client, 'group/sub/project', 'main');
  assert.equal(server.requests.at(-1)?.headers['private-token'], GOOD_TOKEN);
  server.jobTokenCanListJobs = true;
  await latestPipeline(clientFor(server, 'job-token-123', 'job').client, 7, 'main');
  server.jobTokenCanListJobs = false;
  assert.equal(server.requests.at(-1)?.headers['job-token'], 'job-token-123');
  assert.equal(server.requests.at(-1)?.headers['private-token'], undefined);
  await latestPipeline(clientFor(server, 'oauth-token-456', 'oauth').client, 7, 'main');
  assert.equal(server.requests.at(-1)?.headers['authorization'], 'Bearer oauth-token-456');
});

void test('project paths are URL-encoded as one segment', async () => {
  await latestPipeline(clientFor(server).client, 'group/sub/project', 'main');
  assert.match(
    server.requests.at(-1)?.url ?? '',
    /^\/api\/v4\/projects\/group%2Fsub%2Fproject\/pipelines\/latest\?ref=main$/,
  );
});

void test('offset pagination follows every page (x-next-page / Link)', async () => {
  const jobs = await listPipelineJobs(clientFor(server).client, 7, 250);
  assert.equal(jobs.length, 230);
  assert.equal(server.count(/\/pipelines\/250\/jobs/), 3);
  assert.equal(jobs[0]?.id, 1230, 'sorted by id descending');
  assert.equal(new Set(jobs.map((j) => j.id)).size, 230);
});

void test('listPipelines filters and stops at the limit', async () => {
  const list = await listPipelines(clientFor(server).client, 7, { ref: 'main', status: 'success', limit: 30 });
  assert.equal(list.length, 30);
  assert.ok(list.every((p) => p.ref === 'main' && p.status === 'success'));
  assert.ok((list[0]?.id ?? 0) > (list[1]?.id ?? 0));
});

void test('keyset pagination follows Link rel="next" until it is absent', async () => {
  const jobs = await listProjectJobs(clientFor(server).client, 7, { limit: 1000 });
  assert.equal(jobs.length, 230);
  const urls = server.requests.map((r) => r.url);
  assert.equal(urls.length, 3);
  assert.match(urls[0] ?? '', /pagination=keyset/);
  assert.match(urls[1] ?? '', /id_before=/);
});

void test('a list above 10,000 records (no x-total / x-total-pages) still pages to the end', async () => {
  const s = await GitLabTestServer.start();
  try {
    for (let i = 1; i <= 10_050; i++) s.addJob({ id: i, name: `j${i}`, pipelineId: 1 });
    s.addPipeline({ id: 1 });
    const { client } = clientFor(s);
    let sawUnknownTotal = false;
    let n = 0;
    for await (const page of client.pages(`/projects/7/pipelines/1/jobs`)) {
      if (page.info.total === undefined && page.info.totalPages === undefined) sawUnknownTotal = true;
      n += page.items.length;
    }
    assert.equal(n, 10_050);
    assert.ok(sawUnknownTotal, 'totals are reported as unknown, not 0');
  } finally {
    await s.close();
  }
});

void test('merge request pipelines', async () => {
  server.addPipeline({ id: 900, ref: 'refs/merge-requests/5/head', source: 'merge_request_event', mergeRequestIid: 5 });
  const list = await mergeRequestPipelines(clientFor(server).client, 7, 5);
  assert.deepEqual(
    list.map((p) => p.id),
    [900],
  );
});

void test('5xx is retried with exponential backoff (injected sleep), then succeeds', async () => {
  server.faults.push({ kind: '500', times: 2 }, { kind: '503', times: 0 });
  const { client, sleeps, logs } = clientFor(server, GOOD_TOKEN, 'private', { backoffMs: 100 });
  const p = await latestPipeline(client, 7, 'main');
  assert.ok(p);
  assert.deepEqual(sleeps, [100, 200]);
  assert.equal(logs.length, 2);
});

void test('5xx retries are bounded and end in a server error message', async () => {
  server.faults.push({ kind: '502', times: Infinity });
  const { client, sleeps } = clientFor(server, GOOD_TOKEN, 'private', { retries: 2, backoffMs: 10 });
  const e = await rejects(latestPipeline(client, 7, 'main'));
  assert.equal(e.kind, 'server');
  assert.equal(e.status, 502);
  assert.match(e.message, /server error \(502\)/);
  assert.deepEqual(sleeps, [10, 20]);
  assert.equal(server.requests.length, 3);
});

void test('429 waits for Retry-After (bounded) and then succeeds', async () => {
  server.faults.push({ kind: '429', retryAfter: '7', times: 1 });
  const { client, sleeps } = clientFor(server);
  assert.ok(await latestPipeline(client, 7, 'main'));
  assert.deepEqual(sleeps, [7000]);
});

void test('429 with a Retry-After longer than the bound fails with the wait in the message', async () => {
  server.faults.push({ kind: '429', retryAfter: '3600', times: 1 });
  server.rateLimitHeaders = true;
  const { client, sleeps } = clientFor(server);
  const e = await rejects(latestPipeline(client, 7, 'main'));
  assert.equal(e.kind, 'rateLimited');
  assert.equal(e.retryAfterSeconds, 3600);
  assert.match(e.message, /429.*3600 s/);
  assert.match(e.detail, /ratelimit-name=throttle_authenticated_api/);
  assert.deepEqual(sleeps, []);
});

void test('Retry-After as an HTTP date', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  assert.equal(retryAfterSeconds('Mon, 23 Nov 2026 12:00:30 GMT', now), 30);
  assert.equal(retryAfterSeconds('12', now), 12);
  assert.equal(retryAfterSeconds('soon', now), undefined);
});

void test('network reset before headers is retried, then reported as a network error', async () => {
  server.faults.push({ kind: 'resetBeforeHeaders', times: 1 });
  const ok = clientFor(server);
  assert.ok(await latestPipeline(ok.client, 7, 'main'));
  assert.equal(ok.sleeps.length, 1);
  server.faults.push({ kind: 'resetBeforeHeaders', times: Infinity });
  const bad = clientFor(server, GOOD_TOKEN, 'private', { retries: 1 });
  const e = await rejects(latestPipeline(bad.client, 7, 'main'));
  assert.equal(e.kind, 'network');
  assert.match(e.message, /Could not reach GitLab/);
});

void test('connection refused is a network error', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const { client } = clientFor(server, GOOD_TOKEN, 'private', { instanceUrl: `http://127.0.0.1:${port}`, retries: 0 });
  const e = await rejects(latestPipeline(client, 7, 'main'));
  assert.equal(e.kind, 'network');
  assert.match(e.message, /ECONNREFUSED/);
});

void test('401 says the token is missing/expired and offers Set GitLab Token; the token never appears', async () => {
  const secret = 'glpat-EXPIRED-secret-value';
  const e = await rejects(latestPipeline(clientFor(server, secret).client, 7, 'main'));
  assert.equal(e.kind, 'unauthorized');
  assert.equal(e.action, 'setToken');
  assert.match(e.message, /token/i);
  assert.match(e.detail, /401/);
  const report = describeError(e, [secret]);
  assert.ok(!JSON.stringify(report).includes(secret));
  assert.ok(!e.message.includes(secret) && !e.detail.includes(secret));
  const none = await rejects(latestPipeline(clientFor(server, null).client, 7, 'main'));
  assert.match(none.message, /No GitLab token is set/);
});

void test('403 and 404 messages', async () => {
  server.forbiddenTokens.add('glpat-limited');
  server.tokens.set('glpat-limited', 'private');
  const f = await rejects(latestPipeline(clientFor(server, 'glpat-limited').client, 7, 'main'));
  assert.equal(f.kind, 'forbidden');
  assert.match(f.message, /403/);
  const nf = await rejects(clientFor(server).client.json('/projects/nope%2Fnope/pipelines/1'));
  assert.equal(nf.kind, 'notFound');
  assert.match(nf.detail, /404 Project Not Found/);
});

void test('a job token on an endpoint that does not accept it gets 401 (older GitLab)', async () => {
  const e = await rejects(listPipelineJobs(clientFor(server, 'job-token-123', 'job').client, 7, 250));
  assert.equal(e.kind, 'unauthorized');
});

void test('cancellation aborts a request and is reported as cancelled', async () => {
  const ac = new AbortController();
  ac.abort();
  const e = await rejects(latestPipeline(clientFor(server).client, 7, 'main', ac.signal));
  assert.equal(e.kind, 'cancelled');
});

void test('redact removes token query parameters and literal secrets', () => {
  assert.equal(redact('GET /x?private_token=abc&y=1', []), 'GET /x?private_token=[REDACTED]&y=1');
  assert.equal(redact('token glpat-XYZW here', ['glpat-XYZW']), 'token [REDACTED] here');
});

void test('parseLinkHeader', () => {
  const l = parseLinkHeader(
    '<https://h/api/v4/x?page=2>; rel="next", <https://h/api/v4/x?page=1>; rel="first", <https://h/api/v4/x?page=9>; rel="last"',
  );
  assert.equal(l['next'], 'https://h/api/v4/x?page=2');
  assert.equal(l['last'], 'https://h/api/v4/x?page=9');
  assert.deepEqual(parseLinkHeader(null), {});
});
