// spec:inputs (src/ci/include/inputs.ts, inputSpec.ts, inputRegex.ts): the cases mutation testing found untested
// (docs/mutation.md). Expected values are GitLab's: Interpolation::Block's pattern (`$[[ inputs.name | fn(args) ]]`,
// spaces optional), Functions::Truncate (`value[offset, length]`, spaces allowed around the numbers), a whole-value
// block keeping the input's type, Interpolation::Config/Template bounds ("config node too large", "too many
// interpolation blocks", "config too large"), Header::Input ("config should be a hash"), the input classes (a nil
// type is a string input, Ruby `==` for number options, the regex run only on strings) and Ruby's `inspect`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import type { Diagnostic } from '../../../src/ci/model';
import { includeLocation, INPUT_LIMITS, interpolateInputs } from '../../../src/ci/include/inputs';
import { checkInputs, rubyText } from '../../../src/ci/include/inputSpec';
import { regexVerdict } from '../../../src/ci/include/inputRegex';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import { get, toPlain, type YMap, type YNode } from '../../../src/ci/yaml/node';

function load(text: string, file = 't.yml'): { root: YMap; header?: YMap } {
  const sink = new DiagnosticSink();
  const l = loadYaml(text, file, sink);
  // Warnings (a `:symbol`) are the point of some cases; errors never are.
  assert.deepEqual(
    sink.items.filter((d) => d.severity === 'error'),
    [],
    `${file} loads`,
  );
  assert.ok(l.root);
  return { root: l.root, ...(l.header ? { header: l.header } : {}) };
}

/** A node from YAML text (`v: <text>`). */
function node(text: string): YNode {
  const n = get(load(`v: ${text}\n`, 'n.yml').root, 'v');
  assert.ok(n);
  return n;
}

interface Out {
  value: unknown;
  failed: boolean;
  diags: Diagnostic[];
}

/** Interpolates `file` (a header, `---`, content) with the `inputs` map written as YAML flow text. */
function interp(file: string, inputs?: string, at?: { location: string }): Out {
  const { root, header } = load(file);
  const sink = new DiagnosticSink();
  const range = { file: '.gitlab-ci.yml', line: 3, column: 1, endLine: 3, endColumn: 9 };
  const out = interpolateInputs(
    root,
    header,
    inputs === undefined ? undefined : node(inputs),
    sink,
    at ? { location: at.location, range } : undefined,
  );
  return { value: out === undefined ? undefined : toPlain(out), failed: out === undefined, diags: sink.items };
}
const messages = (o: Out): string[] => o.diags.map((d) => d.message);

const SPEC =
  'spec:\n  inputs:\n    s: {default: abcdefghijklmnop}\n    n: {type: number, default: 5}\n    b: {type: boolean, default: true}\n    l: {type: array, default: [x, 1]}\n    my-input: {default: dash}\n---\n';

void test('blocks with and without spaces, names with several characters and dashes', () => {
  const o = interp(`${SPEC}a: $[[inputs.s]]\nb: "$[[ inputs.my-input ]]"\nc: "<$[[  inputs.s  ]]>"\n`);
  assert.deepEqual(o.diags, []);
  assert.deepEqual(o.value, { a: 'abcdefghijklmnop', b: 'dash', c: '<abcdefghijklmnop>' });
});

void test('truncate(offset, length): with or without spaces, numbers of several digits, in a whole block or inside text', () => {
  const o = interp(
    `${SPEC}a: $[[ inputs.s | truncate(0,2) ]]\nb: $[[ inputs.s|truncate( 10 , 3 ) ]]\nc: "x-$[[ inputs.s | truncate(1, 12) ]]-y"\nd: "$[[ inputs.s | truncate(20,2) ]]"\n`,
  );
  assert.deepEqual(o.diags, []);
  assert.deepEqual(o.value, { a: 'ab', b: 'klm', c: 'x-bcdefghijklm-y', d: '' });
});

