// Completion: what is typed where (read from the text), and only candidates valid there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidates } from '../../../src/editor/completion';
import { completionContext } from '../../../src/editor/completionContext';
import { editorModel, folderFiles } from './helpers';

const MONOREPO = folderFiles('examples/monorepo');

void test('the completion context is read from the text: flow and block lists, map needs, !reference, stage, $', () => {
  const lines = [
    'job:',
    '  needs: [a, b',
    '  dependencies:',
    '    - x',
    '    - ',
    '  needs:',
    '    - job: bu',
    '  extends: .t',
    '  script: [!reference [.d',
    '  stage: te',
    '  script: echo ${VER',
    '  image: foo',
  ];
  const ctx = (line: number): string => {
    const c = completionContext(lines, line, (lines[line - 1] ?? '').length + 1);
    return c ? `${c.kind}:${c.owner}:${c.prefix}:${c.start}` : 'none';
  };
  assert.equal(ctx(2), 'needs:job:b:14');
  assert.equal(ctx(5), 'dependencies:job::7');
  assert.equal(ctx(7), 'needs:job:bu:12');
  assert.equal(ctx(8), 'extends:job:.t:12');
  assert.equal(ctx(9), 'reference:job:.d:24');
  assert.equal(ctx(10), 'stage:job:te:10');
  assert.equal(ctx(11), 'variable:job:VER:18');
  assert.equal(ctx(12), 'none');
});

void test('needs: jobs of this pipeline, not itself, not later stages; parallel groups and their instances, quoted', async () => {
  const em = await editorModel(MONOREPO);
  const labels = candidates(em, { kind: 'needs', owner: 'package', prefix: '', start: 1 });
  const names = labels.map((c) => c.label);
  assert.ok(
    names.includes('build') && names.includes('version') && names.includes('unit') && names.includes('coverage'),
  );
  assert.ok(!names.includes('package') && !names.includes('deploy'), names.join(', '));
  const instance = labels.find((c) => c.label === 'build: [linux, amd64]');
  assert.equal(instance?.insert, '"build: [linux, amd64]"');
  const deps = candidates(em, { kind: 'dependencies', owner: 'coverage', prefix: '', start: 1 }).map((c) => c.label);
  // dependencies: earlier stages only (unit is in coverage's own stage).
  assert.ok(deps.includes('build') && deps.includes('version'));
  assert.ok(!deps.includes('unit') && !deps.includes('coverage'), deps.join(', '));
});

void test('$ completion offers the dotenv keys that reach the job, not those that do not', async () => {
  const files = {
    '.gitlab-ci.yml': [
      'stages: [build, test]',
      'version:',
      '  stage: build',
      '  script: [echo "VERSION=1" > v.env]',
      '  artifacts: {reports: {dotenv: v.env}}',
      'uses:',
      '  stage: test',
      '  variables: {OWN: x}',
      '  script: [echo]',
      'isolated:',
      '  stage: test',
      '  needs: []',
      '  script: [echo]',
    ].join('\n'),
  };
  const em = await editorModel(files);
  const uses = candidates(em, { kind: 'variable', owner: 'uses', prefix: '', start: 1 });
  assert.equal(uses.find((c) => c.label === 'VERSION')?.detail, 'dotenv of version');
  assert.equal(uses.find((c) => c.label === 'OWN')?.detail, 'variables: of uses');
  assert.ok(uses.some((c) => c.label === 'CI_COMMIT_BRANCH'));
  const isolated = candidates(em, { kind: 'variable', owner: 'isolated', prefix: '', start: 1 }).map((c) => c.label);
  assert.ok(!isolated.includes('VERSION') && !isolated.includes('OWN'), isolated.slice(0, 10).join(', '));
});

void test('extends and !reference offer other top-level keys, stage offers the stage list', async () => {
  const em = await editorModel(MONOREPO);
  const ext = candidates(em, { kind: 'extends', owner: 'build', prefix: '', start: 1 }).map((c) => c.label);
  assert.ok(
    ext.includes('.go-build') && ext.includes('.deploy-script') && !ext.includes('build') && !ext.includes('stages'),
  );
  assert.deepEqual(
    candidates(em, { kind: 'stage', owner: 'build', prefix: '', start: 1 }).map((c) => c.label),
    ['.pre', 'build', 'test', 'package', 'deploy', '.post'],
  );
});
