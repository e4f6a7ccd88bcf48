// The mutant classes docs/mutation.md still listed as "not answered" (issue 14), each pinned to GitLab's source:
// - rules: Matches with a regex on the left (lexeme/matches.rb: `regexp.scan(text.to_s)`, the regex's Object#to_s),
//   only/except `variables` entries that are not strings (policy.rb builds a Statement from each);
// - merge: Extendable::Entry#extends_keys (`Array(extends).map(&:to_s)`) and the order of #extend!'s checks,
//   Tags::Base#validation_error_message (`scalar.presence || map.presence || seq`) and Ruby's Array#inspect;
// - include: Mapper::Matcher (a file class matches a `present?` location only), File::Base#validate_location!
//   ("needs to be a string", the extension of the basename first), File::Project's `to_s` of each `file` item,
//   File::Base#validate_content! for a blank remote file, Interpolation::Config (a `!reference` is a tag object,
//   never walked), the input classes (`return unless options && value`, Ruby `==` for options) and Ruby 3.3's
//   Hash#inspect of the loader's symbolized keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import type { Diagnostic } from '../../../src/ci/model';
import type { FileReader } from '../../../src/ci/fileReader';
import type { IncludeFetcher } from '../../../src/ci/include/fetcher';
import { expandIncludes, type ExpandedConfig } from '../../../src/ci/include/resolveIncludes';
import { INPUT_LIMITS, interpolateInputs } from '../../../src/ci/include/inputs';
import { extendsNames, resolveExtends } from '../../../src/ci/merge/extends';
import { resolveReferences } from '../../../src/ci/merge/reference';
import { policyVariablesErrors } from '../../../src/ci/rules/checks';
import { evaluateValue, ExpressionEvalError } from '../../../src/ci/rules/expression';
import { expressionTri } from '../../../src/ci/rules/triExpression';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import { get, getEntry, toPlain, type YMap } from '../../../src/ci/yaml/node';
import { holds, parse } from './rules/helpers';

function load(text: string, file = 'ci.yml'): { root: YMap; header?: YMap } {
  const sink = new DiagnosticSink();
  const l = loadYaml(text, file, sink);
  assert.deepEqual(
    sink.items.filter((d) => d.severity === 'error'),
    [],
    `${file} loads`,
  );
  assert.ok(l.root);
  return { root: l.root, ...(l.header ? { header: l.header } : {}) };
}

const found = (sink: DiagnosticSink): string[] => sink.items.map((d) => `${d.severity} ${d.code}: ${d.message}`);

// ---------------------------------------------------------------------------------------------------------------
// rules

void test('a regex on the left of =~ against a string is false, not an evaluation error: `||` goes on', () => {
  // GitLab: `"x".scan("#<Gitlab::UntrustedRegexp:0x…>")` is empty, so the match is false and `||` takes "y".
  assert.ok(holds('(/ab/ =~ "x") || "y"'));
  assert.ok(!holds('/ab/ =~ "x"'));
  assert.ok(holds('/ab/ !~ "x"'));
  assert.equal(evaluateValue(parse('/ab/ =~ "x"'), {}), false);
  assert.deepEqual(expressionTri('(/ab/ =~ "x") || "y"', {}, new Set(['CI_COMMIT_SHA'])), { value: true, unknown: [] });
  // A string that holds the start of that text, and a regex on the right, depend on the regex's address: unknown,
  // which the evaluator reports as its error (the statement is false), as before.
  assert.throws(() => evaluateValue(parse('/ab/ =~ "#<Gitlab::UntrustedRegexp:0x"'), {}), ExpressionEvalError);
  assert.throws(() => evaluateValue(parse('/ab/ =~ /bc/'), {}), ExpressionEvalError);
});

void test('only/except `variables` entries that are not strings are invalid expressions, never a crash', () => {
  // policy.rb builds `Statement.new(42)`, whose StringScanner raises a TypeError (GitLab fails with an internal
  // error); the entry is invalid either way, and our check must not throw on it.
  assert.deepEqual(policyVariablesErrors('job', 'only', { variables: [42, '$A == "x"', null] }), [
    { index: 0, message: 'jobs:job:only variables invalid expression syntax' },
    { index: 2, message: 'jobs:job:only variables invalid expression syntax' },
  ]);
});

