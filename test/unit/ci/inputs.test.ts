// spec:inputs checks (src/ci/include/inputSpec.ts, inputRegex.ts) with GitLab's messages from
// lib/gitlab/ci/config/interpolation/inputs.rb and inputs/{base,string,number,boolean,array}_input.rb: an included
// file whose inputs fail is not used, and GitLab's error names the file and joins at most three messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import type { IncludeFetcher } from '../../../src/ci/include/fetcher';
import { regexVerdict } from '../../../src/ci/include/inputRegex';
import type { FlowModel } from '../../../src/ci/model';
import { errors, job, memoryReader, run } from './helpers';

/** The analysed repository includes `t.yml` (whose header is `spec`) with `inputs` (YAML flow text). */
function withInputs(
  spec: string,
  inputs: string | undefined,
  // The value lands in a hidden job's key, which GitLab does not validate: a boolean, a number or an array there is
  // fine (in `script:` it would be an entry error of its own).
  body = 'j: {script: s}\n.uses: {value: "$[[ inputs.a ]]"}',
): Promise<FlowModel> {
  const include = inputs === undefined ? 'include: [{local: t.yml}]' : `include: [{local: t.yml, inputs: ${inputs}}]`;
  return run({
    '.gitlab-ci.yml': `${include}\nroot: {script: x}\n`,
    't.yml': `spec:\n  inputs:\n${spec}\n---\n${body}\n`,
  });
}

const names = (m: FlowModel): string[] => m.jobs.map((j) => j.name).sort();

void test('a required input not given: GitLab names the file and the input, and the file is not used', async () => {
  const m = await withInputs('    a:', undefined);
  assert.deepEqual(errors(m), ['`t.yml`: `a` input: required value has not been provided']);
  assert.deepEqual(names(m), ['root']);
  // An explicit null is no value at all (Ruby `nil?`).
  assert.deepEqual(errors(await withInputs('    a: {}', '{a: null}')), [
    '`t.yml`: `a` input: required value has not been provided',
  ]);
  // Required even when the file never uses it (Interpolation::Inputs checks the spec, not the uses).
  assert.deepEqual(errors(await withInputs('    a:\n    b:', '{a: x}')), [
    '`t.yml`: `b` input: required value has not been provided',
  ]);
});

void test('defaults fill missing values; an empty string is a value; description is only documentation', async () => {
  const m = await withInputs('    a: {default: dflt, description: "what a is"}', undefined);
  assert.deepEqual(errors(m), []);
  assert.deepEqual(m.jobs.find((j) => j.name === 'j')?.name, 'j');
  const empty = await withInputs('    a:', '{a: ""}', '"x$[[ inputs.a ]]y": {script: s}');
  assert.deepEqual(errors(empty), []);
  assert.deepEqual(names(empty), ['root', 'xy']);
});

void test('unknown input arguments: one message listing every unknown name', async () => {
  const m = await withInputs('    a: {default: x}', '{b: 1, c: 2}');
  assert.deepEqual(errors(m), ['`t.yml`: unknown input arguments: b, c']);
  assert.deepEqual(names(m), ['root']);
});

void test('inputs given to a file without a spec header', async () => {
  const m = await run({
    '.gitlab-ci.yml': 'include: [{local: u.yml, inputs: {a: 1}}]\nroot: {script: x}\n',
    'u.yml': 'u: {script: x}\n',
  });
  assert.deepEqual(errors(m), [
    '`u.yml`: Given inputs not defined in the `spec` section of the included configuration file',
  ]);
  assert.deepEqual(names(m), ['root']);
});

void test('type: a provided value of the wrong type, for each type', async () => {
  assert.deepEqual(errors(await withInputs('    a: {type: number}', '{a: abc}')), [
    '`t.yml`: `a` input: provided value is not a number',
  ]);
  assert.deepEqual(errors(await withInputs('    a: {type: boolean}', '{a: 1}')), [
    '`t.yml`: `a` input: provided value is not a boolean',
  ]);
  assert.deepEqual(errors(await withInputs('    a: {type: array}', '{a: x}')), [
    '`t.yml`: `a` input: provided value is not an array',
  ]);
  // Psych types: `yes` is a boolean for GitLab, `1.5` a number.
  assert.deepEqual(errors(await withInputs('    a: {type: boolean}', '{a: yes}')), []);
  assert.deepEqual(errors(await withInputs('    a: {type: number}', '{a: 1.5}')), []);
});

