// Answers the mutation survivors of src/ci/pipeline/artifactLint.ts (docs/mutation.md, "pipeline: artifact lint"):
// what a job's needs and dependencies say that GitLab quietly does not do, sources that this pipeline leaves out,
// dotenv variables passed downstream, and artifacts:expire_in.
// Expected values come from GitLab and the spec: Ci::BuildDependencies (app/models/ci/build_dependencies.rb: without
// needs only earlier stages are searched, needs bring only jobs with artifacts, dependencies intersect needs),
// the spec's R5.1.1 trap (T6), R5.1.3 (needs with dependencies), R5.6 (expired artifacts fail the job), R6.6
// (dependency resolution is scoped to the job's own pipeline: an excluded source brings nothing and no error), R6.5
// and T39 (a trigger job forwards its sources' dotenv variables only with trigger:forward:pipeline_variables: true,
// lib/gitlab/ci/variables/downstream/generator.rb), and
// Entry::Artifacts' `validates :expire_in, duration: …` with DurationValidator's 'should be a duration'
// (lib/gitlab/config/entry/validators.rb). The warnings' wording is ours (GitLab stays silent); each list is
// compared whole, with ranges, so a lost, doubled or moved diagnostic fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowModel } from '../../../../src/ci/model';
import { run } from '../helpers';

/** Every code artifactLint.ts reports (no other module reports them as diagnostics). */
const LINT_CODES = new Set([
  'dependencies-with-needs',
  'same-stage-dependency',
  'need-without-artifacts',
  'dotenv-producer-excluded',
  'source-not-in-pipeline',
  'dotenv-forwarded',
  'dotenv-not-forwarded',
  'artifacts-expire-in',
  'short-expiry',
]);

/** The lint's diagnostics as `severity code line:column job | message`, in the order they were reported. */
function lint(m: FlowModel): string[] {
  return m.diagnostics
    .filter((d) => LINT_CODES.has(d.code))
    .map((d) => `${d.severity} ${d.code} ${d.line}:${d.column} ${d.job ?? '-'} | ${d.message}`);
}

const MIX = (job: string): string =>
  `${job} job: dependencies combined with needs: the job receives only jobs listed in both (with artifacts: true); GitLab's docs advise against combining them`;
const SAME = (job: string, dep: string): string =>
  `${job} job: same-stage dependency ignored; use needs: ${dep} runs in the same stage (test), and only earlier stages are searched, so its artifacts never arrive`;
const NOART = (job: string, target: string): string =>
  `${job} job: needed job ${target} declares no artifacts: nothing is downloaded from it (artifacts: false would say so)`;

const REFERENCES = `
stages: [build, test]
a: {stage: build, script: x, artifacts: {paths: [a/]}}
b: {stage: test, script: x, artifacts: {paths: [b/]}}
b2: {stage: test, script: x, artifacts: {paths: [b2/]}}
n: {stage: build, script: x}
n2: {stage: build, script: x}
trig: {stage: build, trigger: {include: c.yml}}
mix: {stage: test, script: x, parallel: 2, needs: [a, b], dependencies: [a]}
mix2: {stage: test, script: x, needs: [a], dependencies: [a]}
noneeds: {stage: test, script: x, needs: [], dependencies: [a]}
nodeps: {stage: test, script: x, needs: [a], dependencies: []}
same: {stage: test, script: x, dependencies: [b, b2, a]}
dagsame: {stage: test, script: x, needs: [b], dependencies: [b]}
need: {stage: test, script: x, needs: [n, n2, a, {job: b, artifacts: false}, trig]}
need2: {stage: test, script: x, needs: [n]}
`;

