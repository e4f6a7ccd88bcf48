import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fetchArtifacts } from '../../../src/gitlab/fetchArtifacts';
import { ArtifactError, GitLabApiError, describeError } from '../../../src/gitlab/errors';
import { deleteArtifacts, keepArtifacts, readArtifactFile } from '../../../src/gitlab/artifacts';
import { getJob } from '../../../src/gitlab/jobs';
import { listArchiveEntries } from '../../../src/gitlab/archiveIndex';
import type { WriteFs } from '../../../src/gitlab/zipWrite';
import { GitLabTestServer } from '../../support/fakeGitLab/server';
import { buildZip } from '../../support/fakeGitLab/zips';
import { GOOD_TOKEN, clientFor, listTree, tempDir, type TempDir } from '../../support/fakeGitLab/helpers';

let server: GitLabTestServer;
let tmp: TempDir;
const NOW = Date.parse('2026-11-23T12:00:00Z');

before(async () => {
  server = await GitLabTestServer.start();
  server.tokens.set('job-token-123', 'job');
  server.tokens.set('oauth-token-456', 'oauth');
  tmp = tempDir('af-dl-');
  server.addPipeline({ id: 100, ref: 'main' });
  const good = await buildZip([
    { name: 'dist/', dir: true },
    { name: 'dist/app.js', data: 'console.log("hi")' },
    { name: 'reports/a b#c ü.txt', data: 'odd name' },
    { name: 'build.env', data: 'VERSION=1.2.3\n' },
    { name: 'big.bin', data: Buffer.alloc(200_000, 7), compress: false },
  ]);
  server.addJob({ id: 1, name: 'build', pipelineId: 100, archive: good });
  server.addJob({ id: 2, name: 'lint', pipelineId: 100 });
  server.addJob({
    id: 3,
    name: 'old',
    pipelineId: 100,
    archive: good,
    expired: true,
    expireAt: '2026-10-01T08:30:00Z',
  });
  server.addJob({ id: 4, name: 'deploy', pipelineId: 100, status: 'running' });
  server.addJob({
    id: 5,
    name: 'evil',
    pipelineId: 100,
    archive: await buildZip([
      { name: 'fine.txt', data: 'ok' },
      { name: '../../escape.txt', data: 'x' },
      { name: 'etc', symlink: '/etc' },
    ]),
  });
});
after(async () => {
  await server.close();
  tmp.cleanup();
});
beforeEach(() => server.resetBetweenTests());

function target(): { parent: string; out: string } {
  const parent = tmp.fresh();
  return { parent, out: join(parent, '.gitlab-artifacts', '100', 'build') };
}

async function fails(p: Promise<unknown>): Promise<GitLabApiError | ArtifactError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof GitLabApiError || e instanceof ArtifactError, `unexpected ${String(e)}`);
    return e;
  }
  assert.fail('expected a failure');
}

void test('downloads a job archive by id with progress and extracts it', async () => {
  const { out } = target();
  const progress: { bytes: number; total: number | undefined; phase: string }[] = [];
  const r = await fetchArtifacts(
    clientFor(server).client,
    { kind: 'job', project: 'group/sub/project', jobId: 1 },
    out,
    { onProgress: (p) => progress.push(p) },
  );
  assert.equal(r.files, 4);
  assert.equal(readFileSync(join(out, 'build.env'), 'utf8'), 'VERSION=1.2.3\n');
  assert.deepEqual(listTree(out), [
    '.artifact-flow.json',
    'big.bin',
    'build.env',
    'dist/',
    'dist/app.js',
    'reports/',
    'reports/a b#c ü.txt',
  ]);
  const dl = progress.filter((p) => p.phase === 'download');
  assert.ok(dl.length > 1);
  const last = dl.at(-1);
  assert.equal(last?.bytes, last?.total);
  assert.ok(
    dl.every((p, i) => i === 0 || p.bytes >= (dl[i - 1]?.bytes ?? 0)),
    'monotonic',
  );
  assert.deepEqual(
    listTree(join(out, '..')),
    ['build/', ...listTree(out).map((p) => `build/${p}`)],
    'no temp files left beside the target',
  );
});

void test('downloads by ref and job name (latest successful pipeline)', async () => {
  const { out } = target();
  await fetchArtifacts(clientFor(server).client, { kind: 'ref', project: 7, ref: 'main', job: 'build' }, out);
  assert.ok(listTree(out).includes('dist/app.js'));
  assert.match(server.requests[0]?.url ?? '', /\/jobs\/artifacts\/main\/download\?job=build$/);
});

