// The loader where it differed from GitLab's (docs/mutation.md, "rules and yaml", found 4 and 6 to 10): what Psych
// builds is the truth. Expected values: Ruby's Psych, `YAML.safe_load(text, permitted_classes: [Symbol],
// permitted_symbols: [], aliases: true)` as Gitlab::Config::Loader::Yaml calls it, run for each row (Ruby 3.1,
// Psych 4.0.3; where Psych 5, which GitLab runs, differs, the row says so and follows Psych 5). Each expected value
// is Ruby's `inspect` of the result, written here as JSON in the same key order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { deepSizeBounds } from '../../../../src/ci/yaml/deepSize';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import type { YMap } from '../../../../src/ci/yaml/node';
import { toPlain } from '../../../../src/ci/yaml/node';
import { run } from '../helpers';

interface Loaded {
  root: YMap | undefined;
  found: string[];
}

function load(text: string): Loaded {
  const sink = new DiagnosticSink();
  const r = loadYaml(text, 'f.yml', sink);
  return { root: r.root, found: sink.items.map((d) => `${d.severity} ${d.code}: ${d.message}`) };
}

/** The loaded file as JSON text in its key order; the file must load without a finding. */
function loaded(text: string): string {
  const r = load(text);
  assert.deepEqual(r.found, [], text);
  assert.ok(r.root, text);
  return JSON.stringify(toPlain(r.root));
}

async function findings(yaml: string): Promise<string[]> {
  const m = await run(yaml);
  return m.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);
}

void test('`<<` with what Psych cannot merge is the ordinary key `<<`, with no error (found 9)', () => {
  // revive_hash: Hash#merge! raises TypeError for anything but a Hash; Psych rescues it and keeps `hash["<<"] = val`.
  const cases: [string, unknown][] = [
    ['a: 1\n<<: 5\nb: 2\n', { a: 1, '<<': 5, b: 2 }], // {"a"=>1, "<<"=>5, "b"=>2}
    ['<<: [5]\nb: 2\n', { '<<': [5], b: 2 }], // {"<<"=>[5], "b"=>2}
    ['<<: "s"\n', { '<<': 's' }], // {"<<"=>"s"}
    ['<<:\nb: 1\n', { '<<': null, b: 1 }], // {"<<"=>nil, "b"=>1}
    ['? <<\nb: 1\n', { '<<': null, b: 1 }], // {"<<"=>nil, "b"=>1}
    // A list holding anything but mappings: nothing of it is merged, the whole list is the value.
    ['<<: [{a: 1}, 5]\n', { '<<': [{ a: 1 }, 5] }], // {"<<"=>[{"a"=>1}, 5]}
    ['<<: [5, {a: 1}]\n', { '<<': [5, { a: 1 }] }], // {"<<"=>[5, {"a"=>1}]}
    // An alias is merged only when it names a mapping: an alias to a list of mappings is not.
    ['x: &l [{a: 1}]\ny:\n  <<: *l\n  b: 2\n', { x: [{ a: 1 }], y: { '<<': [{ a: 1 }], b: 2 } }],
    ['x: &s 5\ny:\n  <<: *s\n  b: 2\n', { x: 5, y: { '<<': 5, b: 2 } }], // {"x"=>5, "y"=>{"<<"=>5, "b"=>2}}
    // Empty ones merge nothing and leave no key.
    ['<<: []\nb: 1\n', { b: 1 }], // {"b"=>1}
    ['<<: {}\nb: 1\n', { b: 1 }], // {"b"=>1}
    // Still merged: a list of mappings (earlier ones win), and a later `<<` after an unmerged one.
    ['x: &m {a: 1}\ny:\n  <<: [*m, {a: 2, c: 3}]\n  b: 4\n', { x: { a: 1 }, y: { a: 1, c: 3, b: 4 } }],
    ['x: &m {a: 1}\ny:\n  b: 0\n  <<: 5\n  <<: *m\n', { x: { a: 1 }, y: { b: 0, '<<': 5, a: 1 } }],
  ];
  for (const [text, want] of cases) assert.equal(loaded(text), JSON.stringify(want), text);
});

