// The YAML converter, the cases mutation testing found untested (docs/mutation.md): explicitly tagged scalars,
// Date and Time refusals, alias keys, keys without a value, `<<` with what is not a mapping, and the depth and size
// bounds. Every expected value is what Ruby 3.1's Psych answers for `YAML.safe_load(text, permitted_classes:
// [Symbol], aliases: true)` (GitLab's Gitlab::Config::Loader::Yaml), run for each row, and the bounds are GitLab's
// Gitlab::Utils::DeepSize (max depth 100, each Array or Hash one level, a Hash's own level included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { loadYaml, TOO_BIG } from '../../../../src/ci/yaml/loadYaml';
import type { YEntry, YMap, YNode } from '../../../../src/ci/yaml/node';
import { toPlain } from '../../../../src/ci/yaml/node';

interface Loaded {
  root: YMap | undefined;
  found: { code: string; message: string; at: [number, number, number, number] }[];
}

function load(text: string): Loaded {
  const sink = new DiagnosticSink();
  const r = loadYaml(text, 'f.yml', sink);
  return {
    root: r.root,
    found: sink.items.map((d) => ({
      code: d.code,
      message: d.message,
      at: [d.line, d.column, d.endLine ?? 0, d.endColumn ?? 0],
    })),
  };
}

/** The value of key `a`, without positions: `{value, float?, symbol?}` of a scalar, the plain value otherwise. */
function valueOfA(text: string): unknown {
  const { root, found } = load(text);
  assert.deepEqual(found, [], text);
  const e = root?.entries.find((x) => x.key === 'a');
  assert.ok(e, text);
  if (e.value.kind !== 'scalar') return toPlain(e.value);
  const { range: _range, kind: _kind, ...rest } = e.value;
  return rest;
}

const nest = (n: number, inner: string): string => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;
const codes = (l: Loaded): string[] => l.found.map((f) => `${f.code}: ${f.message}`);

void test('explicitly tagged and quoted scalars are typed as Psych types them', () => {
  const cases: [string, unknown][] = [
    ['a: !!int 010', { value: 8 }], // Ruby: 8
    ['a: !!int "010"', { value: 8 }], // Ruby: 8
    ['a: !!float .5', { value: 0.5, float: true }], // Ruby: 0.5
    ['a: !!bool yes', { value: true }], // Ruby: true
    ['a: !!bool "true"', { value: true }], // Ruby: true
    ['a: !!null ""', { value: null }], // Ruby: nil
    ['a: !!str 1', { value: '1' }], // Ruby: "1"
    ['a: !!str', { value: '' }], // Ruby: ""
    ['a: "x"', { value: 'x' }], // Ruby: "x"
    ["a: 'true'", { value: 'true' }], // Ruby: "true"
    ['a: "010"', { value: '010' }], // Ruby: "010"
  ];
  for (const [text, want] of cases) assert.deepEqual(valueOfA(text), want, text);
});

void test('Date and Time are refused with their class, at the scalar; Integer() errors are a syntax error', () => {
  // Psych::DisallowedClass "Tried to load unspecified class: Date" / ": Time"; `0x_` makes Kernel#Integer raise.
  const cases: [string, string, [number, number, number, number]][] = [
    ['a: 2024-01-01', 'yaml-date: Tried to load unspecified class: Date', [1, 4, 1, 14]],
    ['a: !!timestamp 2024-01-01', 'yaml-date: Tried to load unspecified class: Date', [1, 16, 1, 26]],
    ['a: 2024-01-01 10:00:00', 'yaml-time: Tried to load unspecified class: Time', [1, 4, 1, 23]],
    ['x: 1\na: 0x_', 'yaml-syntax: Invalid YAML syntax', [2, 4, 2, 7]],
  ];
  for (const [text, want, at] of cases) {
    const r = load(text);
    assert.equal(r.root, undefined, text);
    assert.deepEqual(
      r.found.map((f) => [`${f.code}: ${f.message}`, f.at]),
      [[want, at]],
      text,
    );
  }
});

void test('an alias to an unknown anchor: the file does not load, the error spans the alias', () => {
  // Psych::BadAlias (Psych 4: "Unknown alias: nope"; 5.1+: "An alias referenced an unknown anchor: nope").
  const r = load('x: 1\na: *nope\n');
  assert.equal(r.root, undefined);
  assert.deepEqual(
    r.found.map((f) => [f.code, f.at]),
    [['yaml-alias', [2, 4, 2, 9]]],
  );
  assert.equal(r.found[0]?.message, 'An alias referenced an unknown anchor: nope');
});

