// The analysis worker in plain Node, as the extension host runs it: the real worker bundle (built here with
// esbuild, as `npm run build` builds dist/analysisWorker.js), files served by the caller's reader, the heap
// limit and the time budget enforced by stopping the worker. Nothing here depends on how fast the machine is:
// the limits are provoked by a reader that never answers and by a heap far too small for the input.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { AnalysisWorker } from '../../../src/analysis/client';
import { done, whole } from './outcomes';
import { hostModelOf } from '../../../src/analysis/hostModel';
import { modelOf } from '../../../src/protocol';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import type { FileReader } from '../../../src/ci/fileReader';
import type { FetchOutcome, IncludeFetcher } from '../../../src/ci/include/fetcher';
import { ROOT } from '../../support/paths';
import { memoryReader } from '../ci/helpers';

let dir: string;
let workerFile: string;
const workers: AnalysisWorker[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'artifact-flow-worker-'));
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
  for (const w of workers) w.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function worker(limits = { timeMs: 60_000, memoryMiB: 512 }): AnalysisWorker {
  const w = new AnalysisWorker(workerFile, () => limits);
  workers.push(w);
  return w;
}

const files = {
  '.gitlab-ci.yml': 'include: ci/build.yml\nstages: [build, test]\ntest:\n  stage: test\n  script: [cat out/a.txt]\n',
  'ci/build.yml': 'build:\n  stage: build\n  script: [make]\n  artifacts:\n    paths: [out/]\n',
};

/** A reader whose reads never complete: a hung network file system, say. */
const hangingReader: FileReader = {
  read: () => new Promise(() => undefined),
  list: () => Promise.resolve(['.gitlab-ci.yml']),
};

void test('the worker produces exactly the model the engine produces in-thread, reading files through the caller', async () => {
  const reads: string[] = [];
  const base = memoryReader(files);
  const reader: FileReader = {
    read: (p) => {
      reads.push(p);
      return base.read(p);
    },
    list: () => base.list(),
  };
  const out = whole(
    await worker().analyze({ session: 's', root: '.gitlab-ci.yml', reader, context: defaultContext() }),
  );
  const inThread = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context: defaultContext() });
  // The webview's bytes decode to the very model; the host gets the summary of it.
  const decoded = modelOf({
    type: 'didChangeModel',
    model: null,
    modelJson: out.json,
    banner: null,
    rootLabel: '',
    rootUri: '',
  });
  assert.deepEqual(decoded, inThread);
  assert.deepEqual(out.model, hostModelOf(inThread));
  assert.deepEqual(
    decoded?.jobs.find((j) => j.name === 'test')?.sources.map((s) => s.job),
    ['build'],
  );
  assert.deepEqual(reads.sort(), ['.gitlab-ci.yml', 'ci/build.yml']);
});

void test('unsaved text wins: the worker sees what the reader serves now, not what it saw before', async () => {
  const w = worker();
  const current = { ...files };
  const reader: FileReader = {
    read: (p) => Promise.resolve(current[p as keyof typeof current]),
    list: () => Promise.resolve(Object.keys(current)),
  };
  const first = whole(await w.analyze({ session: 's', root: '.gitlab-ci.yml', reader, context: defaultContext() }));
  assert.ok(first.model.jobs.some((j) => j.name === 'build'));
  current['ci/build.yml'] = 'compile:\n  stage: build\n  script: [make]\n';
  const second = whole(await w.analyze({ session: 's', root: '.gitlab-ci.yml', reader, context: defaultContext() }));
  assert.deepEqual(second.model.jobs.map((j) => j.name).sort(), ['compile', 'test']);
  assert.equal(w.started, 1, 'one worker serves both analyses');
});

void test('latest wins: a queued request is superseded by a newer one of the same session, other sessions keep theirs', async () => {
  const w = worker();
  const reader = memoryReader(files);
  const ctx = defaultContext();
  const first = w.analyze({ session: 'a', root: '.gitlab-ci.yml', reader, context: ctx });
  const second = w.analyze({ session: 'a', root: '.gitlab-ci.yml', reader, context: ctx });
  const other = w.analyze({ session: 'b', root: '.gitlab-ci.yml', reader, context: ctx });
  const third = w.analyze({ session: 'a', root: '.gitlab-ci.yml', reader, context: ctx });
  assert.equal((await second).kind, 'superseded');
  done(await first);
  done(await other);
  done(await third);
});

