// Scalars written with an explicit tag, as Psych reads them (psych/visitors/to_ruby.rb `deserialize`): `!!str` and
// `!!binary` have their own cases, `!!float` is Kernel#Float of the plain reading, and every other tag (`!!int`,
// `!!bool`, `!!null`, `!!timestamp`, a local `!x`) falls to ScalarScanner#tokenize, the plain reading, quoted or
// not. Expected values: Ruby 3.1.2's Psych 4, `p YAML.safe_load("a: <text>", permitted_classes: [Symbol],
// permitted_symbols: [], aliases: true)["a"]`, run for each row; Kernel#Float's answers run the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { rubyInspect } from '../../../../src/ci/include/rubyInspect';
import { kernelFloat } from '../../../../src/ci/yaml/taggedValue';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';

/** Ruby's `p` of the loaded value, or the refusal's code and message. */
function psych(text: string): string {
  const sink = new DiagnosticSink();
  const v = loadYaml(`a: ${text}\n`, 'f.yml', sink).root?.entries[0]?.value;
  const errors = sink.items.filter((d) => d.severity === 'error');
  if (errors.length > 0) return errors.map((d) => `${d.code}: ${d.message}`).join('; ');
  assert.ok(v, text);
  return rubyInspect(v);
}

void test('a tag without a case of its own reads its text as a plain scalar does (ScalarScanner#tokenize)', () => {
  const rows: [string, string][] = [
    ['!!int 12345678901234567890', '12345678901234567890'], // a Bignum: every digit kept
    ['!!int abc', '"abc"'],
    ['!!int 1.5', '1.5'],
    ['!!int 1_000', '1000'],
    ['!!int 0x1F', '31'],
    ['!!int -0x1F', '-31'],
    ['!!int 0b101', '5'],
    ['!!int 010', '8'],
    ['!!int "010"', '8'],
    ['!!int 1:30', '5400'],
    ['!!int :sym', ':sym'],
    ['!!int ~', 'nil'],
    ['!!int ""', 'nil'],
    ['!!int', 'nil'],
    ['!!bool abc', '"abc"'],
    ['!!bool 1', '1'],
    ['!!bool yes', 'true'],
    ['!!bool "true"', 'true'],
    ['!!null abc', '"abc"'],
    ['!!null ""', 'nil'],
    ['!int 5', '5'],
    ['!foo bar', '"bar"'],
    ['!!int 2024-01-01', 'yaml-date: Tried to load unspecified class: Date'],
    ['!!timestamp 2024-01-01', 'yaml-date: Tried to load unspecified class: Date'],
  ];
  for (const [text, ruby] of rows) assert.equal(psych(text), ruby, text);
});

void test('`!!float` is Kernel#Float of the plain reading; a String it refuses is "Invalid YAML syntax"', () => {
  const rows: [string, string][] = [
    ['!!float 1', '1.0'],
    ['!!float .5', '0.5'],
    ['!!float 1e3', '1000.0'], // the plain reading is the String "1e3" (no `.`), which Float() reads
    ['!!float "1e3"', '1000.0'],
    ["!!float ' 1.5'", '1.5'],
    ['!!float "1.5"', '1.5'],
    ['!!float 1_000.5', '1000.5'],
    ['!!float 1,000', '1000.0'],
    ['!!float 0x1A', '26.0'],
    ['!!float 1:30', '5400.0'],
    ['!!float .inf', 'Infinity'],
    ['!!float 12345678901234567890', '1.2345678901234567e+19'],
    // ArgumentError, which Gitlab::Config::Loader::Yaml reports so.
    ['!!float abc', 'yaml-syntax: Invalid YAML syntax'],
    ['!!float 1.e3', 'yaml-syntax: Invalid YAML syntax'],
  ];
  for (const [text, ruby] of rows) assert.equal(psych(text), ruby, text);
  // TypeError, which the loader does not rescue.
  const typeError = (what: string): string =>
    `yaml-float: !!float of a value that is no number: Psych raises TypeError (can't convert ${what} into Float), which GitLab's YAML loader does not rescue: the pipeline is not created (GitLab reports an undefined error)`;
  assert.equal(psych('!!float ~'), typeError('nil'));
  assert.equal(psych('!!float ""'), typeError('nil'));
  assert.equal(psych('!!float'), typeError('nil'));
  assert.equal(psych('!!float true'), typeError('true'));
  assert.equal(psych('!!float false'), typeError('false'));
  assert.equal(psych('!!float :sym'), typeError('Symbol'));
});

