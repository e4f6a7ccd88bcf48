// The errors GitLab raises when it seeds a valid configuration (Seed::Build#needs_errors, seed/pipeline.rb): they
// read the job-level `needs:job` list (@needs_attributes, taken before a matched rule's needs are merged), give the
// limit message alone when it is over the limit (seed/build_spec.rb "when using 101 needs"), and are collected
// stage by stage, each stage's jobs in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../helpers';

const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const jobs = (list: string[]): string => list.map((n) => `${n}:\n  stage: build\n  script: x\n`).join('');
const LIMIT = (job: string, n: number): string =>
  `${job}: one job can only need 50 others, but you have listed ${n}. See needs keyword documentation for more details`;

void test("the needs limit counts the job's own needs, not a matched rule's", async () => {
  const many = names('n', 51);
  // 51 needs only in a rule: GitLab creates the pipeline.
  const byRule = await run(
    `stages: [build, test]\n${jobs(many)}j:\n  stage: test\n  script: x\n  rules:\n    - if: $CI_COMMIT_BRANCH\n      needs: [${many.join(', ')}]\n`,
  );
  assert.equal(byRule.pipeline.created, true, byRule.pipeline.message);
  // 51 job-level needs, a matched rule needing one: refused by the limit.
  const own = await run(
    `stages: [build, test]\n${jobs(many)}j:\n  stage: test\n  script: x\n  needs: [${many.join(', ')}]\n  rules:\n    - if: $CI_COMMIT_BRANCH\n      needs: [n1]\n`,
  );
  assert.deepEqual(own.pipeline, { created: false, message: LIMIT('j', 51) });
});

void test('over the limit the limit message is the only one, though needed jobs are absent', async () => {
  const many = names('n', 51);
  const m = await run(
    `stages: [build, test]\n${jobs(many.slice(1))}n0:\n  stage: build\n  script: x\n  rules: [{when: never}]\nj:\n  stage: test\n  script: x\n  needs: [${many.join(', ')}]\n`,
  );
  assert.deepEqual(m.pipeline, { created: false, message: LIMIT('j', 51) });
});

void test('creation errors are collected stage by stage', async () => {
  const m = await run(
    'stages: [build, test]\ngone:\n  stage: build\n  script: x\n  rules: [{when: never}]\n' +
      't:\n  stage: test\n  script: x\n  needs: [gone]\nb:\n  stage: build\n  script: x\n  needs: [gone]\n',
  );
  const missing = (job: string): string =>
    `'${job}' job needs 'gone' job, but 'gone' does not exist in the pipeline. This might be because of the only, except, or rules keywords. To need a job that sometimes does not exist in the pipeline, use needs:optional.`;
  assert.deepEqual(m.pipeline, { created: false, message: `${missing('b')}\n${missing('t')}` });
});
