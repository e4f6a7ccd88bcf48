// Jobs and their expanded needs reused across analyses (src/ci/incremental/entryJobs.ts, jobs/references.ts): an
// entry whose resolved value, key, the `default:` entries, the stages and the flags are the same objects gives the
// very jobs of the earlier analysis; anything else builds them afresh; and reuse reports what building reported.
// (test/unit/ci/incremental.test.ts compares whole analyses with fresh ones over random edits of real files.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import { buildJobs } from '../../../src/ci/jobs/buildJobs';
import { expandReferences } from '../../../src/ci/jobs/references';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import type { YMap } from '../../../src/ci/yaml/node';

function load(text: string): YMap {
  const sink = new DiagnosticSink();
  const root = loadYaml(text, 'ci.yml', sink).root;
  assert.ok(root, JSON.stringify(sink.items));
  return root;
}

/** A new root mapping over the same entries, as every analysis makes (includes merged). */
const again = (config: YMap): YMap => ({ ...config, entries: [...config.entries] });

const TEXT = [
  'stages: [build, test]',
  'default: {image: alpine}',
  'a:',
  '  stage: build',
  '  script: make',
  '  parallel: 2',
  '  artifacts: {paths: [out/]}',
  'b:',
  '  stage: test',
  '  script: test',
  '  needs: [a]',
  '  dependencies: [a]',
  '',
].join('\n');

void test('an unchanged entry gives the jobs of the earlier analysis, and their expanded needs', () => {
  const config = load(TEXT);
  const first = buildJobs(config, new DiagnosticSink());
  const second = buildJobs(again(config), new DiagnosticSink());
  assert.equal(second.jobs.length, 3);
  second.jobs.forEach((j, i) => assert.equal(j, first.jobs[i], j.name));
  const refs1 = expandReferences(first.jobs);
  const refs2 = expandReferences(second.jobs);
  assert.deepEqual(
    refs2.get('b')?.needs?.map((n) => n.name),
    ['a 1/2', 'a 2/2'],
  );
  assert.equal(refs2.get('b')?.needs, refs1.get('b')?.needs);
  assert.equal(refs2.get('b')?.dependencies, refs1.get('b')?.dependencies);
});

void test('jobs are built afresh when what they are built with changes', () => {
  const config = load(TEXT);
  const first = buildJobs(config, new DiagnosticSink());
  // Other stages: the same entries, a new stage list.
  const stages = load(TEXT.replace('stages: [build, test]', 'stages: [build, test, deploy]'));
  const restaged = buildJobs(
    { ...config, entries: [stages.entries[0]!, ...config.entries.slice(1)] },
    new DiagnosticSink(),
  );
  assert.notEqual(restaged.jobs[0], first.jobs[0]);
  assert.deepEqual(restaged.stages, ['.pre', 'build', 'test', 'deploy', '.post']);
  // Another `default:` (its entries are part of every job).
  const def = load(TEXT.replace('image: alpine', 'image: debian'));
  const redefaulted = buildJobs(
    { ...config, entries: [config.entries[0]!, def.entries[1]!, ...config.entries.slice(2)] },
    new DiagnosticSink(),
  );
  assert.notEqual(redefaulted.jobs[2], first.jobs[2]);
  // The lenient flag (unresolved includes).
  assert.notEqual(buildJobs(again(config), new DiagnosticSink(), true).jobs[2], first.jobs[2]);
});

void test('a job added before others: theirs are renumbered copies, equal but for their order', () => {
  const config = load(TEXT);
  const first = buildJobs(config, new DiagnosticSink());
  const extra = load('z:\n  stage: build\n  script: z\n').entries[0]!;
  const entries = [...config.entries];
  entries.splice(2, 0, extra);
  const next = buildJobs({ ...config, entries }, new DiagnosticSink());
  assert.deepEqual(
    next.jobs.map((j) => `${j.name}#${j.order}`),
    ['z#0', 'a 1/2#1', 'a 2/2#2', 'b#3'],
  );
  assert.notEqual(next.jobs[3], first.jobs[2]);
  assert.deepEqual({ ...next.jobs[3]!, order: 0 }, { ...first.jobs[2]!, order: 0 });
  // And the needs of `b` are expanded again: the names changed.
  assert.notEqual(expandReferences(next.jobs).get('b')?.needs, expandReferences(first.jobs).get('b')?.needs);
});

void test('an entry whose building reported something is reused too, and reports the same again every time', () => {
  const config = load('stages: [build]\na:\n  stage: nope\n  script: x\nb:\n  stage: build\n  script: y\n');
  const reports: string[] = [];
  let first: ReturnType<typeof buildJobs> | undefined;
  for (let i = 0; i < 3; i++) {
    const sink = new DiagnosticSink();
    const built = buildJobs(again(config), sink);
    assert.deepEqual(
      sink.items.map((d) => d.code),
      ['unknown-stage'],
      `analysis ${i + 1}`,
    );
    reports.push(JSON.stringify(sink.items));
    assert.equal(built.jobs.length, 2);
    first ??= built;
    assert.equal(built.jobs[0], first.jobs[0], 'the very job of the first analysis');
  }
  assert.equal(new Set(reports).size, 1, 'the same message at the same position each time');
  // A sink that already holds the message (found earlier) keeps one of them, as when the entry is built.
  const sink = new DiagnosticSink();
  const earlier = new DiagnosticSink();
  buildJobs(load('stages: [build]\na:\n  stage: nope\n  script: x\nb:\n  stage: build\n  script: y\n'), earlier);
  for (const d of earlier.items) sink.add(d);
  buildJobs(again(config), sink);
  assert.equal(sink.items.length, 1);
  // What is kept is a copy: changing an item the model holds changes nothing later analyses report.
  const held = new DiagnosticSink();
  buildJobs(again(config), held);
  (held.items[0] as { message: string }).message = 'changed';
  const later = new DiagnosticSink();
  buildJobs(again(config), later);
  assert.notEqual(later.items[0]?.message, 'changed');
});

void test("needs that take an instance's own matrix values are kept per instance, and expanded again when names change", () => {
  const text = [
    'a:',
    '  script: make',
    '  parallel: {matrix: [{OS: [x, y]}]}',
    'b:',
    '  stage: test',
    '  script: test',
    '  parallel: {matrix: [{OS: [x, y]}]}',
    "  needs: [{job: a, parallel: {matrix: [{OS: '$[[ matrix.OS ]]'}]}}]",
    '',
  ].join('\n');
  const config = load(text);
  const first = buildJobs(config, new DiagnosticSink());
  const second = buildJobs(again(config), new DiagnosticSink());
  const refs1 = expandReferences(first.jobs);
  const refs2 = expandReferences(second.jobs);
  // GitLab 18.6's matrix expression in needs:parallel:matrix: each instance needs its own `a`.
  assert.deepEqual(
    ['b: [x]', 'b: [y]'].map((n) => refs2.get(n)?.needs?.map((x) => x.name)),
    [['a: [x]'], ['a: [y]']],
  );
  assert.equal(refs2.get('b: [y]')?.needs, refs1.get('b: [y]')?.needs, 'the same instance: the same list');
  const extra = load('z:\n  script: z\n').entries[0]!;
  const renamed = buildJobs({ ...config, entries: [...config.entries, extra] }, new DiagnosticSink());
  assert.notEqual(expandReferences(renamed.jobs).get('b: [y]')?.needs, refs1.get('b: [y]')?.needs);
});
