// The editor index: every name the providers act on, at the right place in the right file, without quotes,
// through anchors, `!reference`, map-form needs and included files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorModel, folderFiles, pos } from './helpers';
import { scanVariables, variableAt } from '../../../src/editor/scanVariables';

const MONOREPO = folderFiles('examples/monorepo');

void test('monorepo: job keys, needs (string and map form), extends, !reference and include paths are indexed in their own files', async () => {
  const em = await editorModel(MONOREPO);
  const root = em.file('.gitlab-ci.yml');
  assert.ok(root);
  assert.deepEqual(
    root.top.filter((t) => t.kind === 'job').map((t) => t.name),
    ['build', 'version', 'package', 'deploy'],
  );
  const kinds = (file: string, kind: string): string[] =>
    (em.file(file)?.occurrences ?? [])
      .filter((o) => o.kind === kind)
      .map((o) => `${o.owner}>${o.name}@${o.line}:${o.column}`);
  const need = pos(MONOREPO, '.gitlab-ci.yml', '- job: build', 7);
  const version = pos(MONOREPO, '.gitlab-ci.yml', '- version', 2);
  assert.deepEqual(kinds('.gitlab-ci.yml', 'need'), [
    `package>build@${need.line}:${need.column}`,
    `package>version@${version.line}:${version.column}`,
  ]);
  assert.deepEqual(
    kinds('.gitlab-ci.yml', 'extends').map((s) => s.split('@')[0]),
    ['build>.go-build'],
  );
  assert.deepEqual(
    kinds('.gitlab-ci.yml', 'reference').map((s) => s.split('@')[0]),
    ['deploy>.deploy-script'],
  );
  assert.deepEqual(
    kinds('.gitlab-ci.yml', 'include').map((s) => s.split('@')[0]),
    ['include>ci/templates.yml', 'include>/ci/test.yml'],
  );
  assert.deepEqual(
    kinds('ci/test.yml', 'dependency').map((s) => s.split('@')[0]),
    ['coverage>unit'],
  );
  assert.deepEqual(
    em.file('ci/templates.yml')?.top.map((t) => `${t.name}:${t.kind}`),
    ['.go-build:hidden', '.deploy-script:hidden'],
  );
  // The map-form need carries its entry's start: the engine's ArtifactSource.at points there.
  const mapNeed = em.file('.gitlab-ci.yml')?.occurrences.find((o) => o.kind === 'need' && o.name === 'build');
  assert.deepEqual(mapNeed?.entry, pos(MONOREPO, '.gitlab-ci.yml', 'job: build'));
});

void test('quoted names are indexed without their quotes; anchors reach the same text once', async () => {
  const files = {
    '.gitlab-ci.yml': [
      'stages: [build, test]',
      '"build app":',
      '  stage: build',
      '  script: [make]',
      '  artifacts: {paths: [out/]}',
      '.common: &common',
      '  needs: ["build app"]',
      'unit:',
      '  stage: test',
      '  <<: *common',
      '  script: [echo]',
      'lint:',
      '  stage: test',
      '  <<: *common',
      '  script: [echo]',
    ].join('\n'),
  };
  const em = await editorModel(files);
  const key = em.file('.gitlab-ci.yml')?.top.find((t) => t.name === 'build app');
  assert.deepEqual([key?.line, key?.column, key?.endColumn, key?.quoted], [2, 2, 11, true]);
  const needs = em.file('.gitlab-ci.yml')?.occurrences.filter((o) => o.kind === 'need') ?? [];
  assert.equal(needs.length, 1);
  assert.deepEqual(
    [needs[0]?.line, needs[0]?.column, needs[0]?.endColumn, needs[0]?.owner, needs[0]?.quoted],
    [7, 12, 21, '.common', true],
  );
  assert.deepEqual(needs[0]?.entry, { line: 7, column: 11 });
});

void test('$VAR and ${VAR} are found at exact columns, $$VAR and comment lines are not', () => {
  const found = scanVariables(['  script:', '    - echo "$A ${B_2}" $$NOT', '    # $COMMENT', '    - x=$C']);
  assert.deepEqual(
    found.map((o) => `${o.name}@${o.line}:${o.column}-${o.endColumn}`),
    ['A@2:14-15', 'B_2@2:18-21', 'C@4:10-11'],
  );
  assert.deepEqual(variableAt('    - echo $VE', 15), { start: 13, prefix: 'VE' });
  assert.deepEqual(variableAt('    - echo ${', 14), { start: 14, prefix: '' });
  assert.equal(variableAt('    - echo $$V', 15), undefined);
});

void test('a tree indexed again gives the same `!reference` occurrences, those under a shared anchor included', async () => {
  const { indexFile } = await import('../../../src/editor/indexFile');
  const { loadYaml } = await import('../../../src/ci/yaml/loadYaml');
  const { DiagnosticSink } = await import('../../../src/ci/diagnostics');
  const text = [
    '.t:',
    '  script: &s [!reference [.a, script], echo]',
    'j:',
    '  script: *s',
    '  after_script: [*s, !reference [.b, after]]',
    '  variables: {X: "1"}',
    'k:',
    '  script: [echo k]',
    '',
  ].join('\n');
  const root = loadYaml(text, 'f.yml', new DiagnosticSink()).root;
  const refs = (): string[] =>
    indexFile('f.yml', text, root)
      .occurrences.filter((o) => o.kind === 'reference')
      .map((o) => `${o.owner}>${o.name}@${o.line}:${o.column}`);
  const first = refs();
  assert.deepEqual(first, ['.t>.a@2:27', 'j>.b@5:34']);
  // The second walk skips subtrees found without references in the first: the same occurrences.
  assert.deepEqual(refs(), first);
  assert.deepEqual(refs(), first);
});
