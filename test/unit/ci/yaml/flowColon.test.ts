// A `:` that starts a token inside `[…]`/`{…}` (src/ci/yaml/flowColon.ts). Expected values: Ruby 3.1's Psych,
// `YAML.safe_load(text, permitted_classes: [Symbol], permitted_symbols: [], aliases: true)` as
// Gitlab::Config::Loader::Yaml calls it, run for each row; GitLab passes Psych's message on (its `(<unknown>)` is the
// file name here, as for every YAML error of the loader). The loader used to accept these with a Symbol warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import { toPlain } from '../../../../src/ci/yaml/node';
import { run } from '../helpers';

function load(text: string): { plain: unknown; found: string[] } {
  const sink = new DiagnosticSink();
  const r = loadYaml(text, 'f.yml', sink);
  return {
    plain: r.root ? toPlain(r.root) : undefined,
    found: sink.items.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column} ${d.message}`),
  };
}

const refusal = (line: number, column: number): string =>
  `error yaml-syntax ${line}:${column} (f.yml): did not find expected node content while parsing a flow node at line ${line} column ${column}`;

/** Psych: "did not find expected node content while parsing a flow node at line L column C" for each. */
const REFUSED: [string, number, number][] = [
  ['needs: [:b]', 1, 9],
  ['x: [:a, b]', 1, 5],
  ['x: {:a: 1}', 1, 5],
  ['x: [ :a ]', 1, 6],
  ['x: [a, :b]', 1, 8],
  ['x: [a,:b]', 1, 7],
  ["x: [a, 'b', :c]", 1, 13],
  ['x: {a: :b}', 1, 8],
  ['x: {a: b, c: [d, :e]}', 1, 18],
  ['x: [{a: :b}]', 1, 9],
  ['x: [:a:b]', 1, 5],
  ['x: [::a]', 1, 5],
  ['x: [:1]', 1, 5],
  ['x: [:]', 1, 5],
  ['x: [: a]', 1, 5],
  ['x: [a, : b]', 1, 8],
  ['x: {a: 1, : b}', 1, 11],
  ['{: a}', 1, 2],
  ['x: {"a"::b}', 1, 9],
  ['x: {"a": :b}', 1, 10],
  ['x: {? a : :b}', 1, 11],
  ['x: [\n  a,\n  :b\n]', 3, 3],
  ['x: [a, # c\n  :b]', 2, 3],
  // Psych stops at the `:` before it meets the unclosed list.
  ['x: [:a, b', 1, 5],
];

void test('libyaml refuses a flow scalar that starts with `:` where a node is expected (was: a Symbol warning)', () => {
  for (const [text, line, column] of REFUSED) {
    const r = load(text);
    assert.deepEqual(r.found, [refusal(line, column)], JSON.stringify(text));
    assert.equal(r.plain, undefined, JSON.stringify(text));
  }
});

void test('what Psych accepts still loads, with the same values', () => {
  const rows: [string, unknown][] = [
    ['x: [":a"]', { x: [':a'] }],
    ["x: [':a', b]", { x: [':a', 'b'] }],
    ['x: [a :b]', { x: ['a :b'] }],
    ['x: [a:b]', { x: ['a:b'] }],
    ['x: [a::b]', { x: ['a::b'] }],
    ['x: {a:b: 1}', { x: { 'a:b': 1 } }],
    ['x: {"a":b}', { x: { a: 'b' } }],
    ['x: {a : b}', { x: { a: 'b' } }],
  ];
  for (const [text, plain] of rows) assert.deepEqual(load(text), { plain, found: [] }, text);
  // Outside a flow collection `:a` is a Symbol (a warning, as before): only flow context changes the scanning.
  for (const text of ['x: :a', 'x:\n  - :a', 'x: &x :a\ny: [*x]']) {
    const r = load(text);
    assert.notEqual(r.plain, undefined, text);
    assert.ok(
      r.found.every((f) => f.includes('yaml-symbol')),
      `${text}: ${r.found.join('; ')}`,
    );
  }
});

void test('an earlier error of another kind is the one reported, as Psych stops there first', () => {
  const r = load('a: b: c\nx: [:a]');
  assert.equal(r.found.length, 1);
  assert.doesNotMatch(r.found[0] ?? '', /flow node/);
  assert.match(r.found[0] ?? '', /^error yaml-syntax 1:/);
});

void test('after a tag, an anchor or `?`, Psych reads the `:` otherwise: a warning says so, the file is not refused', () => {
  // Psych: {"x"=>[{nil=>"a"}]}, {"x"=>[{""=>"a"}]}, {"x"=>{nil=>"a"}} — not modelled, not passed over in silence.
  for (const [text, column] of [
    ['x: [&x :a]', 8],
    ['x: [!!str :a]', 11],
    ['x: {? :a}', 7],
  ] as const) {
    const r = load(text);
    assert.notEqual(r.plain, undefined, text);
    const flow = r.found.filter((f) => f.includes('yaml-flow-colon'));
    assert.equal(flow.length, 1, `${text}: ${r.found.join('; ')}`);
    assert.match(flow[0] ?? '', new RegExp(`^warning yaml-flow-colon 1:${column} GitLab's YAML parser \\(libyaml\\)`));
  }
});

