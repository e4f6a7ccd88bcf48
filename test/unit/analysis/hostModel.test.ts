// The host's summary of a model names child pipelines' jobs by the same path as the graph's frames, so Reveal Job
// on a card inside a frame finds the job in the host's own model (never a file sent by the webview).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findHostJob, hostModelOf } from '../../../src/analysis/hostModel';
import { downstreamPath } from '../../../src/protocol';
import { childPipelines } from '../../../webview/graph/downstreamModel';
import { job } from '../../fixtures/models/builders';
import { downstreamModel } from '../webview/downstreamFixture';

void test('child and grandchild jobs are summarised under the paths the graph draws their frames with', () => {
  const model = downstreamModel({ grandchild: true });
  const host = hostModelOf(model);
  assert.deepEqual(
    host.children?.map((c) => c.path),
    [...childPipelines(model).keys()],
  );
  assert.deepEqual(
    host.children?.map((c) => [c.path, c.jobs.map((j) => `${j.name}@${j.file}`)]),
    [
      ['ds:child', ['compile@ci/child.yml', 'test@ci/child.yml', 'nested@.gitlab-ci.yml']],
      ['ds:child/ds:nested', ['leaf@ci/grand.yml']],
    ],
  );
  // Only what Reveal Job needs: no sources, artifacts or diagnostics of the child.
  assert.deepEqual(Object.keys(host.children?.[0]?.jobs[0] ?? {}).sort(), ['file', 'group', 'line', 'name', 'range']);
});

void test('findHostJob looks in the parent, or in the child the path names; a child job shadows nothing', () => {
  const host = hostModelOf(downstreamModel({ grandchild: true }));
  // `test` is a job of the parent and of the child: each path finds its own.
  assert.equal(findHostJob(host, 'test')?.file, '.gitlab-ci.yml');
  assert.equal(findHostJob(host, 'test', 'ds:child')?.file, 'ci/child.yml');
  assert.equal(findHostJob(host, 'leaf', 'ds:child/ds:nested')?.file, 'ci/grand.yml');
  assert.equal(findHostJob(host, 'compile'), undefined, 'a child job is not a parent job');
  assert.equal(findHostJob(host, 'leaf', 'ds:child'), undefined, 'a grandchild job is not in the child');
  assert.equal(findHostJob(host, 'compile', 'ds:dynamic'), undefined, 'an unanalysed child has no jobs');
  assert.equal(findHostJob(host, 'compile', 'ds:nope'), undefined);
  assert.equal(findHostJob(null, 'build'), undefined);
});

void test('a pipeline without trigger jobs has no children; a trigger named twice is summarised once, bounded in depth', () => {
  const plain = downstreamModel();
  plain.downstream = [];
  assert.equal('children' in hostModelOf(plain), false);

  const model = downstreamModel();
  const first = model.downstream?.[0];
  assert.ok(first?.pipeline);
  model.downstream = [first, { ...first, pipeline: { ...first.pipeline, jobs: [job('other', 'build', ['build'])] } }];
  // Nest the same child deeper than frames are drawn: the summary stops where the graph stops.
  let level = first.pipeline;
  for (let i = 0; i < 5; i += 1) {
    const next = { ...level, jobs: [job(`j${i}`, 'build', ['build'])] };
    level.downstream = [{ trigger: `t${i}`, kind: 'child', label: 'x.yml', pipeline: next }];
    level = next;
  }
  const host = hostModelOf(model);
  const paths = host.children?.map((c) => c.path) ?? [];
  assert.deepEqual(paths, [...childPipelines(model).keys()]);
  assert.deepEqual(paths, ['ds:child', downstreamPath('t0', 'ds:child'), 'ds:child/ds:t0/ds:t1']);
  assert.equal(findHostJob(host, 'compile', 'ds:child')?.name, 'compile', 'the first entry for a trigger wins');
});
