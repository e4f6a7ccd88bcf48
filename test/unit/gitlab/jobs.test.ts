import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GitLabApiError } from '../../../src/gitlab/errors';
import { isInstanceOf, resolveJobByName } from '../../../src/gitlab/jobs';
import { archiveState } from '../../../src/gitlab/artifacts';
import { jobCardStatuses } from '../../../src/gitlab/jobStatus';
import { GitLabTestServer } from '../../support/fakeGitLab/server';
import { clientFor } from '../../support/fakeGitLab/helpers';

let server: GitLabTestServer;
before(async () => {
  server = await GitLabTestServer.start();
  server.addPipeline({
    id: 10,
    bridges: [{ id: 900, name: 'trigger-child', stage: 'deploy', status: 'success', downstream: 11 }],
  });
  server.addPipeline({ id: 11, source: 'parent_pipeline' });
  let id = 100;
  // Enough jobs to need several pages.
  for (let i = 0; i < 150; i++) server.addJob({ id: id++, name: `filler ${i}`, pipelineId: 10 });
  for (let i = 1; i <= 3; i++) server.addJob({ id: id++, name: `test ${i}/3`, pipelineId: 10 });
  server.addJob({ id: id++, name: 'build: [aws, app1]', pipelineId: 10 });
  server.addJob({ id, name: 'build: [gcp, app2]', pipelineId: 10 });
  server.addJob({ id: 500, name: 'compile', pipelineId: 10, retried: true, status: 'failed' });
  server.addJob({ id: 501, name: 'compile', pipelineId: 10 });
  server.addJob({ id: 600, name: 'child-job', pipelineId: 11 });
});
after(async () => server.close());

void test('resolves exact names across pages, including parallel and matrix instances', async () => {
  const { client } = clientFor(server);
  assert.equal((await resolveJobByName(client, 7, 10, 'test 2/3')).job.name, 'test 2/3');
  assert.equal((await resolveJobByName(client, 7, 10, 'build: [gcp, app2]')).job.name, 'build: [gcp, app2]');
  assert.equal((await resolveJobByName(client, 7, 10, 'filler 0')).job.id, 100);
});

void test('a retried job resolves to the current (newest) attempt', async () => {
  const r = await resolveJobByName(clientFor(server).client, 7, 10, 'compile');
  assert.equal(r.job.id, 501);
});

void test('finds a job in a child pipeline through the bridge', async () => {
  const r = await resolveJobByName(clientFor(server).client, 7, 10, 'child-job');
  assert.equal(r.job.id, 600);
  assert.equal(r.pipelineId, 11);
});

void test('a parallel base name lists its instances', async () => {
  await assert.rejects(resolveJobByName(clientFor(server).client, 7, 10, 'test'), (e: unknown) => {
    assert.ok(e instanceof GitLabApiError && e.kind === 'notFound');
    assert.match(e.message, /parallel job; name one instance: "test 1\/3", "test 2\/3", "test 3\/3"/);
    return true;
  });
  await assert.rejects(resolveJobByName(clientFor(server).client, 7, 10, 'build: [aws]'), /no job named/);
});

void test('isInstanceOf', () => {
  assert.ok(isInstanceOf('test 1/3', 'test'));
  assert.ok(isInstanceOf('build: [aws, app1]', 'build'));
  assert.ok(!isInstanceOf('testing', 'test'));
  assert.ok(!isInstanceOf('test', 'test'));
});

void test('archiveState explains why there is no archive', () => {
  const now = Date.parse('2026-11-23T00:00:00Z');
  assert.deepEqual(
    archiveState({ id: 1, name: 'a', stage: 's', status: 'success', artifacts_file: { filename: 'x', size: 1 } }, now),
    { available: true },
  );
  const expired = archiveState(
    {
      id: 1,
      name: 'a',
      stage: 's',
      status: 'success',
      artifacts_file: null,
      artifacts_expire_at: '2026-11-01T00:00:00Z',
    },
    now,
  );
  assert.ok(!expired.available && /expired/.test(expired.reason));
  const pending = archiveState({ id: 1, name: 'a', stage: 's', status: 'pending' }, now);
  assert.ok(!pending.available && /pending/.test(pending.reason));
});

void test('job card statuses: newest attempt wins, sizes and expiry, reasons; JSON round-trips', () => {
  const now = Date.parse('2026-11-23T00:00:00Z');
  const cards = jobCardStatuses(
    [
      { id: 1, name: 'build', stage: 'b', status: 'failed' },
      {
        id: 2,
        name: 'build',
        stage: 'b',
        status: 'success',
        artifacts_file: { filename: 'artifacts.zip', size: 1234 },
        artifacts_expire_at: '2026-12-01T00:00:00Z',
      },
      {
        id: 3,
        name: 'test 1/2',
        stage: 't',
        status: 'success',
        artifacts_file: null,
        artifacts_expire_at: '2026-11-01T00:00:00Z',
      },
    ],
    now,
  );
  assert.deepEqual(cards['build'], {
    jobId: 2,
    status: 'success',
    artifactsSize: 1234,
    expiresAt: '2026-12-01T00:00:00Z',
  });
  assert.match(cards['test 1/2']?.noArchiveReason ?? '', /expired/);
  assert.deepEqual(JSON.parse(JSON.stringify(cards)), cards);
});
