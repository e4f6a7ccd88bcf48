import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PipelineStatuses } from '../../../src/protocol';
import {
  conflictLabel,
  describeArtifacts,
  describeExpiry,
  formatBytes,
  nodeStatus,
  statusGlyph,
  statusKind,
  statusLabel,
  statusText,
} from '../../../webview/graph/status';

const now = Date.parse('2026-11-23T12:00:00Z');
const day = 86_400_000;

void test('sizes are human readable in binary units', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1024), '1 KiB');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(12 * 1024 * 1024 + 1), '12 MiB');
  assert.equal(formatBytes(1.25 * 1024 ** 3), '1.3 GiB');
  assert.equal(formatBytes(5 * 1024 ** 5), '5120 TiB');
  assert.equal(formatBytes(-1), '?');
  assert.equal(formatBytes(Number.NaN), '?');
});

void test('expiry reads as kept, expired or expires in …', () => {
  assert.equal(describeExpiry(undefined, now), 'kept');
  assert.equal(describeExpiry(new Date(now - 1000).toISOString(), now), 'expired');
  assert.equal(describeExpiry(new Date(now).toISOString(), now), 'expired');
  assert.equal(describeExpiry(new Date(now + 3 * day).toISOString(), now), 'expires in 3 days');
  assert.equal(describeExpiry(new Date(now + 30 * 60_000).toISOString(), now), 'expires in 30 minutes');
  assert.equal(describeExpiry(new Date(now + 60_000).toISOString(), now), 'expires in 1 minute');
  assert.equal(describeExpiry(new Date(now + 5 * 3_600_000).toISOString(), now), 'expires in 5 hours');
  assert.equal(describeExpiry('not a date', now), 'expiry unknown');
});

void test('the artifact line names the archive size and expiry, or why there is no archive', () => {
  assert.equal(
    describeArtifacts(
      { jobId: 1, status: 'success', artifactsSize: 2048, expiresAt: new Date(now + 3 * day).toISOString() },
      now,
    ),
    'archive 2 KiB · expires in 3 days',
  );
  assert.equal(describeArtifacts({ jobId: 1, status: 'success', artifactsSize: 10 }, now), 'archive 10 B · kept');
  assert.equal(
    describeArtifacts(
      {
        jobId: 1,
        status: 'success',
        artifactsSize: 10,
        expiresAt: new Date(now - day).toISOString(),
        noArchiveReason: 'the artifacts expired',
      },
      now,
    ),
    'archive 10 B · expired',
  );
  assert.equal(
    describeArtifacts({ jobId: 1, status: 'running', noArchiveReason: 'the job is still running' }, now),
    'no archive: the job is still running',
  );
  assert.equal(describeArtifacts({ jobId: 1, status: 'success' }, now), 'no archive');
});

void test('statuses map to a badge kind and glyph; unknown strings are "other"', () => {
  assert.equal(statusKind('success'), 'success');
  assert.equal(statusKind('created'), 'pending');
  assert.equal(statusKind('waiting_for_resource'), 'pending');
  assert.equal(statusKind('canceling'), 'canceled');
  assert.equal(statusKind('__proto__'), 'other');
  assert.equal(statusKind('<b>x</b>'), 'other');
  assert.equal(statusGlyph('failed'), '✕');
  assert.equal(statusGlyph('other'), '?');
});

const statuses: PipelineStatuses = {
  pipelineId: 42,
  jobs: {
    build: { jobId: 1, status: 'success', artifactsSize: 100 },
    'test 1/3': { jobId: 2, status: 'success' },
    'test 2/3': { jobId: 3, status: 'failed' },
    'test 3/3': { jobId: 4, status: 'success' },
    'deploy: [a]': { jobId: 5, status: 'manual' },
    'deploy: [b]': { jobId: 6, status: 'skipped' },
  },
};

void test('a single job shows its own status', () => {
  const s = nodeStatus(['build'], statuses);
  assert.ok(s);
  assert.equal(s.status, 'success');
  assert.equal(statusText(s), 'success');
  assert.equal(statusLabel(s), 'GitLab status: success');
  assert.equal(nodeStatus(['lint'], statuses), undefined);
  assert.equal(nodeStatus(['build'], null), undefined);
  assert.equal(nodeStatus(['constructor'], statuses), undefined, 'inherited properties are not jobs');
});

void test('a group summarises its instances, the most pressing status first', () => {
  const s = nodeStatus(['test 1/3', 'test 2/3', 'test 3/3'], statuses);
  assert.ok(s);
  assert.equal(s.status, 'failed');
  assert.equal(s.kind, 'failed');
  assert.equal(statusText(s), '1 failed, 2 success');
  const m = nodeStatus(['deploy: [a]', 'deploy: [b]', 'deploy: [c]'], statuses);
  assert.ok(m);
  assert.equal(m.status, 'manual');
  assert.equal(statusText(m), '1 manual, 1 skipped, 1 not in the pipeline');
  const unknown = nodeStatus(['x 1/2', 'x 2/2'], {
    pipelineId: 1,
    jobs: { 'x 1/2': { jobId: 1, status: 'weird' }, 'x 2/2': { jobId: 2, status: 'success' } },
  });
  assert.equal(unknown?.status, 'success', 'known statuses outrank unknown ones');
});

void test('conflict labels count paths', () => {
  assert.equal(conflictLabel(1), '1 path conflict');
  assert.equal(conflictLabel(2), '2 path conflicts');
});