void test('a fetcher hears that its analysis gave a model, and not when the analysis was superseded', async () => {
  const w = worker();
  const reader = memoryReader(files);
  const ctx = defaultContext();
  const heard: string[] = [];
  const fetcher = (name: string): IncludeFetcher => {
    const unavailable = (): Promise<FetchOutcome> => Promise.resolve({ unavailable: 'not here' });
    return {
      project: unavailable,
      remote: unavailable,
      template: unavailable,
      component: unavailable,
      analysisDone: () => heard.push(name),
    };
  };
  const first = w.analyze({ session: 'f', root: '.gitlab-ci.yml', reader, context: ctx, fetcher: fetcher('first') });
  const second = w.analyze({ session: 'f', root: '.gitlab-ci.yml', reader, context: ctx, fetcher: fetcher('second') });
  const third = w.analyze({ session: 'f', root: '.gitlab-ci.yml', reader, context: ctx, fetcher: fetcher('third') });
  done(await first);
  assert.equal((await second).kind, 'superseded');
  done(await third);
  assert.deepEqual(heard, ['first', 'third']);
});

void test('the time budget stops an analysis that never finishes and the next one runs on a fresh worker', async () => {
  const limits = { timeMs: 200, memoryMiB: 512 };
  const w = worker(limits);
  const stuck = await w.analyze({
    session: 's',
    root: '.gitlab-ci.yml',
    reader: hangingReader,
    context: defaultContext(),
  });
  assert.equal(stuck.kind, 'limit');
  assert.ok(
    stuck.kind === 'limit' && stuck.limit === 'time' && /longer than 0\.2 s/.test(stuck.message),
    JSON.stringify(stuck),
  );
  // The limits are read for each analysis: the next one gets room to start a worker on a busy machine.
  limits.timeMs = 60_000;
  done(
    await w.analyze({ session: 's', root: '.gitlab-ci.yml', reader: memoryReader(files), context: defaultContext() }),
  );
  assert.equal(w.started, 2);
});

void test('the heap limit stops an analysis that needs more memory, and the worker is replaced', async () => {
  const w = worker({ timeMs: 120_000, memoryMiB: 16 });
  // Eight included files just under GitLab's 1 MiB each: their document trees need far more than 16 MiB.
  const part = (k: number): string =>
    Array.from(
      { length: 9_000 },
      (_, i) => `job_${k}_${i}:\n  script: [echo ${i}]\n  artifacts: { paths: [o/${i}] }\n`,
    ).join('');
  const parts: Record<string, string> = {
    '.gitlab-ci.yml': `include: [${Array.from({ length: 8 }, (_, k) => `p${k}.yml`).join(', ')}]\n`,
  };
  for (let k = 0; k < 8; k++) parts[`p${k}.yml`] = part(k);
  assert.ok(Object.values(parts).every((t) => t.length < 1024 * 1024));
  const big = await w.analyze({
    session: 's',
    root: '.gitlab-ci.yml',
    reader: memoryReader(parts),
    context: defaultContext(),
  });
  assert.equal(big.kind, 'limit', JSON.stringify(big).slice(0, 500));
  assert.ok(
    big.kind === 'limit' && big.limit === 'memory' && /more than 16 MiB/.test(big.message),
    JSON.stringify(big),
  );
  done(
    await w.analyze({ session: 's', root: '.gitlab-ci.yml', reader: memoryReader(files), context: defaultContext() }),
  );
});

void test('cancelling a running analysis stops it; cancelling a queued one removes it', async () => {
  const w = worker();
  const running = new AbortController();
  const queued = new AbortController();
  const a = w.analyze({
    session: 'a',
    root: '.gitlab-ci.yml',
    reader: hangingReader,
    context: defaultContext(),
    signal: running.signal,
  });
  const b = w.analyze({
    session: 'b',
    root: '.gitlab-ci.yml',
    reader: memoryReader(files),
    context: defaultContext(),
    signal: queued.signal,
  });
  queued.abort();
  assert.equal((await b).kind, 'cancelled');
  running.abort();
  assert.equal((await a).kind, 'cancelled');
  done(
    await w.analyze({ session: 'a', root: '.gitlab-ci.yml', reader: memoryReader(files), context: defaultContext() }),
  );
});