void test("truncate on anything but a String stops the file with the function's error (Functions::Truncate)", () => {
  const error =
    'interpolation interrupted by errors, error in `truncate` function: invalid input type: truncate can only be used with string inputs';
  for (const use of [
    '$[[ inputs.n | truncate(0,1) ]]',
    '"x $[[ inputs.b | truncate(0,1) ]]"',
    '$[[ inputs.l|truncate(0,1) ]]',
  ]) {
    const o = interp(`${SPEC}a: ${use}\n`, '{}', { location: 'x.yml' });
    assert.deepEqual(messages(o), [`\`x.yml\`: ${error}`], use);
    assert.equal(o.failed, true);
  }
});

void test('a function without arguments or with other arguments still makes a block (the value is kept as it is)', () => {
  const o = interp(`${SPEC}a: $[[ inputs.s | expand_vars ]]\nb: "<$[[ inputs.s | posix_escape | truncate(0,3) ]]>"\n`);
  assert.deepEqual(o.diags, []);
  assert.deepEqual(o.value, { a: 'abcdefghijklmnop', b: '<abc>' });
});

void test('a whole-value block keeps the type; with text around it the value is written as text', () => {
  const o = interp(
    `${SPEC}a: $[[ inputs.b ]]\nb: "x $[[ inputs.b ]]"\nc: "$[[ inputs.n ]] x"\nd: $[[ inputs.l ]]\ne: "l=$[[ inputs.l ]]"\nf: 7\n`,
  );
  assert.deepEqual(o.diags, []);
  assert.deepEqual(o.value, { a: true, b: 'x true', c: '5 x', d: ['x', 1], e: 'l=["x", 1]', f: 7 });
});

void test('an unknown interpolation key stops the file at the first such block (Template#evaluate_block)', () => {
  const root = interp(`${SPEC}a: $[[ inputs.nope ]]\nb: "x $[[ inputs.nope ]] $[[ inputs.other ]]"\n`);
  assert.deepEqual(messages(root), ['interpolation interrupted by errors, unknown interpolation key: `nope`']);
  assert.equal(root.failed, true);
  assert.equal(root.diags[0]?.line, 9, 'at the root, the block itself');
  const inc = interp(`${SPEC}a: "x $[[ inputs.s ]] $[[ inputs.other ]]"\n`, '{}', { location: 'ci/t.yml' });
  assert.deepEqual(messages(inc), [
    '`ci/t.yml`: interpolation interrupted by errors, unknown interpolation key: `other`',
  ]);
  assert.equal(inc.failed, true);
  assert.equal(inc.diags[0]?.file, '.gitlab-ci.yml', 'an included file: at the include');
});

void test('a header with empty or absent spec:inputs still interpolates: a block names an unknown key', () => {
  for (const header of ['spec:\n  inputs:\n', 'spec:\n  description: none\n']) {
    const o = interp(`${header}---\nrun: {script: "deploy $[[ inputs.abcd ]]"}\n`, undefined, {
      location: 'some-location.yml',
    });
    assert.deepEqual(messages(o), [
      '`some-location.yml`: interpolation interrupted by errors, unknown interpolation key: `abcd`',
    ]);
    assert.equal(o.failed, true);
  }
  const plain = interp('spec:\n  inputs:\n---\nrun: {script: deploy}\n');
  assert.deepEqual(plain.diags, []);
  assert.deepEqual(plain.value, { run: { script: 'deploy' } });
});

void test('inputs that are not a hash fail the file ("Given inputs must be a hash"); `inputs: null` is none', () => {
  for (const given of ['[a]', 'text', '1']) {
    const o = interp(`${SPEC}a: 1\n`, given, { location: 'x.yml' });
    assert.deepEqual(messages(o), ['`x.yml`: Given inputs must be a hash'], given);
    assert.equal(o.failed, true);
  }
  const none = interp(`${SPEC}a: $[[ inputs.n ]]\n`, '~', { location: 'x.yml' });
  assert.deepEqual(none.diags, []);
  assert.deepEqual(none.value, { a: 5 });
});

