// Go to definition, references and symbols across included files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definitionAt, referencesAt } from '../../../src/editor/navigation';
import { documentSymbols, workspaceSymbols } from '../../../src/editor/symbols';
import { lenses } from '../../../src/editor/lens';
import { editorModel, folderFiles, pos } from './helpers';

const MONOREPO = folderFiles('examples/monorepo');

void test('definition: a needs entry, extends, !reference, include:local and a stage name', async () => {
  const em = await editorModel(MONOREPO);
  const at = (file: string, needle: string, offset: number): string[] => {
    const p = pos(MONOREPO, file, needle, offset);
    return definitionAt(em, file, p.line, p.column).map((d) => `${d.file}:${d.span.line}:${d.span.column}`);
  };
  const version = pos(MONOREPO, '.gitlab-ci.yml', 'version:');
  assert.deepEqual(at('.gitlab-ci.yml', '- version', 3), [`.gitlab-ci.yml:${version.line}:1`]);
  assert.deepEqual(at('.gitlab-ci.yml', 'extends: .go-build', 10), ['ci/templates.yml:1:1']);
  assert.deepEqual(at('.gitlab-ci.yml', '.deploy-script, script', 2), ['ci/templates.yml:6:1']);
  assert.deepEqual(at('.gitlab-ci.yml', 'ci/templates.yml', 2), ['ci/templates.yml:1:1']);
  assert.deepEqual(at('.gitlab-ci.yml', '/ci/test.yml', 2), ['ci/test.yml:1:1']);
  const stages = pos(MONOREPO, '.gitlab-ci.yml', 'package, deploy');
  assert.deepEqual(at('.gitlab-ci.yml', 'stage: package', 8), [`.gitlab-ci.yml:${stages.line}:${stages.column}`]);
  assert.deepEqual(at('ci/test.yml', '[unit]', 2), ['ci/test.yml:1:1']);
});

void test('references of a job: its key and every needs/dependencies/extends/!reference naming it, in every file', async () => {
  const em = await editorModel(MONOREPO);
  const p = pos(MONOREPO, 'ci/test.yml', 'unit:');
  const refs = referencesAt(em, 'ci/test.yml', p.line, p.column, true).map((r) => `${r.file}:${r.span.line}`);
  assert.deepEqual(refs, ['ci/test.yml:1', 'ci/test.yml:10']);
  const t = pos(MONOREPO, 'ci/templates.yml', '.deploy-script:');
  const uses = referencesAt(em, 'ci/templates.yml', t.line, t.column + 2, false).map((r) => r.file);
  assert.deepEqual(uses, ['.gitlab-ci.yml']);
});

void test('document symbols group jobs under their stages; workspace symbols find jobs and templates', async () => {
  const em = await editorModel(MONOREPO);
  const symbols = documentSymbols(em, '.gitlab-ci.yml');
  const outline = symbols.map((s) => `${s.name}[${s.children.map((c) => c.name).join(',')}]`);
  assert.deepEqual(outline, [
    'build[build,version]',
    'package[package]',
    'deploy[deploy]',
    'include[]',
    'stages[]',
    'default[]',
  ]);
  const build = symbols[0]?.children[0];
  assert.equal(build?.detail, '4 instances');
  assert.deepEqual(
    workspaceSymbols(em, 'dscr').map((s) => `${s.name}@${s.file}`),
    ['.deploy-script@ci/templates.yml'],
  );
});

void test('CodeLens: one summary line per job', async () => {
  const em = await editorModel(MONOREPO);
  const titles = Object.fromEntries(lenses(em, '.gitlab-ci.yml').map((l) => [l.job, l.title]));
  assert.equal(titles.package, 'from build, version · used by 1');
  assert.equal(titles.version, 'receives nothing · used by 3');
  assert.equal(titles.deploy, 'from build, version, unit +2 · 1 conflict · used by none');
  const included = Object.fromEntries(lenses(em, 'ci/test.yml').map((l) => [l.job, l.title]));
  // All four build instances write bin/: one conflict. coverage's same-stage dependency brings nothing.
  assert.equal(included.unit, 'from build, version · 1 conflict · used by 1');
  assert.equal(included.coverage, 'receives nothing · used by 1');
});
