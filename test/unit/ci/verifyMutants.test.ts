// src/ci/verify (the configuration "Compare with GitLab" sends, and our side of it): the cases mutation testing
// found untested. Floats are checked against Psych's float form (a dot in the mantissa, a signed exponent:
// `1.0e+20`, `.nan`, `.inf`, `-.inf`), read back by our loader, which follows Psych's scalar resolution.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, defaultContext, type AnalyzeOptions } from '../../../src/ci/analyze';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import type { FetchOutcome, IncludeFetcher } from '../../../src/ci/include/fetcher';
import { FlowYamlTooLarge, MAX_FLOW_YAML_CHARS, toFlowYaml } from '../../../src/ci/verify/flowYaml';
import { buildMergedConfig } from '../../../src/ci/verify/mergedConfig';
import { ourSide } from '../../../src/ci/verify/ourSide';
import type { Diagnostic, SourceRange } from '../../../src/ci/model';
import { verifyInput } from '../../../src/ci/verify/verifyInput';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import type { KeyKind, YEntry, YMap, YNode, YScalar } from '../../../src/ci/yaml/node';
import { createParseCache } from '../../../src/ci/yaml/parseCache';
import { toPlain } from '../../../src/ci/yaml/node';
import { memoryReader } from './helpers';

const range: SourceRange = { file: 't.yml', line: 1, column: 1, endLine: 1, endColumn: 2 };
const float = (value: number): YScalar => ({ kind: 'scalar', value, float: true, range });
const scalar = (value: string | number | boolean | null): YScalar => ({ kind: 'scalar', value, range });
const map = (entries: [string, YNode, KeyKind?][]): YMap => ({
  kind: 'map',
  entries: entries.map(([key, value, keyKind]): YEntry =>
    keyKind ? { key, keyRange: range, value, keyKind } : { key, keyRange: range, value },
  ),
  range,
});
const flow = (n: YNode): string => toFlowYaml(n).trimEnd();
/** The value our loader (Psych's resolution) reads back from a written scalar, and whether it is a float. */
function readBack(text: string): { value: unknown; float: boolean } {
  const root = loadYaml(`v: ${text}\n`, 'r.yml', new DiagnosticSink()).root!;
  const v = root.entries[0]!.value;
  assert.equal(v.kind, 'scalar');
  return { value: v.kind === 'scalar' ? v.value : undefined, float: v.kind === 'scalar' && v.float === true };
}

void test('floats are written in Psych float form and read back as the same floats', () => {
  const cases: [number, string][] = [
    [1.5, '1.5'],
    [3, '3.0'],
    [1e20, '100000000000000000000.0'],
    [1e21, '1.0e+21'],
    [1.5e21, '1.5e+21'],
    [1e-7, '1.0e-7'],
    [-2.5e-8, '-2.5e-8'],
    [Number.NaN, '.nan'],
    [Number.POSITIVE_INFINITY, '.inf'],
    [Number.NEGATIVE_INFINITY, '-.inf'],
  ];
  for (const [v, text] of cases) {
    assert.equal(flow(float(v)), text, `${v}`);
    const back = readBack(text);
    assert.equal(back.float, true, `${text} is read as a float`);
    assert.ok(Object.is(back.value, v) || (Number.isNaN(v) && Number.isNaN(back.value)), `${text} reads ${v}`);
  }
});

void test('integers, booleans and null are written as plain YAML; a big integer keeps its Ruby digits', () => {
  assert.equal(flow(scalar(3)), '3');
  assert.equal(flow(scalar(-12)), '-12');
  assert.equal(flow(scalar(true)), 'true');
  assert.equal(flow(scalar(null)), 'null');
  assert.equal(flow({ kind: 'scalar', value: 1e19, ruby: '9999999999999999999', range }), '9999999999999999999');
});