for (const [kind, token] of [
  ['private', GOOD_TOKEN],
  ['job', 'job-token-123'],
  ['oauth', 'oauth-token-456'],
] as const) {
  void test(`follows the redirect to object storage without sending the ${kind} token there`, async () => {
    server.redirectDownloads = true;
    const { out } = target();
    const { client, logs } = clientFor(server, token, kind);
    await fetchArtifacts(client, { kind: 'job', project: 7, jobId: 1 }, out);
    assert.ok(listTree(out).includes('dist/app.js'));
    assert.equal(server.count(/\/bucket\//, 'storage'), 1, 'the storage origin served the archive');
    assert.deepEqual(server.violations, [], 'no token reached the other origin');
    const api = server.requests.find((r) => r.server === 'api');
    assert.ok(
      api?.headers[kind === 'job' ? 'job-token' : kind === 'oauth' ? 'authorization' : 'private-token'],
      'the instance still got the token',
    );
    assert.ok(logs.some((l) => /other origin: token not sent/.test(l)));
    assert.ok(logs.every((l) => !l.includes(token)));
  });
}

void test('a connection reset mid-body is retried from the start and succeeds', async () => {
  server.redirectDownloads = true;
  server.faults.push({ kind: 'reset', on: 'storage', times: 1 });
  const { out } = target();
  const { client, sleeps } = clientFor(server);
  const r = await fetchArtifacts(client, { kind: 'job', project: 7, jobId: 1 }, out);
  assert.equal(r.files, 4);
  assert.equal(sleeps.length, 1);
  assert.equal(server.count(/\/bucket\//, 'storage'), 2);
});

void test('repeated resets end in a network error and leave nothing behind', async () => {
  server.faults.push({ kind: 'reset', times: Infinity, match: /\/artifacts$/ });
  const { parent, out } = target();
  const e = await fails(
    fetchArtifacts(
      clientFor(server, GOOD_TOKEN, 'private', { retries: 2 }).client,
      { kind: 'job', project: 7, jobId: 1 },
      out,
    ),
  );
  assert.ok(e instanceof GitLabApiError && e.kind === 'network', String(e));
  assert.deepEqual(listTree(parent), [], 'no temp files, and the parent folders it created are gone again');
});

void test('5xx on the download is retried with backoff', async () => {
  server.faults.push({ kind: '503', times: 2, match: /\/artifacts$/ });
  const { out } = target();
  const { client, sleeps } = clientFor(server, GOOD_TOKEN, 'private', { backoffMs: 250 });
  await fetchArtifacts(client, { kind: 'job', project: 7, jobId: 1 }, out);
  assert.deepEqual(sleeps, [250, 500]);
});

void test('429 on the download honours Retry-After', async () => {
  server.faults.push({ kind: '429', retryAfter: '3', match: /\/artifacts$/ });
  const { out } = target();
  const { client, sleeps } = clientFor(server);
  await fetchArtifacts(client, { kind: 'job', project: 7, jobId: 1 }, out);
  assert.deepEqual(sleeps, [3000]);
});

void test('cancelling during a slow body leaves nothing half-written', async () => {
  server.faults.push({ kind: 'slow', chunkBytes: 1024, delayMs: 5, match: /\/artifacts$/ });
  const { parent, out } = target();
  const ac = new AbortController();
  const e = await fails(
    fetchArtifacts(clientFor(server).client, { kind: 'job', project: 7, jobId: 1 }, out, {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.bytes > 4096) ac.abort();
      },
    }),
  );
  assert.ok(describeError(e).cancelled, String(e));
  assert.deepEqual(listTree(parent), [], 'no temp files, and the parent folders it created are gone again');
});

void test('disk full while downloading (injected ENOSPC) is reported and leaves nothing', async () => {
  const { parent, out } = target();
  const full: WriteFs = {
    createWriteStream: () =>
      new Writable({
        write(_c: Buffer, _e, cb) {
          const err = new Error('ENOSPC: no space left on device') as NodeJS.ErrnoException;
          err.code = 'ENOSPC';
          cb(err);
        },
      }),
  };
  const e = await fails(
    fetchArtifacts(clientFor(server).client, { kind: 'job', project: 7, jobId: 1 }, out, { fs: full }),
  );
  assert.ok(e instanceof ArtifactError && e.kind === 'diskFull', String(e));
  assert.deepEqual(listTree(parent), [], 'no temp files, and the parent folders it created are gone again');
});

void test('a hostile archive from the server is refused with a report and nothing is written', async () => {
  const { parent, out } = target();
  const e = await fails(fetchArtifacts(clientFor(server).client, { kind: 'job', project: 7, jobId: 5 }, out));
  assert.ok(e instanceof ArtifactError && e.kind === 'refused');
  assert.deepEqual(e.refused.map((r) => r.name).sort(), ['../../escape.txt', 'etc']);
  assert.match(describeError(e).detail, /refused "\.\.\/\.\.\/escape\.txt"/);
  assert.deepEqual(listTree(parent), [], 'no temp files, and the parent folders it created are gone again');
});

void test('404 explained: no such job', async () => {
  const e = await fails(
    fetchArtifacts(clientFor(server).client, { kind: 'job', project: 7, jobId: 999 }, target().out),
  );
  assert.match(e.message, /No job 999 in project 7/);
});

void test('404 explained: the job has no archive', async () => {
  const e = await fails(fetchArtifacts(clientFor(server).client, { kind: 'job', project: 7, jobId: 2 }, target().out));
  assert.match(e.message, /Job "lint" \(#2\) has no artifacts archive/);
});

void test('404 explained: the artifacts expired', async () => {
  const e = await fails(
    fetchArtifacts(clientFor(server).client, { kind: 'job', project: 7, jobId: 3 }, target().out, { now: () => NOW }),
  );
  assert.match(e.message, /artifacts of Job "old" \(#3\) expired on 2026-10-01 08:30 UTC/);
});

void test('404 explained: the job is still running', async () => {
  const e = await fails(fetchArtifacts(clientFor(server).client, { kind: 'job', project: 7, jobId: 4 }, target().out));
  assert.match(e.message, /is running; it has no artifacts yet/);
});

void test('404 by ref says which job and ref', async () => {
  const e = await fails(
    fetchArtifacts(clientFor(server).client, { kind: 'ref', project: 7, ref: 'main', job: 'nope' }, target().out),
  );
  assert.match(e.message, /No artifacts for job "nope" in the latest successful pipeline of main/);
});

void test('401 on download offers Set GitLab Token and never shows the token', async () => {
  const secret = 'glpat-revoked-1234567890';
  const { parent, out } = target();
  const e = await fails(fetchArtifacts(clientFor(server, secret).client, { kind: 'job', project: 7, jobId: 1 }, out));
  assert.ok(e instanceof GitLabApiError && e.kind === 'unauthorized' && e.action === 'setToken');
  const report = describeError(e, [secret]);
  assert.ok(!`${report.message}${report.detail}`.includes(secret));
  assert.deepEqual(listTree(parent), [], 'no temp files, and the parent folders it created are gone again');
});

void test('reads a single artifact file with a URL-encoded path', async () => {
  const bytes = await readArtifactFile(
    clientFor(server).client,
    { kind: 'job', project: 7, jobId: 1 },
    'reports/a b#c ü.txt',
  );
  assert.equal(Buffer.from(bytes).toString('utf8'), 'odd name');
  assert.match(server.requests.at(-1)?.url ?? '', /\/jobs\/1\/artifacts\/reports\/a%20b%23c%20%C3%BC\.txt$/);
  const byRef = await readArtifactFile(
    clientFor(server).client,
    { kind: 'ref', project: 7, ref: 'main', job: 'build' },
    'build.env',
  );
  assert.equal(Buffer.from(byRef).toString('utf8'), 'VERSION=1.2.3\n');
});

void test('single file: missing file, too large, and invalid path', async () => {
  const { client } = clientFor(server);
  const missing = await fails(readArtifactFile(client, { kind: 'job', project: 7, jobId: 1 }, 'nope.txt'));
  assert.match(missing.message, /No file "nope.txt" in the artifacts of job "build"/);
  const big = await fails(
    readArtifactFile(client, { kind: 'job', project: 7, jobId: 1 }, 'big.bin', { maxBytes: 1000 }),
  );
  assert.match(big.message, /larger than/);
  const bad = await fails(readArtifactFile(client, { kind: 'job', project: 7, jobId: 1 }, '../secret'));
  assert.match(bad.message, /Invalid artifact path/);
});

void test('keep and delete artifacts', async () => {
  server.addJob({
    id: 50,
    name: 'tmp',
    pipelineId: 100,
    archive: await buildZip([{ name: 'x', data: 'x' }]),
    expireAt: '2026-12-01T00:00:00Z',
  });
  const { client } = clientFor(server);
  const kept = await keepArtifacts(client, 7, 50);
  assert.equal(kept.artifacts_expire_at, null);
  assert.equal(server.requests.at(-1)?.method, 'POST');
  await deleteArtifacts(client, 7, 50);
  assert.equal(server.requests.at(-1)?.method, 'DELETE');
  const job = await getJob(client, 7, 50);
  assert.equal(job.artifacts_file, null);
  const again = await fails(deleteArtifacts(client, 7, 50));
  assert.ok(again instanceof GitLabApiError && again.kind === 'notFound');
});

void test('lists the files of an archive with Range requests (no full download), through the storage redirect', async () => {
  server.redirectDownloads = true;
  const entries = await listArchiveEntries(clientFor(server).client, { kind: 'job', project: 7, jobId: 1 });
  assert.ok(entries);
  assert.deepEqual(
    entries.map((e) => `${e.path}${e.isDirectory ? '/' : ''}:${e.size}`),
    ['dist/:0', 'dist/app.js:17', 'reports/a b#c ü.txt:8', 'build.env:14', 'big.bin:200000'],
  );
  assert.ok(server.requests.filter((r) => r.server === 'storage').every((r) => typeof r.headers['range'] === 'string'));
  assert.deepEqual(server.violations, []);
});

void test('listing returns undefined when Range is not honoured, and explains a 404', async () => {
  server.rangeRequests = false;
  try {
    assert.equal(await listArchiveEntries(clientFor(server).client, { kind: 'job', project: 7, jobId: 1 }), undefined);
  } finally {
    server.rangeRequests = true;
  }
  await assert.rejects(
    listArchiveEntries(clientFor(server).client, { kind: 'job', project: 7, jobId: 2 }),
    /has no artifacts archive/,
  );
});
