// Mutation survivors of src/ci/pipeline/flowJobs.ts (docs/mutation.md, "pipeline: evaluation and flow jobs").
// GitLab's side: Ci::BuildDependencies (app/models/ci/build_dependencies.rb) takes its local sources from
// `::Ci::Build` only (a trigger job makes no artifacts), in creation order (spec R7.1: stage, then position);
// a job's `needs` names the jobs it waits for (spec R5.3.1). Our side, said whenever it applies: the bounds on
// source links (MAX_SOURCE_LINKS) and on conflict checks (MAX_OVERLAP_CHECKS), each reported, never silent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowModel } from '../../../../src/ci/model';
import { MAX_SOURCE_LINKS } from '../../../../src/ci/pipeline/flowJobs';
import { MAX_OVERLAP_CHECKS } from '../../../../src/ci/pipeline/conflicts';
import { job, run, sources } from '../helpers';

/** The diagnostics of `code` as `message @ line (job)`. */
function said(m: FlowModel, code: string): string[] {
  return m.diagnostics.filter((d) => d.code === code).map((d) => `${d.message} @ ${d.line} (${d.job ?? ''})`);
}

/**
 * 1,000 build jobs and `receivers` test jobs, each receiving all 1,000 (stage order), then `late` test jobs with
 * `needs: []`, which receive nothing: 500 receivers make exactly MAX_SOURCE_LINKS links.
 */
async function links(receivers: number, late: number): Promise<FlowModel> {
  const lines = ['stages: [build, test]'];
  for (let i = 0; i < 1000; i++) lines.push(`p${i}: {stage: build, script: x}`);
  for (let i = 0; i < receivers; i++) lines.push(`r${i}: {stage: test, script: x}`);
  for (let i = 0; i < late; i++) lines.push(`late${i}: {stage: test, script: x, needs: []}`);
  return run(`${lines.join('\n')}\n`);
}

const unlistedText = (count: number, names: string): string =>
  `Artifact sources are not listed for ${count} jobs (${names}): the model would hold more than 500,000 source links (a limit of this tool, not of GitLab, which passes them all)`;

void test('source links: exactly the bound is listed in full, one job past it is not, nor any job after it', async () => {
  assert.equal(MAX_SOURCE_LINKS, 500_000);
  const full = await links(500, 1);
  assert.deepEqual(said(full, 'too-many-sources'), []);
  assert.equal(job(full, 'r499').sources.length, 1000);
  // r500 would pass the bound; the jobs after it are left out too, though they receive nothing (line 1502 is r500).
  const three = await links(501, 2);
  assert.deepEqual(said(three, 'too-many-sources'), [`${unlistedText(3, 'r500, late0, late1')} @ 1502 (r500)`]);
  assert.deepEqual(
    ['r499', 'r500', 'late1'].map((n) => job(three, n).sources.length),
    [1000, 0, 0],
  );
  const four = await links(501, 3);
  assert.deepEqual(said(four, 'too-many-sources'), [`${unlistedText(4, 'r500, late0, late1, …')} @ 1502 (r500)`]);
});

/** 2 × 450 artifact paths that all share the empty literal prefix: 202,500 pairs to check, past the bound. */
const MANY_PATHS = (tag: string): string => `[${Array.from({ length: 450 }, (_, i) => `"*${tag}${i}"`).join(', ')}]`;

const partialText = (count: number, names: string): string =>
  `Path conflicts of ${count} job${count > 1 ? 's' : ''} (${names}) were checked for the first 200,000 comparisons of artifact paths only (each pair of brace alternatives counts as one); more may exist (a limit of this tool)`;

void test('path conflicts checked in part: said once per list, one job or several', async () => {
  assert.equal(MAX_OVERLAP_CHECKS, 200_000);
  const producers = `stages: [build, test]
p1: {stage: build, script: x, artifacts: {paths: ${MANY_PATHS('a')}}}
p2: {stage: build, script: x, artifacts: {paths: ${MANY_PATHS('b')}}}
`;
  // r1 and r2 share their stage's list: one search, one job named.
  const one = await run(`${producers}r1: {stage: test, script: x}\nr2: {stage: test, script: x}\n`);
  assert.deepEqual(said(one, 'conflicts-partial'), [`${partialText(1, 'r1')} @ 4 (r1)`]);
  // A job with needs has its own list and its own search.
  const two = await run(
    `${producers}r1: {stage: test, script: x}\nr2: {stage: test, script: x}\nr3: {stage: test, script: x, needs: [p1, p2]}\n`,
  );
  assert.deepEqual(said(two, 'conflicts-partial'), [`${partialText(2, 'r1, …')} @ 4 (r1)`]);
});

void test('local sources: jobs of earlier stages in creation order, never a trigger job', async () => {
  const m = await run(`stages: [build, test, deploy]
t: {stage: test, script: x, artifacts: {paths: [t/]}}
kid: {stage: build, trigger: {include: child.yml}}
b: {stage: build, script: x, artifacts: {paths: [b/]}}
d: {stage: deploy, script: x}
`);
  // Stage order first (b of build before t of test, though t is written first); the trigger job makes no artifacts.
  assert.deepEqual(sources(m, 'd'), ['b', 't']);
  assert.deepEqual(job(m, 'b').consumers, ['t', 'd']);
});

void test("a job's needs list the jobs of this pipeline it waits for: not cross-project needs, not absent optional ones", async () => {
  const m = await run(`stages: [build, test]
a: {stage: build, script: x}
gone: {stage: build, script: x, rules: [{when: never}]}
j: {stage: test, script: x, needs: [a, {job: gone, optional: true}, {project: grp/p, job: lib, ref: main}]}
k: {stage: test, script: x, needs: [{project: grp/p, job: a, ref: main}]}
free: {stage: test, script: x, needs: []}
plain: {stage: test, script: x}
`);
  assert.deepEqual(
    ['j', 'k', 'free', 'plain'].map((n) => job(m, n).needs),
    // k's need is a job of another project, though named like a of this pipeline.
    [['a'], [], [], undefined],
  );
});

void test('jobs of stages not known here: each says which job and stage it is about', async () => {
  // Offline, `stages:` may come from the unresolved include: lint and qa have no known order.
  const m = await run(`include: {project: grp/tpl, file: stages.yml}
u1: {stage: lint, script: x}
u2: {stage: qa, script: x}
`);
  const reason = (stage: string): string =>
    `stage ${stage} is not in the stages known here (they probably come from an include that is not resolved offline): which earlier jobs it receives artifacts from is unknown`;
  assert.deepEqual(
    ['u1', 'u2'].map((n) => job(m, n).missing),
    [
      [{ job: 'u1', code: 'stage-unknown', reason: reason('lint') }],
      [{ job: 'u2', code: 'stage-unknown', reason: reason('qa') }],
    ],
  );
});

void test('a job out of the pipeline has empty lists; only a parallel job has `parallel`, only a trigger job `triggers`', async () => {
  const m = await run(`stages: [build, test]
a: {stage: build, script: x, artifacts: {paths: [a/]}}
out: {stage: test, script: x, needs: [a], rules: [{when: never}]}
plain: {stage: test, script: x}
many: {stage: test, script: x, parallel: 2}
`);
  const o = job(m, 'out');
  assert.deepEqual([o.sources, o.missing, o.conflicts, o.consumers], [[], [], [], []]);
  assert.deepEqual(
    ['parallel', 'triggers'].map((k) => Object.hasOwn(job(m, 'plain'), k)),
    [false, false],
  );
  assert.deepEqual(job(m, 'many 1/2').parallel, { index: 1, total: 2 });
});
