// GitLab's size bound as deepSize.ts bounds it, the cases mutation testing found untested (docs/mutation.md, "yaml:
// DeepSize bounds, node measures, Psych texts"). Gitlab::Utils::DeepSize (lib/gitlab/utils/deep_size.rb) sums
// ObjectSpace.memsize_of over every object of Psych's result it reaches, keys included, and
// Gitlab::Config::Loader::Yaml (lib/gitlab/config/loader/yaml.rb) refuses more than 1 MB (MAX_YAML_SIZE). `lo` is the
// least any of Ruby 3.1 to 3.3 takes, `hi` the most. Expected values: Ruby 3.1's memsize_of here, run for each row on
// `YAML.safe_load(text, permitted_classes: [Symbol], permitted_symbols: [], aliases: true)`; Ruby 3.3's where it
// differs, from its layout: a String embedded in the smallest 40/80/160/320/640-byte slot holding its 24-byte header,
// its bytes and a terminator, else a 40-byte slot and a buffer of its bytes and the terminator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import type { Bounds } from '../../../../src/ci/yaml/deepSize';
import { deepSizeBounds } from '../../../../src/ci/yaml/deepSize';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import type { YMap } from '../../../../src/ci/yaml/node';
import { get } from '../../../../src/ci/yaml/node';

/** The loaded root; the file must load without an error or a size warning (a symbol's warning is expected). */
function rootOf(text: string): YMap {
  const sink = new DiagnosticSink();
  const r = loadYaml(text, 'f.yml', sink);
  assert.deepEqual(
    sink.items.filter((d) => d.code !== 'yaml-symbol').map((d) => d.code),
    [],
    text,
  );
  assert.ok(r.root, text);
  return r.root;
}

/** The bounds of the value of key `a`. */
function valueBounds(text: string): Bounds {
  const v = get(rootOf(text), 'a');
  assert.ok(v, text);
  return deepSizeBounds(v);
}

/** The bounds of one key: its one-entry mapping less the same mapping keyed by `""` (pinned at 40 bytes below). */
function keyBounds(keyText: string): Bounds {
  const withKey = deepSizeBounds(rootOf(keyText.startsWith('?') ? `${keyText}\n: ~\n` : `${keyText}: ~\n`));
  const empty = deepSizeBounds(rootOf('"": ~\n'));
  return { lo: withKey.lo - empty.lo + 40, hi: withKey.hi - empty.hi + 40 };
}

const holds = (b: Bounds, ruby: number, what: string): void =>
  assert.ok(b.lo <= ruby && ruby <= b.hi, `${what}: ${b.lo} ≤ ${ruby} ≤ ${b.hi}`);

void test('immediates take nothing in any Ruby; a heap Float one slot; a Bignum at least one', () => {
  // nil, true, false, Fixnums (-2^62 … 2^62-1) and flonums are immediates: memsize_of is 0 in every Ruby. A Float
  // outside the flonum range (infinities, NaN, 1.0e+300, 1.0e-300) is an RFloat in a 40-byte slot.
  const exact: [string, number][] = [
    ['~', 0],
    ['true', 0],
    ['false', 0],
    ['8', 0],
    ['-5', 0],
    ['1.5', 0],
    ['0.0', 0],
    ['2.0e-77', 0],
    ['1.0e+300', 40],
    ['1.0e-300', 40],
    ['.inf', 40],
    ['-.inf', 40],
    ['.nan', 40],
  ];
  for (const [value, ruby] of exact) assert.deepEqual(valueBounds(`a: ${value}\n`), { lo: ruby, hi: ruby }, value);
  // Bignums: 40 bytes up to three words of digits, then a buffer of them (Ruby 3.1 here: 40, 40, 40, 80).
  const big: [string, number][] = [
    ['99999999999999999999999', 40],
    ['!!int 99999999999999999999999', 40], // tagged: read as the plain scalar, its digits kept
    ['!!int 4611686018427387904', 40], // 2^62, the least Bignum
    ['9'.repeat(91), 80],
  ];
  for (const [value, ruby] of big) {
    const b = valueBounds(`a: ${value}\n`);
    assert.equal(b.lo, 40, value);
    holds(b, ruby, value);
  }
  // A symbol Psych makes may be one Ruby already has (`:sym`: 0 bytes) or a new dynamic one (40 bytes).
  for (const value of [':sym', ':zq_unlikely']) {
    assert.deepEqual(valueBounds(`a: ${value}\n`), { lo: 0, hi: 40 }, value);
  }
});