void test('typed keys are written so Psych types them again; a string key is quoted', () => {
  const text = flow(
    map([
      ['true', scalar(1), 'bool'],
      ['8', scalar(2), 'int'],
      ['1.5', scalar(3), 'float'],
      ['', scalar(4), 'null'],
    ]),
  );
  assert.equal(text, '{true: 1, 8: 2, 1.5: 3, null: 4}');
  assert.equal(flow(map([['1.5', scalar(5)]])), '{"1.5": 5}');
  const back = loadYaml(`${text}\n`, 'r.yml', new DiagnosticSink()).root!;
  assert.deepEqual(
    back.entries.map((e) => [e.key, e.keyKind]),
    [
      ['true', 'bool'],
      ['8', 'int'],
      ['1.5', 'float'],
      ['', 'null'],
    ],
  );
});

void test('duplicate keys: the last wins (as in Psych), and keys of different types are different keys', () => {
  const text = flow(
    map([
      ['a', scalar(1)],
      ['true', scalar(2), 'bool'],
      ['a', scalar(3)],
      ['true', scalar(4)],
    ]),
  );
  assert.equal(text, '{true: 2, "a": 3, "true": 4}');
});

void test('a misused `!reference` tag keeps its scalar, or null', () => {
  assert.equal(flow({ kind: 'ref', items: null, scalar: '.a', range }), '!reference ".a"');
  assert.equal(flow({ kind: 'ref', items: null, range }), '!reference null');
  assert.equal(flow({ kind: 'ref', items: [scalar('.a'), scalar('script')], range }), '!reference [".a", "script"]');
  // As loaded: `!reference ".a"` on a mapping value.
  const loaded = loadYaml('job: !reference ".a"\n', 'r.yml', new DiagnosticSink()).root!;
  assert.equal(flow(loaded), '{"job": !reference ".a"}');
});

void test('the size cap: exactly the limit is written, one character more is refused with our message', () => {
  const node = map([['key', scalar('value')]]);
  const text = flow(node);
  assert.equal(toFlowYaml(node, text.length), `${text}\n`);
  assert.throws(() => toFlowYaml(node, text.length - 1), FlowYamlTooLarge);
  assert.equal(MAX_FLOW_YAML_CHARS, 32 * 1024 * 1024);
  assert.equal(new FlowYamlTooLarge().message, 'the merged configuration is larger than 32 MiB');
});

/** A finding of another severity and code. */
const warning: Diagnostic = {
  severity: 'warning',
  code: 'w',
  message: 'a warning',
  file: 'a.yml',
  line: 3,
  column: 1,
  endLine: 3,
  endColumn: 2,
};

const options = (files: Record<string, string>, extra: Partial<AnalyzeOptions> = {}): AnalyzeOptions => ({
  root: '.gitlab-ci.yml',
  reader: memoryReader(files),
  context: defaultContext(),
  ...extra,
});

/** A fetcher serving `files` by call (`remote <url>`, `project <path> <ref> <file>`); anything else is unavailable. */
function fetcherOf(files: Record<string, string>): IncludeFetcher {
  const answer = (key: string): Promise<FetchOutcome> => {
    const text = files[key];
    return Promise.resolve(text === undefined ? { unavailable: `no ${key}` } : { file: { text, via: 'api' } });
  };
  return {
    project: (p, ref, file) => answer(`project ${p} ${ref ?? '(default)'} ${file}`),
    remote: (url) => answer(`remote ${url}`),
    template: (name) => answer(`template ${name}`),
    component: (address) => answer(`component ${address}`),
  };
}

void test('a root that does not load is sent as written; a missing root sends nothing, and every list is as given', async () => {
  const text = 'job: {script: [x]\n';
  assert.deepEqual(await buildMergedConfig(options({ '.gitlab-ci.yml': text })), {
    content: text,
    form: 'raw',
    files: ['.gitlab-ci.yml'],
    inlined: [],
    sent: [],
    notSent: [],
  });
  const missing = await buildMergedConfig(options({}));
  assert.equal(missing.form, 'raw');
  assert.equal(missing.content, '');
});

