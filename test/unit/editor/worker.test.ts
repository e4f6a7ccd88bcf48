// The editor index through the real analysis worker: asked for, it comes back as JSON bytes beside the model and
// matches what the pure builder gives; not asked for, nothing extra is built or sent; asked as a delta, only the
// edited files' indexes travel and the host side rebuilds the same whole index, and the model comes as a delta the
// host rebuilds into the whole model the worker sent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { AnalysisWorker } from '../../../src/analysis/client';
import { defaultContext } from '../../../src/ci/analyze';
import type { EditorIndex, FileIndex } from '../../../src/editor/editorIndex';
import { DeltaReceiver, type IndexDelta } from '../../../src/editor/indexDelta';
import { ModelDeltaReceiver, type ModelDelta } from '../../../src/editor/modelDelta';
import { ROOT } from '../../support/paths';
import { memoryReader } from '../ci/helpers';
import { editorModel, folderFiles } from './helpers';

/** What the host had before deltas: a fresh analysis's model, through JSON. */
async function wholeModel(files: Record<string, string>): Promise<unknown> {
  return JSON.parse(JSON.stringify((await editorModel(files)).model)) as unknown;
}

let dir: string;
let worker: AnalysisWorker;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'artifact-flow-editor-worker-'));
  const workerFile = join(dir, 'analysisWorker.js');
  await esbuild.build({
    entryPoints: [join(ROOT, 'src/analysis/worker.ts')],
    outfile: workerFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  worker = new AnalysisWorker(workerFile, () => ({ timeMs: 60_000, memoryMiB: 512 }));
});
after(() => {
  worker.dispose();
  rmSync(dir, { recursive: true, force: true });
});

void test('the worker returns the editor index when asked, equal to the pure builder, and re-indexes an edited file', async () => {
  const files = folderFiles('examples/monorepo');
  const reader = memoryReader(files);
  const plain = await worker.analyze({ session: 's', root: '.gitlab-ci.yml', reader, context: defaultContext() });
  assert.equal(plain.kind, 'done');
  assert.ok(plain.kind === 'done' && plain.editorJson === undefined && plain.modelDelta === undefined);
  const outcome = await worker.analyze({
    session: 's',
    root: '.gitlab-ci.yml',
    reader,
    context: defaultContext(),
    editor: true,
  });
  assert.ok(outcome.kind === 'done' && outcome.editorJson);
  const index = JSON.parse(new TextDecoder().decode(outcome.editorJson)) as EditorIndex;
  const expected = (await editorModel(files)).index;
  assert.deepEqual(index.files.map((f) => f.file).sort(), expected.files.map((f) => f.file).sort());
  for (const f of expected.files) {
    assert.deepEqual(
      index.files.find((x) => x.file === f.file),
      f,
    );
  }

  const edited = { ...files, 'ci/test.yml': `\n${files['ci/test.yml'] ?? ''}` };
  const again = await worker.analyze({
    session: 's',
    root: '.gitlab-ci.yml',
    reader: memoryReader(edited),
    context: defaultContext(),
    editor: true,
  });
  assert.ok(again.kind === 'done' && again.editorJson);
  const shifted = JSON.parse(new TextDecoder().decode(again.editorJson)) as EditorIndex;
  assert.deepEqual(
    shifted.files.find((f) => f.file === 'ci/test.yml')?.top.map((t) => t.line),
    [2, 9],
  );
});

void test('the editor index and the model as deltas: only edited files travel, and the host rebuilds both exactly', async () => {
  const files = folderFiles('examples/monorepo');
  const receiver = new DeltaReceiver();
  const models = new ModelDeltaReceiver();
  /** An editor request of `lane` in the session, as the host's language features make it. */
  const request = (current: Record<string, string>, lane: string, editorDelta = true) =>
    worker.analyze({
      session: 'delta',
      lane,
      root: '.gitlab-ci.yml',
      reader: memoryReader(current),
      context: defaultContext(),
      editor: true,
      ...(editorDelta ? { editorDelta } : {}),
    });
  const decode = <T>(bytes: Uint8Array | undefined): T => JSON.parse(new TextDecoder().decode(bytes)) as T;
  const ask = async (
    current: Record<string, string>,
    lane = 'editor-a',
  ): Promise<{ bytes: number; index: EditorIndex }> => {
    const o = await request(current, lane);
    assert.ok(o.kind === 'done' && o.editorJson);
    const index = receiver.decode(decode<IndexDelta>(o.editorJson));
    assert.ok(index, 'the receiver knows every unchanged file');
    // The model rebuilt from its delta is the model a fresh analysis gives (as JSON carries it); the whole model
    // is not sent as well.
    assert.ok(o.modelDelta, 'an editor request of a lane gets the model as a delta');
    assert.equal(o.json, undefined);
    const model = models.decode(decode<ModelDelta>(o.modelDelta));
    assert.deepEqual(model, await wholeModel(current));
    return { bytes: o.editorJson.length, index };
  };
  const sorted = (i: EditorIndex): FileIndex[] => [...i.files].sort((a, b) => a.file.localeCompare(b.file));
  const first = await ask(files);
  assert.deepEqual(sorted(first.index), sorted((await editorModel(files)).index));
  for (const [n, file] of ['ci/test.yml', '.gitlab-ci.yml', 'ci/test.yml'].entries()) {
    files[file] = `# edit ${n}\n${files[file] ?? ''}`;
    const next = await ask(files);
    assert.deepEqual(sorted(next.index), sorted((await editorModel(files)).index), `after edit ${n}`);
    assert.ok(next.bytes < first.bytes, `${next.bytes} bytes of a delta, ${first.bytes} of the whole index`);
  }
  // Another consumer of the same session starts from nothing: it gets every file.
  const other = new DeltaReceiver();
  const o = await request(files, 'editor-b');
  assert.ok(o.kind === 'done' && o.editorJson);
  assert.deepEqual(sorted(other.decode(decode<IndexDelta>(o.editorJson))!), sorted((await editorModel(files)).index));
  const otherModel = decode<ModelDelta>(o.modelDelta);
  assert.equal(otherModel.base, -1, 'a new lane gets every job written out');
  assert.deepEqual(new ModelDeltaReceiver().decode(otherModel), await wholeModel(files));
  // A host that lost track asks without deltas: the model comes whole too, and deltas follow from it.
  const whole = await request(files, 'editor-a', false);
  assert.ok(whole.kind === 'done' && whole.modelDelta);
  const fresh = new ModelDeltaReceiver();
  assert.ok(fresh.decode(decode<ModelDelta>(whole.modelDelta)));
  files['ci/test.yml'] = `# edit again\n${files['ci/test.yml'] ?? ''}`;
  const after = await request(files, 'editor-a');
  assert.ok(after.kind === 'done' && after.modelDelta);
  assert.deepEqual(fresh.decode(decode<ModelDelta>(after.modelDelta)), await wholeModel(files));
  // A receiver that lost track says so instead of guessing.
  assert.equal(
    new DeltaReceiver().decode({ version: 1, delta: true, files: [{ file: 'x.yml', unchanged: true }] }),
    undefined,
  );
});
