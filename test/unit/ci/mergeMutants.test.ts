// `extends`, `!reference` and deep_merge on their own, the cases mutation testing found untested
// (docs/mutation.md): GitLab's exact messages and codes, the lenient mode used when includes cannot be read
// offline, references inside sequences and through non-mappings, Ruby `inspect` of a path, and deep_merge when
// the two sides are not both mappings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import { deepMerge, mergeMaps } from '../../../src/ci/merge/deepMerge';
import { extendsNames, resolveExtends } from '../../../src/ci/merge/extends';
import { resolveReferences } from '../../../src/ci/merge/reference';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import type { YMap, YNode } from '../../../src/ci/yaml/node';
import { getEntry, toPlain } from '../../../src/ci/yaml/node';

function load(text: string): YMap {
  const sink = new DiagnosticSink();
  const root = loadYaml(text, 'ci.yml', sink).root;
  assert.ok(root, JSON.stringify(sink.items));
  assert.deepEqual(sink.items, []);
  return root;
}

function found(sink: DiagnosticSink): string[] {
  return sink.items.map((d) => `${d.severity} ${d.code}${d.job !== undefined ? ` [${d.job}]` : ''}: ${d.message}`);
}

function extendsOf(text: string, lenient = false): { out: unknown; found: string[] } {
  const sink = new DiagnosticSink();
  const out = resolveExtends(load(text), sink, lenient);
  return { out: out === undefined ? undefined : toPlain(out), found: found(sink) };
}

function referencesOf(text: string, lenient = false): { out: unknown; found: string[] } {
  const sink = new DiagnosticSink();
  const out = resolveReferences(load(text), sink, lenient);
  return { out: out === undefined ? undefined : toPlain(out), found: found(sink) };
}

void test('extends: unknown parents are an error with GitLab’s message, naming each, and nothing is built', () => {
  const r = extendsOf('job:\n  extends: [.a, .b, .c]\n  script: x\n.b:\n  image: i\n');
  assert.equal(r.out, undefined);
  assert.deepEqual(r.found, ['error extends [job]: job: unknown keys in `extends` (.a, .c)']);
});

void test('extends: a parent that is not a mapping is an error with GitLab’s message', () => {
  const r = extendsOf('job:\n  extends: [.list, .str]\n  script: x\n.list: [a]\n.str: text\n');
  assert.equal(r.out, undefined);
  assert.deepEqual(r.found, ['error extends [job]: job: invalid base hashes in `extends` (.list, .str)']);
});

void test('extends, lenient (includes not read offline): an unknown parent is a warning and the known ones still merge', () => {
  const r = extendsOf('job:\n  extends: [.remote, .local]\n  script: x\n.local:\n  image: i\n', true);
  assert.deepEqual(r.found, [
    'warning extends-unresolved [job]: job: unknown keys in `extends` (.remote): probably defined in an include that is not resolved offline; shown without it',
  ]);
  assert.deepEqual(r.out, {
    job: { image: 'i', extends: ['.remote', '.local'], script: 'x' },
    '.local': { image: 'i' },
  });
  // Lenient mode does not excuse a parent that exists but is not a mapping.
  assert.equal(extendsOf('job:\n  extends: .s\n.s: text\n', true).out, undefined);
});

void test('extendsNames: the names as written (one or a list); none for an entry that is not a mapping', () => {
  const root = load('a:\n  extends: .x\nb:\n  extends: [.x, [.y]]\nc: [1]\nd:\n  script: s\n');
  const value = (k: string): YNode => getEntry(root, k)!.value;
  assert.deepEqual(extendsNames(value('a')), ['.x']);
  // extends_keys is `Array(extends).map(&:to_s)`: a nested list is not flattened, it is one name, its inspect.
  assert.deepEqual(extendsNames(value('b')), ['.x', '[".y"]']);
  assert.deepEqual(extendsNames(value('c')), []);
  assert.deepEqual(extendsNames(value('d')), []);
});

void test('!reference inside a sequence is resolved in place (nested; GitLab flattens script later)', () => {
  const r = referencesOf('.s:\n  script: [b, c]\njob:\n  script: [a, !reference [.s, script]]\n');
  assert.deepEqual(r.found, []);
  assert.deepEqual((r.out as Record<string, unknown>)['job'], { script: ['a', ['b', 'c']] });
});

