// Survivors of this session's first mutation runs (docs/mutation.md, "the eighth session's new files"): what the
// new checks say with a value not read offline, with several entries, and in the include-assumption paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './helpers';
import type { FlowModel } from '../../../src/ci/model';

const HEAD = 'include: [{project: g/p, file: t.yml}]\n';

/** Errors and warnings as `code message`, and the "not checked" infos as `location <- reference`. */
function said(m: FlowModel): { errors: string[]; unknown: string[] } {
  return {
    errors: m.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`),
    unknown: m.diagnostics
      .filter((d) => d.code === 'reference-unknown-value')
      .map(
        (d) => /^`([^`]+)` is not checked: its value comes from `([^`]+)`/.exec(d.message)?.slice(1).join(' <- ') ?? '',
      ),
  };
}

void test('id_tokens and release: a value from a !reference not read offline is not checked, and says so', async () => {
  const m = await run(
    HEAD +
      'a:\n  script: x\n  id_tokens:\n    T: !reference [.t, tok]\n    U: {aud: !reference [.t, aud]}\n' +
      '  release:\n    tag_name: !reference [.t, tag]\n    description: d\n    tag_message: !reference [.t, msg]\n' +
      '    milestones: !reference [.t, ms]\n',
  );
  assert.deepEqual(said(m), {
    errors: [],
    unknown: [
      'id_tokens:T <- !reference [".t", "tok"]',
      'id_tokens:U:aud <- !reference [".t", "aud"]',
      'release:tag_name <- !reference [".t", "tag"]',
      'release:tag_message <- !reference [".t", "msg"]',
      'release:milestones <- !reference [".t", "ms"]',
    ],
  });
});

void test('each entry is said: codes, several unknown keys, several refused excludes and backslash paths', async () => {
  const m = await run(
    'a:\n  script: x\n  id_tokens: {T: {aud: x, foo: 1, bar: 2}}\n' +
      '  release: {tag_name: v, description: d, foo: 1, bar: 2, milestones: [m, 5]}\n' +
      '  artifacts:\n    paths: ["o\\\\a", "o\\\\b"]\n    exclude: ["x[", "y["]\n',
  );
  assert.deepEqual(
    m.diagnostics
      .filter((d) => d.severity !== 'info')
      .map((d) => `${d.code} ${d.message.replace(/ is a pattern.*$/, '')}`),
    [
      'id-tokens-shape jobs:a:id_tokens:t config contains unknown keys: foo, bar',
      'release-shape jobs:a:release config contains unknown keys: foo, bar',
      'release-shape jobs:a:release milestones should be an array of strings or a string',
      'artifact-exclude-refused a job: artifacts:exclude entry "x["',
      'artifact-exclude-refused a job: artifacts:exclude entry "y["',
    ],
  );
  assert.deepEqual(
    m.diagnostics.filter((d) => d.code === 'artifact-path-backslash').map((d) => d.message.slice(0, 46)),
    ['a job: artifacts:paths entry "o\\\\a" depends on', 'a job: artifacts:paths entry "o\\\\b" depends on'],
  );
});

void test('an exclude refused on Linux only says so (a trailing \\)', async () => {
  const m = await run('a:\n  script: x\n  artifacts:\n    paths: [out/]\n    exclude: ["out\\\\"]\n');
  assert.deepEqual(
    m.diagnostics.filter((d) => d.code === 'artifact-exclude-refused').map((d) => d.message),
    [
      'a job: artifacts:exclude entry "out\\\\" is a pattern the runner\'s glob library refuses (trailing escape) on Linux, where \\ escapes the next character: there it excludes nothing; a Windows runner reads \\ as a folder separator',
    ],
  );
});

const UNKNOWN_RULES = 'rules: [{if: $CI_SERVER_HOST == "x"}]';

void test('include:rules not decidable: the info, the include marked, its only file assumed', async () => {
  const m = await run({
    '.gitlab-ci.yml': `include: [{local: a.yml, ${UNKNOWN_RULES}}]\nmain: {script: x}\n`,
    'a.yml': 'inc: {script: x}\n',
  });
  const why =
    `include:rules[0]: assumed: if '$CI_SERVER_HOST == "x"' depends on $CI_SERVER_HOST, which is not known here, ` +
    'when: always';
  assert.deepEqual(
    m.diagnostics.filter((d) => d.code === 'include-rules-unknown').map((d) => `${d.severity} ${d.message}`),
    [`info include:rules of \`a.yml\` cannot be decided statically; the file is included (${why})`],
  );
  assert.equal(m.includes[0]?.assumed, `its include:rules cannot be decided statically (${why})`);
  assert.deepEqual(
    m.jobs.map((j) => [j.name, j.assumed]),
    [
      [
        'inc',
        `defined in a.yml, which is included on an assumption: its include:rules cannot be decided statically (${why})`,
      ],
      ['main', undefined],
    ],
  );
});

void test('include:rules holding a !reference: the include is assumed; with an error in the rules it is not marked', async () => {
  const ref = await run({
    '.gitlab-ci.yml':
      'include: [{local: a.yml, rules: [{exists: [!reference [.r, files]]}]}]\n.r: {files: x}\nmain: {script: x}\n',
    'a.yml': 'inc: {script: x}\n',
  });
  assert.equal(ref.includes[0]?.assumed, 'its include:rules hold a !reference, not known while includes are expanded');
  assert.match(ref.jobs.find((j) => j.name === 'inc')?.assumed ?? '', /^defined in a\.yml, which is included/);
  const invalid = await run({
    '.gitlab-ci.yml':
      'include: [{local: a.yml, rules: [{exists: [!reference [.r, files]], foo: 1}]}]\n.r: {files: x}\nmain: {script: x}\n',
    'a.yml': 'inc: {script: x}\n',
  });
  assert.equal(invalid.includes[0]?.assumed, undefined);
});

void test('a file brought by two undecided entries keeps the first reason; a job assumed by its rules keeps its own', async () => {
  const m = await run({
    '.gitlab-ci.yml':
      `include:\n  - {local: a.yml, ${UNKNOWN_RULES}}\n  - {local: a.yml, rules: [{if: $CI_SERVER_PORT == "1"}]}\n` +
      'main: {script: x}\n',
    'a.yml': 'inc: {script: x}\nown: {script: x, rules: [{if: $CI_SERVER_PORT == "2"}]}\n',
  });
  const assumed = new Map(m.jobs.map((j) => [j.name, j.assumed]));
  assert.match(assumed.get('inc') ?? '', /\$CI_SERVER_HOST/);
  assert.doesNotMatch(assumed.get('inc') ?? '', /\$CI_SERVER_PORT/);
  assert.match(assumed.get('own') ?? '', /^rules\[0\]: .*\$CI_SERVER_PORT == "2"/);
});
