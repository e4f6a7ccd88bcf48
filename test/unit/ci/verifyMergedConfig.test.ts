// The configuration "Compare with GitLab" sends: local includes inlined from the working copy, `extends` and
// `!reference` left for GitLab to resolve, typed scalars and keys kept, aliases written once, unresolved
// includes sent as written, and the root sent as written when it does not load. The strongest check: the sent
// text alone, analysed as one file, gives the same pipeline as the files it came from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import { buildMergedConfig } from '../../../src/ci/verify/mergedConfig';
import { FlowYamlTooLarge, toFlowYaml } from '../../../src/ci/verify/flowYaml';
import { ourSide } from '../../../src/ci/verify/ourSide';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import { toPlain } from '../../../src/ci/yaml/node';
import { memoryReader } from './helpers';

const options = (files: Record<string, string>) => ({
  root: '.gitlab-ci.yml',
  reader: memoryReader(files),
  context: defaultContext(),
});

async function jobsOf(files: Record<string, string>) {
  const side = ourSide(await analyze(options(files)));
  return { jobs: side.jobs, errors: side.errors.map((e) => e.message) };
}

void test('the sent text alone gives the same pipeline as the files it came from', async () => {
  const files = {
    '.gitlab-ci.yml': [
      'include:',
      '  - local: ci/build.yml',
      '  - ci/test.yml',
      'stages: [build, test, deploy]',
      'deploy:',
      '  extends: .deploy_base',
      '  script: [!reference [.setup, script], ./deploy]',
      '  needs: [build]',
      '  rules:',
      '    - if: $CI_COMMIT_BRANCH == "main"',
      '      when: manual',
      '',
    ].join('\n'),
    'ci/build.yml': [
      '.setup: {script: [echo setup]}',
      '.deploy_base: {stage: deploy, variables: {V: "1"}}',
      'build:',
      '  stage: build',
      '  script: make',
      '  parallel: {matrix: [{OS: [linux, mac]}]}',
      '',
    ].join('\n'),
    'ci/test.yml': 'unit: &u {stage: test, script: t, needs: [{job: build, artifacts: false}]}\nother: *u\n',
  };
  const config = await buildMergedConfig(options(files));
  assert.equal(config.form, 'merged');
  assert.deepEqual(config.files.sort(), ['.gitlab-ci.yml', 'ci/build.yml', 'ci/test.yml']);
  assert.match(config.content, /!reference \["\.setup", "script"\]/);
  assert.match(config.content, /"extends": "\.deploy_base"/);
  assert.doesNotMatch(config.content, /"include"/);
  // The shared `unit` mapping is written once, then aliased.
  assert.match(config.content, /"unit": &a\d+ \{/);
  assert.match(config.content, /"other": \*a\d+/);
  const original = await jobsOf(files);
  const sent = await jobsOf({ '.gitlab-ci.yml': config.content });
  assert.deepEqual(original.errors, []);
  assert.deepEqual(sent, original);
  assert.deepEqual(
    original.jobs.map((j) => j.name),
    ['build: [linux]', 'build: [mac]', 'unit', 'other', 'deploy'],
  );
});

void test('unsaved text is what is sent: the reader gives editor buffers first', async () => {
  const config = await buildMergedConfig(options({ '.gitlab-ci.yml': 'edited: {script: [x]}\n' }));
  assert.equal(config.content, '{"edited": {"script": ["x"]}}\n');
});

void test('floats, big integers, typed keys and nulls read back to the same values', () => {
  const text = [
    'a: 1.0',
    'b: 1.5e+20',
    'c: .inf',
    'd: 12345678901234567890',
    'e: "1.0"',
    'f: ~',
    'g: {true: yes, 010: x}',
    '',
  ].join('\n');
  const sink = new DiagnosticSink();
  const loaded = loadYaml(text, 'x.yml', sink).root!;
  const flow = toFlowYaml(loaded);
  const again = loadYaml(flow, 'y.yml', new DiagnosticSink()).root!;
  assert.deepEqual(toPlain(again), toPlain(loaded));
  const typed = (root: typeof loaded, key: string) => root.entries.find((e) => e.key === key)!.value;
  for (const key of ['a', 'b', 'c']) {
    const v = typed(again, key);
    assert.equal(v.kind === 'scalar' && v.float, true, `${key} stays a float`);
  }
  const d = typed(again, 'd');
  assert.equal(d.kind === 'scalar' && d.ruby, '12345678901234567890');
  const g = typed(again, 'g');
  assert.deepEqual(g.kind === 'map' && g.entries.map((e) => [e.key, e.keyKind]), [
    ['true', 'bool'],
    ['8', 'int'],
  ]);
});

void test('the text is bounded: an alias bomb is written once per node, and a cap stops the rest', () => {
  // 2,801 nodes once expanded (ten-wide and five deep would be too big for GitLab's DeepSize, and is refused).
  const lines = ['a0: &a0 [x, x, x, x, x, x, x]'];
  for (let i = 1; i <= 3; i++) {
    lines.push(
      `a${i}: &a${i} [${Array(7)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  }
  const loaded = loadYaml(`${lines.join('\n')}\n`, 'bomb.yml', new DiagnosticSink()).root!;
  const flow = toFlowYaml(loaded);
  assert.ok(flow.length < 1000, `written once per node (${flow.length} chars)`);
  assert.throws(() => toFlowYaml(loaded, 100), FlowYamlTooLarge);
});

void test('an include we cannot read is sent as written, for GitLab to resolve; one in a fetched file is not', async () => {
  const files = {
    '.gitlab-ci.yml': [
      'include:',
      '  - local: ci/a.yml',
      '  - remote: https://example.com/ci/r.yml',
      'job: {script: x}',
      '',
    ].join('\n'),
    'ci/a.yml': 'include:\n  - project: grp/lib\n    ref: v1\n    file: [/x.yml]\nfrom_a: {script: a}\n',
  };
  const config = await buildMergedConfig(options(files));
  // In the order the expansion met them: ci/a.yml's own include before the next entry of the root.
  assert.deepEqual(config.sent, ['grp/lib:x.yml@v1', 'https://example.com/ci/r.yml']);
  assert.deepEqual(config.notSent, []);
  const back = loadYaml(config.content, 's.yml', new DiagnosticSink()).root!;
  assert.deepEqual(toPlain(back.entries[0]?.value), [
    { project: 'grp/lib', ref: 'v1', file: ['/x.yml'] },
    { remote: 'https://example.com/ci/r.yml' },
  ]);
  assert.deepEqual(
    back.entries.map((e) => e.key),
    ['include', 'from_a', 'job'],
  );
});

void test('a root that does not load here is sent as written', async () => {
  const text = 'job: {script: [x]\n';
  const config = await buildMergedConfig(options({ '.gitlab-ci.yml': text }));
  assert.equal(config.form, 'raw');
  assert.equal(config.content, text);
});
