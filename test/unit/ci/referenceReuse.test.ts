// `!reference` resolution across analyses (merge/reference.ts): a job whose own tree and whose references' targets
// are the same objects as in an earlier analysis resolves to the same object as then (what every later cache keys
// on), a job whose target changed gets a new, correct one, and reuse never hides a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import { resolveReferences } from '../../../src/ci/merge/reference';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import type { YMap } from '../../../src/ci/yaml/node';
import { get, toPlain } from '../../../src/ci/yaml/node';

function load(text: string): YMap {
  const sink = new DiagnosticSink();
  const root = loadYaml(text, 'ci.yml', sink).root;
  assert.ok(root, JSON.stringify(sink.items));
  return root;
}

/** The configuration with `key`'s entry taken from `other` (a new object, as a re-parsed file gives). */
function withEntryOf(config: YMap, other: YMap, key: string): YMap {
  const entry = other.entries.find((e) => e.key === key);
  assert.ok(entry);
  return { ...config, entries: config.entries.map((e) => (e.key === key ? entry : e)) };
}

const TEXT = [
  '.t:',
  '  script: [make]',
  '.u:',
  '  script: [test]',
  'a:',
  '  script: [!reference [.t, script], echo a]',
  'b:',
  '  script: [!reference [.u, script]]',
  '  variables: {X: "1"}',
  '',
].join('\n');

void test('!reference: unchanged jobs resolve to the objects of the earlier resolution, changed targets anew', () => {
  const first = load(TEXT);
  const one = resolveReferences(first, new DiagnosticSink());
  // The root mapping is made anew by every analysis (includes merged): its entries are the parsed ones.
  const two = resolveReferences({ ...first, entries: [...first.entries] }, new DiagnosticSink());
  assert.ok(one && two);
  assert.equal(get(two, 'a'), get(one, 'a'));
  assert.equal(get(two, 'b'), get(one, 'b'));
  assert.notEqual(get(one, 'a'), get(first, 'a'), 'a holds a reference: its resolution is a node of its own');

  const edited = withEntryOf(first, load(TEXT.replace('[make]', '[make, make install]')), '.t');
  const three = resolveReferences(edited, new DiagnosticSink());
  assert.ok(three);
  assert.notEqual(get(three, 'a'), get(one, 'a'));
  assert.deepEqual(toPlain(get(three, 'a')), { script: [['make', 'make install'], 'echo a'] });
  assert.equal(get(three, 'b'), get(one, 'b'), 'b does not read .t');
  // And back: the earlier target object gives a resolution equal to the first one's.
  const four = resolveReferences({ ...first, entries: [...first.entries] }, new DiagnosticSink());
  assert.deepEqual(toPlain(get(four, 'a')), toPlain(get(one, 'a')));
});

void test('!reference: a reused resolution still reports what the fresh one reports', () => {
  const config = load('a:\n  script: [!reference [.missing, script], echo]\n');
  for (let i = 0; i < 2; i++) {
    const sink = new DiagnosticSink();
    const out = resolveReferences({ ...config, entries: [...config.entries] }, sink, true);
    assert.deepEqual(toPlain(out), { a: { script: [null, 'echo'] } });
    assert.deepEqual(
      sink.items.map((d) => `${d.code} ${d.line}`),
      ['reference-unresolved 2'],
      `resolution ${i + 1}`,
    );
  }
  for (let i = 0; i < 2; i++) {
    const sink = new DiagnosticSink();
    assert.equal(resolveReferences({ ...config, entries: [...config.entries] }, sink), undefined);
    assert.deepEqual(
      sink.items.map((d) => d.message),
      ['!reference [".missing", "script"] could not be found'],
    );
  }
});

void test('!reference: the first of two equal top-level keys is the one a path starts from, as getEntry finds it', () => {
  const first = load('.t:\n  x: [one]\na:\n  y: !reference [.t, x]\n');
  const t2 = load('.t:\n  x: [two]\n').entries[0]!;
  const config: YMap = { ...first, entries: [first.entries[0]!, t2, ...first.entries.slice(1)] };
  const out = resolveReferences(config, new DiagnosticSink());
  assert.deepEqual(toPlain(get(out, 'a')), { y: ['one'] });
});

void test('!reference: an unchanged job follows a change two references away, and a cycle made around it', () => {
  const text = [
    '.t:',
    '  s: [make]',
    '.m:',
    '  s: [!reference [.t, s], check]',
    'a:',
    '  script: [!reference [.m, s], echo a]',
    '',
  ].join('\n');
  const first = load(text);
  const one = resolveReferences(first, new DiagnosticSink());
  assert.deepEqual(toPlain(get(one, 'a')), { script: [[['make'], 'check'], 'echo a'] });
  // `.t` changes; `.m` and `a` are the same objects.
  const edited = withEntryOf(first, load(text.replace('[make]', '[make, test]')), '.t');
  const two = resolveReferences(edited, new DiagnosticSink());
  assert.deepEqual(toPlain(get(two, 'a')), { script: [[['make', 'test'], 'check'], 'echo a'] });
  // `.t` now refers back to `.m`: circular, with the message of a fresh resolution (the first reference met again).
  const cyclicText = text.replace('[make]', '[!reference [.m, s]]');
  const cyclic = withEntryOf(first, load(cyclicText), '.t');
  const sink = new DiagnosticSink();
  assert.equal(resolveReferences(cyclic, sink), undefined);
  const fresh = new DiagnosticSink();
  resolveReferences(load(cyclicText), fresh);
  assert.deepEqual(
    sink.items.map((d) => d.message),
    ['!reference [".m", "s"] is part of a circular chain'],
  );
  assert.deepEqual(sink.items, fresh.items);
  // And back to the first text: a resolution equal to the first one's, the same object again after that.
  const three = resolveReferences({ ...first, entries: [...first.entries] }, new DiagnosticSink());
  assert.deepEqual(toPlain(get(three, 'a')), toPlain(get(one, 'a')));
  const four = resolveReferences({ ...first, entries: [...first.entries] }, new DiagnosticSink());
  assert.equal(get(four, 'a'), get(three, 'a'));
});