void test('!reference whose path runs through a list or a scalar is "could not be found", with code "reference"', () => {
  const r = referencesOf('.s:\n  script: [b]\njob:\n  script: !reference [.s, script, x]\n');
  assert.equal(r.out, undefined);
  assert.deepEqual(r.found, ['error reference: !reference [".s", "script", "x"] could not be found']);
  const scalar = referencesOf('.s:\n  image: i\njob:\n  script: !reference [.s, image, x]\n');
  assert.deepEqual(scalar.found, ['error reference: !reference [".s", "image", "x"] could not be found']);
});

void test('!reference paths are written as Ruby inspects them: quotes, backslashes, newlines and tabs escaped', () => {
  const r = referencesOf('job:\n  script: !reference [".a\\"b", "c\\\\d", "e\\nf", "g\\th"]\n');
  assert.deepEqual(r.found, ['error reference: !reference [".a\\"b", "c\\\\d", "e\\nf", "g\\th"] could not be found']);
});

void test('!reference with an empty path or a path item that is not a string is not valid', () => {
  assert.deepEqual(referencesOf('job:\n  script: !reference []\n').found, [
    'error reference: !reference [] is not valid',
  ]);
  assert.deepEqual(referencesOf('.a: {b: c}\njob:\n  script: !reference [.a, 1]\n').found, [
    'error reference: !reference [".a", 1] is not valid',
  ]);
  assert.deepEqual(referencesOf('.a: {b: c}\njob:\n  script: !reference [.a, true]\n').found, [
    'error reference: !reference [".a", true] is not valid',
  ]);
});

void test('!reference, lenient: a missing path is a warning and reads as empty; the rest resolves', () => {
  const r = referencesOf(
    '.s:\n  script: [b]\njob:\n  script: !reference [.remote, script]\n  after_script: !reference [.s, script]\n',
    true,
  );
  assert.deepEqual(r.found, [
    'warning reference-unresolved: !reference [".remote", "script"] could not be found: probably defined in an include that is not resolved offline; shown as empty',
  ]);
  assert.deepEqual((r.out as Record<string, unknown>)['job'], { script: null, after_script: ['b'] });
});

void test('deep_merge: when the two sides are not both mappings, the override wins whole (even null)', () => {
  const root = load('m: {a: 1, b: {c: 2}}\ns: [x]\nt: text\nn: null\ne: {}\n');
  const v = (k: string): YNode => getEntry(root, k)!.value;
  assert.deepEqual(toPlain(deepMerge(v('m'), v('s'))), ['x']);
  assert.deepEqual(toPlain(deepMerge(v('s'), v('m'))), { a: 1, b: { c: 2 } });
  assert.equal(toPlain(deepMerge(v('m'), v('n'))), null);
  assert.deepEqual(toPlain(deepMerge(v('t'), v('s'))), ['x']);
  // A mapping merged with an empty one stays a mapping with the same keys (either way round).
  const withEmpty = mergeMaps(v('m') as YMap, v('e') as YMap);
  assert.equal(withEmpty.kind, 'map');
  assert.deepEqual(toPlain(withEmpty), { a: 1, b: { c: 2 } });
  const intoEmpty = mergeMaps(v('e') as YMap, v('m') as YMap);
  assert.equal(intoEmpty.kind, 'map');
  assert.deepEqual(toPlain(intoEmpty), { a: 1, b: { c: 2 } });
});

void test('extends: a child’s scalar replaces a parent’s mapping, and a child’s mapping replaces a parent’s list', () => {
  const r = extendsOf(
    '.p:\n  variables: {A: 1}\n  cache: [x]\njob:\n  extends: .p\n  variables: none\n  cache: {key: k}\n',
  );
  assert.deepEqual((r.out as Record<string, unknown>)['job'], {
    variables: 'none',
    cache: { key: 'k' },
    extends: '.p',
  });
});

void test('without the lenient flag an unknown parent or path is an error (strict is the default)', () => {
  const sink = new DiagnosticSink();
  assert.equal(resolveExtends(load('job:\n  extends: .remote\n'), sink), undefined);
  assert.equal(resolveReferences(load('job:\n  script: !reference [.remote, script]\n'), sink), undefined);
  assert.deepEqual(
    sink.items.map((d) => d.severity),
    ['error', 'error'],
  );
});

void test('a list made only of references is resolved too (every item changed)', () => {
  const r = referencesOf('.a: {s: [1]}\n.b: {s: [2]}\njob:\n  script: [!reference [.a, s], !reference [.b, s]]\n');
  assert.deepEqual((r.out as Record<string, unknown>)['job'], { script: [[1], [2]] });
});