void test('type: values recent GitLab converts are accepted, and the versions that reject them are named', async () => {
  for (const [spec, given, kind] of [
    ['    a: {type: string}', '{a: 1}', 'string'],
    ['    a: {type: number}', '{a: "1"}', 'number'],
    ['    a: {type: boolean}', '{a: "true"}', 'boolean'],
    ['    a: {type: array}', '{a: "[1, 2]"}', 'array'],
  ] as const) {
    const m = await withInputs(spec, given);
    assert.deepEqual(errors(m), [], `${kind}: no error`);
    const note = m.diagnostics.find((d) => d.code === 'include-inputs-unknown');
    assert.ok(note, `${kind}: the conversion is said`);
    assert.match(
      note.message,
      new RegExp(`converted to a ${kind} by recent GitLab versions; older versions reject it`),
    );
  }
  // The converted value is what the file is interpolated with: "3" becomes the number 3 for parallel.
  const m = await withInputs('    n: {type: number}', '{n: "3"}', 'j: {script: s, parallel: "$[[ inputs.n ]]"}');
  assert.deepEqual(names(m), ['j 1/3', 'j 2/3', 'j 3/3', 'root']);
});

void test('type: a default of the wrong type is reported as the default', async () => {
  assert.deepEqual(errors(await withInputs('    a: {type: number, default: abc}', undefined)), [
    '`t.yml`: `a` input: default value is not a number',
  ]);
  // Both the default and the given value are checked, default first.
  assert.deepEqual(errors(await withInputs('    a: {type: boolean, default: 1}', '{a: x}')), [
    '`t.yml`: `a` input: default value is not a boolean, `a` input: provided value is not a boolean',
  ]);
});

