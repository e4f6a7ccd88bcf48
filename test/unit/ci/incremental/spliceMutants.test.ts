// Re-parsing only the edited part of a file (incremental/spliceParse.ts) must give what a full parse gives. These
// pin two layouts the random edits of incrementalParse.test.ts never met: a misused `!reference` (a scalar after the
// tag, kept as written for the reference check to report) moved below an edit, and a root whose keys come from a
// merge (`<<: *b` at the top level: keys that are not at their own increasing lines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import { createParseCache, type ParsedFile } from '../../../../src/ci/yaml/parseCache';

function full(text: string): ParsedFile {
  const sink = new DiagnosticSink();
  const loaded = loadYaml(text, 'f.yml', sink);
  return { loaded, diagnostics: sink.items };
}

/** The cache's answer for `after` once it holds `before`; undefined when it parses in full. */
function spliced(before: string, after: string): ParsedFile | undefined {
  const cache = createParseCache();
  cache.set('f.yml', before, full(before));
  return cache.get('f.yml', after);
}

void test('a misused !reference below the edit is moved with its lines, as a full parse places it', () => {
  const before = 'a: 1\nb: 2\nc: 3\nd: !reference ".x"\n';
  const after = 'a: 1\nb: [2,\n  3]\nc: 3\nd: !reference ".x"\n';
  assert.deepEqual(full(before).diagnostics, []);
  const got = spliced(before, after);
  assert.ok(got, 'spliced');
  assert.equal(JSON.stringify(got), JSON.stringify(full(after)));
});

void test('a root with merged keys is parsed in full (its keys do not stand on their own lines)', () => {
  for (const [before, after] of [
    ['base: &b {x: 1}\n<<: *b\na: 1\nb: 2\nc: 3\n', 'base: &b {x: 1}\n<<: *b\na: 1\nb: [2,\n 3]\nc: 3\n'],
    ['a: 1\n<<: {x: 1}\nb: 2\nc: 3\nd: 4\n', 'a: 1\n<<: {x: 1}\nb: 2\nc: [3,\n 4]\nd: 4\n'],
  ] as const) {
    const got = spliced(before, after);
    if (got) assert.equal(JSON.stringify(got), JSON.stringify(full(after)));
    assert.equal(got, undefined);
  }
});

void test('an edit that leaves only comments where the entries were gives what a full parse gives', () => {
  for (const [before, after] of [
    ['b: 2\n', '# x\n'],
    ['b: 2\nc: 3\n', '# x\n# y\n'],
  ] as const) {
    const got = spliced(before, after);
    if (got) assert.equal(JSON.stringify(got), JSON.stringify(full(after)));
  }
});

void test('a root with a repeated key (Psych keeps the first place, the last value) is parsed in full', () => {
  // The loader gives `a` at its later line but in its first place (Psych's Hash keeps insertion order), so the root's
  // key lines are out of order: rootKeyLines refuses them and the file is parsed in full, as it must be. A repeated
  // key is also a warning, and a parse with findings is never spliced: that is what makes the order check a second
  // guard (column-1 keys out of order come only from a repeated key; merged keys at column 1 would need a flow
  // mapping written at column 1, a syntax error, also pinned here).
  const before = 'a: 1\nb: 2\na: 3\nc: 4\nd: 5\n';
  assert.deepEqual(
    full(before).diagnostics.map((d) => `${d.code}@${d.line}`),
    ['duplicate-key@3'],
  );
  assert.deepEqual(
    full('x: &m {\na: 1}\n<<: *m\nb: 2\n').diagnostics.map((d) => d.code),
    ['yaml-syntax'],
  );
  assert.deepEqual(
    full(before).loaded.root?.entries.map((e) => `${e.key}@${e.keyRange.line}`),
    ['a@3', 'b@2', 'c@4', 'd@5'],
  );
  for (const after of ['a: 1\nb: 2\na: 3\nc: [4,\n 6]\nd: 5\n', 'a: 1\nb: [2,\n 7]\na: 3\nc: 4\nd: 5\n']) {
    const got = spliced(before, after);
    if (got) assert.equal(JSON.stringify(got), JSON.stringify(full(after)));
    assert.equal(got, undefined);
  }
});
