// Tests written to answer the mutation survivors of fnmatch.ts (docs/mutation.md, "rules: rule lists and fnmatch").
// Expected values are Ruby's `File.fnmatch?(glob, path, File::FNM_PATHNAME | File::FNM_DOTMATCH | File::FNM_EXTGLOB)`,
// the call GitLab's Clause::Changes and Clause::Exists make (lib/gitlab/ci/build/rules/rule/clause/changes.rb,
// exists.rb); every row was checked against Ruby itself (dir.c: ruby_brace_expand expands `{…}` first, then
// fnmatch_helper and bracket match each pattern). The brace count and its bounds are ours (MAX_BRACE_PATTERNS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { braceExpansionSize, expandBraces, MAX_BRACE_PATTERNS, rubyFnmatch } from '../../../../src/ci/rules/fnmatch';

const FN = { dotmatch: true, extglob: true };

/** Each row: a glob, then paths it matches (`+`) and paths it does not (`-`), as Ruby answers. */
type Row = [glob: string, matches: string[], misses: string[]];

function check(rows: Row[], options = FN): void {
  for (const [glob, matches, misses] of rows) {
    for (const p of matches) assert.equal(rubyFnmatch(glob, p, options), true, `${glob} should match ${p}`);
    for (const p of misses) assert.equal(rubyFnmatch(glob, p, options), false, `${glob} should not match ${p}`);
  }
}

void test('a backslash makes the next character literal, also where braces and `**` are read', () => {
  check([
    ['\\{a,b}', ['{a,b}'], ['a', 'b', '\\a']],
    ['{a\\,b}', ['a,b'], ['a', 'b']],
    ['{a\\},b}', ['a}', 'b'], ['a', 'a,b']],
    ['\\**/a', ['*x/a', '*/a'], ['x/a', 'x/y/a']],
    ['\\(a)', ['(a)'], ['\\(a)', 'a']],
    ['a\\*', ['a*'], ['ab']],
    ['\\?', ['?'], ['a']],
  ]);
});

void test('braces: nested groups, a `}` before any `{`, commas outside a group', () => {
  check([
    ['{{a,b},c}', ['a', 'b', 'c'], ['a,c', '{a,b},c']],
    ['a}{b,c}', ['a}b', 'a}c'], ['a}{b,c}']],
    ['a,{b,c}', ['a,b', 'a,c'], ['a', 'b']],
    ['a{}b', ['ab'], ['a{}b']],
    ['{,a}b', ['b', 'ab'], ['a']],
    ['{a,b}/c', ['a/c', 'b/c'], ['c']],
  ]);
  assert.deepEqual(expandBraces('{{a,b},c}'), ['a', 'b', 'c']);
  assert.deepEqual(expandBraces('a}{b,c}'), ['a}b', 'a}c']);
  assert.deepEqual(expandBraces('\\{a,b}'), ['\\{a,b}']);
  assert.deepEqual(expandBraces('{a\\,b}'), ['a\\,b']);
});

void test('braceExpansionSize counts exactly the patterns expandBraces gives', () => {
  const sizes: [string, number][] = [
    ['{a,b}', 2],
    ['{a\\,b}', 1],
    ['{a\\},b}', 2],
    ['\\{a,b}', 1],
    ['a,{b,c}', 2],
    ['a}{b,c}', 2],
    ['{{a,b},c}', 3],
    ['a{}b', 1],
    ['{a,b}{c,d,e}', 6],
    ['{a,{b,c}}{d,{e,f}}', 9],
  ];
  for (const [glob, n] of sizes) {
    assert.equal(braceExpansionSize(glob), n, glob);
    assert.equal(expandBraces(glob).length, n, glob);
  }
});

void test('brace nesting deeper than 64 groups is counted as too large (our bound: the count stays shallow)', () => {
  const nested = (levels: number): string => '{'.repeat(levels) + 'a' + '}'.repeat(levels);
  assert.equal(braceExpansionSize(nested(64)), 1);
  assert.deepEqual(expandBraces(nested(64)), ['a']);
  assert.equal(rubyFnmatch(nested(64), 'a', FN), true);
  assert.equal(braceExpansionSize(nested(65)), MAX_BRACE_PATTERNS + 1);
});