void test('`!!str`, `!!binary` and quoted scalars keep their own cases', () => {
  assert.equal(psych('!!str 1'), '"1"');
  assert.equal(psych('!!str ~'), '"~"');
  assert.equal(psych('!!str'), '""');
  assert.equal(psych('"010"'), '"010"');
  assert.equal(psych('!!binary aGVsbG8='), '"hello"');
  assert.equal(psych('!binary aGVsbG8='), '"hello"');
});

void test("kernelFloat is Kernel#Float of a String (ruby -e 'p Float(s)')", () => {
  const rows: [string, number | undefined][] = [
    ['1e3', 1000],
    ['1E3', 1000],
    ['.5', 0.5],
    ['1.', undefined],
    ['1_000', 1000],
    ['1__0', undefined],
    ['_1', undefined],
    [' 1.5 ', 1.5],
    ['0x1A', 26],
    ['-0x1A', -26],
    ['0b11', undefined],
    ['0o7', undefined],
    ['07', 7],
    ['1e', undefined],
    ['Infinity', undefined],
    ['NaN', undefined],
    ['+1.5', 1.5],
    ['-.5e-3', -0.0005],
    ['1_000.5_5', 1000.55],
    ['0x1.8p1', 3],
    ['1e3_0', 1e30],
    ['', undefined],
    ['1.e3', undefined],
    // Each part of the forms: fractions and exponents of several digits, `_` in each, white space at each end.
    ['1.25', 1.25],
    ['.25', 0.25],
    ['1.5_55', 1.555],
    ['.5_55', 0.555],
    ['.5_5', 0.55],
    ['1e10', 1e10],
    ['1e1_00', 1e100],
    ['1 5', undefined],
    ['  1.5', 1.5],
    ['\v1.5', 1.5],
    ['1.5\v', 1.5],
    ['1.5  ', 1.5],
    // Hexadecimal: `_` only between two decimal digits, a fraction only before a `p` exponent.
    ['0X1A', 26],
    ['+0x1A', 26],
    ['0x18', 24],
    ['0x1_8', 24],
    ['0x1_8_9', 393],
    ['0x1_A', undefined],
    ['0xA_1', undefined],
    ['0xA_B', undefined],
    ['0x1__8', undefined],
    ['0x1_', undefined],
    ['0x_1', undefined],
    ['0x', undefined],
    ['a0x1A', undefined],
    ['0x1Ag', undefined],
    ['0x1.8', undefined],
    ['0x1.88', undefined],
    ['0x1.8p0', 1.5],
    ['0x1.8P1', 3],
    ['-0x1.8p1', -3],
    ['0x1_8.8p1', 49],
    ['0x1.8_8p1', undefined],
    ['0x.8p1', undefined],
    ['0x1.p1', undefined],
    ['0xAp1', 20],
    ['0x1p-1', 0.5],
    ['0x1p+2', 4],
    ['0x1p10', 1024],
    ['0x1p1_0', 1024],
    ['0x1p1_00', 2 ** 100],
    ['0x1.88p0', 1.53125],
    ['0x1.8p1_', undefined],
    ['0xffffffffffffffffff', 4.722366482869645e21],
  ];
  for (const [s, ruby] of rows) assert.equal(kernelFloat(s), ruby, JSON.stringify(s));
});

void test('kernelFloat reads a scalar of a megabyte of spaces in one pass (sized by the text, no retry per space)', () => {
  // A run of spaces inside the text is no white space at an end: Kernel#Float refuses it.
  assert.equal(kernelFloat(`1${' '.repeat(1_000_000)}5`), undefined);
  assert.equal(kernelFloat(`${' '.repeat(1_000_000)}1.5${' '.repeat(1_000_000)}`), 1.5);
});
