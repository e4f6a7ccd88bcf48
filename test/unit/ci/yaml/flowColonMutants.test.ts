// Survivors of the mutation run on src/ci/yaml/flowColon.ts (docs/mutation.md, "yaml: the flow `:` Psych refuses").
// Expected values: Ruby 3.1's Psych, `YAML.safe_load(text, permitted_classes: [Symbol], permitted_symbols: [],
// aliases: true)` as Gitlab::Config::Loader::Yaml calls it, run for each row (libyaml scanner.c scans a `:` that
// begins a token in flow context as a value indicator; parser.c refuses it where a node is expected).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import { toPlain } from '../../../../src/ci/yaml/node';

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
