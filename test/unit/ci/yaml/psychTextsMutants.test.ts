// Psych's texts (psychTexts.ts), the cases mutation testing found untested (docs/mutation.md, "yaml: DeepSize bounds,
// node measures, Psych texts"): the local `!omap` tag on a mapping, keys that are not Strings, and the String that
// `!!binary` gives. Expected values: Ruby 3.1's Psych, `YAML.safe_load(text, permitted_classes: [Symbol],
// permitted_symbols: [], aliases: true)` as Gitlab::Config::Loader::Yaml calls it, run for each row (its inspect is
// in the row's comment).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import type { YMap } from '../../../../src/ci/yaml/node';
import { toPlain } from '../../../../src/ci/yaml/node';

function loaded(text: string): YMap {
  const sink = new DiagnosticSink();
  const r = loadYaml(text, 'f.yml', sink);
  assert.deepEqual(
    sink.items.map((d) => `${d.code}: ${d.message}`),
    [],
    text,
  );
  assert.ok(r.root, text);
  return r.root;
}

void test('a mapping tagged `!omap` is refused as Psych::Omap, as `!!omap` is', () => {
  // to_ruby.rb revives `!omap` and `tag:yaml.org,2002:omap` mappings as Psych::Omap, which the safe loader refuses
  // (Psych::DisallowedClass: "Tried to load unspecified class: Psych::Omap").
  for (const [text, at] of [
    ['a: !omap {x: 1}\n', [1, 10, 1, 16]],
    ['a: !!omap {x: 1}\n', [1, 11, 1, 17]],
  ] as const) {
    const sink = new DiagnosticSink();
    assert.equal(loadYaml(text, 'f.yml', sink).root, undefined, text);
    assert.deepEqual(
      sink.items.map((d) => [d.code, d.message, [d.line, d.column, d.endLine, d.endColumn]]),
      [['yaml-class', 'Tried to load unspecified class: Psych::Omap', at]],
      text,
    );
  }
});

void test('a key that is not a String is never a merge key, whatever its value', () => {
  // Psych: {nil=>{"b"=>1}}, {true=>{"b"=>1}}, {1=>{"b"=>1}}, {1.5=>{"b"=>1}}: only `<<` merges.
  const cases: [string, string, string][] = [
    ['~: {b: 1}\n', '', 'null'],
    ['true: {b: 1}\n', 'true', 'bool'],
    ['1: {b: 1}\n', '1', 'int'],
    ['1.5: {b: 1}\n', '1.5', 'float'],
  ];
  for (const [text, key, kind] of cases) {
    const root = loaded(text);
    assert.deepEqual(
      root.entries.map((e) => [e.key, e.keyKind, toPlain(e.value)]),
      [[key, kind, { b: 1 }]],
      text,
    );
  }
});

void test('`!!binary` gives the String of its bytes: UTF-8 text when they are, one character a byte when not', () => {
  // deserialize: `o.value.unpack('m').first`. Ruby: "w6k=" is "\xC3\xA9" (é in UTF-8), "//8=" "\xFF\xFF", "aGVs"
  // "hel" (a whole group of four), "aGVsbG8h" "hello!", "aGk= aGk=" "hi" (decoding stops at the first padding).
  const cases: [string, string][] = [
    ['a: !!binary w6k=\n', 'é'],
    ['a: !!binary //8=\n', '\u00ff\u00ff'],
    ['a: !!binary aGVs\n', 'hel'],
    ['a: !!binary aGVsbG8h\n', 'hello!'],
    // The local tag `!binary` is unpacked by our own decoder (yaml decodes `!!binary` itself): the same Strings.
    ['a: !binary w6k=\n', 'é'],
    ['a: !binary //8=\n', '\u00ff\u00ff'],
    ['a: !binary aGVs\n', 'hel'],
    ['a: !binary aGVsbG8h\n', 'hello!'],
    ['a: !binary "aGk= aGk="\n', 'hi'],
    ['a: !!binary "aGk=\\naGk="\n', 'hi'],
  ];
  for (const [text, want] of cases) assert.deepEqual(toPlain(loaded(text)), { a: want }, text);
});