void test('an unmerged `<<` is then what GitLab makes of a key `<<`: unknown in a job, a valid variable', async () => {
  // Entry::Job: "jobs:build config contains unknown keys: <<"; variables take any key; at the root `<<` is a job.
  assert.deepEqual(await findings('build:\n  script: x\n  <<: 5\n'), [
    'error job-keys: jobs:build config contains unknown keys: <<',
  ]);
  assert.deepEqual(await findings('variables:\n  <<: 5\nbuild:\n  script: x\n'), []);
  assert.deepEqual(await findings('<<: 5\nbuild:\n  script: x\n'), [
    'error job-type: jobs << config should implement the script:, run:, or trigger: keyword',
  ]);
});

void test('a quoted `<<` key merges; only a `!!str` tag keeps it an ordinary key (found 6)', () => {
  // revive_hash: `key == '<<' && k.tag != "tag:yaml.org,2002:str"`: quoting is not a tag, other tags are not `!!str`.
  const cases: [string, unknown][] = [
    ['"<<": {a: 1}\nb: 2\n', { a: 1, b: 2 }], // {"a"=>1, "b"=>2}
    ["'<<': {a: 1}\n", { a: 1 }], // {"a"=>1}
    ['!!str "<<": {a: 1}\n', { '<<': { a: 1 } }], // {"<<"=>{"a"=>1}}
    ['!!str <<: {a: 1}\n', { '<<': { a: 1 } }], // {"<<"=>{"a"=>1}}
    ['!!merge <<: {a: 1}\n', { a: 1 }], // {"a"=>1}
    // An alias has no tag of its own: an alias to a `<<` text merges, even one written `!!str <<`.
    ['x: &m <<\n*m : {a: 1}\n', { x: '<<', a: 1 }], // {"x"=>"<<", "a"=>1}
    ['x: &m !!str <<\n*m : {a: 1}\n', { x: '<<', a: 1 }], // {"x"=>"<<", "a"=>1}
    // A quoted `<<` with what cannot be merged is the ordinary key, as a plain one is.
    ['"<<": 5\n', { '<<': 5 }], // {"<<"=>5}
  ];
  for (const [text, want] of cases) assert.equal(loaded(text), JSON.stringify(want), text);
});

void test('an anchored key registers its anchor: an alias may name it (found 8)', () => {
  // Psych registers every node it builds, keys included: {"a"=>2}; {"a"=>1, "b"=>"a"}; {"a"=>"a"}.
  const r = load('&k a: 1\n*k : 2\n');
  assert.equal(JSON.stringify(toPlain(r.root)), JSON.stringify({ a: 2 }));
  assert.deepEqual(r.found, [
    "warning duplicate-key: Duplicate key 'a': the later value wins (Psych keeps the last one; GitLab calls the result unpredictable).",
  ]);
  assert.equal(loaded('&k a: 1\nb: *k\n'), JSON.stringify({ a: 1, b: 'a' }));
  assert.equal(loaded('&k a: *k\n'), JSON.stringify({ a: 'a' }));
  // Typed as the key was: `&k 1` is the Integer 1 wherever the alias is used.
  assert.equal(loaded('&k 1: x\nb: *k\n'), JSON.stringify({ 1: 'x', b: 1 }));
  // An anchored `<<` key too: the alias is then a `<<` key, whose 2 cannot be merged ({"a"=>1, "<<"=>2}).
  assert.equal(loaded('&k <<: {a: 1}\n*k : 2\n'), JSON.stringify({ a: 1, '<<': 2 }));
  // Before: `unknown anchor 'k'`.
});

void test('a list or mapping as a key, written or by an alias, is kept and named by its inspect (found 7)', () => {
  // Psych: {"x"=>[1], [1]=>2}; {["a", ["b"]]=>1}; {"x"=>{"a"=>1}, {"a"=>1}=>2}. GitLab's deep_symbolize_keys
  // leaves such a key as it is, and names it by its to_s (Ruby 3.3's inspect).
  const keys = (text: string): [string, string | undefined][] => {
    const r = load(text);
    assert.deepEqual(r.found, [], text);
    return (r.root?.entries ?? []).map((e) => [e.key, e.keyKind]);
  };
  assert.deepEqual(keys('x: &k [1]\n*k : 2\n'), [
    ['x', undefined],
    ['[1]', 'collection'],
  ]);
  assert.deepEqual(keys('? [a, [b]]\n: 1\n'), [['["a", ["b"]]', 'collection']]);
  assert.deepEqual(keys('x: &k {a: 1}\n*k : 2\n'), [
    ['x', undefined],
    ['{"a"=>1}', 'collection'],
  ]);
  assert.deepEqual(keys('? {a: 1.0, b: [~, true, "q"]}\n: 1\n'), [['{"a"=>1.0, "b"=>[nil, true, "q"]}', 'collection']]);
  // An anchored collection key registers its anchor ({["a"]=>1, "b"=>{["a"]=>2}}).
  assert.equal(loaded('? &k [a]\n: 1\nb: {*k : 2}\n'), JSON.stringify({ '["a"]': 1, b: { '["a"]': 2 } }));
});

