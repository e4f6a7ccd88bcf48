// Dotenv variables, statically: predicted keys, the "why is $X empty" explanation, and key collisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, job, mrContext, run } from './helpers';

const PUZZLE = `
stages: [build, deploy]
building:
  stage: build
  rules: [{if: $CI_PIPELINE_SOURCE == "merge_request_event"}]
  script:
    - echo "BUILD_VERSION=1.2.3" >> build.env
    - printf 'OTHER=x\\n' > $CI_PROJECT_DIR/build.env
    - echo "NOT_DOTENV=1" >> other.txt
  artifacts: {reports: {dotenv: build.env}}
deploying:
  stage: deploy
  needs: [{job: building, optional: true}]
  script: ['echo "deploying \${BUILD_VERSION}"']
`;

void test('keys written into the dotenv report are predicted from the script', async () => {
  const m = await run(PUZZLE, mrContext);
  assert.deepEqual(job(m, 'building').artifacts?.dotenvKeys, ['BUILD_VERSION', 'OTHER']);
});

void test('a job reading a dotenv key whose producer is absent from this pipeline type gets the reason', async () => {
  const branch = await run(PUZZLE);
  const w = branch.diagnostics.filter((d) => d.code === 'dotenv-variable-missing');
  assert.equal(w.length, 1);
  assert.match(
    w[0]!.message,
    /^deploying job: reads \$BUILD_VERSION, which the dotenv report of building defines, but \$BUILD_VERSION will be empty here: needed job is not in this pipeline: rules\[0\]/,
  );
  assert.ok(!codes(branch).includes('dotenv-producer-excluded'), 'one explanation, not two');
  const mr = await run(PUZZLE, mrContext);
  assert.ok(!codes(mr).includes('dotenv-variable-missing'), 'in the MR pipeline the variable arrives');
});

void test('a stage-scheduled reader in the same stage as the producer is told why', async () => {
  const m = await run(`
ver: {stage: test, script: ['echo V=1 >> v.env'], artifacts: {reports: {dotenv: v.env}}}
use: {stage: test, script: ['echo $V']}
`);
  assert.match(
    m.diagnostics.find((d) => d.code === 'dotenv-variable-missing')!.message,
    /ver runs in stage test, which is not before stage test$/,
  );
});

void test('two sources defining the same key: which wins is unspecified', async () => {
  const m = await run(`
a: {stage: build, script: ['echo V=a >> a.env'], artifacts: {reports: {dotenv: a.env}}}
b: {stage: build, script: ['echo V=b >> b.env'], artifacts: {reports: {dotenv: b.env}}}
c: {stage: test, script: ['echo $V']}
`);
  assert.deepEqual(
    m.diagnostics.filter((d) => d.code === 'dotenv-collision').map((d) => d.message),
    ['c job: $V comes from the dotenv reports of a and b; GitLab does not specify which value wins'],
  );
});

void test('precedence: dotenv beats the YAML variables; a project/pipeline variable beats dotenv (spec R6.3, T19)', async () => {
  const yaml = `
ver: {stage: build, script: ['echo V=fromdotenv > v.env'], artifacts: {reports: {dotenv: v.env}}}
use: {stage: test, script: ['echo $V'], variables: {V: fromyaml}}
`;
  const m = await run(yaml);
  assert.deepEqual(
    m.diagnostics.map((d) => [d.code, d.message]),
    [
      [
        'dotenv-overrides-variable',
        'use job: $V from the dotenv report of ver replaces the YAML value "fromyaml" (dotenv variables beat job and global variables)',
      ],
    ],
  );
  const project = await run(yaml, { variables: { V: 'fromproject' } });
  assert.deepEqual(
    project.diagnostics.map((d) => d.code),
    ['variable-overrides-dotenv'],
  );
});
