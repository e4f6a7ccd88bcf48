// The editor index through the real analysis worker: asked for, it comes back as JSON bytes beside the model and
// matches what the pure builder gives; not asked for, nothing extra is built or sent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { AnalysisWorker } from '../../../src/analysis/client';
import { defaultContext } from '../../../src/ci/analyze';
import type { EditorIndex } from '../../../src/editor/editorIndex';
import { ROOT } from '../../support/paths';
import { memoryReader } from '../ci/helpers';
import { editorModel, folderFiles } from './helpers';

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
  assert.ok(plain.kind === 'done' && plain.editorJson === undefined);
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