void test('fetched includes are inlined and listed by origin; local ones are files, unread ones are sent', async () => {
  const files = {
    '.gitlab-ci.yml': [
      'include:',
      '  - local: ci/a.yml',
      '  - remote: https://example.com/r.yml',
      '  - remote: https://example.com/gone.yml',
      'job: {script: x}',
      '',
    ].join('\n'),
    'ci/a.yml': 'from_a: {script: a}\n',
  };
  const fetcher = fetcherOf({ 'remote https://example.com/r.yml': 'from_r: {script: r}\n' });
  const config = await buildMergedConfig(options(files, { fetcher }));
  assert.equal(config.form, 'merged');
  assert.deepEqual(config.files.sort(), ['.gitlab-ci.yml', 'ci/a.yml']);
  assert.deepEqual(config.inlined, ['remote:https://example.com/r.yml']);
  assert.deepEqual(config.sent, ['https://example.com/gone.yml']);
  assert.deepEqual(config.notSent, []);
  const back = loadYaml(config.content, 's.yml', new DiagnosticSink()).root!;
  assert.deepEqual(toPlain(back), {
    include: [{ remote: 'https://example.com/gone.yml' }],
    from_a: { script: 'a' },
    from_r: { script: 'r' },
    job: { script: 'x' },
  });
});

void test('an unread include written in a fetched file is not sent (GitLab would read it in another context)', async () => {
  const files = { '.gitlab-ci.yml': 'include: {remote: "https://example.com/r.yml"}\njob: {script: x}\n' };
  const fetcher = fetcherOf({
    'remote https://example.com/r.yml': 'include: {project: grp/lib, file: /x.yml}\nfrom_r: {script: r}\n',
  });
  const config = await buildMergedConfig(options(files, { fetcher }));
  assert.deepEqual(config.inlined, ['remote:https://example.com/r.yml']);
  assert.deepEqual(config.sent, []);
  assert.equal(config.notSent.length, 1);
  assert.match(config.notSent[0]!, /grp\/lib/);
  assert.deepEqual(Object.keys(toPlain(loadYaml(config.content, 's.yml', new DiagnosticSink()).root) as object), [
    'from_r',
    'job',
  ]);
});

void test('one include entry naming several files is sent once; each unread entry is found where it is written', async () => {
  const files = {
    '.gitlab-ci.yml': [
      'include:',
      '  - project: grp/lib',
      '    file: [/a.yml, /b.yml]',
      '  - remote: https://example.com/r.yml',
      'job: {script: x}',
      '',
    ].join('\n'),
  };
  const config = await buildMergedConfig(options(files));
  const back = loadYaml(config.content, 's.yml', new DiagnosticSink()).root!;
  assert.deepEqual(toPlain(back.entries[0]?.value), [
    { project: 'grp/lib', file: ['/a.yml', '/b.yml'] },
    { remote: 'https://example.com/r.yml' },
  ]);
  assert.equal(config.sent.length, 2);
  assert.equal(config.sent[1], 'https://example.com/r.yml');
});

void test('a parse cache too small to keep the including file still gives the same configuration', async () => {
  const files = {
    '.gitlab-ci.yml': 'include:\n  - local: ci/a.yml\n  - remote: https://example.com/r.yml\njob: {script: x}\n',
    'ci/a.yml': 'from_a: {script: a}\n',
  };
  const plain = await buildMergedConfig(options(files));
  const cached = await buildMergedConfig(options(files, { cache: createParseCache(1) }));
  assert.deepEqual(cached, plain);
  assert.deepEqual(plain.sent, ['https://example.com/r.yml']);
});

void test('a file that cannot be read again when its unread include is looked up: the include is not sent', async () => {
  const text = 'include: {remote: "https://example.com/r.yml"}\njob: {script: x}\n';
  let reads = 0;
  const reader = {
    read: (p: string) =>
      p === '.gitlab-ci.yml' && reads++ === 0 ? Promise.resolve(text) : Promise.reject(new Error('gone')),
    list: () => Promise.resolve(['.gitlab-ci.yml']),
  };
  const config = await buildMergedConfig({ root: '.gitlab-ci.yml', reader, context: defaultContext() });
  assert.equal(config.form, 'merged');
  assert.deepEqual(config.sent, []);
  assert.deepEqual(config.notSent, ['https://example.com/r.yml']);
});