// ---------------------------------------------------------------------------------------------------------------
// merge: extends and !reference

function extendsOf(text: string): { out: unknown; found: string[] } {
  const sink = new DiagnosticSink();
  const out = resolveExtends(load(text).root, sink);
  return { out: out === undefined ? undefined : toPlain(out), found: found(sink) };
}

void test('extends: null names no parent (Array(nil) is empty): no error, the job is kept as written', () => {
  const r = extendsOf('job:\n  extends: null\n  script: x\n');
  assert.deepEqual(r.found, []);
  assert.deepEqual(r.out, { job: { extends: null, script: 'x' } });
  assert.deepEqual(extendsNames(getEntry(load('job:\n  extends: null\n').root, 'job')!.value), []);
});

void test('extends entries are read with to_s: null is the empty name, a nested list is its inspect', () => {
  assert.deepEqual(extendsOf('job:\n  extends: [null]\n  script: x\n').found, [
    'error extends: job: unknown keys in `extends` ()',
  ]);
  assert.deepEqual(extendsOf('.b: {image: i}\njob:\n  extends: [[.b, 1]]\n  script: x\n').found, [
    'error extends: job: unknown keys in `extends` ([".b", 1])',
  ]);
  // A mapping is its pairs (Array(hash)); a mapping inside the list is its Ruby 3.3 inspect, symbolized keys.
  assert.deepEqual(extendsOf('job:\n  extends: {a: 1, b c: x}\n  script: x\n').found, [
    'error extends: job: unknown keys in `extends` ([:a, 1], [:"b c", "x"])',
  ]);
  assert.deepEqual(extendsOf('job:\n  extends: [{a: 1}]\n  script: x\n').found, [
    'error extends: job: unknown keys in `extends` ({:a=>1})',
  ]);
  const job = getEntry(load('job:\n  extends: [null, [.b, ~]]\n').root, 'job')!.value;
  assert.deepEqual(extendsNames(job), ['', '[".b", nil]']);
});

void test('extends checks unknown keys, invalid bases, nesting and the cycle in that order (Extendable::Entry#extend!)', () => {
  // A cycle of eleven: `a1` is reached again with eleven ancestors, which is nesting too deep before it is a cycle.
  const ring = Array.from({ length: 11 }, (_, i) => `a${i + 1}:\n  extends: a${((i + 1) % 11) + 1}\n`).join('');
  assert.deepEqual(extendsOf(ring).found, ['error extends: a1: nesting too deep in `extends`']);
  // An unknown parent eleven levels down is reported as unknown, not as nesting too deep.
  const deepUnknown =
    Array.from({ length: 11 }, (_, i) => `j${i}:\n  extends: j${i + 1}\n`).join('') + 'j11:\n  extends: zz\n';
  assert.deepEqual(extendsOf(deepUnknown).found, ['error extends: j11: unknown keys in `extends` (zz)']);
  // A short cycle is still a cycle.
  assert.deepEqual(extendsOf('.a:\n  extends: .b\n.b:\n  extends: .a\n').found, [
    'error extends: .a: circular dependency detected in `extends`',
  ]);
});

function referenceErrors(text: string): string[] {
  const sink = new DiagnosticSink();
  resolveReferences(load(text).root, sink);
  return found(sink);
}

void test('!reference without a sequence: a blank scalar is written [] (Psych Coder starts with an empty seq)', () => {
  assert.deepEqual(referenceErrors('a: !reference\n'), ['error reference: !reference [] is not valid']);
  assert.deepEqual(referenceErrors('a: !reference " "\n'), ['error reference: !reference [] is not valid']);
  assert.deepEqual(referenceErrors('a: !reference .x\n'), ['error reference: !reference ".x" is not valid']);
  assert.deepEqual(referenceErrors('a: !reference null\n'), ['error reference: !reference "null" is not valid']);
  // A mapping: GitLab writes Hash#inspect (Ruby-version dependent); ours names it without its content.
  assert.deepEqual(referenceErrors('a: !reference {b: 1}\n'), ['error reference: !reference {…} is not valid']);
});

