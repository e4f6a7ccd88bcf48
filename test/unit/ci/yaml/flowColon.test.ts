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
