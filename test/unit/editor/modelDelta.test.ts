// The model as a delta (src/editor/modelDelta.ts), on the pure model: what the receiver rebuilds equals the model
// sent, unchanged jobs are the objects it parsed before, only changed jobs travel, and a receiver that holds another
// model says so instead of guessing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import type { FlowJob, FlowModel } from '../../../src/ci/model';
import {
  jobPieces,
  ModelDeltaReceiver,
  ModelDeltaSender,
  wholeModelJson,
  type ModelDelta,
} from '../../../src/editor/modelDelta';
import { memoryReader } from '../ci/helpers';
import { folderFiles } from './helpers';

async function modelOf(files: Record<string, string>): Promise<FlowModel> {
  return analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context: defaultContext() });
}

/** What the host had before deltas: the model through JSON. */
function viaJson(model: FlowModel): FlowModel {
  return JSON.parse(JSON.stringify(model)) as FlowModel;
}

function send(sender: ModelDeltaSender, model: FlowModel): { delta: ModelDelta; bytes: number } {
  const text = sender.encode(model, jobPieces(model));
  return { delta: JSON.parse(text) as ModelDelta, bytes: text.length };
}

void test('the whole model made of job pieces parses to the model', async () => {
  const model = await modelOf(folderFiles('examples/monorepo'));
  assert.ok(model.jobs.length > 3);
  assert.deepEqual(JSON.parse(wholeModelJson(model, jobPieces(model))), viaJson(model));
});

void test('a delta carries only the changed jobs, and the receiver rebuilds the model exactly', async () => {
  const files = folderFiles('examples/monorepo');
  const sender = new ModelDeltaSender();
  const receiver = new ModelDeltaReceiver();
  const first = send(sender, await modelOf(files));
  assert.equal(first.delta.base, -1, 'the first model is written out whole');
  assert.ok(first.delta.jobs.every((j) => typeof j === 'object'));
  const had = receiver.decode(first.delta);
  assert.ok(had);
  assert.deepEqual(had, viaJson(await modelOf(files)));

  // A variable added to one job of an included file: that job changes (its range, its variables), the jobs of the
  // other files do not.
  const file = 'ci/test.yml';
  files[file] = (files[file] ?? '').replace(/\n(\S[^\n]*:)\n/, '\n$1\n  variables: {TYPED: "1"}\n');
  const model = await modelOf(files);
  const next = send(sender, model);
  assert.equal(next.delta.base, first.delta.seq);
  const now = receiver.decode(next.delta);
  assert.ok(now);
  assert.deepEqual(now, viaJson(model));
  const kept = next.delta.jobs.filter((j) => typeof j === 'number').length;
  assert.ok(kept > 0 && kept < model.jobs.length, `${kept} of ${model.jobs.length} jobs were unchanged`);
  assert.ok(next.bytes < first.bytes, `${next.bytes} bytes of a delta, ${first.bytes} of the whole`);
  // An unchanged job is the very object parsed before; a changed one is new.
  for (const [i, j] of next.delta.jobs.entries()) {
    const before: FlowJob | undefined = had.jobs.find((b) => b.name === now.jobs[i]?.name);
    if (typeof j === 'number') assert.equal(now.jobs[i], before);
    else assert.notEqual(now.jobs[i], before);
  }
});

void test('a receiver that holds another model says so, and a whole model puts it right', async () => {
  const files = folderFiles('examples/monorepo');
  const model = await modelOf(files);
  const sender = new ModelDeltaSender();
  const receiver = new ModelDeltaReceiver();
  assert.ok(receiver.decode(send(sender, model).delta));
  // A model the receiver never got (the host dropped a superseded result): the next delta is against it.
  send(sender, model);
  assert.equal(receiver.decode(send(sender, model).delta), undefined);
  // A fresh receiver knows no base either.
  assert.equal(new ModelDeltaReceiver().decode(send(sender, model).delta), undefined);
  // After a reset the sender writes every job out, which any receiver takes.
  sender.reset();
  const whole = send(sender, model);
  assert.equal(whole.delta.base, -1);
  assert.deepEqual(receiver.decode(whole.delta), viaJson(model));
  // A numbered job outside the base model's jobs is lost track too, never a hole.
  const bad: ModelDelta = { ...whole.delta, base: whole.delta.seq, seq: whole.delta.seq + 1, jobs: [99] };
  assert.equal(receiver.decode(bad), undefined);
});

void test('jobs with equal JSON are each rebuilt in their places', async () => {
  const model = await modelOf({ '.gitlab-ci.yml': 'a:\n  script: x\nb:\n  script: x\n' });
  const twin = { ...model, jobs: [model.jobs[0]!, model.jobs[0]!, model.jobs[1]!] };
  const sender = new ModelDeltaSender();
  const receiver = new ModelDeltaReceiver();
  assert.ok(receiver.decode(send(sender, twin).delta));
  const again = send(sender, twin);
  assert.deepEqual(again.delta.jobs, [0, 1, 2]);
  assert.deepEqual(receiver.decode(again.delta), viaJson(twin));
});

void test('a job that moved (one added before it) travels as its index in the earlier model, found by its name', async () => {
  const first = await modelOf({ '.gitlab-ci.yml': 'a:\n  script: x\nb:\n  script: y\n' });
  const sender = new ModelDeltaSender();
  const receiver = new ModelDeltaReceiver();
  const had = receiver.decode(send(sender, first).delta);
  assert.ok(had);
  // `z` is added first: `a` and `b` move one place down, with the same JSON (lines are unchanged: same text below).
  const moved = { ...first, jobs: [{ ...first.jobs[0]!, name: 'z', group: 'z' }, ...first.jobs] };
  const next = send(sender, moved);
  assert.deepEqual(next.delta.jobs.slice(1), [0, 1]);
  const now = receiver.decode(next.delta);
  assert.deepEqual(now, viaJson(moved));
  assert.equal(now?.jobs[1], had.jobs[0]);
});
