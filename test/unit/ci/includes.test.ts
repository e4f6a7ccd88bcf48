// include: (spec R3): forms, wildcards, nesting, merge order, errors, limits, cycles, unresolved kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, job, run } from './helpers';
import { matchLocalWildcard } from '../../../src/ci/include/wildcard';

void test('local includes: string and mapping forms, leading slash, nesting, positions in the included file', async () => {
  const m = await run({
    '.gitlab-ci.yml': 'include:\n  - ci/a.yml\n  - local: /ci/b.yml\nmain: {stage: test, script: x}\n',
    'ci/a.yml': 'include: ci/nested/c.yml\na: {stage: build, script: x, artifacts: {paths: [a/]}}\n',
    'ci/b.yml': 'b: {stage: build, script: x}\n',
    'ci/nested/c.yml': '\n\nc: {stage: build, script: x}\n',
  });
  assert.deepEqual(errors(m), []);
  assert.deepEqual(
    m.jobs.map((j) => j.name),
    ['c', 'a', 'b', 'main'],
  );
  assert.deepEqual([job(m, 'c').file, job(m, 'c').line], ['ci/nested/c.yml', 3]);
});

void test('wildcards: * stays in one folder, ** crosses folders, **/ needs a subfolder; sorted by path', () => {
  const files = ['configs/a.yml', 'configs/b.yml', 'configs/sub/c.yml', 'configs/sub/deep/d.yml', 'other/e.yml'];
  assert.deepEqual(matchLocalWildcard('configs/*.yml', files), ['configs/a.yml', 'configs/b.yml']);
  assert.deepEqual(matchLocalWildcard('configs/**.yml', files), [
    'configs/a.yml',
    'configs/b.yml',
    'configs/sub/c.yml',
    'configs/sub/deep/d.yml',
  ]);
  assert.deepEqual(matchLocalWildcard('/configs/**/*.yml', files), ['configs/sub/c.yml', 'configs/sub/deep/d.yml']);
});

void test("include errors with GitLab's messages", async () => {
  const missing = await run('include: nope.yml\nj: {script: x}\n');
  assert.deepEqual(errors(missing), ['Local file `nope.yml` does not exist!']);
  const ext = await run('include: ci/file.txt\nj: {script: x}\n');
  assert.deepEqual(errors(ext), ['Included file `ci/file.txt` does not have YAML extension!']);
  const empty = await run({ '.gitlab-ci.yml': 'include: e.yml\nj: {script: x}\n', 'e.yml': '\n' });
  assert.deepEqual(errors(empty), ['Local file `e.yml` is empty!']);
  const two = await run('include: [{local: a.yml, remote: "https://x/y.yml"}]\nj: {script: x}\n');
  assert.deepEqual(errors(two), [
    'Each include must use only one of: `local`, `project`, `remote`, `template`, `artifact`, `component`',
  ]);
  const none = await run('include: [{file: a.yml}]\nj: {script: x}\n');
  assert.deepEqual(errors(none), [
    '`{"file":"a.yml"}` does not have a valid subkey for include. Valid subkeys are: `local`, `project`, `remote`, `template`, `artifact`, `component`',
  ]);
  const shape = await run('include: [1]\nj: {script: x}\n');
  assert.deepEqual(errors(shape), ['Each include must be a hash or a string']);
});

void test("an include cycle ends in GitLab's include limit, quickly", async () => {
  const m = await run({
    '.gitlab-ci.yml': 'include: a.yml\nj: {script: x}\n',
    'a.yml': 'include: b.yml\n',
    'b.yml': 'include: a.yml\n',
  });
  assert.deepEqual(errors(m), ['Maximum of 150 nested includes are allowed!']);
  assert.ok(m.diagnostics.some((d) => d.code === 'include-cycle' && d.message.includes('a.yml → b.yml → a.yml')));
});

void test('more than 150 includes fail', async () => {
  const files: Record<string, string> = {
    '.gitlab-ci.yml': `include: [${Array.from({ length: 151 }, () => 'x.yml').join(', ')}]\nj: {script: x}\n`,
    'x.yml': 'k: {script: x}\n',
  };
  assert.deepEqual(errors(await run(files)), ['Maximum of 150 nested includes are allowed!']);
});

void test('project, remote, template and component includes are recorded as unresolved, never a crash', async () => {
  const m = await run(`
include:
  - project: grp/ci
    file: [a.yml, b.yml]
    ref: v1
  - remote: https://example.com/x.yml
  - template: Auto-DevOps.gitlab-ci.yml
  - component: gitlab.com/grp/comp/build@1.0
  - https://example.com/y.yml
j: {script: x}
`);
  assert.deepEqual(errors(m), []);
  assert.deepEqual(
    m.includes.map((i) => [i.kind, i.location, i.resolved]),
    [
      ['project', 'grp/ci:a.yml@v1', false],
      ['project', 'grp/ci:b.yml@v1', false],
      ['remote', 'https://example.com/x.yml', false],
      ['template', 'Auto-DevOps.gitlab-ci.yml', false],
      ['component', 'gitlab.com/grp/comp/build@1.0', false],
      ['remote', 'https://example.com/y.yml', false],
    ],
  );
  assert.equal(m.diagnostics.filter((d) => d.code === 'include-unresolved' && d.severity === 'info').length, 6);
});

void test('include:rules decide whether a file is included', async () => {
  const files = {
    '.gitlab-ci.yml':
      'include:\n  - local: tag.yml\n    rules: [{if: $CI_COMMIT_TAG}]\n  - local: always.yml\n    rules: [{when: always}]\nj: {script: x}\n',
    'tag.yml': 'tagjob: {script: x}\n',
    'always.yml': 'alljob: {script: x}\n',
  };
  assert.deepEqual(
    (await run(files)).jobs.map((j) => j.name),
    ['alljob', 'j'],
  );
  assert.deepEqual(
    (await run(files, { refKind: 'tag', tag: 'v1' })).jobs.map((j) => j.name),
    ['tagjob', 'alljob', 'j'],
  );
});

void test('variables in include paths: predefined and user variables, not YAML variables', async () => {
  const m = await run({
    '.gitlab-ci.yml': 'variables: {DIR: nope}\ninclude: ci/$CI_COMMIT_REF_NAME.yml\nj: {script: x}\n',
    'ci/main.yml': 'm: {script: x}\n',
  });
  assert.deepEqual(errors(m), []);
  assert.deepEqual(
    m.jobs.map((j) => j.name),
    ['m', 'j'],
  );
});
