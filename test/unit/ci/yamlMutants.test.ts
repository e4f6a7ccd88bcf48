// YAML loading and the value tree, the cases mutation testing found untested (docs/mutation.md): the two-document
// rule (an optional `spec:` header, then the content; spec R0.1), the 1 MiB bound, syntax messages on one line,
// Ruby's Float#to_s, flattening exactly 10 levels, the small tree helpers, and the parse cache's bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import { loadYaml, YAML_LIMITS } from '../../../src/ci/yaml/loadYaml';
import { createParseCache } from '../../../src/ci/yaml/parseCache';
import type { YMap, YNode, YScalar } from '../../../src/ci/yaml/node';
import {
  flattenSeq,
  get,
  has,
  isNull,
  rubyToS,
  scalarString,
  toPlain,
  withEntry,
  withoutEntry,
} from '../../../src/ci/yaml/node';

function load(text: string): { header: unknown; root: unknown; found: string[] } {
  const sink = new DiagnosticSink();
  const r = loadYaml(text, 'f.yml', sink);
  return {
    header: r.header === undefined ? undefined : toPlain(r.header),
    root: r.root === undefined ? undefined : toPlain(r.root),
    found: sink.items.map((d) => `${d.code}: ${d.message}`),
  };
}

void test('three documents are refused: a file holds an optional spec: header and the content', () => {
  const r = load('spec: {inputs: {}}\n---\na: 1\n---\nb: 2\n');
  assert.deepEqual(r.found, ['yaml-documents: Invalid configuration format']);
  assert.equal(r.root, undefined);
  assert.equal(r.header, undefined);
});

void test('two documents whose first is not a spec: header are refused', () => {
  for (const first of ['a: 1', 'spek: {}', '[spec]', 'spec']) {
    const r = load(`${first}\n---\nb: 2\n`);
    assert.deepEqual(r.found, ['yaml-documents: Invalid configuration format'], first);
    assert.equal(r.root, undefined, first);
  }
});

void test('a spec: header with content gives both; a header with empty content is refused', () => {
  const both = load('spec:\n  inputs: {a: {default: 1}}\n---\nj: {script: x}\n');
  assert.deepEqual(both.found, []);
  assert.deepEqual(both.header, { spec: { inputs: { a: { default: 1 } } } });
  assert.deepEqual(both.root, { j: { script: 'x' } });
  // A header with an empty content document: the content (nil) is not a mapping.
  const alone = load('spec:\n  inputs: {}\n---\n');
  assert.deepEqual(alone.found, ['invalid-format: Invalid configuration format']);
  assert.equal(alone.root, undefined);
});

void test('content that is not a mapping has its own code', () => {
  assert.deepEqual(load('just text\n').found, ['invalid-format: Invalid configuration format']);
});

void test('the 1 MiB bound is "more than": a file of exactly 1 MiB is loaded', () => {
  const head = 'a: 1\n#';
  const exact = head + 'x'.repeat(YAML_LIMITS.maxBytes - head.length);
  assert.equal(exact.length, YAML_LIMITS.maxBytes);
  assert.deepEqual(load(exact).found, []);
  assert.deepEqual(load(`${exact}x`).found, ['yaml-too-big: The parsed YAML is too big']);
});

void test('a syntax error is reported on one line, prefixed with the file', () => {
  const r = load('a: [1, 2\nb: 3\n');
  assert.equal(r.found.length, 1);
  const [message = ''] = r.found;
  assert.match(message, /^yaml-syntax: \(f\.yml\): \S/);
  assert.ok(!message.includes('\n'), message);
});

function float(value: number): YScalar {
  return { kind: 'scalar', value, float: true, range: { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 1 } };
}

void test('rubyToS: Ruby’s Float#to_s switches to exponent form at 1e16 and below 1e-4', () => {
  assert.equal(rubyToS(float(1e16)), '1.0e+16');
  assert.equal(rubyToS(float(-1e16)), '-1.0e+16');
  assert.equal(rubyToS(float(1e15)), '1000000000000000.0');
  assert.equal(rubyToS(float(0.0001)), '0.0001');
  assert.equal(rubyToS(float(0.00009)), '9.0e-05');
  assert.equal(rubyToS(float(1.5e-7)), '1.5e-07');
  assert.equal(rubyToS(float(2.5e123)), '2.5e+123');
  assert.equal(rubyToS(float(0)), '0.0');
  assert.equal(rubyToS(float(3)), '3.0');
  assert.equal(rubyToS({ ...float(3), float: undefined } as unknown as YScalar), '3');
});