void test('typed values keep their type through a whole-value interpolation; arrays stay arrays', async () => {
  const m = await withInputs(
    '    a: {type: array, default: [x.log, y.log]}\n    n: {type: number, default: 3}',
    undefined,
    'j: {script: s, parallel: "$[[ inputs.n ]]", artifacts: {paths: "$[[ inputs.a ]]"}}',
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(job(m, 'j 1/3').artifacts?.paths, ['x.log', 'y.log']);
});

void test('options: a value not in the list, with the wording of string and number inputs', async () => {
  assert.deepEqual(errors(await withInputs('    a: {options: [dev, prod]}', '{a: test}')), [
    '`t.yml`: `a` input: `test` cannot be used because it is not in the list of allowed options',
  ]);
  assert.deepEqual(errors(await withInputs('    a: {type: number, options: [1, 2]}', '{a: 3}')), [
    '`t.yml`: `a` input: `3` cannot be used because it is not in the list of the allowed options',
  ]);
  assert.deepEqual(errors(await withInputs('    a: {options: [dev, prod], default: prod}', '{a: dev}')), []);
  // Ruby ==: 1 == 1.0, but "1" is not 1.
  assert.deepEqual(errors(await withInputs('    a: {type: number, options: [1, 2]}', '{a: 1.0}')), []);
  assert.deepEqual(errors(await withInputs('    a: {options: ["1"], default: "1"}', undefined)), []);
  // The default is checked against the options too.
  assert.deepEqual(errors(await withInputs('    a: {options: [dev], default: prod}', undefined)), [
    '`t.yml`: `a` input: `prod` cannot be used because it is not in the list of allowed options',
  ]);
});

void test('options and regex on inputs that cannot have them', async () => {
  assert.deepEqual(errors(await withInputs('    a: {type: boolean, options: [true], default: true}', undefined)), [
    '`t.yml`: `a` input: Options can only be used with string and number inputs',
  ]);
  assert.deepEqual(errors(await withInputs('    a: {type: number, regex: "^1$", default: 1}', undefined)), [
    '`t.yml`: `a` input: RegEx validation can only be used with string inputs',
  ]);
});

void test('regex: RE2 searched anywhere in the value, an empty value included; the default is checked too', async () => {
  assert.deepEqual(errors(await withInputs('    a: {regex: "^v\\\\d+$"}', '{a: v12}')), []);
  assert.deepEqual(errors(await withInputs('    a: {regex: "^v\\\\d+$"}', '{a: x12}')), [
    '`t.yml`: `a` input: provided value does not match required RegEx pattern',
  ]);
  assert.deepEqual(errors(await withInputs('    a: {regex: "\\\\d", default: abc}', undefined)), [
    '`t.yml`: `a` input: default value does not match required RegEx pattern',
  ]);
  // Unanchored: a match anywhere is enough.
  assert.deepEqual(errors(await withInputs('    a: {regex: "b"}', '{a: abc}')), []);
  // allow_empty_string: the pattern decides for an empty value (a real project's `^$|^[A-Za-z0-9_]…$`).
  assert.deepEqual(errors(await withInputs('    a: {regex: "^$|^v\\\\d$", default: ""}', undefined)), []);
  assert.deepEqual(errors(await withInputs('    a: {regex: "\\\\d"}', '{a: ""}')), [
    '`t.yml`: `a` input: provided value does not match required RegEx pattern',
  ]);
});

void test('regex: syntax RE2 rejects is an invalid regular expression; syntax only RE2 C++ knows is unknown', async () => {
  assert.deepEqual(errors(await withInputs('    a: {regex: "(?=x)"}', '{a: x}')), [
    '`t.yml`: `a` input: invalid regular expression',
  ]);
  assert.deepEqual(errors(await withInputs('    a: {regex: "(x"}', '{a: x}')), [
    '`t.yml`: `a` input: invalid regular expression',
  ]);
  const m = await withInputs('    a: {regex: "\\\\C"}', '{a: x}');
  assert.deepEqual(errors(m), []);
  const info = m.diagnostics.find((d) => d.code === 'include-inputs-unknown');
  assert.ok(info, 'the check that could not run is said');
  assert.match(info.message, /`a` input: whether the provided value matches `\\C` is not known here/);
  assert.deepEqual(names(m), ['j', 'root']);
  assert.equal(regexVerdict('a{2}', 'xaay'), 'match');
  assert.equal(regexVerdict('(?i)ABC', 'abc'), 'match');
  assert.equal(regexVerdict('^a$', 'b\na'), 'no-match');
  assert.equal(regexVerdict('a', '   '), 'no-match');
  assert.equal(regexVerdict('^$', ''), 'match');
});

void test('GitLab joins at most three messages, in declaration order', async () => {
  const m = await withInputs('    a:\n    b:\n    c:\n    d:', undefined);
  assert.deepEqual(errors(m), [
    '`t.yml`: `a` input: required value has not been provided, `b` input: required value has not been provided, `c` input: required value has not been provided',
  ]);
});

void test('the header itself: an unknown type and too many options stop the file before the arguments', async () => {
  assert.deepEqual(errors(await withInputs('    a: {type: text}', '{zz: 1}')), [
    '`t.yml`: header:spec:inputs:a input type should be one of: array, boolean, number, string',
  ]);
  const many = Array.from({ length: 51 }, (_, i) => `o${i}`).join(', ');
  assert.deepEqual(errors(await withInputs(`    a: {options: [${many}], default: o1}`, undefined)), [
    '`t.yml`: header:spec:inputs:a config cannot define more than 50 options',
  ]);
  assert.deepEqual(errors(await withInputs('    a: {options: dev, regex: 1, default: dev}', undefined)), [
    '`t.yml`: header:spec:inputs:a input regex should be a string, header:spec:inputs:a input options should be a array',
  ]);
});

void test('include:component: inputs checked with the component address in the message', async () => {
  const address = 'gitlab.example.com/grp/comps/unit@1.0.0';
  const fetcher: IncludeFetcher = {
    project: () => Promise.resolve({ unavailable: 'none' }),
    remote: () => Promise.resolve({ unavailable: 'none' }),
    template: () => Promise.resolve({ unavailable: 'none' }),
    component: () =>
      Promise.resolve({
        file: {
          text: 'spec:\n  inputs:\n    stage: {default: test}\n    level: {type: number, options: [1, 2]}\n---\n"unit-$[[ inputs.level ]]": {stage: "$[[ inputs.stage ]]", script: x}\n',
          via: 'api',
          project: { path: 'grp/comps', ref: '1.0.0', sha: 'a'.repeat(40) },
          version: '1.0.0',
        },
      }),
  };
  const analyse = (inputs: string): Promise<FlowModel> =>
    analyze({
      root: '.gitlab-ci.yml',
      reader: memoryReader({ '.gitlab-ci.yml': `include: [{component: ${address}, inputs: ${inputs}}]\n` }),
      context: defaultContext(),
      fetcher,
    });
  const good = await analyse('{level: 2}');
  assert.deepEqual(errors(good), []);
  assert.equal(job(good, 'unit-2').file, `component:${address}`);
  assert.deepEqual(errors(await analyse('{level: 3, extra: x}')), [
    `\`${address}\`: unknown input arguments: extra, \`level\` input: \`3\` cannot be used because it is not in the list of the allowed options`,
  ]);
  assert.deepEqual(errors(await analyse('{}')), [
    `\`${address}\`: \`level\` input: required value has not been provided`,
  ]);
});