void test('a String takes Ruby 3.1’s or Ruby 3.3’s slot for its UTF-8 bytes', () => {
  // [YAML value, its bytes, Ruby 3.1's memsize_of (here), Ruby 3.3's]: 3.1 embeds up to 23 bytes in 40, past that
  // 40 + bytes + 1.
  const cases: [string, number, number, number][] = [
    ['""', 0, 40, 40],
    ['x'.repeat(15), 15, 40, 40],
    ['x'.repeat(16), 16, 40, 80],
    ['x'.repeat(23), 23, 40, 80],
    ['x'.repeat(24), 24, 65, 80],
    ['x'.repeat(55), 55, 96, 80],
    ['x'.repeat(56), 56, 97, 160],
    ['x'.repeat(615), 615, 656, 640],
    ['x'.repeat(616), 616, 657, 657],
    // Each kind of character at 24 bytes, and 23: U+0080 and U+07FF take 2, U+0800 to U+FFFF 3, past U+FFFF 4.
    ['é'.repeat(12), 24, 65, 80],
    [`${'é'.repeat(11)}x`, 23, 40, 80],
    [`"\\u0080${'x'.repeat(22)}"`, 24, 65, 80],
    [`"${'\\u07FF'.repeat(11)}x"`, 23, 40, 80],
    ['€'.repeat(8), 24, 65, 80],
    [`"${'\\u0800'.repeat(8)}"`, 24, 65, 80],
    ['Ａ'.repeat(8), 24, 65, 80], // U+FF21: above the surrogates, still 3
    ['😀'.repeat(6), 24, 65, 80],
    [`"${'\\U00010000'.repeat(6)}"`, 24, 65, 80], // the first character past U+FFFF
    [`"${'\\U0010FFFF'.repeat(6)}"`, 24, 65, 80], // the last
  ];
  for (const [value, bytes, ruby31, ruby33] of cases) {
    assert.deepEqual(
      valueBounds(`a: ${value}\n`),
      { lo: Math.min(ruby31, ruby33), hi: Math.max(ruby31, ruby33) },
      `${value.slice(0, 20)} (${bytes} bytes)`,
    );
  }
});

void test('a key takes what its object takes: a String, nothing for an immediate, a slot for a Bignum', () => {
  // Ruby 3.1 (here): nil, true, 8, -55, 10^17 (18 digits) are 0; a 23-digit Bignum 40, a 91-digit one 80. A Float
  // key keeps only its text: a flonum (1.5: 0) or a heap Float (.inf: 40). A list or mapping key keeps only its
  // inspect: at least its Array or Hash (`[a]`: 80 in all, `{a: 1}`: 208).
  const exact: [string, Bounds][] = [
    ['~', { lo: 0, hi: 0 }],
    ['true', { lo: 0, hi: 0 }],
    ['false', { lo: 0, hi: 0 }],
    ['8', { lo: 0, hi: 0 }],
    ['-55', { lo: 0, hi: 0 }],
    ['100000000000000000', { lo: 0, hi: 0 }],
    ['1.5', { lo: 0, hi: 40 }],
    ['.inf', { lo: 0, hi: 40 }],
    ['a', { lo: 40, hi: 40 }],
  ];
  for (const [key, want] of exact) assert.deepEqual(keyBounds(key), want, key);
  const sized: [string, number][] = [
    ['99999999999999999999999', 40],
    ['9'.repeat(91), 80],
    ['? [a]', 80],
    ['? {a: 1}', 208],
  ];
  for (const [key, ruby] of sized) {
    const b = keyBounds(key);
    assert.equal(b.lo, 40, key);
    holds(b, ruby, key);
  }
});

