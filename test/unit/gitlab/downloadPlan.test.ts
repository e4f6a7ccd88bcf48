// planArchive is where the CLI and the extension turn "which job" into "which archive, how big, which folder":
// the job-token cases (no jobs API), refusals that the download itself explains, errors that must not be
// swallowed, and what the folder marker of a finished download records.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeExtraction, downloadFolder, fetchPlanned, planArchive } from '../../../src/gitlab/downloadPlan';
import { GitLabApiError } from '../../../src/gitlab/errors';
import { GitLabTestServer } from '../../support/fakeGitLab/server';
import { buildZip } from '../../support/fakeGitLab/zips';
import { clientFor, tempDir, type TempDir } from '../../support/fakeGitLab/helpers';

const JOB_TOKEN = 'job-token-plan';
let server: GitLabTestServer;
let tmp: TempDir;
let archiveSize = 0;

before(async () => {
  server = await GitLabTestServer.start();
  server.tokens.set(JOB_TOKEN, 'job');
  tmp = tempDir('af-plan-');
  server.addPipeline({ id: 300, ref: 'main' });
  const zip = await buildZip([
    { name: 'out/a.txt', data: 'a' },
    { name: 'out/b.txt', data: 'bb' },
    { name: 'out/link', symlink: 'a.txt' },
  ]);
  archiveSize = zip.length;
  server.addJob({ id: 31, name: 'build', pipelineId: 300, archive: zip });
});
after(async () => {
  await server.close();
  tmp.cleanup();
});
beforeEach(() => {
  server.resetBetweenTests();
  server.jobTokenCanListJobs = false;
});

void test('by id: the job is looked up for its name, pipeline and declared size', async () => {
  const planned = await planArchive(clientFor(server).client, { kind: 'id', project: 7, jobId: 31 });
  assert.deepEqual(planned, {
    archive: { kind: 'job', project: 7, jobId: 31 },
    identity: { project: 7, jobId: 31, jobName: 'build', pipeline: 300 },
    expectedSize: archiveSize,
    folder: ['jobs', '31'],
  });
});

void test('by id with a job token: no jobs API call at all, so no size (only the absolute cap applies)', async () => {
  const planned = await planArchive(
    clientFor(server, JOB_TOKEN, 'job').client,
    { kind: 'id', project: 7, jobId: 31 },
    { tokenKind: 'job' },
  );
  assert.deepEqual(planned, {
    archive: { kind: 'job', project: 7, jobId: 31 },
    identity: { project: 7, jobId: 31 },
    folder: ['jobs', '31'],
  });
  assert.equal(server.count(/\/jobs\/31$/), 0, 'the jobs API was not asked');
});

void test('by id: a refusal (404, 401) is left for the download to explain; the plan has no size', async () => {
  const missing = await planArchive(clientFor(server).client, { kind: 'id', project: 7, jobId: 999 });
  assert.deepEqual(missing, {
    archive: { kind: 'job', project: 7, jobId: 999 },
    identity: { project: 7, jobId: 999 },
    folder: ['jobs', '999'],
  });
  // A job token on an older GitLab: 401 from the jobs API, the archive route may still work.
  const denied = await planArchive(clientFor(server, JOB_TOKEN, 'job').client, { kind: 'id', project: 7, jobId: 31 });
  assert.equal(denied.expectedSize, undefined);
  assert.equal(denied.identity.jobName, undefined);
});

void test('by id: a server error is not swallowed (it is not a refusal)', async () => {
  server.faults.push({ kind: '500', match: /\/jobs\/31$/, times: 10 });
  const { client } = clientFor(server, undefined, 'private', { retries: 0 });
  await assert.rejects(planArchive(client, { kind: 'id', project: 7, jobId: 31 }), (e: unknown) => {
    assert.ok(e instanceof GitLabApiError, String(e));
    assert.notEqual(e.kind, 'notFound');
    return true;
  });
});

void test('by name: resolved in the pipeline, with a note saying which job id it is', async () => {
  const planned = await planArchive(clientFor(server).client, {
    kind: 'name',
    project: 7,
    pipeline: 300,
    name: 'build',
  });
  assert.deepEqual(planned, {
    archive: { kind: 'job', project: 7, jobId: 31 },
    identity: { project: 7, pipeline: 300, jobId: 31, jobName: 'build' },
    expectedSize: archiveSize,
    folder: ['300', 'build'],
    note: '"build" is job 31 in pipeline 300',
  });
});

