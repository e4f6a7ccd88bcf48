// `rules:changes` / `rules:exists`, the cases mutation testing found untested (docs/mutation.md, "rules: the
// expression files"). Expected values are GitLab's: Ci::Pipeline#modified_paths (external pull requests have a
// diff), Clause::Changes (false for an empty diff or no pattern, assumed true past 50,000 comparisons),
// Clause::Exists as the engine follows it (exact names looked up, pattern comparisons counted one at a time and
// assumed true past 10,000, FNM_DOTMATCH; newer GitLab multiplies files by pattern globs against 50,000, reads
// only top-level files for top-level globs and matches `**/*.ext` by suffix: not followed here yet),
// ExpandVariables::VARIABLES_REGEXP (`$X`, `${X}`, `%X%`; a name starts with a letter or `_`). The `detail`
// texts are ours (shown as the reason a rule matched or not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clausePaths,
  evaluateChanges,
  evaluateExists,
  expandExisting,
  hasNoDiff,
  oversizedGlobs,
} from '../../../../src/ci/rules/clauses';
import { MAX_BRACE_PATTERNS } from '../../../../src/ci/rules/fnmatch';
import { env, mr, push } from './helpers';

void test('an external pull request pipeline has a diff (modified_paths of the pull request)', () => {
  assert.equal(hasNoDiff({ ...mr(), source: 'external_pull_request_event' }), false);
  assert.equal(hasNoDiff({ ...push(), source: 'external_pull_request_event' }), false);
  assert.equal(evaluateChanges(['src/*'], env({ ...push(), source: 'external_pull_request_event' })).value, 'unknown');
});

void test('expandExisting: $X, ${X} and %X% with names of any length; a name never starts with a digit', () => {
  const vars = { AB: '1', CD: '2', EF: '3', _X: '4', '1X': 'no' };
  assert.equal(expandExisting('$AB/${CD}/%EF%', vars), '1/2/3');
  assert.equal(expandExisting('${_X}-$_X-%_X%', vars), '4-4-4');
  assert.equal(expandExisting('$1X/${1X}/%1X%', vars), '$1X/${1X}/%1X%');
  assert.equal(expandExisting('${AB_}/%CD', vars), '${AB_}/%CD', 'unknown or unclosed: left as written');
});

void test('clausePaths: a list, a {paths} mapping or a single string (exists accepts a string); malformed is null', () => {
  assert.deepEqual(clausePaths('Dockerfile'), ['Dockerfile']);
  assert.deepEqual(clausePaths(['a', 'b', 'a']), ['a', 'b']);
  assert.deepEqual(clausePaths({ paths: ['a'] }), ['a']);
  assert.equal(clausePaths(null), null);
  assert.equal(clausePaths(42), null);
  assert.equal(clausePaths({}), null);
  assert.equal(clausePaths({ paths: 42 }), null);
  // Entries that are not strings are dropped, not matched or crashed on.
  assert.deepEqual(clausePaths(['a', 5, null, { b: 1 }]), ['a']);
  const e = env(push(), { projectFiles: ['Dockerfile'] });
  assert.deepEqual(evaluateExists('Dockerfile', e), { value: true, detail: 'exists: Dockerfile exists' });
  assert.equal(evaluateExists([5, 'Dockerfile'], e).value, true);
});

void test('malformed clauses are false with a reason, not a crash', () => {
  const e = env(push(), { changedFiles: ['a'], projectFiles: ['a'] });
  assert.deepEqual(evaluateChanges(42, e), { value: false, detail: 'changes: malformed clause' });
  assert.deepEqual(evaluateExists({ paths: 42 }, e), { value: false, detail: 'exists: malformed clause' });
});

void test('changes: the reason names the patterns, the diff and compare_to', () => {
  const e = env(push(), { changedFiles: ['src/a.ts', 'README.md'] });
  assert.deepEqual(evaluateChanges(['src/*.ts', 'docs/*'], e), {
    value: true,
    detail: 'changes [src/*.ts, docs/*]: src/a.ts matches src/*.ts',
  });
  assert.deepEqual(evaluateChanges(['docs/*', 'lib/*'], e), {
    value: false,
    detail: 'changes [docs/*, lib/*]: no changed file matches',
  });
  // Clause::Changes: `return false if modified_paths.empty?`, then `return false if expanded_globs.empty?`.
  assert.deepEqual(evaluateChanges(['src/*'], env(push(), { changedFiles: [] })), {
    value: false,
    detail: 'changes [src/*]: no file changed',
  });
  assert.deepEqual(evaluateChanges([], e), { value: false, detail: 'changes: no pattern' });
  assert.deepEqual(evaluateChanges(['a', 'b'], env({ ...push(), source: 'web' })), {
    value: true,
    detail: 'changes [a, b] is true: this pipeline has no diff',
  });
  assert.deepEqual(evaluateChanges({ paths: ['a'], compare_to: 'main' }, env(push())), {
    value: 'unknown',
    detail: 'changes [a] against "main" cannot be known statically',
  });
  assert.deepEqual(evaluateChanges(['a'], env(push())), {
    value: 'unknown',
    detail: 'changes [a] cannot be known statically',
  });
});