void test('input errors at the root carry no prefix and sit at the root; in an included file they name it', () => {
  const file = 'spec:\n  inputs:\n    need: {}\n---\na: $[[ inputs.need ]]\n';
  const root = interp(file);
  assert.deepEqual(messages(root), ['`need` input: required value has not been provided']);
  assert.equal(root.diags[0]?.file, 't.yml');
  assert.equal(root.failed, true);
  const inc = interp(file, '{}', { location: 'ci/t.yml' });
  assert.deepEqual(messages(inc), ['`ci/t.yml`: `need` input: required value has not been provided']);
  assert.equal(inc.diags[0]?.file, '.gitlab-ci.yml');
});

void test('an empty inputs map given to a file without a header is no argument at all', () => {
  const o = interp('a: 1\n', '{}', { location: 'x.yml' });
  assert.deepEqual(o.diags, []);
  assert.deepEqual(o.value, { a: 1 });
});

void test('arguments given to a header without spec:inputs are unknown arguments', () => {
  const o = interp('spec:\n  description: no inputs\n---\na: 1\n', '{z: 1}', { location: 'x.yml' });
  assert.deepEqual(messages(o), ['`x.yml`: unknown input arguments: z']);
  assert.equal(o.failed, true);
});

void test('the header: inputs must be a hash, and so must each input', () => {
  const o = interp('spec:\n  inputs: [a]\n---\na: 1\n');
  assert.deepEqual(messages(o), ['header:spec:inputs config should be a hash']);
  const each = interp('spec:\n  inputs:\n    Ab: [x]\n    c: 1\n---\na: 1\n');
  assert.deepEqual(messages(each), [
    'header:spec:inputs:ab config should be a hash, header:spec:inputs:c config should be a hash',
  ]);
});

void test('an input whose type is left empty is a string input', () => {
  const o = interp('spec:\n  inputs:\n    s:\n      type:\n      default: text\n---\na: $[[ inputs.s ]]\n');
  assert.deepEqual(o.diags, []);
  assert.deepEqual(o.value, { a: 'text' });
});

void test('a given value wins over the default', () => {
  const o = interp(`${SPEC}a: $[[ inputs.s ]]\nb: $[[ inputs.n ]]\n`, '{s: given, n: 9}', { location: 'x.yml' });
  assert.deepEqual(o.diags, []);
  assert.deepEqual(o.value, { a: 'given', b: 9 });
});

void test("string options compare the options' text; number options compare values (Ruby ==)", () => {
  const spec =
    'spec:\n  inputs:\n    s: {options: [1, two]}\n    n: {type: number, options: [1, 2]}\n---\na: $[[ inputs.s ]]\nb: $[[ inputs.n ]]\n';
  const ok = interp(spec, '{s: "1", n: 2}', { location: 'x.yml' });
  assert.deepEqual(ok.diags, []);
  assert.deepEqual(ok.value, { a: '1', b: 2 });
  const bad = interp(spec, '{s: three, n: 3}', { location: 'x.yml' });
  assert.deepEqual(messages(bad), [
    '`x.yml`: `s` input: `three` cannot be used because it is not in the list of allowed options, `n` input: `3` cannot be used because it is not in the list of the allowed options',
  ]);
});

void test('number options that are arrays compare element by element', () => {
  const spec = 'spec:\n  inputs:\n    n: {type: number, options: [[1, 2]]}\n---\na: 1\n';
  const listed = interp(spec, '{n: [1, 2]}', { location: 'x.yml' });
  assert.deepEqual(messages(listed), ['`x.yml`: `n` input: provided value is not a number']);
  const other = interp(spec, '{n: [1, 3]}', { location: 'x.yml' });
  assert.deepEqual(messages(other), [
    '`x.yml`: `n` input: provided value is not a number, `n` input: `[1, 3]` cannot be used because it is not in the list of the allowed options',
  ]);
  const shorter = interp(spec, '{n: [1]}', { location: 'x.yml' });
  assert.equal(messages(shorter).length, 1);
  assert.match(messages(shorter)[0] ?? '', /`\[1\]` cannot be used/);
});