void test('by name with a job token that may not list jobs: the message says to use GITLAB_TOKEN or --ref', async () => {
  await assert.rejects(
    planArchive(
      clientFor(server, JOB_TOKEN, 'job').client,
      { kind: 'name', project: 7, pipeline: 300, name: 'build' },
      { tokenKind: 'job' },
    ),
    (e: unknown) => {
      assert.ok(e instanceof GitLabApiError);
      assert.equal(e.kind, 'unauthorized');
      assert.equal(e.status, 401);
      assert.match(e.message, /CI_JOB_TOKEN list pipeline jobs, so --pipeline cannot resolve "build"/);
      assert.match(e.message, /Set GITLAB_TOKEN \(read_api\), or use --ref/);
      return true;
    },
  );
});

void test('by name: a personal token that is refused keeps GitLab’s own error; an unknown name says so', async () => {
  await assert.rejects(
    planArchive(clientFor(server, 'glpat-unknown').client, { kind: 'name', project: 7, pipeline: 300, name: 'build' }),
    (e: unknown) => e instanceof GitLabApiError && e.kind === 'unauthorized' && !/CI_JOB_TOKEN/.test(e.message),
  );
  await assert.rejects(
    planArchive(clientFor(server).client, { kind: 'name', project: 7, pipeline: 300, name: 'nope' }),
    /Pipeline 300 has no job named "nope"\. Jobs in it: "build"\./,
  );
});

void test('by ref: no lookup; the folder is <ref>/<job>, made safe by downloadFolder', async () => {
  const planned = await planArchive(clientFor(server).client, {
    kind: 'ref',
    project: 'group/sub/project',
    ref: 'feature/x',
    name: 'build',
  });
  assert.deepEqual(planned, {
    archive: { kind: 'ref', project: 'group/sub/project', ref: 'feature/x', job: 'build' },
    identity: { project: 'group/sub/project', ref: 'feature/x', jobName: 'build' },
    folder: ['feature/x', 'build'],
  });
  assert.equal(server.requests.length, 0);
  assert.equal(downloadFolder('/base', planned), join('/base', 'feature_x', 'build'));
  assert.equal(downloadFolder('/base', { folder: ['..', 'a:b'] }), join('/base', '_', 'a_b'));
});

void test('fetchPlanned downloads, records the instance and the plan in the marker, and reports the files', async () => {
  const planned = await planArchive(clientFor(server).client, { kind: 'id', project: 7, jobId: 31 });
  const target = join(tmp.fresh(), 'out');
  const r = await fetchPlanned(clientFor(server).client, planned, target, 'https://gitlab.example.com');
  assert.equal(r.files, 2);
  assert.equal(r.symlinks, 1);
  assert.equal(r.downloadedBytes, archiveSize);
  const marker = JSON.parse(readFileSync(join(target, '.artifact-flow.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(marker['instance'], 'https://gitlab.example.com');
  assert.equal(marker['jobId'], 31);
  assert.equal(marker['jobName'], 'build');
  assert.equal(marker['pipeline'], 300);
  assert.equal(describeExtraction(r), '2 files (3 B) and 1 symlink');
});

void test('fetchPlanned passes the declared size on: a body far larger than GitLab declared is stopped', async () => {
  const planned = await planArchive(clientFor(server).client, { kind: 'id', project: 7, jobId: 31 });
  const lying = { ...planned, expectedSize: 1 };
  // declaredSizeCap(1) is 1 MiB + 1: the real archive is smaller, so it still passes; a tiny cap must not be the
  // declared size itself (GitLab's size and the body may differ slightly).
  const r = await fetchPlanned(clientFor(server).client, lying, join(tmp.fresh(), 'out'), 'https://x');
  assert.equal(r.files, 2);
  const capped = await fetchPlanned(clientFor(server).client, planned, join(tmp.fresh(), 'out'), 'https://x', {
    maxDownloadBytes: 10,
  }).then(
    () => 'downloaded',
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
  assert.match(capped, /more than the download cap of 10 B/);
});

void test('describeExtraction: singular and plural, symlinks only when there are some', () => {
  assert.equal(describeExtraction({ files: 1, bytes: 0, symlinks: 0 }), '1 file (0 B)');
  assert.equal(describeExtraction({ files: 0, bytes: 2048, symlinks: 2 }), '0 files (2 KiB) and 2 symlinks');
});
