// A `\u`/`\U` escape naming no character (a surrogate, even half of a pair, or past U+10FFFF) is Psych's syntax
// error at the scalar's opening quote (libyaml scanner.c: "found invalid Unicode character escape code while parsing
// a quoted scalar"); each expected text below is Ruby 3.1's Psych.safe_load of the same YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';

function load(text: string): { root: boolean; errors: string[] } {
  const sink = new DiagnosticSink();
  const loaded = loadYaml(text, 'f.yml', sink);
  return {
    root: loaded.root !== undefined,
    errors: sink.items.filter((d) => d.severity === 'error').map((d) => d.message),
  };
}

const refused = (line: number, column: number): string[] => [
  `(f.yml): found invalid Unicode character escape code while parsing a quoted scalar at line ${line} column ${column}`,
];

void test('a surrogate or a code point past U+10FFFF in a double-quoted scalar refuses the file, at its quote', () => {
  assert.deepEqual(load('a: "\\uD83D"\n'), { root: false, errors: refused(1, 4) });
  assert.deepEqual(load('a: "\\uD83D\\uDE00"\n'), { root: false, errors: refused(1, 4) }, 'a pair is not combined');
  assert.deepEqual(load('b: 1\na: "x\\uDFFF"\n'), { root: false, errors: refused(2, 4) });
  assert.deepEqual(load('"\\uD800": 1\n'), { root: false, errors: refused(1, 1) }, 'a key');
  assert.deepEqual(load('a: [x, "\\U00110000"]\n'), { root: false, errors: refused(1, 8) });
});

void test('valid escapes, escaped backslashes and single quotes load', () => {
  for (const text of [
    'a: "\\u00e9\\U0001F600\\x41"\n',
    'a: "\\\\uD83D"\n',
    "a: '\\uD83D'\n",
    'a: \\uD83D\n',
    '# "\\uD83D"\na: 1\n',
  ]) {
    assert.deepEqual(load(text), { root: true, errors: [] }, text);
  }
});

// Survivors of src/ci/yaml/quotedEscapes.ts (docs/mutation.md, "pipeline and yaml: glob syntax and quoted escapes").
// Each expected answer is Ruby 3.1's Psych (`ruby -ryaml -e 'p YAML.safe_load(STDIN.read)'`) on the same YAML:
// libyaml's scanner.c refuses a `\u`/`\U` escape naming no character at the scalar's opening quote, and refuses
// an escape with too few hex digits with a different text ("did not find expected hexdecimal number").
void test('with two refused scalars, Psych names the first one in the text', () => {
  // Psych: "... at line 1 column 4" for both inputs (the first quote it scans).
  assert.deepEqual(load('a: "\\uD800"\nb: "\\uDFFF"\n'), { root: false, errors: refused(1, 4) });
  assert.deepEqual(load('- "\\U00110000"\n- ["\\uD83D", "\\uDE00"]\n'), { root: false, errors: refused(1, 3) });
});

void test('only the escapes inside the double-quoted scalar itself count', () => {
  // Psych: {"a"=>"ok", "b"=>"\\uD800"}: a single-quoted scalar has no escapes, a valid double-quoted one is fine.
  assert.deepEqual(load('a: "ok"\nb: \'\\uD800\'\n'), { root: true, errors: [] });
  // Psych: {"a"=>"\\FFFFFFFF", "b"=>"\\u"}: `\\` is an escaped backslash, the hex after it is text.
  assert.deepEqual(load('a: "\\\\FFFFFFFF"\nb: \'\\u\'\n'), { root: true, errors: [] });
  assert.deepEqual(load('a: "\\\\U00110000 \\\\uD800"\n'), { root: true, errors: [] });
});

void test('an escape with too few hex digits is not called an invalid character', () => {
  // Psych: "did not find expected hexdecimal number while parsing a quoted scalar at line 1 column 4", for both.
  for (const text of ['a: "\\U110000 x"\n', 'a: "\\U110000G0"\n', 'a: "\\uD80"\n']) {
    const { root, errors } = load(text);
    assert.equal(root, false, text);
    assert.equal(errors.length, 1, text);
    assert.doesNotMatch(errors[0] ?? '', /invalid Unicode character escape/, text);
  }
});
