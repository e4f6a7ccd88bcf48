// Rename and quick fixes: the edits, applied to the text, give the YAML a person would write; re-analysed,
// the finding is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareRename, renameEdits, type TextEdit } from '../../../src/editor/rename';
import { quickFixes } from '../../../src/editor/quickFixes';
import { applyEdits, editorModel, folderFiles, pos } from './helpers';

const MONOREPO = folderFiles('examples/monorepo');

function applyAll(files: Record<string, string>, edits: readonly TextEdit[]): Record<string, string> {
  const out = { ...files };
  for (const file of new Set(edits.map((e) => e.file))) {
    out[file] = applyEdits(
      out[file] ?? '',
      edits.filter((e) => e.file === file),
    );
  }
  return out;
}

void test('rename a template across files: its key, extends and !reference; re-analysed, nothing breaks', async () => {
  const em = await editorModel(MONOREPO);
  const p = pos(MONOREPO, '.gitlab-ci.yml', '.deploy-script', 1);
  assert.deepEqual(prepareRename(em, '.gitlab-ci.yml', p.line, p.column), {
    name: '.deploy-script',
    span: { ...em.occurrenceAt('.gitlab-ci.yml', p.line, p.column)! },
  });
  const edits = renameEdits(em, '.deploy-script', '.ship');
  assert.ok(Array.isArray(edits));
  assert.deepEqual([...new Set(edits.map((e) => e.file))].sort(), ['.gitlab-ci.yml', 'ci/templates.yml']);
  const renamed = applyAll(MONOREPO, edits);
  assert.match(renamed['.gitlab-ci.yml'] ?? '', /!reference \[\.ship, script\]/);
  assert.match(renamed['ci/templates.yml'] ?? '', /^\.ship:$/m);
  const after = await editorModel(renamed);
  assert.deepEqual(
    after.model.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  assert.equal(after.model.jobs.length, em.model.jobs.length);
});

void test('rename a job named in needs and dependencies in another file; a name needing quotes is quoted', async () => {
  const em = await editorModel(MONOREPO);
  const edits = renameEdits(em, 'unit', 'unit tests: go');
  assert.ok(Array.isArray(edits));
  const renamed = applyAll(MONOREPO, edits);
  assert.match(renamed['ci/test.yml'] ?? '', /^"unit tests: go":$/m);
  assert.match(renamed['ci/test.yml'] ?? '', /dependencies: \["unit tests: go"\]/);
  const after = await editorModel(renamed);
  assert.ok(after.model.jobs.some((j) => j.name === 'unit tests: go'));
  assert.deepEqual(renameEdits(em, 'unit', 'version'), { error: 'version already exists.' });
  assert.ok('error' in prepareRename(em, '.gitlab-ci.yml', pos(MONOREPO, '.gitlab-ci.yml', 'script:').line, 3));
});

async function fixed(
  files: Record<string, string>,
  code: string,
  choose = 0,
): Promise<{ title: string; files: Record<string, string> }> {
  const em = await editorModel(files);
  const d = em.model.diagnostics.find((x) => x.code === code);
  assert.ok(d, `no ${code} in ${JSON.stringify(em.model.diagnostics.map((x) => x.code))}`);
  const fixes = quickFixes(em, d, (files[d.file] ?? '').split('\n'));
  const fix = fixes[choose];
  assert.ok(fix, `no fix for ${code}`);
  return { title: fix.title, files: applyAll(files, fix.edits) };
}

void test('quick fix: a same-stage dependency becomes a need, and the warning is gone', async () => {
  const { title, files } = await fixed(MONOREPO, 'same-stage-dependency');
  assert.match(title, /Turn the same-stage dependency unit into needs: unit/);
  assert.match(files['ci/test.yml'] ?? '', /coverage:\n {2}needs: \[unit\]\n {2}stage: test\n {2}script:/);
  const after = await editorModel(files);
  assert.ok(!after.model.diagnostics.some((d) => d.code === 'same-stage-dependency'));
  assert.ok(after.model.jobs.find((j) => j.name === 'coverage')?.sources.some((s) => s.job === 'unit'));
});

void test('quick fix: add the producer of an empty $VAR to needs', async () => {
  const yaml = [
    'stages: [build, test]',
    'version:',
    '  stage: build',
    '  script: [echo "VERSION=1" > v.env]',
    '  artifacts: {reports: {dotenv: v.env}}',
    'other:',
    '  stage: build',
    '  script: [x]',
    'use:',
    '  stage: test',
    '  needs:',
    '    - other',
    '  script: [echo $VERSION]',
  ].join('\n');
  const { title, files } = await fixed({ '.gitlab-ci.yml': yaml }, 'dotenv-variable-missing');
  assert.equal(title, 'Add version to the needs of use');
  assert.match(files['.gitlab-ci.yml'] ?? '', /needs:\n {4}- other\n {4}- version\n/);
  const after = await editorModel(files);
  assert.ok(!after.model.diagnostics.some((d) => d.code === 'dotenv-variable-missing'));
});

void test('quick fix: drop the dependencies that needs cancels', async () => {
  const yaml = [
    'stages: [build, test]',
    'a:',
    '  stage: build',
    '  script: [x]',
    '  artifacts: {paths: [a]}',
    'b:',
    '  stage: build',
    '  script: [x]',
    '  artifacts: {paths: [b]}',
    'c:',
    '  stage: test',
    '  needs: [a]',
    '  dependencies:',
    '    - a',
    '    - b',
    '  script: [x]',
  ].join('\n');
  const { title, files } = await fixed({ '.gitlab-ci.yml': yaml }, 'dependencies-with-needs');
  assert.equal(title, 'Remove the dependencies that needs cancels: b');
  assert.match(files['.gitlab-ci.yml'] ?? '', /dependencies:\n {4}- a\n {2}script/);
});

void test('quick fix: remove the earlier of two duplicate keys', async () => {
  const yaml = ['a:', '  script: [one]', '  stage: test', '  script:', '    - two'].join('\n');
  const { title, files } = await fixed({ '.gitlab-ci.yml': yaml }, 'duplicate-key');
  assert.equal(title, "Remove the earlier 'script' (line 2): the later one wins");
  assert.equal(files['.gitlab-ci.yml'], ['a:', '  stage: test', '  script:', '    - two'].join('\n'));
});

void test('quick fix: an undefined need becomes the nearest valid job name', async () => {
  const yaml = [
    'stages: [build, test]',
    'build-linux:',
    '  stage: build',
    '  script: [x]',
    'test:',
    '  stage: test',
    '  needs: [biuld-linux]',
    '  script: [x]',
  ].join('\n');
  const { title, files } = await fixed({ '.gitlab-ci.yml': yaml }, 'undefined-need');
  assert.equal(title, 'Change to build-linux');
  const after = await editorModel(files);
  assert.deepEqual(
    after.model.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
});

void test('quick fix: dependencies: [] for a job that downloads archives nothing in it names; the hint is gone', async () => {
  const yaml = [
    'stages: [build, test]',
    'build:',
    '  stage: build',
    '  script: [make]',
    '  artifacts:',
    '    paths: [out/]',
    'lint:  # style only',
    '    stage: test',
    '    script: [npm run lint]',
    'flow: { stage: test, script: [x] }',
  ].join('\n');
  const em = await editorModel({ '.gitlab-ci.yml': yaml });
  const flow = em.model.diagnostics.find((d) => d.code === 'unused-archives' && d.job === 'flow');
  assert.ok(flow, 'the flow-mapping job gets the hint too');
  assert.deepEqual(quickFixes(em, flow, yaml.split('\n')), [], 'but no fix: its one line is not rewritten');
  const { title, files } = await fixed({ '.gitlab-ci.yml': yaml }, 'unused-archives');
  assert.equal(title, 'Add dependencies: [] to lint (it then downloads no archives)');
  assert.match(files['.gitlab-ci.yml'] ?? '', /^lint: {2}# style only\n {4}dependencies: \[\]\n {4}stage: test$/m);
  const after = await editorModel(files);
  assert.ok(after.model.jobs.find((j) => j.name === 'lint')?.sources.length === 0);
  assert.deepEqual(
    after.model.diagnostics.filter((d) => d.code === 'unused-archives').map((d) => d.job),
    ['flow'],
  );
});