void test('flattenSeq flattens exactly 10 levels, as Ruby’s flatten(10) does', () => {
  const leaf: YNode = float(1);
  let nested: YNode = leaf;
  for (let i = 0; i < 11; i++) nested = { kind: 'seq', items: [nested], range: leaf.range };
  // The outer list, then 11 nested lists: 10 are flattened, the 11th stays a list.
  const outer: YNode = { kind: 'seq', items: [nested], range: leaf.range };
  const flat = flattenSeq(outer);
  assert.equal(flat.length, 1);
  assert.equal(flat[0]?.kind, 'seq');
  assert.deepEqual(toPlain(flat[0]), [1]);
  assert.deepEqual(flattenSeq(undefined), []);
  assert.deepEqual(flattenSeq(leaf), [leaf]);
});

void test('tree helpers: has, isNull, scalarString on each kind; withEntry replaces in place or appends', () => {
  const sink = new DiagnosticSink();
  const root = loadYaml('a: 1\nb: null\nc: [x]\nd: {e: 1}\n', 'f.yml', sink).root as YMap;
  assert.equal(has(root, 'a'), true);
  assert.equal(has(root, 'z'), false);
  assert.equal(has(get(root, 'c'), 'x'), false, 'a list has no keys');
  assert.equal(has(undefined, 'a'), false);
  assert.equal(isNull(get(root, 'b')), true);
  assert.equal(isNull(get(root, 'a')), false);
  assert.equal(isNull(get(root, 'd')), false);
  assert.equal(scalarString(get(root, 'a')), '1');
  assert.equal(scalarString(get(root, 'b')), undefined);
  assert.equal(scalarString(get(root, 'c')), undefined);

  const value = get(root, 'a')!;
  const replaced = withEntry(root, 'c', value);
  assert.deepEqual(toPlain(replaced), { a: 1, b: null, c: 1, d: { e: 1 } });
  assert.deepEqual(replaced.entries[2]?.keyRange, root.entries[2]?.keyRange, 'the key stays where it was written');
  assert.deepEqual(toPlain(root), { a: 1, b: null, c: ['x'], d: { e: 1 } }, 'the original is untouched');
  const appended = withEntry(root, 'first', value);
  assert.deepEqual(Object.keys(toPlain(appended) as object), ['a', 'b', 'c', 'd', 'first']);
  assert.deepEqual(appended.entries[4]?.keyRange, value.range, 'a new key without a range takes the value’s');
  const at = { file: 'g', line: 9, column: 1, endLine: 9, endColumn: 2 };
  assert.deepEqual(withEntry(root, 'new', value, at).entries[4]?.keyRange, at);
  assert.deepEqual(withEntry(root, 'a', value, at).entries[0]?.keyRange, root.entries[0]?.keyRange);
  assert.equal(withEntry(root, 'a', value).kind, 'map');
  assert.equal(withoutEntry(root, 'a').kind, 'map');
  assert.deepEqual(Object.keys(toPlain(withoutEntry(root, 'a')) as object), ['b', 'c', 'd']);
});

void test('the parse cache keeps at most maxFiles files, dropping the oldest first', () => {
  const cache = createParseCache(2);
  const parsed = (n: number) => ({ loaded: {}, diagnostics: [{ n }] as never });
  cache.set('a', 'A', parsed(1));
  cache.set('b', 'B', parsed(2));
  assert.ok(cache.get('a', 'A') && cache.get('b', 'B'), 'two files fit');
  cache.set('c', 'C', parsed(3));
  assert.equal(cache.get('a', 'A'), undefined, 'the oldest went');
  assert.ok(cache.get('b', 'B') && cache.get('c', 'C'));
  // Setting a file again makes it the newest.
  cache.set('b', 'B2', parsed(4));
  cache.set('d', 'D', parsed(5));
  assert.equal(cache.get('c', 'C'), undefined);
  assert.ok(cache.get('b', 'B2') && cache.get('d', 'D'));
});