void test('a reader that fails is reported as a failed analysis, not a crash', async () => {
  const reader: FileReader = { read: () => Promise.reject(new Error('disk on fire')), list: () => Promise.resolve([]) };
  const out = await worker().analyze({ session: 's', root: '.gitlab-ci.yml', reader, context: defaultContext() });
  assert.equal(out.kind, 'failed');
  assert.ok(out.kind === 'failed' && /disk on fire/.test(out.message), JSON.stringify(out));
});

void test('dispose settles everything as cancelled', async () => {
  const w = worker();
  const a = w.analyze({ session: 'a', root: '.gitlab-ci.yml', reader: hangingReader, context: defaultContext() });
  const b = w.analyze({ session: 'b', root: '.gitlab-ci.yml', reader: memoryReader(files), context: defaultContext() });
  w.dispose();
  assert.equal((await a).kind, 'cancelled');
  assert.equal((await b).kind, 'cancelled');
  assert.equal(
    (await w.analyze({ session: 'a', root: '.gitlab-ci.yml', reader: memoryReader(files), context: defaultContext() }))
      .kind,
    'cancelled',
  );
});

void test('external includes go through the host: the worker asks, the host fetches from GitLab, the job records its origin', async () => {
  const { CiFilesServer } = await import('../../support/fakeGitLab/ciFiles');
  const { createIncludeFetcher } = await import('../../../src/gitlab/includes/apiFetcher');
  const { GitLabClient } = await import('../../../src/gitlab/client');
  const { nodeFetch } = await import('../../../src/gitlab/nodeFetch');
  const server = await CiFilesServer.start();
  try {
    const sha = 'a'.repeat(40);
    server.projects.push({
      id: 21,
      path: 'grp/lib',
      defaultBranch: 'main',
      refs: { main: sha },
      commits: [
        {
          sha,
          files: { 'ci/build.yml': 'lib-build:\n  stage: build\n  script: [make]\n  artifacts: { paths: [out/] }\n' },
        },
      ],
    });
    const client = new GitLabClient({
      instanceUrl: server.url,
      token: { get: () => Promise.resolve(server.token) },
      tokenKind: 'private',
      fetch: nodeFetch,
    });
    const fetcher = createIncludeFetcher({
      client,
      instanceUrl: server.url,
      remoteFetch: nodeFetch,
      projectPath: 'grp/app',
    });
    const root = {
      '.gitlab-ci.yml':
        'include:\n  - project: grp/lib\n    file: /ci/build.yml\ntest:\n  stage: test\n  script: [ls out]\n',
    };
    const w = worker();
    const out = whole(
      await w.analyze({
        session: 's',
        root: '.gitlab-ci.yml',
        reader: memoryReader(root),
        context: defaultContext(),
        fetcher,
      }),
    );
    const lib = out.model.jobs.find((j) => j.name === 'lib-build');
    assert.equal(lib?.file, 'project:grp/lib@main:/ci/build.yml');
    const full = modelOf({
      type: 'didChangeModel',
      model: null,
      modelJson: out.json,
      banner: null,
      rootLabel: '',
      rootUri: '',
    });
    assert.deepEqual(
      full?.jobs.find((j) => j.name === 'test')?.sources.map((s) => s.job),
      ['lib-build'],
    );
    // Without a fetcher (not connected) the include stays unresolved, as an info: never an error.
    const offline = whole(
      await w.analyze({ session: 's', root: '.gitlab-ci.yml', reader: memoryReader(root), context: defaultContext() }),
    );
    assert.equal(
      offline.model.jobs.some((j) => j.name === 'lib-build'),
      false,
    );
    assert.deepEqual(
      offline.model.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.ok(offline.model.diagnostics.some((d) => d.code === 'include-unresolved'));
  } finally {
    await server.close();
  }
});