void test('!reference paths are written with Array#inspect: nested lists, nil, floats, symbols', () => {
  assert.deepEqual(referenceErrors('a: !reference [[.x], .y]\n'), [
    'error reference: !reference [[".x"], ".y"] is not valid',
  ]);
  // Block style for the Symbol: Psych refuses `:s` inside `[…]` (yaml/flowColon.ts).
  assert.deepEqual(referenceErrors('a: !reference\n  - .x\n  - ~\n  - 1.0\n  - :s\n'), [
    'error reference: !reference [".x", nil, 1.0, :s] is not valid',
  ]);
  assert.deepEqual(referenceErrors('a: !reference [.x, {b: 1}]\n'), [
    'error reference: !reference [".x", {"b"=>1}] is not valid',
  ]);
});

// ---------------------------------------------------------------------------------------------------------------
// include: locations

interface Run extends ExpandedConfig {
  diags: Diagnostic[];
}

async function expand(
  files: Record<string, string>,
  opts: { fetcher?: IncludeFetcher; rules?: (r: unknown) => boolean | 'unknown' } = {},
): Promise<Run> {
  const sink = new DiagnosticSink();
  const reader: FileReader = {
    read: (p) => Promise.resolve(files[p]),
    list: () => Promise.resolve(Object.keys(files)),
  };
  const out = await expandIncludes('.gitlab-ci.yml', {
    reader,
    sink,
    expand: (t) => t.replace(/\$EMPTY/g, ''),
    rules: opts.rules ?? (() => true),
    ...(opts.fetcher ? { fetcher: opts.fetcher } : {}),
  });
  return { ...out, diags: sink.items };
}

const errorsOf = (r: Run): string[] => r.diags.filter((d) => d.severity === 'error').map((d) => d.message);
const SUBKEYS =
  'does not have a valid subkey for include. Valid subkeys are: `local`, `project`, `remote`, `template`, `artifact`, `component`';

void test('a blank location matches no file class: "does not have a valid subkey" (Mapper::Matcher)', async () => {
  const cases: [string, string][] = [
    ['{component: ""}', '{"component":""}'],
    ['{component: $EMPTY}', '{"component":""}'],
    ['{local: ""}', '{"local":""}'],
    ['{local: null}', '{"local":null}'],
    ['{local: /}', '{"local":"/"}'],
    ['{remote: "  "}', '{"remote":"  "}'],
    ['{template: []}', '{"template":[]}'],
    ['{artifact: false}', '{"artifact":false}'],
  ];
  for (const [entry, json] of cases) {
    const r = await expand({ '.gitlab-ci.yml': `include:\n  - ${entry}\njob:\n  script: x\n` });
    assert.deepEqual(errorsOf(r), [`\`${json}\` ${SUBKEYS}`], entry);
    assert.deepEqual(
      r.diags.map((d) => d.code),
      ['include-shape'],
      entry,
    );
  }
  // include:rules are applied first (Mapper::Filter): a skipped entry is never matched.
  const skipped = await expand(
    { '.gitlab-ci.yml': 'include:\n  - {component: "", rules: [{if: $X}]}\njob:\n  script: x\n' },
    { rules: () => false },
  );
  assert.deepEqual(skipped.diags, []);
});

void test('a present location that is not a String "needs to be a string" (remote, template, component, artifact)', async () => {
  const cases: [string, string][] = [
    ['{component: 42}', 'Included file `42` needs to be a string'],
    ['{remote: [a.yml]}', 'Included file `["a.yml"]` needs to be a string'],
    ['{template: true}', 'Included file `true` needs to be a string'],
    ['{artifact: 1.5}', 'Included file `1.5` needs to be a string'],
    ['{remote: {a: 1}}', 'Included file `{:a=>1}` needs to be a string'],
  ];
  for (const [entry, message] of cases) {
    const r = await expand({ '.gitlab-ci.yml': `include:\n  - ${entry}\njob:\n  script: x\n` });
    assert.deepEqual(errorsOf(r), [message], entry);
  }
});