void test('a symbol is loaded as Psych loads it, with a warning that string keys reject it', () => {
  const r = load('a: :sym\n');
  assert.deepEqual(toPlain(r.root as YNode), { a: 'sym' });
  assert.deepEqual(codes(r), [
    "yaml-symbol: `:sym` is loaded as a Ruby symbol, not a string: GitLab keys that want a string reject it; quote it (':sym') if a string is meant",
  ]);
});

const entries = (text: string): Omit<YEntry, 'keyRange' | 'value'>[] => {
  const r = load(text);
  assert.deepEqual(r.found, [], text);
  return (r.root?.entries ?? []).map(({ keyRange: _k, value, ...rest }) => ({ ...rest, value: toPlain(value) }));
};

void test('keys: an alias key is its anchor’s scalar, a key without a value is nil, an empty key is nil', () => {
  // Ruby: {"x"=>1, 1=>2}; {"x"=>"on", "on"=>3} (a quoted anchor stays a String); {"a"=>nil}; {nil=>1}
  assert.deepEqual(entries('x: &k 1\n*k : 2\n'), [
    { key: 'x', value: 1 },
    { key: '1', value: 2, keyKind: 'int' },
  ]);
  assert.deepEqual(entries('x: &k "on"\n*k : 3\n'), [
    { key: 'x', value: 'on' },
    { key: 'on', value: 3 },
  ]);
  assert.deepEqual(entries('x: &k on\n*k : 3\n'), [
    { key: 'x', value: true },
    { key: 'true', value: 3, keyKind: 'bool' },
  ]);
  assert.deepEqual(entries('? a\n'), [{ key: 'a', value: null }]);
  assert.deepEqual(entries('? \n: 1\n'), [{ key: '', value: 1, keyKind: 'null' }]);
});

void test('a mapping or list written as a key is kept, named by its inspect', () => {
  // Psych builds {["a"]=>1, "b"=>2}; GitLab names such a key by its to_s (loaderTruth.test.ts: how it refuses it).
  assert.deepEqual(entries('? [a]\n: 1\nb: 2\n'), [
    { key: '["a"]', value: 1, keyKind: 'collection' },
    { key: 'b', value: 2 },
  ]);
});

void test('`<<` with what is not a mapping, or with no value, never stops the keys after it', () => {
  // Psych keeps such a pair as an ordinary "<<" key (revive_hash: the TypeError of merge! keeps it; Ruby gives
  // {"<<"=>5, "b"=>1}, {"<<"=>[5], "b"=>1}, {"<<"=>"s", "b"=>1}, {"<<"=>nil, "b"=>1}), with nothing reported for it
  // (loaderTruth.test.ts pins the values).
  for (const text of ['<<: 5\nb: 1\n', '<<: [5]\nb: 1\n', '<<: "s"\nb: 1\n', '? <<\nb: 1\n']) {
    let r: Loaded | undefined;
    assert.doesNotThrow(() => (r = load(text)), text);
    assert.deepEqual(r?.root?.entries.find((e) => e.key === 'b')?.value.kind, 'scalar', text);
    assert.deepEqual(r?.found, [], text);
    assert.deepEqual(
      r?.root?.entries.map((e) => e.key),
      ['<<', 'b'],
      text,
    );
  }
});

void test('depth: 100 levels of nesting load, 101 are too big (DeepSize, the root mapping is level 1)', () => {
  // Root Hash 1 + 99 Arrays = 100: valid; + 100 Arrays = 101: too deep.
  assert.deepEqual(load(`a: ${nest(99, '1')}\n`).found, []);
  assert.deepEqual(codes(load(`a: ${nest(100, '1')}\n`)), [`yaml-too-big: ${TOO_BIG}`]);
  // The same inside a mapping's values, and in the mapping a `<<` merges in (its keys land in the root: level 1).
  assert.deepEqual(load(`a: {b: ${nest(98, '1')}}\n`).found, []);
  assert.deepEqual(codes(load(`a: {b: ${nest(99, '1')}}\n`)), [`yaml-too-big: ${TOO_BIG}`]);
  assert.deepEqual(codes(load(`<<: {a: ${nest(100, '1')}}\n`)), [`yaml-too-big: ${TOO_BIG}`]);
});

void test('size: an alias bomb of mappings is too big', () => {
  // Six levels of ten keys each: 10^6 scalars once expanded (DeepSize: far past 1 MB; here past 10^6 nodes).
  const keys = (v: string): string => `{${Array.from({ length: 10 }, (_, i) => `k${i}: ${v}`).join(', ')}}`;
  const lines = ['l0: &l0 ' + keys('x')];
  for (let i = 1; i <= 5; i++) lines.push(`l${i}: &l${i} ${keys(`*l${i - 1}`)}`);
  assert.deepEqual(codes(load(lines.join('\n') + '\n')), [`yaml-too-big: ${TOO_BIG}`]);
});
