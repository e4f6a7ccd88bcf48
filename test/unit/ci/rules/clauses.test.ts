import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateChanges, evaluateExists, expandExisting, hasNoDiff } from '../../../../src/ci/rules/clauses';
import { expandBraces, rubyFnmatch } from '../../../../src/ci/rules/fnmatch';
import { env, mr, push, schedule, tagPush } from './helpers';

const FN = { dotmatch: true, extglob: true };

void test('fnmatch: FNM_PATHNAME, DOTMATCH, braces, and Ruby ** rules', () => {
  const yes: [string, string][] = [
    ['**/*.js', 'a/b/c.js'],
    ['**/*.js', 'c.js'],
    ['*.{js,ts}', 'a.ts'],
    ['src/**/*.{js,ts}', 'src/x/y/a.js'],
    ['*', '.hidden'],
    ['**/.gitlab-ci.yml', '.gitlab-ci.yml'],
    ['.github/**/*', '.github/workflows/x.yml'],
    ['a/**/b', 'a/b'],
    ['a/**/b', 'a/x/y/b'],
    ['[ab].txt', 'a.txt'],
    ['a(b)', 'a(b)'],
    ['!x', '!x'],
    ['docs/**', 'docs/a'],
    ['a{b,c{d,e}}f', 'acef'],
    ['**/.x/*', 'a/.x/y'],
  ];
  const no: [string, string][] = [
    ['docs/**', 'docs/a/b'],
    ['a/*', 'a/b/c'],
    ['a?c', 'a/c'],
    ['*', 'a/b'],
    ['x{1..2}', 'x1'],
    ['*.js', 'a.jsx'],
    ['+(a|b)', 'a'],
    // A `{` never closed: Ruby's brace expansion calls the matcher for no pattern, so nothing matches.
    ['{a,b', '{a,b'],
  ];
  for (const [g, p] of yes) assert.equal(rubyFnmatch(g, p, FN), true, `${g} ~ ${p}`);
  for (const [g, p] of no) assert.equal(rubyFnmatch(g, p, FN), false, `${g} !~ ${p}`);
  assert.equal(rubyFnmatch('*', '.hidden', { dotmatch: false, extglob: true }), false, 'without DOTMATCH');
  assert.equal(
    rubyFnmatch('{a,b}', 'a', { dotmatch: true, extglob: false }),
    false,
    'without EXTGLOB braces are literal',
  );
  assert.deepEqual(expandBraces('a{b,c{d,e}}f'), ['abf', 'acdf', 'acef']);
  assert.deepEqual(expandBraces('a{b'), []);
});

void test('hasNoDiff: only push to a branch, MR and external PR pipelines have a diff', () => {
  assert.equal(hasNoDiff(push()), false);
  assert.equal(hasNoDiff(mr()), false);
  assert.equal(hasNoDiff(tagPush()), true);
  assert.equal(hasNoDiff(schedule()), true);
  for (const source of ['web', 'api', 'trigger', 'pipeline', 'parent_pipeline'] as const) {
    assert.equal(hasNoDiff({ ...push(), source }), true, source);
  }
});

void test('changes: true without a diff, unknown for push/MR without changed files', () => {
  assert.equal(evaluateChanges(['src/**/*'], env(tagPush())).value, true);
  assert.equal(evaluateChanges(['src/**/*'], env(schedule())).value, true);
  assert.equal(evaluateChanges(['src/**/*'], env({ ...push(), source: 'web' })).value, true);
  assert.equal(evaluateChanges(['src/**/*'], env(push())).value, 'unknown');
  assert.equal(evaluateChanges(['src/**/*'], env(mr())).value, 'unknown');
  assert.match(evaluateChanges(['src/**/*'], env(push())).detail, /cannot be known statically/);
});

void test('changes: decided with a changed-files list; {paths, compare_to} form', () => {
  const e = env(push(), { changedFiles: ['src/a/b.ts', 'README.md'] });
  assert.equal(evaluateChanges(['src/**/*.ts'], e).value, true);
  assert.equal(evaluateChanges(['docs/*'], e).value, false);
  assert.equal(evaluateChanges({ paths: ['README.md'] }, e).value, true);
  assert.equal(evaluateChanges(['src/**/*'], env(push(), { changedFiles: [] })).value, false, 'empty diff');
  assert.equal(evaluateChanges([], e).value, false, 'no patterns');
  assert.equal(
    evaluateChanges({ paths: ['src/**/*'], compare_to: 'refs/heads/main' }, env(schedule())).value,
    'unknown',
    'compare_to always diffs',
  );
  assert.equal(evaluateChanges({ paths: ['src/**/*'], compare_to: 'main' }, e).value, true);
});

void test('changes: globs are expanded with existing variables', () => {
  const e = env(push(), { changedFiles: ['svc/api/x.go'], global: { DIR: 'svc/api' } });
  assert.equal(evaluateChanges(['$DIR/**/*'], e).value, true);
  assert.equal(expandExisting('$A/${B}/%C%/$D', { A: '1', B: '2', C: '3' }), '1/2/3/$D');
});

void test('exists: against the project file list; unknown without it', () => {
  const files = ['Dockerfile', 'src/app/main.py', '.config/x.yml', 'web/pkg.json'];
  const e = env(push(), { projectFiles: files });
  assert.equal(evaluateExists(['Dockerfile'], e).value, true);
  assert.equal(evaluateExists(['Makefile'], e).value, false);
  assert.equal(evaluateExists(['**/*.py'], e).value, true);
  assert.equal(evaluateExists(['*.py'], e).value, false, '* does not cross /');
  assert.equal(evaluateExists(['.config/*'], e).value, true);
  assert.equal(evaluateExists(['web/*.{json,yml}'], e).value, true);
  assert.equal(evaluateExists({ paths: ['Dockerfile'] }, e).value, true);
  assert.equal(evaluateExists({ paths: ['Dockerfile'], project: 'other/proj' }, e).value, 'unknown');
  assert.equal(evaluateExists(['Dockerfile'], env(push())).value, 'unknown');
});