void test('our side: jobs in the pipeline with needs and assumptions, errors only, with where', async () => {
  const yaml = [
    'build: {script: b}',
    'test: {script: t, needs: [build]}',
    'skipped: {script: s, rules: [{if: $CI_COMMIT_TAG}]}',
    'maybe: {script: m, rules: [{if: $CI_SERVER_HOST == "gitlab.com"}]}',
    '',
  ].join('\n');
  const side = ourSide(await analyze(options({ '.gitlab-ci.yml': yaml })));
  assert.deepEqual(
    side.jobs.map((j) => j.name),
    ['build', 'test', 'maybe'],
  );
  const byName = new Map(side.jobs.map((j) => [j.name, j]));
  assert.deepEqual(byName.get('build'), { name: 'build', stage: 'test', when: 'on_success' });
  assert.deepEqual(byName.get('test'), { name: 'test', stage: 'test', when: 'on_success', needs: ['build'] });
  assert.equal(typeof byName.get('maybe')?.assumed, 'string');
  assert.match(byName.get('maybe')?.assumed ?? '', /CI_SERVER_HOST/);
  assert.equal(side.created, true);
  assert.equal('message' in side, false);
  assert.equal('assumed' in side, false);
  assert.deepEqual(side.errors, []);
  assert.deepEqual(side.incomplete, []);
});

void test('our side: the pipeline message, the workflow assumption, and error diagnostics as file:line', async () => {
  const never = ourSide(
    await analyze(options({ '.gitlab-ci.yml': 'workflow: {rules: [{when: never}]}\njob: {script: x}\n' })),
  );
  assert.equal(never.created, false);
  assert.equal(typeof never.message, 'string');
  assert.equal('assumed' in never, false);

  const assumed = ourSide(
    await analyze(
      options({ '.gitlab-ci.yml': 'workflow: {rules: [{if: $CI_SERVER_HOST == "gitlab.com"}]}\njob: {script: x}\n' }),
    ),
  );
  assert.equal(assumed.created, true);
  assert.match(assumed.assumed ?? '', /CI_SERVER_HOST/);
  assert.equal('message' in assumed, false);

  // A need on a job that does not exist is an error, reported where the job is written.
  const model = await analyze(options({ '.gitlab-ci.yml': 'job: {script: x, needs: [nope]}\n' }));
  const side = ourSide(model);
  const errors = model.diagnostics.filter((d) => d.severity === 'error');
  assert.ok(errors.length > 0);
  assert.deepEqual(
    side.errors,
    errors.map((d) => ({ message: d.message, at: `${d.file}:${d.line}` })),
  );
  assert.equal(side.errors[0]?.at, '.gitlab-ci.yml:1');
});

void test('our side: only error diagnostics are listed', async () => {
  const model = await analyze(options({ '.gitlab-ci.yml': 'job: {script: x}\n' }));
  const warned = {
    ...model,
    diagnostics: [...model.diagnostics, warning],
  };
  assert.deepEqual(ourSide(warned).errors, []);
});

void test('our side: past our job limit the list is said to be incomplete', async () => {
  // 51 jobs of 200 instances each: 10,200 > 10,000.
  const lines = ['.p: &p {script: x, parallel: 200}'];
  for (let i = 0; i < 51; i++) lines.push(`j${i}: *p`);
  const model = await analyze(options({ '.gitlab-ci.yml': `${lines.join('\n')}\n` }));
  assert.ok(model.diagnostics.some((d) => d.code === 'too-many-jobs'));
  const side = ourSide(model);
  assert.deepEqual(side.incomplete, ['jobs past our job limit are left out']);
  assert.equal(side.jobs.length, 10_000);
  // With another finding beside it, and with no finding at all.
  const withNote = { ...model, diagnostics: [warning, ...model.diagnostics] };
  assert.deepEqual(ourSide(withNote).incomplete, ['jobs past our job limit are left out']);
  const clean = await analyze(options({ '.gitlab-ci.yml': 'job: {script: x}\n' }));
  assert.deepEqual(clean.diagnostics, []);
  assert.deepEqual(ourSide(clean).incomplete, []);
});

void test('verifyInput is the merged configuration and our side of the same analysis', async () => {
  const opts = options({ '.gitlab-ci.yml': 'job: {script: x}\n' });
  const model = await analyze(opts);
  assert.deepEqual(await verifyInput(opts, model), { config: await buildMergedConfig(opts), ours: ourSide(model) });
});
