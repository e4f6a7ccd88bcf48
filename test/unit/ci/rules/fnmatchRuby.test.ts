// rubyFnmatch against Ruby itself: test/unit/ci/fixtures/fnmatch-ruby.json holds Ruby's own File.fnmatch answers
// (scripts/fnmatch-table.rb, run with Ruby 3.1) for hand-picked traps and seeded random glob/path pairs, with
// GitLab's flags (FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB) and the other DOTMATCH/EXTGLOB combinations.
// The table is the oracle, not our reading of dir.c.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { braceExpansionSize, expandBraces, MAX_BRACE_PATTERNS, rubyFnmatch } from '../../../../src/ci/rules/fnmatch';

type Row = [glob: string, path: string, flags: string, answer: boolean];

const fixture = JSON.parse(readFileSync('test/unit/ci/fixtures/fnmatch-ruby.json', 'utf8')) as {
  ruby: string;
  rows: Row[];
};
const table = fixture.rows;
const FN = { dotmatch: true, extglob: true };

void test('every glob/path pair of the Ruby table gets Ruby’s answer', () => {
  assert.ok(table.length > 5000, `the table has ${table.length} rows (Ruby ${fixture.ruby})`);
  const mismatches: string[] = [];
  for (const [glob, path, flags, answer] of table) {
    const options = { dotmatch: flags.includes('d'), extglob: flags.includes('e') };
    if (rubyFnmatch(glob, path, options) !== answer) {
      mismatches.push(`File.fnmatch(${JSON.stringify(glob)}, ${JSON.stringify(path)}, "${flags}") is ${answer}`);
    }
  }
  assert.equal(mismatches.length, 0, `${mismatches.length} mismatches, first: ${mismatches.slice(0, 5).join('; ')}`);
});

void test('the table covers GitLab’s flags, every flag combination, matches and misses', () => {
  for (const flags of ['de', 'd', 'e', '']) {
    const rows = table.filter((r) => r[2] === flags);
    assert.ok(rows.some((r) => r[3]) && rows.some((r) => !r[3]), `flags "${flags}"`);
  }
  assert.ok(table.every(([glob]) => braceExpansionSize(glob) <= MAX_BRACE_PATTERNS));
});

void test('the differences picomatch had from Ruby answer as Ruby does', () => {
  const rows: [glob: string, path: string, answer: boolean][] = [
    ['docs/[!_]*.md', 'docs/a.md', true], // (1) `[!…]` negates
    ['docs/[!_]*.md', 'docs/_a.md', false],
    ['./src/*', 'src/x', false], // (2) a leading `./` is literal
    ['{a,b', '{a,b', false], // (3) an unclosed `{` matches nothing
    ['a[', 'a[', false], // (4) nor an unclosed `[`
    ['[]a]', ']', false], // (5) `]` right after `[` ends the class
    ['[!]', 'x', true],
    ['a[/]b', 'a/b', false], // (6) a class never matches `/`
    ['[ab]', '[ab]', false], // (7) no shortcut for a path spelling the pattern
    ['[[:alpha:]]', 'a]', true], // (8) `[[:alpha:]` is a class of its characters, then `]`
    ['a\\', 'a', true], // (9) a trailing lone `\` matches the end
    ['?^^', 'a^^', true], // (10)
    ['src/*', 'src/', true], // (11) an empty last segment
  ];
  for (const [glob, path, answer] of rows) assert.equal(rubyFnmatch(glob, path, FN), answer, `${glob} ~ ${path}`);
});

void test('hostile globs finish with the right answer: a segment resumes only from its last `*`', () => {
  const glob = '*a*a*a*a*a*a*a*b';
  const long = 'a'.repeat(20_000);
  assert.equal(rubyFnmatch(glob, long, FN), false);
  assert.equal(rubyFnmatch(glob, `${long}b`, FN), true);
  assert.equal(rubyFnmatch(`**/${glob}`, `${'a/'.repeat(2_000)}${'a'.repeat(2_000)}`, FN), false);
  assert.equal(rubyFnmatch(`**/${glob}`, `${'a/'.repeat(2_000)}${'a'.repeat(2_000)}b`, FN), true);
  assert.equal(rubyFnmatch('**/a/**/a/**/a/**/b', `${'a/'.repeat(3_000)}c`, FN), false);
  assert.equal(rubyFnmatch('{*a,*b}{*a,*b}{*a,*b}{*a,*b}*c', long, FN), false);
});

void test('a glob of many brace groups expands without a rescan or a recursion per group', () => {
  const glob = '{a}'.repeat(30_000);
  assert.equal(braceExpansionSize(glob), 1);
  assert.deepEqual(expandBraces(`x${'{a}'.repeat(3)}{b,c}`), ['xaaab', 'xaaac']);
  assert.equal(rubyFnmatch(glob, 'a'.repeat(30_000), FN), true);
  assert.equal(rubyFnmatch(`${glob}{`, 'a'.repeat(30_000), FN), false);
});
