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
