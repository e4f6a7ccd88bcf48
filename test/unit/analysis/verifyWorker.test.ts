// "Compare with GitLab" through the real analysis worker bundle, as the extension asks it: the same analysis also
// returns the configuration to send (built from the caller's reader, so unsaved buffers count) and our side of
// the comparison; a plain analysis returns neither, and a result reused from the memo still gets them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { AnalysisWorker } from '../../../src/analysis/client';
import { done } from './outcomes';
import { defaultContext } from '../../../src/ci/analyze';
import { ROOT } from '../../support/paths';
import { memoryReader } from '../ci/helpers';

let dir: string;
let workerFile: string;
let w: AnalysisWorker | undefined;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'artifact-flow-verify-worker-'));
  workerFile = join(dir, 'analysisWorker.js');
  await esbuild.build({
    entryPoints: [join(ROOT, 'src/analysis/worker.ts')],
    outfile: workerFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
});
after(() => {
  w?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

void test('an analysis asked for verify also returns the configuration to send and our side', async () => {
  w = new AnalysisWorker(workerFile, () => ({ timeMs: 60_000, memoryMiB: 512 }));
  const reader = memoryReader({
    '.gitlab-ci.yml': 'include: ci/build.yml\ntest: {stage: test, script: [t], needs: [build]}\n',
    'ci/build.yml': 'build: {stage: build, script: [make]}\n',
  });
  const request = { session: 's', root: '.gitlab-ci.yml', context: defaultContext(), reader };
  const plain = done(await w.analyze(request));
  assert.equal(plain.verify, undefined);
  const asked = done(await w.analyze({ ...request, verify: true }));
  const v = asked.verify;
  assert.ok(v);
  assert.equal(v.config.form, 'merged');
  assert.equal(
    v.config.content,
    '{"build": {"stage": "build", "script": ["make"]}, "test": {"stage": "test", "script": ["t"], "needs": ["build"]}}\n',
  );
  assert.deepEqual(
    v.ours.jobs.map((j) => [j.name, j.stage, j.when, j.needs]),
    [
      ['build', 'build', 'on_success', undefined],
      ['test', 'test', 'on_success', ['build']],
    ],
  );
  assert.equal(v.ours.created, true);
});
