// Mutation survivors of src/ci/jobs/referenceChecks.ts that only the check memo (incremental/checkMemo.ts) shows
// (docs/mutation.md, "jobs: needs, cycles, …"): a job whose reference checks found nothing is skipped at the next
// analysis only while everything those checks read is unchanged. An analysis with the memo equals a fresh one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, defaultContext } from '../../../../src/ci/analyze';
import { CheckMemo } from '../../../../src/ci/incremental/checkMemo';
import type { FlowModel } from '../../../../src/ci/model';
import { memoryReader } from '../helpers';

/** Analyzes each version with one memo and compares it with a fresh analysis; the last model. */
async function sequence(versions: string[], checks = new CheckMemo()): Promise<FlowModel> {
  let last: FlowModel | undefined;
  for (const [i, yaml] of versions.entries()) {
    const files = { '.gitlab-ci.yml': yaml };
    const context = defaultContext();
    const cached = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context, checks });
    const fresh = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context });
    assert.deepEqual(cached.diagnostics, fresh.diagnostics, `version ${i}:\n${yaml}`);
    last = cached;
  }
  assert.ok(last);
  return last;
}

const b = 'b:\n  script: [x]\n  artifacts: { paths: [o] }\n';

test('an edit of what a clean job reads (needs, dependencies, rules, trigger) is checked again', async () => {
  const edits: [string, string][] = [
    ['  needs: [b]\n', '  needs: [nope]\n'],
    ['  dependencies: [b]\n', '  dependencies: [nope]\n'],
    ['  rules:\n    - needs: [b]\n', '  rules:\n    - needs: [nope]\n'],
  ];
  for (const [clean, broken] of edits) {
    const m = await sequence([`${b}a:\n  script: [x]\n${clean}`, `${b}a:\n  script: [x]\n${broken}`]);
    assert.ok(m.diagnostics.some((d) => d.message.endsWith(': nope')));
  }
  const t = (job: string): string => `${b}t:\n  trigger:\n    include:\n      - { artifact: o, job: ${job} }\n`;
  const m = await sequence([t('b'), t('nope')]);
  assert.ok(m.diagnostics.some((d) => d.message === 't job: undefined dependency: nope'));
});

test('an edit elsewhere that renames, moves or removes what a clean job needs is seen (the roster)', async () => {
  const a = 'a:\n  stage: test\n  script: [x]\n  needs: [b]\n';
  const renamed = await sequence([`${b}${a}`, `${b.replace('b:', 'c:')}${a}`]);
  assert.ok(renamed.diagnostics.some((d) => d.message === 'a job: undefined need: b'));
  const moved = await sequence([`${b}${a}`, `${b}  stage: deploy\n${a}`]);
  assert.ok(moved.diagnostics.some((d) => d.message === 'a job: need b is not defined in current or prior stages'));
});

test('a later job edited while the jobs before it are clean and unchanged is checked again', async () => {
  const head = `${b}a:\n  script: [x]\n  needs: [b]\n`;
  const m = await sequence([`${head}c:\n  script: [x]\n  needs: [b]\n`, `${head}c:\n  script: [x]\n  needs: [nope]\n`]);
  assert.ok(m.diagnostics.some((d) => d.message === 'c job: undefined need: nope'));
});

test('a job with findings is checked at every analysis; a clean one is skipped while unchanged', async () => {
  // `when: sometimes` and a broken `if` are findings of the key and rule checks: only the reference checks can
  // skip this job, so the hits counted are theirs.
  const bad = "bad:\n  script: [x]\n  when: sometimes\n  rules: [{ if: '$A ==' }]\n";
  const checks = new CheckMemo();
  await sequence([`${bad}  needs: [nope]\n`, `${bad}  needs: [nope]\n`], checks);
  assert.equal(checks.hits, 0);
  const clean = new CheckMemo();
  await sequence([bad, bad, bad], clean);
  assert.equal(clean.hits, 2);
  // A finding of an earlier job does not keep a later clean job from being skipped.
  const both = new CheckMemo();
  const two = `${bad}  needs: [nope]\n${bad.replace('bad:', 'fine:')}`;
  await sequence([two, two], both);
  assert.equal(both.hits, 1);
});

test("a job named like another job's parallel instance: never answered from the memo", async () => {
  const base = "b:\n  parallel: 2\n  script: [x]\n'b 1/2':\n  script: [x]\n  needs: [NEEDS]\n";
  await sequence(['nope', 'b', 'nope', 'b', 'nope'].map((n) => base.replace('NEEDS', n)));
});

test('the instances of a parallel job are checked as one, keyed by their count', async () => {
  const p = (n: number, need: string): string => `${b}p:\n  parallel: ${n}\n  script: [x]\n  needs: [${need}]\n`;
  const m = await sequence([p(2, 'b'), p(2, 'b'), p(3, 'nope'), p(3, 'b'), p(2, 'nope')]);
  assert.deepEqual(
    m.diagnostics.filter((d) => d.code === 'undefined-need').map((d) => d.message),
    ['p 1/2 job: undefined need: nope'],
  );
});

test("a parallel job's instance shares its name with a job of another stage: its checks are never skipped", async () => {
  // `b 1/2` names the instance and the plain job, which share one entry of the expanded references: the instance
  // is checked with the plain job's needs from its own, earlier stage.
  const base =
    'stages: [build, test]\nc:\n  stage: test\n  script: [x]\nd:\n  stage: build\n  script: [x]\n' +
    "b:\n  stage: build\n  parallel: 2\n  script: [x]\n'b 1/2':\n  stage: test\n  script: [x]\n  needs: [NEEDS]\n";
  const m = await sequence(['d', 'c', 'd', 'c'].map((n) => base.replace('NEEDS', n)));
  assert.ok(m.diagnostics.some((d) => d.message === 'b 1/2 job: need c is not defined in current or prior stages'));
});
