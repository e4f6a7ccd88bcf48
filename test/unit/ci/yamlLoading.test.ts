// YAML loading the way GitLab's Psych loader does it (spec R2.1, R2.2, R0.1) and hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import { get, toPlain } from '../../../src/ci/yaml/node';
import { errors, job, run } from './helpers';

function load(text: string) {
  const sink = new DiagnosticSink();
  const r = loadYaml(text, 'f.yml', sink);
  return { plain: toPlain(r.root) as Record<string, unknown>, root: r.root, sink };
}

// Base 60: Psych's scalar_scanner.rb weighs the parts from the left (60^|i-2|), so `1:30` is 5400, not
// YAML 1.1's 90 (checked against Ruby's Psych; the shared spec's R2.2 says 90).
void test('YAML 1.1 scalars as Psych types them: booleans, octal, base 60, floats, on as a key', () => {
  const { plain } = load('a: [yes, No, ON, off, ~, null]\nb: 010\nc: 1:30\nd: 3.10\non: 1\n');
  assert.deepEqual(plain, { a: [true, false, true, false, null, null], b: 8, c: 5400, d: 3.1, true: 1 });
});

void test('Psych merge order: << overwrites keys written before it; keys after it win; earlier list entries win', () => {
  const { plain } = load(
    'x: &x {a: 1, b: 2}\ny: &y {a: 10, c: 30}\nj:\n  a: 0\n  <<: *x\n  b: 9\nk:\n  <<: [*x, *y]\n',
  );
  assert.deepEqual(plain.j, { a: 1, b: 9 });
  assert.deepEqual(plain.k, { a: 1, b: 2, c: 30 });
});

void test('duplicate keys: the later value wins, with a warning', () => {
  const { plain, sink } = load('a: 1\nb: 2\na: 3\n');
  assert.deepEqual(plain, { a: 3, b: 2 });
  assert.deepEqual(
    sink.items.map((d) => [d.code, d.line]),
    [['duplicate-key', 3]],
  );
});

void test('a reused anchor name: aliases take the latest definition before them', () => {
  const { plain } = load('a: &n 1\nb: *n\nc: &n 2\nd: *n\n');
  assert.deepEqual(plain, { a: 1, b: 1, c: 2, d: 2 });
});

void test('positions are 1-based and point at each key and item', () => {
  const { root } = load('job:\n  script:\n    - one\n    - two\n');
  const script = get(get(root, 'job'), 'script');
  assert.equal(script?.kind, 'seq');
  if (script?.kind !== 'seq') return;
  assert.deepEqual([script.items[1]?.range.line, script.items[1]?.range.column], [4, 7]);
  assert.equal(root?.entries[0]?.keyRange.line, 1);
});

void test('an unquoted date is rejected like Psych safe_load does', () => {
  const { sink } = load('a: 2024-01-01\n');
  assert.deepEqual(
    sink.items.map((d) => d.message),
    ['Tried to load unspecified class: Date'],
  );
});

void test('syntax errors come with a location; the root must be a mapping', () => {
  const bad = load('a: [1, 2\nb: 3\n');
  assert.equal(bad.sink.items[0]?.code, 'yaml-syntax');
  assert.ok((bad.sink.items[0]?.line ?? 0) >= 1);
  assert.deepEqual(
    load('- a\n- b\n').sink.items.map((d) => d.message),
    ['Invalid configuration format'],
  );
});

void test('an alias bomb ends in a diagnostic, quickly and without expanding it', () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 0; i < 12; i++) {
    const prev = String.fromCharCode(97 + i);
    const cur = String.fromCharCode(98 + i);
    lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  assert.deepEqual(
    load(lines.join('\n')).sink.items.map((d) => d.message),
    ['The parsed YAML is too big'],
  );
});

void test('deep nesting ends in a diagnostic, not a stack overflow', () => {
  const deep = `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
  const { sink } = load(deep);
  assert.equal(sink.items.length > 0, true);
});

void test('a spec: header document is accepted before the content', async () => {
  const m = await run('spec:\n  inputs:\n    stage: {default: test}\n---\nj: {script: x}\n');
  assert.deepEqual(errors(m), []);
  assert.equal(job(m, 'j').stage, 'test');
});

void test('empty content: GitLab asks for content', async () => {
  const m = await run('   \n');
  assert.deepEqual(errors(m), ['Please provide content of .gitlab-ci.yml']);
  assert.equal(m.pipeline.created, false);
});

void test('a parse cache reuses unchanged files and replays their diagnostics', async () => {
  const { analyze, defaultContext } = await import('../../../src/ci/analyze');
  const { createParseCache } = await import('../../../src/ci/yaml/parseCache');
  const { memoryReader } = await import('./helpers');
  const files: Record<string, string> = {
    '.gitlab-ci.yml': 'include: inc.yml\nj: {script: x}\n',
    'inc.yml': 'k: {script: x}\nk: {script: y, stage: build}\n',
  };
  // Whole files only: a changed file's parse derived from the earlier one (spliceParse.ts) is tested apart.
  const cache = createParseCache(1000, false);
  const reader = memoryReader(files);
  const first = await analyze({ root: '.gitlab-ci.yml', reader, context: defaultContext(), cache });
  files['.gitlab-ci.yml'] = 'include: inc.yml\nj: {script: changed}\nl: {script: x}\n';
  const second = await analyze({ root: '.gitlab-ci.yml', reader, context: defaultContext(), cache });
  assert.ok(cache.get('inc.yml', files['inc.yml']!), 'the unchanged include is cached');
  assert.equal(
    cache.get('.gitlab-ci.yml', 'include: inc.yml\nj: {script: x}\n'),
    undefined,
    'the old root text was replaced',
  );
  assert.deepEqual(
    first.diagnostics.map((d) => d.code),
    ['duplicate-key'],
  );
  assert.deepEqual(
    second.diagnostics.map((d) => d.code),
    ['duplicate-key'],
  );
  assert.deepEqual(
    second.jobs.map((j) => j.name),
    ['k', 'j', 'l'],
  );
  assert.equal(second.jobs[0]?.stage, 'build');
});