void test('changes: past 50,000 comparisons (files x patterns) GitLab assumes a match; at 50,000 it compares', () => {
  const files = (n: number): string[] => Array.from({ length: n }, (_, i) => `f${i}`);
  const globs = ['nomatch/*', 'nothing/*'];
  assert.deepEqual(evaluateChanges(globs, env(push(), { changedFiles: files(25_000) })), {
    value: false,
    detail: 'changes [nomatch/*, nothing/*]: no changed file matches',
  });
  assert.deepEqual(evaluateChanges(globs, env(push(), { changedFiles: files(25_001) })), {
    value: true,
    detail: 'changes [nomatch/*, nothing/*]: over 50000 comparisons, assumed true as GitLab does',
  });
});

void test('exists: exact names are looked up and not counted; patterns count, past 10,000 GitLab assumes a match', () => {
  const files = (n: number): string[] => Array.from({ length: n }, (_, i) => `f${i}`);
  assert.deepEqual(evaluateExists(['Makefile'], env(push(), { projectFiles: files(10_001) })), {
    value: false,
    detail: 'exists [Makefile]: no such file',
  });
  assert.deepEqual(evaluateExists(['x*'], env(push(), { projectFiles: files(10_000) })), {
    value: false,
    detail: 'exists [x*]: no such file',
  });
  assert.deepEqual(evaluateExists(['x*'], env(push(), { projectFiles: files(10_001) })), {
    value: true,
    detail: 'exists [x*]: over 10000 comparisons, assumed true as GitLab does',
  });
  // The count runs over all pattern globs together (Clause::Exists#pattern_matches?).
  assert.equal(evaluateExists(['x*', 'y*'], env(push(), { projectFiles: files(5_001) })).value, true);
  assert.equal(evaluateExists(['x*', 'y*'], env(push(), { projectFiles: files(5_000) })).value, false);
});

void test('exists: `*` matches a top-level dotfile (FNM_DOTMATCH) and is a pattern, not a file named "*"', () => {
  const e = env(push(), { projectFiles: ['.gitignore'] });
  assert.deepEqual(evaluateExists(['*'], e), { value: true, detail: 'exists: .gitignore matches *' });
  assert.equal(evaluateChanges(['*'], env(push(), { changedFiles: ['.env'] })).value, true);
  assert.equal(evaluateExists(['*'], env(push(), { projectFiles: ['Dockerfile'] })).value, true);
});

void test('exists: the reasons for another project and for a missing file list', () => {
  assert.deepEqual(evaluateExists({ paths: ['a', 'b'], project: 'g/p' }, env(push())), {
    value: 'unknown',
    detail: 'exists [a, b] in another project cannot be known statically',
  });
  assert.deepEqual(evaluateExists(['a', 'b'], env(push())), {
    value: 'unknown',
    detail: 'exists [a, b] cannot be known without the file list',
  });
});

void test('globs whose braces expand past the bound are unknown unless another glob already matches', () => {
  const exactly = '{a,b}'.repeat(10); // 1,024 patterns: evaluated
  const over = '{a,b}'.repeat(11); // 2,048
  assert.equal(MAX_BRACE_PATTERNS, 1024);
  assert.deepEqual(oversizedGlobs([exactly, over, 'plain']), [over]);
  const files = env(push(), { projectFiles: ['Dockerfile', 'a'.repeat(11)] });
  assert.equal(evaluateExists([exactly], env(push(), { projectFiles: ['b'.repeat(10)] })).value, true);
  assert.deepEqual(evaluateExists([over], files), {
    value: 'unknown',
    detail: `exists [${over}] expands its braces to more than 1024 patterns and cannot be evaluated here`,
  });
  assert.deepEqual(evaluateExists([over, 'Dockerfile'], files), {
    value: true,
    detail: 'exists: Dockerfile exists',
  });
  const changed = env(push(), { changedFiles: ['a'.repeat(11)] });
  assert.deepEqual(evaluateChanges([over], changed), {
    value: 'unknown',
    detail: `changes [${over}] expands its braces to more than 1024 patterns and cannot be evaluated here`,
  });
  assert.equal(evaluateChanges([over, 'a*'], changed).value, true);
});