void test('needs and dependencies: what GitLab accepts but quietly does not do, one diagnostic per job group', async () => {
  const m = await run(REFERENCES);
  assert.deepEqual(lint(m), [
    // R5.1.3: both lists non-empty; at the `dependencies` key. The parallel job is reported once, by its group.
    `warning dependencies-with-needs 9:59 mix 1/2 | ${MIX('mix')}`,
    `warning dependencies-with-needs 10:44 mix2 | ${MIX('mix2')}`,
    // `needs: []` or `dependencies: []` is not combining them (R5.1.3: "dependencies: [] skips this check").
    // R5.1.1 trap (T6): a stage-scheduled job searches earlier stages only; one warning per dependency, not for a.
    `warning same-stage-dependency 13:47 same | ${SAME('same', 'b')}`,
    `warning same-stage-dependency 13:50 same | ${SAME('same', 'b2')}`,
    // With needs (dagsame), a same-stage job is allowed and arrives (R5.1.2, 14.2+): only the combination is said.
    `warning dependencies-with-needs 14:47 dagsame | ${MIX('dagsame')}`,
    // needs bring artifacts only from jobs that declare them; not for `artifacts: false` nor a trigger job.
    `info need-without-artifacts 15:40 need | ${NOART('need', 'n')}`,
    `info need-without-artifacts 15:43 need | ${NOART('need', 'n2')}`,
    `info need-without-artifacts 16:41 need2 | ${NOART('need2', 'n')}`,
  ]);
  // No error: GitLab accepts all of this configuration (R5.1.1, R5.1.3).
  assert.deepEqual(
    m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
});

void test('a cross-pipeline need named like a local job without artifacts is not that job', async () => {
  // needs:pipeline:job fetches from the parent pipeline's job (build_dependencies.rb cross_pipeline), whose
  // artifacts are not the local definition's.
  const m = await run(`
stages: [build, test]
n: {stage: build, script: x}
c: {stage: test, script: x, needs: [{pipeline: $PARENT_PIPELINE_ID, job: n}]}
`);
  assert.deepEqual(lint(m), []);
});

void test('with an include not resolved offline, a needed job without artifacts may get them there: no info', async () => {
  const m = await run(`
include: [{project: g/p, file: t.yml}]
n: {stage: build, script: x}
t: {stage: test, script: x, needs: [n]}
u: {stage: test, script: x, needs: [{job: n, artifacts: false}]}
`);
  assert.ok(m.diagnostics.some((d) => d.code === 'include-unresolved'));
  assert.deepEqual(lint(m), []);
});

const EXPIRY = `
stages: [build, test]
bad: {stage: build, script: x, artifacts: {paths: [b/], expire_in: banana}}
bad2: {stage: build, script: x, parallel: 2, artifacts: {paths: [b/], expire_in: 3 bananas}}
hour: {stage: build, script: x, artifacts: {paths: [h/], expire_in: 1 hour}}
short: {stage: build, script: x, artifacts: {paths: [s/], expire_in: 59 mins 59 sec}}
short2: {stage: build, script: x, artifacts: {paths: [s/], expire_in: 30 sec}}
long: {stage: build, script: x, artifacts: {paths: [g/], expire_in: 1 week}}
lonely: {stage: test, script: x, artifacts: {paths: [l/], expire_in: 5 min}}
t: {stage: test, script: x, parallel: 2}
`;

const SHORT = (job: string, expire: string, users: number): string =>
  `${job} job: artifacts expire in ${expire}, but ${users} job(s) use them; a manual job, a retry or a slow queue after that fails with "missing dependency"`;

void test('artifacts:expire_in: GitLab error for a bad duration, a warning when consumers may come too late', async () => {
  const m = await run(EXPIRY);
  assert.deepEqual(lint(m), [
    // DurationValidator: "jobs:<job>:artifacts expire in should be a duration", at the expire_in value.
    'error artifacts-expire-in 3:68 bad | jobs:bad:artifacts expire in should be a duration',
    'error artifacts-expire-in 4:82 bad2 | jobs:bad2:artifacts expire in should be a duration',
    // 1 hour is not shorter than an hour; 59:59 and 30 s are, each used by `lonely` and both `t` instances
    // (stage order, build_dependencies.rb); `long` is not; `lonely` has no consumer.
    `warning short-expiry 6:70 short | ${SHORT('short', '59 mins 59 sec', 3)}`,
    `warning short-expiry 7:71 short2 | ${SHORT('short2', '30 sec', 3)}`,
  ]);
});

void test('an expire_in given by default: is reported where it is written', async () => {
  const m = await run(`
default: {artifacts: {paths: [d/], expire_in: 10 min}}
a: {stage: build, script: x}
b: {stage: test, script: x}
`);
  // `b` inherits the default too but has no consumer (spec R2.1: default keys fill each job).
  assert.deepEqual(lint(m), [`warning short-expiry 2:47 a | ${SHORT('a', '10 min', 1)}`]);
});

const NOPE = "rules[0]: if '$NOPE' is false for a branch pipeline";
const NEVER = 'rules[0]: no clauses, when: never';
const ABSENT = (job: string, producer: string, reason: string, what: string): string =>
  `${job} job: ${producer} is not in this pipeline (${reason}), so ${what} never arrive: artifacts and dotenv variables do not cross pipelines`;
const EMPTY = (job: string, producer: string): string =>
  `${job} job: dotenv producer ${producer} is not in this pipeline (${NOPE}), so its variables are empty here`;

const MISSING = `
stages: [build, test, deploy]
both: {stage: build, script: x, artifacts: {paths: [a/], reports: {dotenv: a.env}}, rules: [{if: $NOPE}]}
env: {stage: build, script: x, artifacts: {reports: {dotenv: e.env}}, rules: [{if: $NOPE}]}
files: {stage: build, script: x, artifacts: {paths: [f/]}, rules: [{when: never}]}
bare: {stage: build, script: x, rules: [{when: never}]}
kept: {stage: build, script: x, artifacts: {paths: [k/]}}
c: {stage: test, script: x, parallel: 2, dependencies: [both, env, files, bare, kept]}
n: {stage: test, script: x, needs: [{job: both, optional: true}, {job: files, optional: true}, kept]}
gone: {stage: test, script: x, dependencies: [both], rules: [{when: never}]}
late: {stage: deploy, script: x, artifacts: {reports: {dotenv: l.env}}, rules: [{if: $NOPE}]}
s: {stage: deploy, script: x}
sd: {stage: deploy, script: x, dependencies: []}
sn: {stage: deploy, script: x, needs: [kept]}
sz: {stage: deploy, script: x, needs: []}
gone2: {stage: deploy, script: x, rules: [{when: never}]}
`;

void test('R6.6: a listed source that this pipeline leaves out, and a stage-scheduled job losing dotenv variables', async () => {
  const m = await run(MISSING);
  assert.deepEqual(lint(m), [
    // dependencies on excluded jobs: at each name, once for the parallel group, saying what is lost: files and
    // dotenv, dotenv only, or "its artifacts" (files only, or nothing declared); `kept` arrives.
    `warning dotenv-producer-excluded 8:57 c 1/2 | ${ABSENT('c 1/2', 'both', NOPE, 'its files and dotenv variables')}`,
    `warning dotenv-producer-excluded 8:63 c 1/2 | ${ABSENT('c 1/2', 'env', NOPE, 'its dotenv variables')}`,
    `warning source-not-in-pipeline 8:68 c 1/2 | ${ABSENT('c 1/2', 'files', NEVER, 'its artifacts')}`,
    `warning source-not-in-pipeline 8:75 c 1/2 | ${ABSENT('c 1/2', 'bare', NEVER, 'its artifacts')}`,
    // optional needs on excluded jobs (GitLab skips them silently, R5.1.2) say the same.
    `warning dotenv-producer-excluded 9:37 n | ${ABSENT('n', 'both', NOPE, 'its files and dotenv variables')}`,
    `warning source-not-in-pipeline 9:66 n | ${ABSENT('n', 'files', NEVER, 'its artifacts')}`,
    // `s` (no needs, no dependencies) would receive both excluded dotenv producers of earlier stages; not `late`
    // (its own stage), not the excluded producers without dotenv. `sd` (dependencies: []), `sn` and `sz` (needs,
    // `needs: []` receives nothing: T7) would not receive them anyway; jobs not in the pipeline are not explained.
    `info dotenv-producer-excluded 12:1 s | ${EMPTY('s', 'both')}`,
    `info dotenv-producer-excluded 12:1 s | ${EMPTY('s', 'env')}`,
  ]);
});

void test('a .pre producer is before every stage; a job that would receive nothing at all still loses it', async () => {
  // .pre is stage index 0; `first` has no other earlier job, so its list of sources is empty.
  const m = await run(`
pre: {stage: .pre, script: x, artifacts: {reports: {dotenv: p.env}}, rules: [{if: $NOPE}]}
first: {stage: build, script: x}
`);
  assert.deepEqual(lint(m), [`info dotenv-producer-excluded 3:1 first | ${EMPTY('first', 'pre')}`]);
});

void test('a producer in a stage unknown here (an unresolved include sets the stages) is not said to come before', async () => {
  const m = await run(`
include: [{project: g/p, file: t.yml}]
p: {stage: prep, script: x, artifacts: {reports: {dotenv: p.env}}, rules: [{if: $NOPE}]}
n: {stage: build, script: x}
s: {stage: test, script: x}
`);
  assert.ok(m.diagnostics.some((d) => d.code === 'stage-unresolved'));
  assert.deepEqual(lint(m), []);
});

const TRIGGERS = `
stages: [build, test]
v1: {stage: build, script: x, artifacts: {reports: {dotenv: v.env}}}
v2: {stage: build, script: x, artifacts: {paths: [x/], reports: {dotenv: w.env}}}
f: {stage: build, script: x, artifacts: {paths: [f/]}}
down: {stage: test, trigger: {include: c.yml, forward: {pipeline_variables: true}}}
nofwd: {stage: test, trigger: {include: c.yml, forward: {pipeline_variables: false}}}
plain: {stage: test, trigger: {include: c.yml}}
onlyf: {stage: test, trigger: {include: c.yml}, needs: [f]}
gone: {stage: test, trigger: {include: c.yml}, rules: [{when: never}]}
`;

void test('R6.5, T39: a trigger job forwards its sources’ dotenv variables only with forward:pipeline_variables: true', async () => {
  const m = await run({ '.gitlab-ci.yml': TRIGGERS, 'c.yml': 'cj: {script: x}\n' });
  const NOT = (job: string): string =>
    `${job} job: the dotenv variables of v1, v2 are not passed downstream; set trigger:forward:pipeline_variables: true to forward them`;
  assert.deepEqual(lint(m), [
    // At the `true` that forwards them; only the dotenv producers are named (not `f`).
    'info dotenv-forwarded 6:77 down | down job: forwards the dotenv variables of v1, v2 to the downstream pipeline as pipeline variables (usable in its rules)',
    // `false` or no forward: at the job's key. `onlyf` receives no dotenv variable; `gone` is not in the pipeline.
    `info dotenv-not-forwarded 7:1 nofwd | ${NOT('nofwd')}`,
    `info dotenv-not-forwarded 8:1 plain | ${NOT('plain')}`,
  ]);
});