void test('a list, a mapping and a `!reference` hold Ruby 3.1’s figure for themselves (a large Hash: 3.2’s and 3.3’s too)', () => {
  // memsize_of of the collection alone (its items are immediates): Psych pushes onto `[]`, so a list of up to 3 stays
  // in its slot and a longer one has a buffer grown by half (at least 16) plus what is needed (4: 200, 21: 336,
  // 1,000: 11,840); a Hash of up to 8 pairs 168, a larger one an st_table (9: 928, 33: 1,760, 1,000: 28,768).
  const list = (n: number): string => `a: [${Array(n).fill('1').join(', ')}]\n`;
  const map = (n: number): string => `a: {${Array.from({ length: n }, (_, i) => `${i}: ~`).join(', ')}}\n`;
  const cases: [string, string, number][] = [
    ['[]', list(0), 40],
    ['3 items', list(3), 40],
    ['4 items', list(4), 200],
    ['21 items', list(21), 336],
    ['1,000 items', list(1000), 11_840],
    ['{}', map(0), 40],
    ['1 pair', map(1), 168],
    ['8 pairs', map(8), 168],
    ['9 pairs', map(9), 928],
    ['33 pairs', map(33), 1760],
    ['1,000 pairs', map(1000), 28_768],
  ];
  for (const [what, text, ruby] of cases) holds(valueBounds(text), ruby, what);
  // Ruby 3.2 and 3.3 by their layouts (hash.c, st.c; not run here, only Ruby 3.1 is): 3.2 keeps a Hash that outgrew
  // its small table in the 160-byte slot that held it and allocates the st_table (56 bytes) apart: 9 pairs are
  // 160 + 56 + 32 entries of 24 + 64 one-byte bins = 1,048, 33 pairs 1,880; 3.3 makes room for the st_table in the
  // Hash's own slot (hash_alloc_flags): 992 and 1,824.
  const later: [number, number[]][] = [
    [9, [1048, 992]],
    [33, [1880, 1824]],
  ];
  for (const [n, figures] of later) for (const f of figures) holds(valueBounds(map(n)), f, `${n} pairs: ${f}`);
  // 3.2's is the most any of them takes: the upper bound, exactly (bins of 1 byte up to 256 of them, then 2 bytes:
  // 1,000 pairs are 160 + 56 + 1,024 × 24 + 2,048 × 2 = 28,888).
  assert.deepEqual(
    [9, 33, 1000].map((n) => valueBounds(map(n)).hi),
    [1048, 1880, 28_888],
  );
  assert.deepEqual(valueBounds(list(3)), { lo: 40, hi: 40 });
  // A `!reference` is a Gitlab::Ci::Config::Yaml::Tags::Reference, an object with one instance variable (40 bytes
  // in Ruby 3.1); DeepSize does not enter it.
  holds(valueBounds('a: !reference [x, y]\n'), 40, '!reference');
});

void test('a file every Ruby takes past 1 MB for is refused; one every Ruby keeps within 1 MB loads silently', () => {
  const refused = (text: string): string[] => {
    const sink = new DiagnosticSink();
    assert.equal(loadYaml(text, 'f.yml', sink).root, undefined);
    return sink.items.map((d) => `${d.code}: ${d.message} ${d.line}:${d.column}`);
  };
  const tooBig = ['yaml-too-big: The parsed YAML is too big 1:1'];
  // 131,072 items: the buffer alone is 8 bytes an item (Ruby 3.1: 1,532,584 in all).
  assert.deepEqual(refused(`a: [${Array(131_072).fill('1').join(', ')}]\n`), tooBig);
  // 65,536 pairs: the st_table alone is 24 bytes a pair (2,097,248).
  assert.deepEqual(refused(`{${Array.from({ length: 65_536 }, (_, i) => `${i}: ~`).join(', ')}}\n`), tooBig);
  // 20,000 list keys: an Array each (1,717,600).
  assert.deepEqual(refused(Array.from({ length: 20_000 }, (_, i) => `? [${i}]\n: ~\n`).join('')), tooBig);

  // Within in every Ruby (figures of Ruby 3.1; Ruby 3.3's differ by the Hash slot, 160 bytes for 168, and by 64
  // bytes more for each st_table): nothing to say.
  const lists = (count: number, n: number): string =>
    `a:\n${Array.from({ length: count }, () => `  - [${Array(n).fill('1').join(', ')}]`).join('\n')}\n`;
  const maps = (count: number, n: number): string =>
    `a:\n${Array.from({ length: count }, () => `  - {${Array.from({ length: n }, (_, i) => `${i}: ~`).join(', ')}}`).join('\n')}\n`;
  const silent: [string, string][] = [
    ['2,200 lists of 21 (757,152)', lists(2200, 21)],
    ['3,190 mappings of 8 pairs (562,728)', maps(3190, 8)],
    ['928 mappings of 32 pairs (869,296)', maps(928, 32)],
  ];
  for (const [what, text] of silent) {
    const sink = new DiagnosticSink();
    assert.ok(loadYaml(text, 'f.yml', sink).root, what);
    assert.deepEqual(
      sink.items.map((d) => d.code),
      [],
      what,
    );
  }
});

const nest = (n: number, inner: string): string => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;

