// One analysis for the graph panel and the editor: consumers of a project folder share its worker session, the
// second to ask for the same root and context gets the first one's result (byte for byte) once every file and
// fetch it depended on has been asked again and found unchanged; anything different analyses afresh. Lanes keep
// one consumer's typing from superseding another's queued request. Real worker bundle, no timing asserted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { AnalysisWorker, type AnalysisOutcome } from '../../../src/analysis/client';
import { done, whole } from './outcomes';
import { defaultContext } from '../../../src/ci/analyze';
import type { FileReader } from '../../../src/ci/fileReader';
import type { IncludeFetcher } from '../../../src/ci/include/fetcher';
import { ROOT } from '../../support/paths';
import { ModelDeltaReceiver, type ModelDelta } from '../../../src/editor/modelDelta';

let dir: string;
let w: AnalysisWorker;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'artifact-flow-shared-'));
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
  w = new AnalysisWorker(workerFile, () => ({ timeMs: 60_000, memoryMiB: 512 }));
});
after(() => {
  w.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** A reader over mutable files that counts its reads. */
function countingReader(files: Record<string, string>): FileReader & { reads: number } {
  const r = {
    reads: 0,
    read(p: string) {
      r.reads++;
      return Promise.resolve(files[p]);
    },
    list: () => Promise.resolve(Object.keys(files).sort()),
  };
  return r;
}

const decode = (b: Uint8Array): string => new TextDecoder().decode(b);

void test('the second consumer of the same root and context gets the same result without a second analysis', async () => {
  const files = {
    '.gitlab-ci.yml': 'include: ci/build.yml\nstages: [build, test]\ntest:\n  stage: test\n  script: [cat out/a]\n',
    'ci/build.yml': 'build:\n  stage: build\n  script: [make]\n  artifacts:\n    paths: [out/]\n',
  };
  const session = w.acquireSession('file:///p1');
  assert.equal(w.acquireSession('file:///p1'), session, 'one session per project folder');
  const panel = countingReader(files);
  const editor = countingReader(files);
  const ctx = defaultContext();
  const first = done(await w.analyze({ session, lane: 'panel', root: '.gitlab-ci.yml', reader: panel, context: ctx }));
  assert.notEqual(first.reused, true);
  const second = done(
    await w.analyze({
      session,
      lane: 'editor',
      root: '.gitlab-ci.yml',
      reader: editor,
      context: { ...ctx },
      editor: true,
    }),
  );
  assert.equal(second.reused, true);
  // The editor's lane gets the model as a delta (here every job written out), equal to the panel's whole model.
  assert.equal(second.json, undefined);
  assert.ok(first.json && second.modelDelta);
  assert.equal(second.model, undefined, 'an editor request of a lane gets its model as the delta alone, no summary');
  assert.deepEqual(
    new ModelDeltaReceiver().decode(JSON.parse(decode(second.modelDelta)) as ModelDelta),
    JSON.parse(decode(first.json)),
  );
  assert.ok(second.editorJson, 'the editor index is built for the reused result');
  assert.equal(editor.reads, 2, 'the editor consumer was asked for each file once, to check it is unchanged');

  // An edit: the result no longer holds, the next request analyses the new text.
  files['ci/build.yml'] = 'compile:\n  stage: build\n  script: [make]\n';
  const third = whole(await w.analyze({ session, lane: 'panel', root: '.gitlab-ci.yml', reader: panel, context: ctx }));
  assert.notEqual(third.reused, true);
  assert.deepEqual(third.model.jobs.map((j) => j.name).sort(), ['compile', 'test']);
  assert.equal(panel.reads, 4, 'the files read to check the earlier result are not read again to analyse');

  // Another pipeline context: its own analysis (the parsed files are still shared).
  const mr = { ...ctx, source: 'merge_request_event' as const, refKind: 'mr' as const, mrIid: '1' };
  const fourth = done(
    await w.analyze({ session, lane: 'editor', root: '.gitlab-ci.yml', reader: editor, context: mr }),
  );
  assert.notEqual(fourth.reused, true);
  w.releaseSession('file:///p1');
  w.releaseSession('file:///p1');
});

void test('a changed answer of the include fetcher (a new token, say) is a changed input', async () => {
  const files = { '.gitlab-ci.yml': 'include:\n  - project: g/p\n    file: /ci.yml\nlocal:\n  script: [x]\n' };
  const remote: { text?: string } = {};
  const fetcher: IncludeFetcher = {
    project: () =>
      Promise.resolve(
        remote.text === undefined
          ? { unavailable: 'no token' }
          : { file: { text: remote.text, via: 'api', project: { path: 'g/p', ref: 'main', sha: 'abc' } } },
      ),
    remote: () => Promise.resolve({ unavailable: 'no' }),
    template: () => Promise.resolve({ unavailable: 'no' }),
    component: () => Promise.resolve({ unavailable: 'no' }),
  };
  const session = w.acquireSession('file:///p2');
  const ask = (): Promise<AnalysisOutcome> =>
    w.analyze({ session, root: '.gitlab-ci.yml', reader: countingReader(files), context: defaultContext(), fetcher });
  const before = whole(await ask());
  assert.deepEqual(
    before.model.jobs.map((j) => j.name),
    ['local'],
  );
  assert.equal(done(await ask()).reused, true, 'the same answer again: reused');
  remote.text = 'remote_job:\n  script: [y]\n';
  const after = whole(await ask());
  assert.notEqual(after.reused, true);
  assert.deepEqual(after.model.jobs.map((j) => j.name).sort(), ['local', 'remote_job']);
  w.releaseSession('file:///p2');
});

void test('latest wins per lane: a consumer supersedes only its own queued request', async () => {
  const files = { '.gitlab-ci.yml': 'a:\n  script: [x]\n' };
  const reader = countingReader(files);
  const session = w.acquireSession('file:///p3');
  const ctx = defaultContext();
  const req = (lane: string): Promise<AnalysisOutcome> =>
    w.analyze({ session, lane, root: '.gitlab-ci.yml', reader, context: ctx });
  const running = req('panel');
  const editorQueued = req('editor');
  const panelQueued = req('panel');
  const panelLatest = req('panel');
  done(await running);
  done(await editorQueued);
  assert.equal((await panelQueued).kind, 'superseded');
  done(await panelLatest);
  w.releaseSession('file:///p3');
});

void test('checking a result asks for external includes only once every file is known to hold', async () => {
  const files = { '.gitlab-ci.yml': 'include:\n  - project: g/p\n    file: /ci.yml\nlocal:\n  script: [x]\n' };
  let fetches = 0;
  const fetcher: IncludeFetcher = {
    project: () => {
      fetches++;
      return Promise.resolve({ unavailable: 'no token' });
    },
    remote: () => Promise.resolve({ unavailable: 'no' }),
    template: () => Promise.resolve({ unavailable: 'no' }),
    component: () => Promise.resolve({ unavailable: 'no' }),
  };
  const session = w.acquireSession('file:///p4');
  const ask = (): Promise<AnalysisOutcome> =>
    w.analyze({ session, root: '.gitlab-ci.yml', reader: countingReader(files), context: defaultContext(), fetcher });
  done(await ask());
  assert.equal(fetches, 1);
  assert.equal(done(await ask()).reused, true);
  assert.equal(fetches, 2, 'files unchanged: the include is asked again before the result is reused');
  files['.gitlab-ci.yml'] += '# typed\n';
  assert.notEqual(done(await ask()).reused, true);
  assert.equal(fetches, 3, 'a file changed: only the new analysis fetched, the check did not');
  w.releaseSession('file:///p4');
});