void test('a job named by a list or mapping is refused by its name validation, as GitLab refuses it', async () => {
  // Entry::Job (processable.rb): `validates :name, type: Symbol`; the location is "jobs:" + the key's to_s, and
  // Validator#messages downcases the message.
  assert.deepEqual(await findings('? [A, b]\n: {script: x}\nbuild:\n  script: x\n'), [
    'error job-name-type: jobs:["a", "b"] name should be a symbol',
  ]);
  assert.deepEqual(await findings('x: &k {a: 1}\n*k : {script: x}\n.x: 1\nbuild:\n  script: x\n'), [
    'error job-type: jobs x config should implement the script:, run:, or trigger: keyword',
    'error job-name-type: jobs:{"a"=>1} name should be a symbol',
  ]);
});

void test('an alias bomb used as a key: named in full while GitLab may accept it, too big once it surely does not', () => {
  // Four levels of seven: 2,801 nodes in the key; DeepSize counts 381,568 bytes in all (Ruby 3.1): accepted.
  const lines = [`l0: &l0 [${Array(7).fill('x').join(', ')}]`];
  for (let i = 1; i <= 3; i++) {
    lines.push(
      `l${i}: &l${i} [${Array(7)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  }
  const r = load(`${lines.join('\n')}\n*l3 : 1\n`);
  assert.deepEqual(r.found, []);
  const last = r.root?.entries[r.root.entries.length - 1];
  assert.equal(last?.keyKind, 'collection');
  // Ruby's inspect: ["x", "x", …] is 35 characters, each level 7 of the one below, ", " between and brackets.
  assert.equal(last?.key.length, 12_803);
  assert.ok(last?.key.startsWith('[[[["x", "x", '));
  // Five levels of ten as a key: 4,444,400 bytes for DeepSize in the key alone. Refused at the key, before its
  // text (about 50 MB) is written.
  const big = [`l0: &l0 [${Array(10).fill('x').join(', ')}]`];
  for (let i = 1; i <= 4; i++) {
    big.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  }
  const sink = new DiagnosticSink();
  loadYaml(`${big.join('\n')}\n? *l4\n: 1\n`, 'f.yml', sink);
  assert.deepEqual(
    sink.items.map((d) => [d.code, d.message, d.line, d.column]),
    [['yaml-too-big', 'The parsed YAML is too big', 6, 3]],
  );
});

void test('an alias to an unknown anchor: Psych 5’s message, at the alias (found 10)', () => {
  // Psych::AnchorNotDefined since Psych 5.1 (GitLab runs Ruby 3.3, Psych 5): "An alias referenced an unknown
  // anchor: nope" (Psych 4.0.3 here says "Unknown alias: nope"); GitLab's loader reports the message as it is.
  const sink = new DiagnosticSink();
  const r = loadYaml('x: 1\nb:\n  - *nope\n', 'f.yml', sink);
  assert.equal(r.root, undefined);
  assert.deepEqual(
    sink.items.map((d) => [d.severity, d.code, d.message, d.line, d.column, d.endLine, d.endColumn]),
    [['error', 'yaml-alias', 'An alias referenced an unknown anchor: nope', 3, 5, 3, 10]],
  );
  // An anchor defined only after the alias is unknown to it too (Psych builds in document order).
  assert.deepEqual(load('a: *k\nb: &k 1\n').found, ['error yaml-alias: An alias referenced an unknown anchor: k']);
});

void test('`!!omap` and `!!pairs` lists load as Psych builds them (found 4)', () => {
  // to_ruby.rb, visit_Psych_Nodes_Sequence: `!omap` builds a Psych::Omap (a Hash, which the safe loader does not
  // check on this path) from each item's first child and last child; any other tag on a list keeps the list.
  const cases: [string, unknown][] = [
    ['a: !!omap [{x: 1}]\n', { a: { x: 1 } }], // {"a"=>{"x"=>1}}
    ['a: !!omap [{x: 1, y: 2}]\n', { a: { x: 2 } }], // {"a"=>{"x"=>2}}: first key, last value
    ['a: !!omap [{x: 1}, {x: 2}, {y: [1]}]\n', { a: { x: 2, y: [1] } }], // {"a"=>{"x"=>2, "y"=>[1]}}
    ['a: !!omap [[p, q, r]]\n', { a: { p: 'r' } }], // {"a"=>{"p"=>"r"}}
    ['a: !!omap [[p]]\n', { a: { p: 'p' } }], // {"a"=>{"p"=>"p"}}
    ['a: !!omap [{x}]\n', { a: { x: null } }], // {"a"=>{"x"=>nil}}
    ['a: !!omap []\n', { a: {} }], // {"a"=>{}}
    ['a: !omap [{x: 1}]\n', { a: { x: 1 } }], // {"a"=>{"x"=>1}}
    ['a: !!omap [{<<: {b: 1}}]\n', { a: { '<<': { b: 1 } } }], // no merging inside: {"a"=>{"<<"=>{"b"=>1}}}
    ['a: !!omap &o [{x: 1}]\nb: *o\n', { a: { x: 1 }, b: { x: 1 } }],
    ['a: !!pairs [{x: 1}, {x: 2}]\n', { a: [{ x: 1 }, { x: 2 }] }], // {"a"=>[{"x"=>1}, {"x"=>2}]}
    ['a: !!pairs [x]\n', { a: ['x'] }], // {"a"=>["x"]}
    ['a: !!set [x]\n', { a: ['x'] }], // a list tagged !!set is a list: {"a"=>["x"]}
    ['a: !!pairs {x: 1}\n', { a: { x: 1 } }], // a mapping tagged !!pairs is a Hash: {"a"=>{"x"=>1}}
    // An omap merges through an alias (it is a Hash), not written in place (a list to revive_hash).
    ['o: &o !!omap [{x: 1}]\nb:\n  <<: *o\n', { o: { x: 1 }, b: { x: 1 } }],
    ['<<: !!omap [{a: 1}]\nb: 1\n', { '<<': { a: 1 }, b: 1 }], // {"<<"=>{"a"=>1}, "b"=>1}
  ];
  for (const [text, want] of cases) assert.equal(loaded(text), JSON.stringify(want), text);
});

void test('`!!set` and `!!omap` mappings are refused as Psych’s safe loader refuses their class (found 4)', () => {
  // Psych::DisallowedClass from the restricted class loader (GitLab permits only Symbol), at the collection.
  const cases: [string, string, [number, number, number, number]][] = [
    ['a: !!set {x, y}\n', 'Psych::Set', [1, 10, 1, 16]],
    ['a: !set {x: 1}\n', 'Psych::Set', [1, 9, 1, 15]],
    ['a: !!omap {x: 1}\n', 'Psych::Omap', [1, 11, 1, 17]],
  ];
  for (const [text, cls, at] of cases) {
    const sink = new DiagnosticSink();
    assert.equal(loadYaml(text, 'f.yml', sink).root, undefined, text);
    assert.deepEqual(
      sink.items.map((d) => [d.code, d.message, [d.line, d.column, d.endLine, d.endColumn]]),
      [['yaml-class', `Tried to load unspecified class: ${cls}`, at]],
      text,
    );
  }
});

void test('an `!!omap` item Psych cannot read fails the file (Psych raises NoMethodError)', () => {
  for (const text of ['a: !!omap [x]\n', 'a: !!omap [{}]\n', 'a: !!omap [[]]\n', 'x: &x {a: 1}\na: !!omap [*x]\n']) {
    const r = load(text);
    assert.equal(r.root, undefined, text);
    assert.deepEqual(
      r.found.map((f) => f.split(':')[0]),
      ['error yaml-omap'],
      text,
    );
  }
});

const nest = (n: number, inner: string): string => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;

void test('depth as Gitlab::Utils::DeepSize counts it: every use of an alias, empty lists, merged and key levels', () => {
  // DeepSize: each Array or Hash it enters is one level (the root Hash 1, an empty one too); more than 100 is "The
  // parsed YAML is too big". Its figure for each row, from a Ruby model of DeepSize run on Psych's result, is in
  // the row's name; 100 loads, 101 does not.
  const cases: [string, string, boolean][] = [
    ['99 empty lists: 100', `a: ${nest(99, '')}\n`, true],
    ['100 empty lists: 101', `a: ${nest(100, '')}\n`, false],
    ['an alias to 90 lists, used 9 lists down: 100', `x: &d ${nest(90, '1')}\ny: ${nest(9, '*d')}\n`, true],
    ['an alias to 90 lists, used 10 lists down: 101', `x: &d ${nest(90, '1')}\ny: ${nest(10, '*d')}\n`, false],
    ['a merged mapping adds no level: 100', `<<: {a: ${nest(99, '1')}}\n`, true],
    ['a merged mapping, one more list: 101', `<<: {a: ${nest(100, '1')}}\n`, false],
    ['a merged list of mappings adds none either: 100', `<<: [{a: ${nest(99, '1')}}]\n`, true],
    ['an alias merged one level down: 100', `m: &m {a: ${nest(98, '1')}}\nb: {<<: *m}\n`, true],
    ['an alias merged two levels down: 101', `m: &m {a: ${nest(98, '1')}}\nb: {c: {<<: *m}}\n`, false],
    ['a `<<` kept as a key is a level like any: 100', `<<: ${nest(99, '1')}\n`, true],
    ['a `<<` kept as a key, one more: 101', `<<: ${nest(100, '1')}\n`, false],
    ['a list as a key is entered too: 100', `? ${nest(99, 'a')}\n: 1\n`, true],
    ['a list as a key, one more: 101', `? ${nest(100, 'a')}\n: 1\n`, false],
  ];
  for (const [what, text, loads] of cases) {
    const r = load(text);
    if (loads) assert.deepEqual(r.found, [], what);
    else assert.deepEqual(r.found, ['error yaml-too-big: The parsed YAML is too big'], what);
  }
});

void test('a too deep alias is reported where it is used', () => {
  const sink = new DiagnosticSink();
  loadYaml(`x: &d ${nest(90, '1')}\ny: ${nest(10, '*d')}\n`, 'f.yml', sink);
  assert.deepEqual(
    sink.items.map((d) => [d.line, d.column, d.endLine, d.endColumn]),
    [[2, 14, 2, 16]],
  );
});

void test('a `!reference` adds no level (DeepSize does not enter a tag object)', () => {
  // 99 lists and the root: 100 levels; the tag object inside them is not entered.
  const r = load(`a: ${nest(99, '!reference [x, y]')}\n`);
  assert.deepEqual(r.found, []);
});

const sized = (text: string): { found: string[]; lo: number; hi: number; loads: boolean } => {
  const r = load(text);
  const b = r.root ? deepSizeBounds(r.root) : { lo: -1, hi: -1 };
  return { found: r.found.map((f) => f.replace(/between .*$/, 'between …')), ...b, loads: r.root !== undefined };
};

void test('size as DeepSize counts bytes: surely over 1 MB refused, maybe over warned, surely under silent', () => {
  // Figures from Ruby 3.1 (ObjectSpace.memsize_of summed over every visit, as DeepSize does), in each row's name.
  // Five levels of ten-item lists by aliases: 111,111 nodes (within the node bound), 6,913,768 bytes: refused.
  const lines = [`l0: &l0 [${Array(10).fill('x').join(', ')}]`];
  for (let i = 1; i <= 4; i++) {
    lines.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  }
  const bomb = sized(lines.join('\n') + '\n');
  assert.deepEqual([bomb.found, bomb.loads], [['error yaml-too-big: The parsed YAML is too big'], false]);
  // 30,000 one-letter strings in one list: 1,502,920 bytes in Ruby 3.1 from 90 KB of text: refused.
  const letters = sized(`a: [${Array(30_000).fill('x').join(', ')}]\n`);
  assert.deepEqual([letters.found, letters.loads], [['error yaml-too-big: The parsed YAML is too big'], false]);
  // 20,000 strings of 20 bytes: 1,002,024 bytes in Ruby 3.1 (23 bytes fit its 40-byte slot), but Ruby 3.2+ puts each
  // in an 80-byte slot: GitLab (Ruby 3.3) may refuse it. Loaded, with the warning, and Ruby 3.1's figure within.
  const words = (n: number): string =>
    `a: [${Array.from({ length: n }, (_, i) => `s${String(i).padStart(19, '0')}`).join(', ')}]\n`;
  const maybe = sized(words(20_000));
  assert.equal(maybe.loads, true);
  assert.deepEqual(maybe.found, [
    'warning yaml-maybe-too-big: GitLab may refuse this file ("The parsed YAML is too big"): it refuses more than 1024 KB of Ruby objects (Gitlab::Utils::DeepSize over the loaded YAML, aliases counted at each use), and this file\'s come to between …',
  ]);
  assert.ok(maybe.lo <= 1_002_024 && 1_002_024 <= maybe.hi, `${maybe.lo} ≤ 1002024 ≤ ${maybe.hi}`);
  // 5,000 of them: 260,024 bytes; surely within, nothing said.
  const fine = sized(words(5_000));
  assert.deepEqual([fine.found, fine.loads], [[], true]);
  assert.ok(fine.lo <= 260_024 && 260_024 <= fine.hi);
});

void test('the byte bounds hold Ruby 3.1’s figure for every kind of object', () => {
  // Each row: a file and ObjectSpace.memsize_of summed over its Psych result the way DeepSize walks it (Ruby 3.1).
  const cases: [string, number][] = [
    ['a: [x, xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx]\n', 374],
    ['a: [1, 2, 3]\nb: [1, 2, 3, 4]\n', 488],
    [`a: {${Array.from({ length: 9 }, (_, i) => `k${i}: 1`).join(', ')}}\n`, 1496],
    [`a: {${Array.from({ length: 100 }, (_, i) => `k${i}: 1`).join(', ')}}\n`, 7632],
    ['a: []\nb: {}\nc: :sym\nd: 1.5\ne: 99999999999999999999999\nf: ~\ng: true\n', 568],
    ['x: &x [aaaa, bbbb]\ny: [*x, *x, *x]\n', 768],
    ['a: "é€😀"\n', 248],
  ];
  for (const [text, ruby] of cases) {
    const { lo, hi, found } = sized(text);
    assert.deepEqual(
      found.filter((f) => !f.includes('yaml-symbol')),
      [],
      text,
    );
    assert.ok(lo <= ruby && ruby <= hi, `${text}: ${lo} ≤ ${ruby} ≤ ${hi}`);
  }
});

void test('an alias inside its own anchor is "The parsed YAML is too big", at the alias (found 3)', () => {
  // Psych builds a recursive Array (r["a"].equal?(r["a"][0]) is true); DeepSize finds it nested without end.
  const sink = new DiagnosticSink();
  assert.equal(loadYaml('a: &x [*x]\n', 'f.yml', sink).root, undefined);
  assert.deepEqual(
    sink.items.map((d) => [d.code, d.message, d.line, d.column, d.endLine, d.endColumn]),
    [['yaml-too-big', 'The parsed YAML is too big', 1, 8, 1, 10]],
  );
  assert.deepEqual(load('a: &x {b: [c, {d: *x}]}\n').found, ['error yaml-too-big: The parsed YAML is too big']);
});

void test('`!!binary` and `!binary` are the text of their bytes, as Psych unpacks them (found 5)', () => {
  // deserialize: `o.value.unpack('m').first` for both tags; Ruby gives these bytes (a binary String).
  const cases: [string, number[]][] = [
    ['a: !!binary aGVsbG8=\n', [104, 101, 108, 108, 111]], // "hello"
    ['a: !!binary |\n  aGVs\n  bG8=\n', [104, 101, 108, 108, 111]], // "hello" across lines
    ['a: !binary aGk=\n', [104, 105]], // "hi"
    ['a: !binary "a G!k=zz"\n', [104, 105]], // unpack skips what is not base64 and stops at padding
    ['a: !binary aGVsbA\n', [104, 101, 108, 108]], // "hell": no padding needed
    ['a: !!binary /w==\n', [255]], // "\xFF": not UTF-8, one character a byte
  ];
  for (const [text, bytes] of cases) {
    const r = load(text);
    assert.deepEqual(r.found, [], text);
    const a = toPlain(r.root) as { a: string };
    assert.deepEqual(
      Array.from(a.a, (c) => c.charCodeAt(0)),
      bytes,
      text,
    );
  }
});
