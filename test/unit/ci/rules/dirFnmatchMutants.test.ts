// Tests written to answer the mutation survivors of dirFnmatch.ts and fnmatch.ts (docs/mutation.md, "rules:
// dirFnmatch and the fnmatch port"). Expected values are Ruby 3.1's own `File.fnmatch?` answers (each row was run
// through `ruby -e 'File.fnmatch?(glob, path, flags)'`), with GitLab's flags FNM_PATHNAME | FNM_DOTMATCH |
// FNM_EXTGLOB unless a row says otherwise. The rows are inline (not the fixture of fnmatchRuby.test.ts) so each
// survivor has a named test of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { braceExpansionSize, expandBraces, MAX_BRACE_PATTERNS, rubyFnmatch } from '../../../../src/ci/rules/fnmatch';

const GITLAB = { dotmatch: true, extglob: true };
const NO_DOTMATCH = { dotmatch: false, extglob: false };

type Row = [glob: string, path: string, answer: boolean];

function check(rows: Row[], options = GITLAB): void {
  for (const [glob, path, answer] of rows) {
    assert.equal(
      rubyFnmatch(glob, path, options),
      answer,
      `File.fnmatch?(${JSON.stringify(glob)}, ${JSON.stringify(path)})`,
    );
  }
}

void test('`?` takes one whole UTF-8 character of any length (lead bytes 0xe0 and 0xf0 included)', () => {
  check([
    ['?', '\u{1F600}', true], // 4 bytes, lead 0xf0
    ['?', '\u0939', true], // 3 bytes, lead 0xe0
    ['?', '\u0800', true], // 3 bytes, lead 0xe0
    ['??', '\u0939', false],
    ['?', 'é', true],
  ]);
});

void test('a class range compares code points, ASCII ones unmasked', () => {
  check([
    ['[0-9]', 'p', false], // 'p' & 0x3f would fall in 0x30..0x39
    ['[0-9]', '5', true],
    ['[é-ü]', 'ö', true],
    ['[é-ü]', 'z', false],
    ['[a-é]', 'z', true],
    ['[a-é]', '\u0939', false],
  ]);
});

void test('a class that ends in `-` with no `]` matches nothing, and the pattern does not go on after it', () => {
  check([
    ['[a-', 'xa-', false],
    ['[a-', 'x', false],
    ['[a-', '[a-', false],
  ]);
});

void test('`**/` is skipped only as a whole `**/`, repeated `**/` all at once', () => {
  check([
    ['**/a*/b', 'x/b', false],
    ['**/a*/b', 'x/ay/b', true],
    ['**/*x/b', 'q/b', false],
    ['**/*x/b', 'qx/b', true],
    ['**/**ab/c', 'b/c', false],
    ['**/**ab/c', 'xab/c', true],
    ['**/**/a', 'x/y/a', true],
    ['a', 'a', true],
    ['abc', 'abc', true],
  ]);
});

void test('without FNM_DOTMATCH `**/` does not descend into a hidden directory', () => {
  check([['**/a', '.x/a', false]], NO_DOTMATCH);
  check([['**/a', '.x/a', true]], { dotmatch: true, extglob: false });
});

void test('braces: each `}` closes the last `{` still open, other characters close nothing', () => {
  check([
    ['{a,b}', 'b', true],
    ['{a,b}c', 'ac', true],
    ['x{a,b}', 'xa', true],
    ['{ab,c}', 'c', true],
    ['{ab,c}', 'a', false],
  ]);
});

void test('an escaped `{` opens no group, so it multiplies nothing in the count', () => {
  const glob = '\\{a,b}'.repeat(11);
  assert.equal(braceExpansionSize(glob), 1);
  assert.deepEqual(expandBraces(glob), [glob]);
  // Counted as groups, 2^11 would pass MAX_BRACE_PATTERNS and rubyFnmatch would refuse the glob.
  assert.ok(2 ** 11 > MAX_BRACE_PATTERNS);
  check([[glob, '{a,b}'.repeat(11), true]]);
});

void test('an escaped `{` before a real group: the count still reaches the group after it', () => {
  // The count is documented as expandBraces' length; ruby_brace_expand keeps the `\` (fnmatch reads it later).
  const glob = '\\{x{a,b}';
  assert.deepEqual(expandBraces(glob), ['\\{xa', '\\{xb']);
  assert.equal(braceExpansionSize(glob), 2);
  const many = '\\{' + '{a,b}'.repeat(11); // 2048 patterns: over the bound, so refused
  assert.equal(braceExpansionSize(many), MAX_BRACE_PATTERNS + 1);
  check([
    [glob, '{xa', true],
    [glob, '{xb', true],
    [glob, 'xa', false],
  ]);
});

void test('a NUL in the glob or the path (Ruby raises ArgumentError) answers false, never a match', () => {
  check([
    ['a\0', 'a\0', false], // Ruby: "string contains null byte"
    ['*', 'a\0b', false], // Ruby: "path name contains null byte"
    ['a\0*', 'a', false],
  ]);
});

void test('answers stay right once the expansion cache passes its bound and is cleared', () => {
  const glob = (n: number): string => `g${n}/` + '{a,b}'.repeat(10); // 1024 patterns each
  for (let n = 0; n < 60; n++) check([[glob(n), `g${n}/` + 'ab'.repeat(5), true]]);
  check([
    [glob(1), 'g1/' + 'ab'.repeat(5), true],
    [glob(1), 'g1/' + 'ab'.repeat(4) + 'c', false],
  ]);
});