void test('a list key’s levels count wherever an alias places its mapping (nodeMeasure.ts)', () => {
  // DeepSize enters a Hash's keys too: `m` is 98 levels (itself and its key's 97 lists), so used inside one list it
  // reaches 100 (valid), inside two 101 ("The parsed YAML is too big"). Ruby 3.1's figures: 100, 101, 100, 101.
  const m = `x: &m {? ${nest(97, 'a')} : 1}\n`;
  const mDeep = `x: &m {? ${nest(97, 'a')} : ${nest(96, '1')}}\n`; // its value one level short of its key
  const cases: [string, string, boolean][] = [
    ['a scalar value, one list down', `${m}y: [*m]\n`, true],
    ['a scalar value, two lists down', `${m}y: [[*m]]\n`, false],
    ['a deep value, one list down', `${mDeep}y: [*m]\n`, true],
    ['a deep value, two lists down', `${mDeep}y: [[*m]]\n`, false],
  ];
  for (const [what, text, loads] of cases) {
    const sink = new DiagnosticSink();
    const r = loadYaml(text, 'f.yml', sink);
    assert.equal(r.root !== undefined, loads, what);
    assert.deepEqual(
      sink.items.map((d) => d.code),
      loads ? [] : ['yaml-too-big'],
      what,
    );
  }
});

void test('an alias bomb past a million expanded nodes is refused where it passes them (nodeMeasure.ts)', () => {
  // Every such file is far past DeepSize's 1 MB (each item of a list takes 8 bytes, each pair of a Hash 24), so
  // GitLab refuses it too; the bound stops the converter at the node that passes a million (ours: GitLab names no
  // line), and a smaller bomb is refused by the byte bound, at the file's start.
  const bomb = (levels: number, item: (i: number) => string): string =>
    Array.from({ length: levels }, (_, i) => `l${i}: &l${i} ${item(i)}`).join('\n') + '\n';
  const keys = 'abcdefghij'.split('');
  const list = (i: number): string =>
    `[${Array(10)
      .fill(i === 0 ? 'x' : `*l${i - 1}`)
      .join(', ')}]`;
  const map =
    (pairs: number) =>
    (i: number): string =>
      `{${keys
        .slice(0, pairs)
        .map((k) => `${k}: ${i === 0 ? 'x' : `*l${i - 1}`}`)
        .join(', ')}}`;
  const cases: [string, string, [number, number, number, number]][] = [
    ['six levels of ten items (1,111,111 nodes)', bomb(6, list), [6, 9, 6, 59]],
    ['five levels (111,111 nodes)', bomb(5, list), [1, 1, 1, 1]],
    ['six levels of ten pairs (2,222,221 nodes)', bomb(6, map(10)), [6, 9, 6, 89]],
    ['five levels of pairs (222,221 nodes)', bomb(5, map(10)), [1, 1, 1, 1]],
    // Five pairs a level: the ninth (4,882,811 nodes) passes the bound.
    ['nine levels of five pairs', bomb(9, map(5)), [9, 9, 9, 49]],
  ];
  for (const [what, text, at] of cases) {
    const sink = new DiagnosticSink();
    assert.equal(loadYaml(text, 'f.yml', sink).root, undefined, what);
    assert.deepEqual(
      sink.items.map((d) => [d.code, d.message, [d.line, d.column, d.endLine, d.endColumn]]),
      [['yaml-too-big', 'The parsed YAML is too big', at]],
      what,
    );
  }
});

void test('what a `!reference` holds through aliases is bounded by the node count, the only bound inside the tag', () => {
  // DeepSize does not enter a tag object, so only the expanded node count (our guard, nodeMeasure.ts) bounds the
  // items of a `!reference`: 80 aliases to a list of 11,111 nodes load (GitLab then refuses the reference: its items
  // are not names), 100 are refused at the reference, before any later step walks or prints 1.1 million nodes.
  const levels = ['l0: &l0 [~, ~, ~, ~, ~, ~, ~, ~, ~, ~]'];
  for (let i = 1; i <= 3; i++) {
    levels.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  }
  const load = (n: number): string[] => {
    const sink = new DiagnosticSink();
    const { root } = loadYaml(
      `${levels.join('\n')}\nx: !reference [${Array(n).fill('*l3').join(', ')}]\n`,
      'f.yml',
      sink,
    );
    return [root ? 'loaded' : 'refused', ...sink.items.map((d) => `${d.code} ${d.line}:${d.column}`)];
  };
  assert.deepEqual(load(80), ['loaded']);
  assert.deepEqual(load(100), ['refused', 'yaml-too-big 5:15']);
});
