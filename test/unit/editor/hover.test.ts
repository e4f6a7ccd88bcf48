// Hovers read from the model: a job key (sources with why and where, missing, conflicts, uploads, consumers),
// needs/dependencies entries (what the edge brings or why nothing), $VAR origins, artifacts:paths receivers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt } from '../../../src/editor/hover';
import { editorModel, folderFiles, pos } from './helpers';

const MONOREPO = folderFiles('examples/monorepo');

async function hoverText(
  files: Record<string, string>,
  file: string,
  needle: string,
  offset = 0,
  nth = 0,
): Promise<string> {
  const em = await editorModel(files);
  const p = pos(files, file, needle, offset, nth);
  const h = hoverAt(em, file, p.line, p.column);
  assert.ok(h, `no hover on ${needle} in ${file}`);
  return h.markdown;
}

void test('hover on a job key: what it receives with why and where, what it uploads, who consumes it', async () => {
  const text = await hoverText(MONOREPO, '.gitlab-ci.yml', 'package:', 1);
  assert.match(text, /\*\*package\*\* · job in stage `package`/);
  assert.match(text, /files `bin\/` from `build: \[linux, amd64\]` via needs/);
  assert.match(text, /dotenv `\$VERSION` from `version` via needs/);
  assert.match(text, /`\.gitlab-ci\.yml:\d+`/);
  assert.match(text, /\*\*Uploads\*\* paths `app-\*\.tgz`/);
  assert.match(text, /\*\*Used by\*\* `deploy`/);
});

void test('hover on a job key in an included file, and on a template key', async () => {
  const coverage = await hoverText(MONOREPO, 'ci/test.yml', 'coverage:', 1);
  assert.match(coverage, /\*\*coverage\*\*/);
  assert.match(coverage, /Does not receive/);
  assert.match(coverage, /`unit`/);
  const template = await hoverText(MONOREPO, 'ci/templates.yml', '.go-build:', 1);
  assert.match(template, /hidden key \(template\)/);
  assert.match(template, /Extended by `build`/);
});

void test('hover on a needs entry says what the edge brings; on a same-stage dependency, why nothing', async () => {
  const version = await hoverText(MONOREPO, '.gitlab-ci.yml', '- version', 3);
  assert.match(version, /\*\*needs: version\*\*/);
  assert.match(version, /`package`: brings dotenv `\$VERSION` from `version`/);
  const build = await hoverText(MONOREPO, '.gitlab-ci.yml', 'job: build', 6);
  assert.match(build, /brings files `bin\/` from `build: \[linux, amd64\]`/);
  assert.doesNotMatch(build, /darwin/);
  const dep = await hoverText(MONOREPO, 'ci/test.yml', '[unit]', 2);
  assert.match(dep, /\*\*dependencies: unit\*\*/);
  assert.match(dep, /`coverage`: brings nothing from `unit`/);
});

void test('hover on $VAR: from a dotenv report that reaches the job; empty where the producer does not reach', async () => {
  const files = {
    '.gitlab-ci.yml': [
      'stages: [build, test]',
      'variables:',
      '  GLOBAL: g',
      'version:',
      '  stage: build',
      '  script: [echo "VERSION=1" > v.env]',
      '  artifacts: {reports: {dotenv: v.env}}',
      'uses:',
      '  stage: test',
      '  script: [echo $VERSION $GLOBAL $CI_COMMIT_TAG $NOPE]',
      'isolated:',
      '  stage: test',
      '  needs: []',
      '  script: [echo $VERSION]',
    ].join('\n'),
  };
  assert.match(await hoverText(files, '.gitlab-ci.yml', '$VERSION', 1, 0), /Set by the dotenv report of version/);
  assert.match(
    await hoverText(files, '.gitlab-ci.yml', '$GLOBAL', 1),
    /Set by variables: in the global variables[\s\S]*global variables: \(`\.gitlab-ci\.yml:3`\)/,
  );
  assert.match(
    await hoverText(files, '.gitlab-ci.yml', '$CI_COMMIT_TAG', 1),
    /Empty here: a branch pipeline has no tag/,
  );
  assert.match(await hoverText(files, '.gitlab-ci.yml', '$NOPE', 1), /Unknown: not defined in this configuration/);
  const isolated = await hoverText(files, '.gitlab-ci.yml', '$VERSION', 1, 1);
  assert.match(
    isolated,
    /Empty here: the dotenv report of version defines it, but version is not in the needs of isolated/,
  );
});

void test('hover on an artifacts:paths entry lists the jobs that receive it and its conflicts', async () => {
  const files = {
    '.gitlab-ci.yml': [
      'stages: [build, test]',
      'a:',
      '  stage: build',
      '  script: [x]',
      '  artifacts: {paths: [out/]}',
      'b:',
      '  stage: build',
      '  script: [x]',
      '  artifacts: {paths: [out/]}',
      'c:',
      '  stage: test',
      '  script: [x]',
    ].join('\n'),
  };
  const text = await hoverText(files, '.gitlab-ci.yml', 'out/', 0, 0);
  assert.match(text, /Received by `c`/);
  assert.match(text, /in `c`: `out\/?` from `a`, `b`; likely winner `b`/);
});

void test('no hover on plain schema keys (left to the YAML extension)', async () => {
  const em = await editorModel(MONOREPO);
  const p = pos(MONOREPO, '.gitlab-ci.yml', 'script:', 2);
  assert.equal(hoverAt(em, '.gitlab-ci.yml', p.line, p.column), undefined);
  const s = pos(MONOREPO, '.gitlab-ci.yml', 'stages:', 1);
  assert.equal(hoverAt(em, '.gitlab-ci.yml', s.line, s.column), undefined);
});
