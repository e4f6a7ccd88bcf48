// Survivors of src/ci/pipeline/globSyntax.ts (docs/mutation.md, "pipeline and yaml: glob syntax and quoted escapes").
// The expected answers are bmatcuk/doublestar v4's, as gitlab-runner's file_archiver.go (processPath) uses it:
// validate.go (ValidatePattern: `[` then optional `^`/`!`, a `]` right after is an empty class, `\` escapes the next
// character, also inside a class), match.go (a `}` closing nothing is text for Match) and utils.go (indexNextAlt:
// a `,` splits alternatives only at the group's own depth and outside a `[...]` class). On Windows processPath first
// applies filepath.ToSlash, so there `\` is a separator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alternativeCount,
  braceGroupAt,
  expandBraces,
  refusedPattern,
  runnerRefusal,
} from '../../../../src/ci/pipeline/globSyntax';

void test('classes: `[^]` and `[!]` are empty, an escaped `]` does not close', () => {
  const cases: [string, string | undefined][] = [
    ['[^]', 'empty class'],
    ['[!]', 'empty class'],
    ['a[^]b]', 'empty class'],
    ['[^a]', undefined],
    ['[\\]', 'unclosed class'],
    ['[\\]{', 'unclosed class'],
    ['[\\]]', undefined],
  ];
  for (const [p, want] of cases) assert.equal(refusedPattern(p), want, p);
});

void test('runnerRefusal: where the refusal holds and how `}` reads', () => {
  // Linux keeps `\` (an escape): `[\]` never closes. Windows reads `[/]`, a class holding `/`: accepted there.
  assert.deepEqual(runnerRefusal('[\\]'), { where: 'linux', reason: 'unclosed class' });
  assert.deepEqual(runnerRefusal('out/[\\]'), { where: 'linux', reason: 'unclosed class' });
  // artifacts:paths goes to Glob, which validates first: a lone `}` is refused everywhere (the default).
  assert.deepEqual(runnerRefusal('}'), { where: 'all', reason: 'unmatched brace' });
  assert.deepEqual(runnerRefusal('a/b}'), { where: 'all', reason: 'unmatched brace' });
  // artifacts:exclude goes to Match, which reads it as text.
  assert.equal(runnerRefusal('}', true), undefined);
});

void test('brace groups: escapes, nesting and classes decide the alternatives', () => {
  const cases: [string, string[]][] = [
    ['\\{,}', ['\\{,}']],
    ['\\{a,b}', ['\\{a,b}']],
    ['{{a},b}', ['a', 'b']],
    ['{{a,b},c}', ['a', 'b', 'c']],
    ['x{{a}{b},c}y', ['xaby', 'xcy']],
    ['{[a,],x}', ['[a,]', 'x']],
    ['{][a,],x}', ['][a,]', 'x']],
    ['{[ab,c],x}', ['[ab,c]', 'x']],
    ['{[\\],x],y}', ['[\\],x]', 'y']],
    ['{[\\\\a],b}', ['[\\\\a]', 'b']],
  ];
  for (const [glob, want] of cases) {
    assert.deepEqual(expandBraces(glob, 100), want, glob);
    assert.equal(alternativeCount(glob, 100), want.length, glob);
  }
});

void test('braceGroupAt: an escaped `}` closes nothing', () => {
  assert.equal(braceGroupAt('{\\}', 0), undefined);
  assert.equal(braceGroupAt('{a\\}b', 0), undefined);
  assert.deepEqual(braceGroupAt('{a\\}b}', 0), { close: 5, alternatives: [[1, 5]] });
});

void test('alternativeCount: nesting past 64 levels counts as too many (a bound, not recursion without end)', () => {
  const nested = (levels: number): string => `${'{'.repeat(levels)}a${'}'.repeat(levels)}`;
  assert.equal(alternativeCount(nested(64), 10), 1);
  assert.equal(alternativeCount(nested(65), 10), 11);
  assert.equal(alternativeCount(nested(200), 10), 11);
});

void test('expandBraces refuses past max with a message naming the glob and the bound', () => {
  assert.throws(
    () => expandBraces('{a,b}{c,d}', 3),
    (e: unknown) =>
      e instanceof RangeError &&
      e.message === '{a,b}{c,d}: more than 3 brace alternatives (size it first with alternativeCount)',
  );
  assert.deepEqual(expandBraces('{a,b}{c,d}', 4), ['ac', 'ad', 'bc', 'bd']);
});