void test('the regex runs only on a string value: a value of the wrong type gets the type error alone', () => {
  const o = interp('spec:\n  inputs:\n    s: {regex: "^a$"}\n---\na: 1\n', '{s: {k: v}}', { location: 'x.yml' });
  assert.deepEqual(messages(o), ['`x.yml`: `s` input: provided value is not a string']);
});

void test('a matching regex adds nothing, not even a note', () => {
  const check = checkInputs(node('{s: {regex: "^a+$", default: aaa}}'), undefined);
  assert.deepEqual(check, { errors: [], unknown: [], values: check.values });
  assert.deepEqual(toPlain(check.values.get('s')), 'aaa');
});

void test('a symbol is not a String: a string input converts it (noted), a number input rejects it', () => {
  const s = checkInputs(node('{s: {}, n: {type: number}}'), node('\n  s: :sym\n  n: :5') as YMap);
  assert.deepEqual(s.errors, ['`n` input: provided value is not a number']);
  assert.equal(s.unknown.length, 1);
  assert.match(s.unknown[0] ?? '', /^`s` input: the provided value is converted to a string/);
});

void test('an array input given JSON text: every JSON scalar kind becomes an item', () => {
  const c = checkInputs(node('{l: {type: array}}'), node(`{l: '["a", 1, 2.5, true, null, [false]]'}`) as YMap);
  assert.deepEqual(c.errors, []);
  assert.deepEqual(toPlain(c.values.get('l')), ['a', 1, 2.5, true, null, [false]]);
});

void test('an array input given JSON text holding an object is an array (the bug: it was "not an array")', () => {
  const c = checkInputs(
    node('{l: {type: array}, n: {type: number}}'),
    node(`{l: '[1, {"a": [2, {"b": null}]}]', n: '{"a": 1}'}`) as YMap,
  );
  assert.deepEqual(c.errors, ['`n` input: provided value is not a number']);
  assert.deepEqual(toPlain(c.values.get('l')), [1, { a: [2, { b: null }] }]);
});

void test("rubyText: a scalar's to_s (nil is empty), an array's inspect", () => {
  assert.equal(rubyText(node('~')), '');
  assert.equal(rubyText(node('abc')), 'abc');
  // Block style: in `[…]` a `:` that starts a token is libyaml's value indicator (yaml/flowColon.ts).
  const list = `\n  - ~\n  - 'a"b'\n  - :sym\n  - 1\n  - 2.5\n  - true\n  - [x]`;
  assert.equal(rubyText(node(list)), '[nil, "a\\"b", :sym, 1, 2.5, true, ["x"]]');
});

