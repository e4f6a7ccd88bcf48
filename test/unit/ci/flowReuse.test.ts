// Dependency lists kept between analyses (src/ci/incremental/flowMemo.ts) and the merges and placeholders that keep
// unchanged entries the same objects (merge/deepMerge.ts, merge/reference.ts): over edits made as the editor makes
// them (one parse cache), every analysis equals a fresh one; a job whose offers did not change keeps its list, and
// a change to what another job offers (its artifacts, whether it runs) gives new lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import { CheckMemo } from '../../../src/ci/incremental/checkMemo';
import { JobInclusionCache } from '../../../src/ci/incremental/jobInclusionCache';
import type { FlowModel } from '../../../src/ci/model';
import { deepMerge } from '../../../src/ci/merge/deepMerge';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import { resolveReferences } from '../../../src/ci/merge/reference';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import { createParseCache } from '../../../src/ci/yaml/parseCache';
import { encodeModel } from '../../../src/protocol';
import { jobPieces } from '../../../src/editor/modelDelta';
import { memoryReader } from './helpers';
import type { YMap } from '../../../src/ci/yaml/node';
import { get } from '../../../src/ci/yaml/node';

const BASE = [
  'stages: [build, test]',
  'a:',
  '  stage: build',
  '  script: make',
  '  artifacts: {paths: [out/a.txt]}',
  'c:',
  '  stage: build',
  '  script: make c',
  '  artifacts: {paths: [out/c.txt]}',
  'b:',
  '  stage: test',
  '  script: cat out/a.txt',
  'n:',
  '  stage: test',
  '  script: cat out/a.txt',
  '  needs: [a]',
  '',
].join('\n');

/** Analyses as the editor runs them (caches kept), each checked against a fresh analysis. */
function editor(): (text: string, variables?: Record<string, string>) => Promise<FlowModel> {
  const caches = { cache: createParseCache(), jobInclusions: new JobInclusionCache(), checks: new CheckMemo() };
  return async (text, variables = {}) => {
    const files = { '.gitlab-ci.yml': text };
    const context = { ...defaultContext(), variables };
    const kept = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context, ...caches });
    const fresh = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context });
    assert.equal(new TextDecoder().decode(encodeModel(kept)), new TextDecoder().decode(encodeModel(fresh)));
    return kept;
  };
}

const job = (m: FlowModel, name: string) => m.jobs.find((j) => j.name === name)!;

void test("typing in another job's script keeps a job's list; it is the one a fresh analysis gives", async () => {
  const run = editor();
  const first = await run(BASE);
  const typed = await run(BASE.replace('script: make c', 'script: make cc'));
  assert.deepEqual(
    job(typed, 'b').sources.map((s) => s.job),
    ['a', 'c'],
  );
  // The stage-scheduled job's and the needing job's FlowJobs are the very objects of the earlier analysis, and
  // their JSON is written once.
  for (const name of ['b', 'n']) {
    assert.equal(job(typed, name), job(first, name), name);
    assert.equal(
      jobPieces(typed)[typed.jobs.indexOf(job(typed, name))],
      jobPieces(first)[first.jobs.indexOf(job(first, name))],
    );
  }
  assert.notEqual(job(typed, 'c'), job(first, 'c'), 'the job typed in is new');
});

void test('a change to what another job offers gives new lists', async () => {
  const run = editor();
  const first = await run(BASE);
  // c now writes the file a writes: a conflict for b.
  const overlapping = await run(BASE.replace('out/c.txt', 'out/a.txt'));
  assert.notEqual(job(overlapping, 'b').conflicts, job(first, 'b').conflicts);
  assert.deepEqual(
    job(overlapping, 'b').conflicts.map((c) => c.path),
    ['out/a.txt'],
  );
  // c leaves the pipeline (the same text, another pipeline: nothing moves): b no longer receives it.
  const ruled = BASE.replace(
    'script: make c',
    "script: make c\n  rules: [{if: '$SKIP', when: never}, {when: on_success}]",
  );
  assert.deepEqual(
    job(await run(ruled), 'b').sources.map((s) => s.job),
    ['a', 'c'],
  );
  assert.deepEqual(
    job(await run(ruled, { SKIP: '1' }), 'b').sources.map((s) => s.job),
    ['a'],
  );
  // c is renamed: b receives from the new name.
  const renamed = await run(BASE.replace('\nc:\n', '\nd:\n'));
  assert.deepEqual(
    job(renamed, 'b').sources.map((s) => s.job),
    ['a', 'd'],
  );
});

void test('deep merges of the same two mappings give the same object', () => {
  const load = (t: string): YMap => loadYaml(t, 'ci.yml', new DiagnosticSink()).root!;
  const base = load('a: {x: 1, y: {p: 1}}');
  const over = load('a: {y: {q: 2}}');
  const one = deepMerge(get(base, 'a')!, get(over, 'a')!);
  assert.equal(deepMerge(get(base, 'a')!, get(over, 'a')!), one);
  assert.notEqual(deepMerge(get(load('a: {x: 1, y: {p: 1}}'), 'a')!, get(over, 'a')!), one);
});

void test('an unresolved !reference (lenient) resolves to the same placeholder each time, and warns each time', () => {
  const config = loadYaml('j:\n  script: [!reference [.nowhere, script], x]\n', 'ci.yml', new DiagnosticSink()).root!;
  const sinks = [new DiagnosticSink(), new DiagnosticSink()];
  const [one, two] = sinks.map((sink) => resolveReferences({ ...config, entries: [...config.entries] }, sink, true));
  assert.equal(get(two, 'j'), get(one, 'j'));
  assert.deepEqual(
    sinks.map((s) => s.items.map((d) => d.code)),
    [['reference-unresolved'], ['reference-unresolved']],
  );
});

void test('a producer whose consumers change is a new FlowJob, though nothing else of it changed', async () => {
  const run = editor();
  const first = await run(BASE);
  assert.deepEqual(job(first, 'a').consumers, ['b', 'n']);
  // `n` stops taking a's artifacts: a's own definition and lists are unchanged, its consumers are not.
  const next = await run(BASE.replace('  needs: [a]', '  needs: [{job: a, artifacts: false}]'));
  assert.deepEqual(job(next, 'a').consumers, ['b']);
  assert.notEqual(job(next, 'a'), job(first, 'a'));
  assert.equal(job(next, 'a').sources, job(first, 'a').sources);
});

void test("a trigger job's FlowJob is kept while its child's configuration sources say the same, and new when they change", async () => {
  const run = editor();
  const text = [
    'stages: [build, deploy]',
    'gen:',
    '  stage: build',
    '  script: make config.yml',
    '  artifacts: {paths: [config.yml]}',
    'child:',
    '  stage: deploy',
    '  trigger:',
    '    include: [{artifact: config.yml, job: gen}]',
    'other:',
    '  stage: build',
    '  script: x',
    '',
  ].join('\n');
  const first = await run(text);
  assert.equal(job(first, 'child').configSources?.[0]?.available, true);
  const typed = await run(text.replace('script: x', 'script: xy'));
  assert.equal(job(typed, 'child'), job(first, 'child'), 'an edit elsewhere keeps the object');
  const gone = await run(
    text.replace('  script: make config.yml', '  script: make config.yml\n  rules: [{when: never}]'),
  );
  assert.equal(job(gone, 'child').configSources?.[0]?.available, false);
  assert.notEqual(job(gone, 'child'), job(first, 'child'));
});
