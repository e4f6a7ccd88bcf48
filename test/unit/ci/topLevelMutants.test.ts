// The engine's top-level files (analyze.ts, dotenv.ts, diagnostics.ts, fileReader.ts): the cases mutation testing
// found untested (docs/mutation.md, "top level"). Expected values are GitLab's where GitLab decides them
// (Ci::ParseDotenvArtifactService, Ci::JobVariable's validations), otherwise the model's documented contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import { diagnostic, DiagnosticSink, fileStart } from '../../../src/ci/diagnostics';
import { DOTENV_LIMITS, parseDotenv } from '../../../src/ci/dotenv';
import { isReadRefused } from '../../../src/ci/fileReader';
import { memoryReader, run, sources } from './helpers';

void test('dotenv: CRLF line ends are line ends; a carriage return inside a value stays; both sides are stripped', () => {
  assert.deepEqual(parseDotenv('A=1\r\nB=2\r\n'), { ok: true, variables: { A: '1', B: '2' } });
  // Ruby's each_line splits at \n only, and String#strip removes only the ends.
  assert.deepEqual(parseDotenv('A=x\ry\r\n'), { ok: true, variables: { A: 'x\ry' } });
  assert.deepEqual(parseDotenv('A =  spaced value  \n'), { ok: true, variables: { A: 'spaced value' } });
});

void test('dotenv: a byte-order mark is dropped at the start of the file only', () => {
  assert.deepEqual(parseDotenv('\uFEFFA=1\n'), { ok: true, variables: { A: '1' } });
  assert.deepEqual(parseDotenv('A=x\uFEFFy\n'), { ok: true, variables: { A: 'x\uFEFFy' } });
});

void test('dotenv: exactly 20 variables and a 255-character key are accepted; one more is rejected with the message', () => {
  const lines = (n: number): string => Array.from({ length: n }, (_, i) => `K${i}=v`).join('\n');
  assert.equal(parseDotenv(lines(DOTENV_LIMITS.maxVariables)).ok, true);
  assert.deepEqual(parseDotenv(lines(DOTENV_LIMITS.maxVariables + 1)), {
    ok: false,
    error: 'Dotenv files cannot have more than 20 variables',
  });
  assert.equal(parseDotenv(`${'K'.repeat(255)}=v`).ok, true);
  assert.deepEqual(parseDotenv(`${'K'.repeat(256)}=v`), {
    ok: false,
    error: 'Validation failed: Key is too long (maximum is 255 characters)',
  });
});

void test('the default context is a push pipeline for the branch main, the default branch, with no variables', () => {
  assert.deepEqual(defaultContext(), {
    source: 'push',
    refKind: 'branch',
    branch: 'main',
    defaultBranch: 'main',
    variables: {},
  });
});

void test('a configuration that does not load has no stages and is not created, with the first error as the reason', async () => {
  // A finding about the include that cannot be read here comes before the error that stops the configuration.
  const m = await run(
    [
      'include:',
      '  - remote: https://example.test/ci.yml',
      'a:',
      '  extends: b',
      '  script: x',
      'b:',
      '  extends: a',
      '  script: y',
      '',
    ].join('\n'),
  );
  assert.deepEqual(m.stages, []);
  assert.notEqual(m.diagnostics[0]?.severity, 'error', JSON.stringify(m.diagnostics));
  const error = m.diagnostics.find((d) => d.severity === 'error');
  assert.ok(error, JSON.stringify(m.diagnostics));
  assert.deepEqual(m.pipeline, { created: false, message: error.message });
  assert.equal(
    m.diagnostics.some((d) => d.code === 'not-loaded'),
    false,
  );
});

void test("an empty configuration is not created, with GitLab's one message and no fallback beside it", async () => {
  const m = await run('');
  assert.deepEqual(m.pipeline, { created: false, message: 'Please provide content of .gitlab-ci.yml' });
  assert.deepEqual(
    m.diagnostics.map((d) => `${d.severity} ${d.code}`),
    ['error empty-config'],
  );
});

void test('a child file analysed on its own finds its parent when a job needs a parent job and a job of its own', async () => {
  const files = {
    '.gitlab-ci.yml': [
      'stages: [build, child]',
      'gen:',
      '  stage: build',
      '  script: make',
      '  artifacts: {paths: [out/]}',
      'kid:',
      '  stage: child',
      '  trigger:',
      '    include: child.yml',
      '',
    ].join('\n'),
    'child.yml': [
      'prep:',
      '  script: p',
      '  artifacts: {paths: [prep/]}',
      'use:',
      '  needs:',
      '    - prep',
      '    - pipeline: $PARENT_PIPELINE_ID',
      '      job: gen',
      '  script: u',
      '',
    ].join('\n'),
  };
  // The user opened child.yml: the parent is looked up because one job needs a parent job (not every need does).
  const m = await analyze({ root: 'child.yml', reader: memoryReader(files), context: defaultContext() });
  assert.deepEqual(sources(m, 'use').sort(), ['parent:gen', 'prep']);
  // What gen uploads is read from the parent's configuration (without it, its dotenv would be unknown).
  const gen = m.jobs.find((j) => j.name === 'use')?.sources.find((x) => x.scope === 'parent');
  assert.match(gen?.reason ?? '', /of the parent pipeline \(\.gitlab-ci\.yml, which triggers this file from kid\)/);
});

void test('diagnostics: no job key unless a job is named; a sink with warnings only has no errors', () => {
  const d = diagnostic('warning', 'w', 'a warning', fileStart('.gitlab-ci.yml'));
  assert.equal('job' in d, false);
  assert.equal(diagnostic('error', 'e', 'x', fileStart('a.yml'), 'build').job, 'build');
  const sink = new DiagnosticSink();
  sink.warning('w', 'a warning', fileStart('.gitlab-ci.yml'));
  sink.info('i', 'a hint', fileStart('.gitlab-ci.yml'));
  assert.equal(sink.hasErrors, false);
  sink.error('e', 'an error', fileStart('.gitlab-ci.yml'));
  assert.equal(sink.hasErrors, true);
});

void test('a refusal is recognised by its name and text only on an object, also after crossing a thread', () => {
  assert.equal(isReadRefused({ name: 'ReadRefused', reason: 'outside-project', message: 'no' }), true);
  assert.equal(isReadRefused(null), false);
  assert.equal(isReadRefused('ReadRefused'), false);
  assert.equal(isReadRefused({ name: 'ReadRefused', reason: 'outside-project', message: 5 }), false);
  assert.equal(isReadRefused({ name: 'Error', message: 'no' }), false);
  // A function named ReadRefused is not a refusal, even with a message.
  const named = Object.assign(function ReadRefused(): void {}, { message: 'no', reason: 'outside-project' });
  assert.equal(isReadRefused(named), false);
});

void test('past the job limit, a kept job naming a job left out is not a false error', async () => {
  // 1 + 60 × 200 instances: the limit keeps `first` and the instances of j0 to j48, and leaves out j59.
  const jobs = Array.from({ length: 60 }, (_, i) => `j${i}: {script: x, parallel: 200}`);
  const m = await run(`${['first: {script: x, needs: [j59]}', ...jobs].join('\n')}\n`);
  assert.ok(
    m.diagnostics.some((d) => d.code === 'too-many-jobs'),
    'the limit was reached',
  );
  assert.ok(m.jobs.some((j) => j.name === 'first'));
  assert.ok(!m.jobs.some((j) => j.name.startsWith('j59')));
  assert.deepEqual(
    m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
});