void test('a glob over the brace bound is refused, not expanded', () => {
  const over = '{a,b}'.repeat(11); // 2^11 = 2048 patterns
  assert.equal(braceExpansionSize(over), MAX_BRACE_PATTERNS + 1);
  assert.throws(() => rubyFnmatch(over, 'a'.repeat(11), FN), {
    name: 'RangeError',
    message: 'glob expands to more than 1024 patterns',
  });
  const exactly = '{a,b}'.repeat(10); // 1024 patterns: expanded and matched
  assert.equal(braceExpansionSize(exactly), 1024);
  assert.equal(rubyFnmatch(exactly, 'ab'.repeat(5), FN), true);
});

void test('`**` is recursive only as a whole segment followed by `/`; elsewhere it is `*`', () => {
  check([
    ['*/x', ['a/x'], ['a/b/x', 'x']],
    ['x**/y', ['xa/y', 'x/y'], ['xa/b/y']],
    ['a/**b', ['a/xb', 'a/b'], ['a/x/yb']],
    ['a/**/b', ['a/b', 'a/x/b', 'a/x/y/b'], ['a/xb']],
  ]);
});

void test('classes: ranges, `^` negation, never a slash', () => {
  check([
    ['[a-c]', ['a', 'b', 'c'], ['d', '-']],
    ['[^a]', ['b', '^'], ['a', '/']],
    ['[ab!]', ['!', 'a'], ['c']],
    ['x[*]', ['x*'], ['xa']],
    ['[*]/a', ['*/a'], ['x/a', 'x/y/a']],
    ['[(]a', ['(a'], ['a']],
  ]);
});

void test('a class ends at its `]`: what follows is read as outside any class', () => {
  check([
    ['[a]|b', ['a|b'], ['b', 'a']],
    ['[ab]/(x|y)', ['a/(x|y)'], ['a/x', 'b/y']],
    ['[a]+', ['a+'], ['aa', 'a']],
    ['*.[ch]+', ['x.c+', 'x.h+'], ['x.cc', 'x.c']],
  ]);
});

void test('only `[` opens a class, and only with a `]` after it; an unclosed `[` matches nothing in Ruby', () => {
  check([
    ['(a|b)/[c]', ['(a|b)/c'], ['a/c', 'b/c']],
    ['x[a|b', [], ['b', 'xb', 'xa']],
    ['a]/[x|y', [], ['y', 'a]/x']],
  ]);
});

void test('`( ) | + @ ! ,` are ordinary characters in Ruby (no extglob groups, no negation)', () => {
  check([
    ['a|b', ['a|b'], ['a', 'b']],
    ['(a|b)', ['(a|b)'], ['a', 'b']],
    ['+(a)', ['+(a)'], ['a', 'aa']],
    ['@(a)', ['@(a)'], ['a']],
    ['!(a)', ['!(a)'], ['b', 'a']],
    ['!a', ['!a'], ['b', 'a']],
    ['a,b', ['a,b'], ['a', 'b']],
    ['*.(js)', ['x.(js)'], ['x.js']],
  ]);
});

void test('a trailing slash is part of the path (FNM_PATHNAME): a file pattern does not match a directory form', () => {
  check([
    ['a', ['a'], ['a/']],
    ['a/*', ['a/b'], ['a/b/']],
    ['*', ['a', '.a'], ['a/']],
  ]);
});

void test('without FNM_EXTGLOB braces are literal characters', () => {
  const noExt = { dotmatch: true, extglob: false };
  check([['{a,b}', ['{a,b}'], ['a', 'b']]], noExt);
  assert.equal(rubyFnmatch('*', '.hidden', { dotmatch: false, extglob: true }), false, 'without FNM_DOTMATCH');
});

void test('cached brace expansions never answer for another glob or another set of flags', () => {
  // Only FNM_EXTGLOB reads the cache (the expansions of each glob); without it braces stay literal. The globs
  // are used nowhere else in this file, so the first call of each pair builds its entry.
  const dotOnly = { dotmatch: true, extglob: false };
  const neither = { dotmatch: false, extglob: false };
  const extOnly = { dotmatch: false, extglob: true };
  assert.equal(rubyFnmatch('-q*', '-qa', dotOnly), true);
  assert.equal(rubyFnmatch('q*', 'qa', neither), true);
  assert.equal(rubyFnmatch('{k,l}', 'k', extOnly), true);
  assert.equal(rubyFnmatch('e{k,l}', 'e{k,l}', neither), true);
  assert.equal(rubyFnmatch('-{m,n}', '-m', FN), true);
  assert.equal(rubyFnmatch('{m,n}', '{m,n}', dotOnly), true);
});