void test('local and project files are read with to_s: a number or a list is checked as that text', async () => {
  const local = await expand({
    '.gitlab-ci.yml': 'include:\n  - {local: 42}\n  - {local: [a.yml]}\njob:\n  script: x\n',
  });
  assert.deepEqual(errorsOf(local), [
    'Included file `42` does not have YAML extension!',
    'Included file `["a.yml"]` does not have YAML extension!',
  ]);
  // Project: one location per `Array.wrap(file)` item, not flattened; a null item matches nothing.
  const project = await expand({
    '.gitlab-ci.yml': 'include:\n  - {project: g/p, file: [[a.yml], null]}\njob:\n  script: x\n',
  });
  assert.deepEqual(errorsOf(project), [
    'Included file `["a.yml"]` does not have YAML extension!',
    `\`{"project":"g/p","file":null}\` ${SUBKEYS}`,
  ]);
  // No file at all (null, an empty list): Entry::Include's "must specify the file".
  for (const file of ['null', '[]']) {
    const r = await expand({ '.gitlab-ci.yml': `include:\n  - {project: g/p, file: ${file}}\njob:\n  script: x\n` });
    assert.deepEqual(errorsOf(r), ['include config must specify the file where to fetch the config from'], file);
  }
});

/** A fetcher that serves remote files from a table. */
function remotes(table: Record<string, string>): IncludeFetcher {
  const none = (what: string) => Promise.resolve({ unavailable: `no ${what}` });
  return {
    project: () => none('project'),
    remote: (u) =>
      table[u] !== undefined ? Promise.resolve({ file: { text: table[u], via: 'api' as const } }) : none(u),
    template: () => none('template'),
    component: () => none('component'),
  };
}

void test('remote and template: the YAML extension of the basename is checked first, a query string included', async () => {
  const r = await expand(
    {
      '.gitlab-ci.yml':
        'include:\n  - remote: https://example.com/a.yml?ref=main\n  - remote: notaurl\n  - remote: notaurl.yml\n  - template: Foo\n  - template: Foo.yml\njob:\n  script: x\n',
    },
    { fetcher: remotes({}) },
  );
  assert.deepEqual(errorsOf(r), [
    'Included file `https://example.com/a.yml?ref=main` does not have YAML extension!',
    'Included file `notaurl` does not have YAML extension!',
    'Remote file `notaurl.yml` does not have a valid address!',
    'Included file `Foo` does not have YAML extension!',
    'Template file `Foo.yml` is not a valid location!',
  ]);
});

void test('an empty remote file is named by its address, as File::Base#validate_content! names it', async () => {
  const url = 'https://example.com/e.yml';
  const r = await expand(
    { '.gitlab-ci.yml': `include:\n  - remote: ${url}\njob:\n  script: x\n` },
    { fetcher: remotes({ [url]: '  \n' }) },
  );
  assert.deepEqual(errorsOf(r), [`Included file \`${url}\` is empty or does not exist!`]);
});

// ---------------------------------------------------------------------------------------------------------------
// include: spec:inputs

function interp(file: string, inputs?: string): { value: unknown; diags: string[] } {
  const { root, header } = load(file, 't.yml');
  const sink = new DiagnosticSink();
  const given = inputs === undefined ? undefined : get(load(`v: ${inputs}\n`, 'n.yml').root, 'v');
  const range = { file: '.gitlab-ci.yml', line: 3, column: 1, endLine: 3, endColumn: 9 };
  const out = interpolateInputs(root, header, given, sink, { location: 'x.yml', range });
  return { value: out === undefined ? undefined : toPlain(out), diags: sink.items.map((d) => d.message) };
}

function withLimits(limits: Partial<typeof INPUT_LIMITS>, fn: () => void): void {
  const saved = { ...INPUT_LIMITS };
  Object.assign(INPUT_LIMITS, limits);
  try {
    fn();
  } finally {
    Object.assign(INPUT_LIMITS, saved);
  }
}