void test('the pipeline is refused with the loader message (needs: [:b] in a job)', async () => {
  const m = await run('a: {script: x}\nb:\n  script: y\n  needs: [:a]\n');
  assert.equal(m.pipeline.created, false);
  assert.deepEqual(
    m.diagnostics.map((d) => d.message),
    ['(.gitlab-ci.yml): did not find expected node content while parsing a flow node at line 4 column 11'],
  );
});

// Survivors of the mutation run on src/ci/yaml/flowColon.ts (docs/mutation.md, "yaml: the flow `:` Psych refuses").
// Expected values: Ruby 3.1's Psych, `YAML.safe_load(text, permitted_classes: [Symbol], permitted_symbols: [],
// aliases: true)` as Gitlab::Config::Loader::Yaml calls it, run for each row (libyaml scanner.c scans a `:` that
// begins a token in flow context as a value indicator; parser.c refuses it where a node is expected).
void test('the cheap pre-check lets through a `:` after a tab or a single-quoted key', () => {
  // Psych: each refused at the given line and column.
  const rows: [string, number, number][] = [
    ['x: [a,\t:b]', 1, 8],
    ['x: [\t:b]', 1, 6],
    ["x: {'a'::b}", 1, 9],
  ];
  for (const [text, line, column] of rows) {
    const r = load(text);
    assert.deepEqual(r.found, [refusal(line, column)], JSON.stringify(text));
    assert.equal(r.plain, undefined, JSON.stringify(text));
  }
});

void test('of several refused `:`s, the first in the text is the one Psych reports', () => {
  // Psych stops at the first (YAML.load_stream for the two documents).
  const rows: [string, number][] = [
    ['x: [:a, :b]', 5],
    ['x: {a: [:a], b: :b}', 9],
    ['x: [:a]\n---\ny: [:b]', 5],
    ['x: [:a, [:b], {c: :d}]', 5],
  ];
  for (const [text, column] of rows) assert.deepEqual(load(text).found, [refusal(1, column)], JSON.stringify(text));
});

void test('an empty or quoted scalar in a flow collection is no refused `:`', () => {
  // The block pair `? y` / `: z` has a `:` at a line's start, so the file is walked, not passed by the pre-check.
  // Psych: {"x"=>[":a", ":b", {"a"=>nil}, nil, "", {"a"=>nil, "b"=>"c"}], "y"=>"z"}, then {"x"=>[...], "y"=>"z"}.
  const pair = '\n? y\n: z';
  const rows: [string, unknown][] = [
    [
      `x: [":a", ':b', {a: }, &c , !!str , {a: , b: c}]${pair}`,
      { x: [':a', ':b', { a: null }, null, '', { a: null, b: 'c' }], y: 'z' },
    ],
    [`x: {a: }${pair}`, { x: { a: null }, y: 'z' }],
    [`x: {a, b}${pair}`, { x: { a: null, b: null }, y: 'z' }],
    [`x: [a, ]${pair}`, { x: ['a'], y: 'z' }],
    [`x: [&a ]${pair}`, { x: [null], y: 'z' }],
  ];
  for (const [text, plain] of rows) assert.deepEqual(load(text), { plain, found: [] }, JSON.stringify(text));
});

void test('outside a flow collection no `:` is refused, with or without an anchor at the start of the text', () => {
  // Psych: "key:value" and :a, both loaded (not a Hash: the configuration's own error, no YAML one).
  for (const text of ['key:value', '&x :a']) {
    const yaml = load(text).found.filter((f) => /yaml-(syntax|flow-colon)/.test(f));
    assert.deepEqual(yaml, [], text);
  }
});

void test('the `:`s Psych reads otherwise are said in text order, at most ten', () => {
  // Psych: {"x"=>[{nil=>"a"}, {nil=>"b"}, {nil=>"c"}]} — a pair with a nil key each, not the text shown.
  const three = load('x: [&a :a, &b :b, &c :c]');
  assert.deepEqual(
    three.found.filter((f) => f.includes('yaml-flow-colon')).map((f) => f.split(' ').slice(0, 3).join(' ')),
    ['warning yaml-flow-colon 1:8', 'warning yaml-flow-colon 1:15', 'warning yaml-flow-colon 1:22'],
  );
  // Twelve of them: Psych loads the file; the warnings stop at ten (each is a warning on the file).
  const items = Array.from({ length: 12 }, (_, n) => `&a${n} :a`).join(', ');
  const many = load(`x: [${items}]`);
  assert.notEqual(many.plain, undefined);
  assert.equal(many.found.filter((f) => f.includes('yaml-flow-colon')).length, 10);
});