void test('regexVerdict: match, no match, invalid, and RE2 C++ syntax this port rejects is unknown', () => {
  assert.equal(regexVerdict('b+', 'abbc'), 'match');
  assert.equal(regexVerdict('^b', 'abbc'), 'no-match');
  assert.equal(regexVerdict('(', 'x'), 'invalid');
  const u = regexVerdict('\\C', 'x');
  assert.ok(typeof u === 'object');
  assert.match(u.unknown, /^RE2 accepts syntax this tool's RE2 port rejects: /);
});

void test('includeLocation: the name GitLab gives an included file in its errors', () => {
  assert.equal(includeLocation({ path: 'ci/a.yml' }), 'ci/a.yml');
  assert.equal(includeLocation({ origin: 'project:grp/lib@v1:/ci/a.yml' }), 'ci/a.yml');
  assert.equal(includeLocation({ origin: 'project:grp/lib@feature:x:/ci/a.yml' }), 'ci/a.yml');
  assert.equal(includeLocation({ origin: 'remote:https://h/a.yml' }), 'https://h/a.yml');
  assert.equal(includeLocation({ origin: 'component:h/g/c@1.0' }), 'h/g/c@1.0');
});

/** Runs `fn` with some INPUT_LIMITS lowered, restoring them after. */
function withLimits(limits: Partial<typeof INPUT_LIMITS>, fn: () => void): void {
  const saved = { ...INPUT_LIMITS };
  Object.assign(INPUT_LIMITS, limits);
  try {
    fn();
  } finally {
    Object.assign(INPUT_LIMITS, saved);
  }
}

void test('a string over the node size limit fails the file: "config node too large"', () => {
  const text = '12345 $[[ inputs.n ]] 7890';
  withLimits({ maxNodeBytes: text.length }, () => {
    const ok = interp(`${SPEC}a: "${text}"\n`);
    assert.deepEqual(ok.diags, [], 'exactly at the limit');
    const over = interp(`${SPEC}a: "123456 $[[ inputs.n ]] 7890"\n`);
    assert.deepEqual(messages(over), ['config node too large']);
    assert.equal(over.failed, true);
  });
});

void test('too many distinct blocks fails the file (a GitLab limit: never kept as written)', () => {
  withLimits({ maxBlocks: 3 }, () => {
    const ok = interp(`${SPEC}a: "$[[ inputs.s ]] $[[ inputs.n ]] $[[ inputs.s ]] $[[inputs.b]]"\n`);
    assert.deepEqual(ok.diags, [], 'three distinct blocks, one of them twice');
    const over = interp(`${SPEC}a: "$[[ inputs.s ]] $[[ inputs.n ]] $[[inputs.s]] $[[inputs.b]]"\n`);
    assert.deepEqual(messages(over), ['too many interpolation blocks']);
    assert.equal(over.failed, true);
  });
});

void test("too much written text keeps the file as written, with a warning (our bound, not GitLab's)", () => {
  withLimits({ maxExpandedChars: 60 }, () => {
    const o = interp(`${SPEC}a: "$[[ inputs.s ]]$[[ inputs.s ]]"\nb: "$[[ inputs.s ]]$[[ inputs.s ]]"\n`);
    assert.equal(o.failed, false);
    assert.deepEqual(
      o.diags.map((d) => `${d.severity} ${d.code}`),
      ['warning include-inputs-size'],
    );
    assert.deepEqual(o.value, { a: '$[[ inputs.s ]]$[[ inputs.s ]]', b: '$[[ inputs.s ]]$[[ inputs.s ]]' });
  });
});

void test('the node count bound: a file far over it fails with "config too large", one far under it does not', () => {
  const items = Array.from({ length: 40 }, (_, i) => `k${i}: [a, b, {c: d}]`).join('\n');
  const file = `${SPEC}${items}\nseq: [${Array.from({ length: 40 }, () => '[x, y]').join(', ')}]\n`;
  withLimits({ maxNodes: 1000 }, () => assert.deepEqual(interp(file).diags, []));
  withLimits({ maxNodes: 100 }, () => {
    const o = interp(file);
    assert.deepEqual(messages(o), ['config too large']);
    assert.equal(o.failed, true);
  });
  // Sequences alone, and mappings alone, count too.
  withLimits({ maxNodes: 50 }, () => {
    assert.deepEqual(messages(interp(`${SPEC}s: [${Array.from({ length: 60 }, () => 'x').join(', ')}]\n`)), [
      'config too large',
    ]);
    assert.deepEqual(messages(interp(`${SPEC}m: {${Array.from({ length: 30 }, (_, i) => `k${i}: x`).join(', ')}}\n`)), [
      'config too large',
    ]);
  });
});

void test('strings without a block are left exactly as loaded (a :symbol stays a Symbol)', () => {
  const { root, header } = load(`${SPEC}a: :sym\nb: "$[[ inputs.s ]]"\n`);
  const out = interpolateInputs(root, header, undefined, new DiagnosticSink());
  assert.ok(out);
  const a = get(out, 'a');
  assert.deepEqual(a && a.kind === 'scalar' ? [a.value, a.symbol] : [], ['sym', true]);
  assert.equal(a, get(root, 'a'), 'the very node, not a copy');
});

void test('whole blocks with or without spaces keep a typed value; a pipe without spaces inside text still makes a block', () => {
  const spec = 'spec:\n  inputs:\n    num: {type: number, default: 42}\n    str: {default: abcdef}\n---\n';
  const o = interp(
    `${spec}a: $[[inputs.num]]\nb: $[[ inputs.num ]]\nc: "x $[[ inputs.str|truncate(0,2) ]]"\nd: "x $[[inputs.str |truncate(1,2)]]"\n`,
  );
  assert.deepEqual(o.diags, []);
  assert.deepEqual(o.value, { a: 42, b: 42, c: 'x ab', d: 'x bc' });
});

void test('options: exactly 50 are allowed, 51 are not (Header::Input)', () => {
  const list = (n: number): string => `[${Array.from({ length: n }, (_, i) => `o${i}`).join(', ')}]`;
  const ok = interp(`spec:\n  inputs:\n    s: {default: o0, options: ${list(50)}}\n---\na: 1\n`);
  assert.deepEqual(ok.diags, []);
  const over = interp(`spec:\n  inputs:\n    s: {default: o0, options: ${list(51)}}\n---\na: 1\n`);
  assert.deepEqual(messages(over), ['header:spec:inputs:s config cannot define more than 50 options']);
});

void test('number options mixing arrays and numbers: a number not listed is reported, never a crash', () => {
  const o = interp('spec:\n  inputs:\n    n: {type: number, options: [[1], 2]}\n---\na: 1\n', '{n: 3}', {
    location: 'x.yml',
  });
  assert.deepEqual(messages(o), [
    '`x.yml`: `n` input: `3` cannot be used because it is not in the list of the allowed options',
  ]);
  const listed = interp(
    'spec:\n  inputs:\n    n: {type: number, options: [[1], 2]}\n---\na: $[[ inputs.n ]]\n',
    '{n: 2}',
    { location: 'x.yml' },
  );
  assert.deepEqual(listed.value, { a: 2 });
});

void test('a string input given an array takes its inspect text (recent GitLab), noted as converted', () => {
  const c = checkInputs(node('{s: {}}'), node('{s: [a, 1]}') as YMap);
  assert.deepEqual(c.errors, []);
  assert.equal(toPlain(c.values.get('s')), '["a", 1]');
  assert.equal(c.unknown.length, 1);
});

void test('rubyInspect writes floats the Ruby way inside arrays', () => {
  assert.equal(rubyText(node('[2.0, 1.5, 3]')), '[2.0, 1.5, 3]');
});

void test('the node and written-text bounds are inclusive: a file exactly at either limit passes, one under it does not', () => {
  const file = `${SPEC}a: [x, {y: "$[[ inputs.s ]]"}]\nb: {c: d}\n`;
  // Visited: the root, keys a and b, the list and x, the inner mapping, key y and its string, the mapping {c: d},
  // key c and d: 11. Written: the one string holding a block, 15 characters, plus the 16 of the value: 31.
  for (const [limit, at] of [
    ['maxNodes', 11],
    ['maxExpandedChars', 31],
  ] as const) {
    withLimits({ [limit]: at }, () => assert.deepEqual(interp(file).diags, [], `${limit} at ${at}`));
    withLimits({ [limit]: at - 1 }, () => assert.equal(interp(file).diags.length, 1, `${limit} at ${at - 1}`));
  }
});

void test('input diagnostics carry their codes', () => {
  const codes = (o: Out): string[] => o.diags.map((d) => d.code);
  assert.deepEqual(codes(interp('spec:\n  inputs:\n    need: {}\n---\na: 1\n')), ['include-inputs']);
  assert.deepEqual(codes(interp(`${SPEC}a: $[[ inputs.nope ]]\n`)), ['include-inputs']);
  withLimits({ maxNodeBytes: 10 }, () => {
    assert.deepEqual(codes(interp(`${SPEC}a: "0123456789 $[[ inputs.n ]]"\n`)), ['include-inputs-limit']);
  });
});