void test('a !reference path is never interpolated: Interpolation::Config does not walk the tag object', () => {
  const file =
    'spec:\n  inputs:\n    k: {default: script}\n---\na: !reference [.x, "$[[ inputs.k ]]"]\nb: $[[ inputs.k ]]\n';
  const { root, header } = load(file, 't.yml');
  const sink = new DiagnosticSink();
  const out = interpolateInputs(root, header, undefined, sink, undefined);
  assert.deepEqual(sink.items, []);
  assert.ok(out);
  const a = get(out, 'a');
  assert.ok(a?.kind === 'ref');
  assert.deepEqual(
    a.items?.map((i) => toPlain(i)),
    ['.x', '$[[ inputs.k ]]'],
  );
  assert.equal(toPlain(get(out, 'b')), 'script');
  // Not even an unknown name inside one stops the file.
  assert.deepEqual(
    interp('spec:\n  inputs:\n    k: {default: s}\n---\na: !reference [.x, "$[[ inputs.nope ]]"]\n').diags,
    [],
  );
});

void test('a !reference counts as one node against the node bound, whatever its path', () => {
  const head = 'spec:\n  inputs:\n    k: {default: s}\n---\n';
  // The root, its key and the value: three nodes for a tag, eight for the same path as a plain list.
  withLimits({ maxNodes: 3 }, () => {
    assert.deepEqual(interp(`${head}a: !reference [x, y, z, w, v]\n`).diags, []);
    assert.deepEqual(interp(`${head}a: [x, y, z, w, v]\n`).diags, ['config too large']);
  });
});

void test('a Hash inside an array input is written with Ruby 3.3 inspect and symbolized keys', () => {
  const file = 'spec:\n  inputs:\n    l: {type: array, default: [x]}\n---\na: "v $[[ inputs.l ]]"\n';
  const r = interp(file, '{l: [{a: 1, "b c": null, 1: true, k?: x}]}');
  assert.deepEqual(r.diags, []);
  assert.deepEqual(r.value, { a: 'v [{:a=>1, :"b c"=>nil, 1=>true, :k?=>"x"}]' });
});

void test('options are not checked for a false or nil value (`return unless options && value`)', () => {
  const spec = (input: string): string => `spec:\n  inputs:\n    n: ${input}\n---\na: 1\n`;
  assert.deepEqual(interp(spec('{type: number, options: [1, 2]}'), '{n: false}').diags, [
    '`x.yml`: `n` input: provided value is not a number',
  ]);
  assert.deepEqual(interp(spec('{type: number, default: null, options: [1, 2]}')).diags, [
    '`x.yml`: `n` input: default value is not a number',
  ]);
});

void test('number options compare with Ruby ==: a list is not equal to another list, a Symbol is not a String', () => {
  const spec = (options: string): string => `spec:\n  inputs:\n    n: {type: number, options: ${options}}\n---\na: 1\n`;
  assert.deepEqual(interp(spec('[[1]]'), '{n: [2]}').diags, [
    '`x.yml`: `n` input: provided value is not a number, `n` input: `[2]` cannot be used because it is not in the list of the allowed options',
  ]);
  // Block style for the Symbol: Psych refuses `:a` inside `[…]` (yaml/flowColon.ts).
  const symbolOption = 'spec:\n  inputs:\n    n:\n      type: number\n      options:\n        - :a\n---\na: 1\n';
  assert.deepEqual(interp(symbolOption, '{n: a}').diags, [
    '`x.yml`: `n` input: provided value is not a number, `n` input: `a` cannot be used because it is not in the list of the allowed options',
  ]);
});

void test("string options compare every option's to_s: a list option is its inspect", () => {
  const spec = 'spec:\n  inputs:\n    s: {options: [[a, 1], c]}\n---\na: $[[ inputs.s ]]\n';
  const listed = interp(spec, `{s: '["a", 1]'}`);
  assert.deepEqual(listed.diags, []);
  assert.deepEqual(listed.value, { a: '["a", 1]' });
  assert.deepEqual(interp(spec, '{s: a}').diags, [
    '`x.yml`: `s` input: `a` cannot be used because it is not in the list of allowed options',
  ]);
});
