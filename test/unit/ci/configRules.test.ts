// Rules of the configuration model beyond the spec's scenarios: classification (R1), stages (R1.3),
// default:/inherit (R2.5, R2.6), extends/!reference errors (R2.3, R2.4), parallel limits (R5.2),
// needs shapes (R5.1.2), spec:inputs, and GitLab 18.6's $[[ matrix.X ]] in needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoErrors, codes, errors, job, run, sources } from './helpers';

void test('classification: hidden jobs, global keys, default/workflow that look like jobs', async () => {
  const m = await run(`
variables: {A: "1"}
image: alpine
.hidden: {script: x}
default: {script: x}
workflow: {rules: [{when: always}]}
j: {script: x}
`);
  assertNoErrors(m);
  assert.deepEqual(
    m.jobs.map((j) => j.name),
    ['default', 'j'],
  );
});

void test('classification errors: no script, script with trigger, unknown keys, only hidden jobs, blank hidden', async () => {
  assert.deepEqual(errors(await run('j: {stage: test}\n')), [
    'jobs j config should implement the script:, run:, or trigger: keyword',
  ]);
  // Processable's script/trigger pair, then Job's allowed keys, which do not include trigger (job.rb).
  assert.deepEqual(errors(await run('j: {script: x, trigger: child.yml}\n')), [
    'jobs:j config these keys cannot be used together: script, trigger',
    'jobs:j config contains unknown keys: trigger',
  ]);
  // job.rb: mutually_exclusive_keys script/run; all three keys give every pair.
  assert.deepEqual(errors(await run('j: {script: x, run: [{name: a, script: b}]}\n')), [
    'jobs:j config these keys cannot be used together: script, run',
  ]);
  assert.deepEqual(errors(await run('j: {run: [{name: a, script: b}], trigger: c.yml, script: x}\n')), [
    'jobs:j config these keys cannot be used together: trigger, script',
    'jobs:j config these keys cannot be used together: run, trigger',
    'jobs:j config contains unknown keys: trigger',
    'jobs:j config these keys cannot be used together: run, script',
  ]);
  assert.deepEqual(errors(await run('j: {script: x, scirpt: y, foo: 1}\n')), [
    'jobs:j config contains unknown keys: scirpt, foo',
  ]);
  assert.deepEqual(errors(await run('.a: {script: x}\n')), ['jobs config should contain at least one visible job']);
  assert.deepEqual(errors(await run('.a:\nj: {script: x}\n')), ["jobs:.a config can't be blank"]);
  assert.deepEqual(errors(await run('t: {trigger: c.yml, dependencies: [x]}\n')), [
    'jobs:t config contains unknown keys: dependencies',
  ]);
});

void test('stages: .pre/.post always wrap a listed stage list; nested lists flatten; stages: [] leaves none', async () => {
  const m = await run('stages: [.post, [build, [test]], .pre, build]\nj: {stage: build, script: x}\n');
  assert.deepEqual(m.stages, ['.pre', 'build', 'test', '.post']);
  const none = await run('stages: []\nj: {script: x}\n');
  assert.deepEqual(errors(none), ['j job: chosen stage test does not exist; available stages are ']);
});

void test('.pre and .post jobs alone make an empty pipeline', async () => {
  const m = await run('p: {stage: .pre, script: x}\n');
  assert.deepEqual(m.pipeline, {
    created: false,
    message: 'The resulting pipeline would have been empty. Review the rules configuration for the relevant jobs.',
  });
});

void test('default: unknown keys, deprecated globals, artifacts: null still inherits, inherit list', async () => {
  assert.deepEqual(errors(await run('default: {script: x, stage: build}\nj: {script: x}\n')), []);
  assert.deepEqual(errors(await run('default: {stage: build, image: a}\nj: {script: x}\n')), [
    'default config contains unknown keys: stage',
  ]);
  assert.deepEqual(errors(await run('image: a\ndefault: {image: b}\nj: {script: x}\n')), [
    'image is defined in top-level and `default:` entry',
  ]);
  const m = await run(`
default: {artifacts: {paths: [d/]}, tags: [x]}
a: {stage: build, script: x, artifacts: null}
b: {stage: build, script: x, inherit: {default: [tags]}}
c: {stage: test, script: x}
`);
  assertNoErrors(m);
  assert.deepEqual(job(m, 'a').artifacts?.paths, ['d/']);
  assert.equal(job(m, 'b').artifacts, null);
  assert.deepEqual(errors(await run('j: {script: x, inherit: {default: [stage]}}\n')), [
    'jobs:j:inherit:default config contains unknown values: stage',
  ]);
});

void test('extends: invalid base, extending a job, !reference shape and cycle errors', async () => {
  assert.deepEqual(errors(await run('.b: [1]\nj: {extends: .b, script: x}\n')), [
    'j: invalid base hashes in `extends` (.b)',
  ]);
  const fromJob = await run('a: {stage: build, script: x, artifacts: {paths: [a/]}}\nb: {extends: a}\n');
  assertNoErrors(fromJob);
  assert.deepEqual(job(fromJob, 'b').artifacts?.paths, ['a/']);
  assert.deepEqual(errors(await run('j: {script: !reference ".a"}\n')), ['!reference ".a" is not valid']);
  assert.deepEqual(
    errors(
      await run(
        '.a: {script: !reference [.b, script]}\n.b: {script: !reference [.a, script]}\nj: {script: !reference [.a, script]}\n',
      ),
    ),
    ['!reference [".b", "script"] is part of a circular chain'],
  );
  // !reference sees extends results (R0.1: extends first, then !reference).
  const order = await run('.p: {script: [p]}\n.c: {extends: .p}\nj: {script: !reference [.c, script]}\n');
  assertNoErrors(order);
});

void test('parallel limits and matrix limits', async () => {
  assert.deepEqual(errors(await run('j: {script: x, parallel: 201}\n')), [
    'jobs:j:parallel config must be less than or equal to 200',
  ]);
  assert.deepEqual(errors(await run('j: {script: x, parallel: 0}\n')), [
    'jobs:j:parallel config must be greater than or equal to 1',
  ]);
  const big = `j: {script: x, parallel: {matrix: [{A: [${Array.from({ length: 15 }, (_, i) => i).join(',')}], B: [${Array.from({ length: 14 }, (_, i) => i).join(',')}]}]}}\n`;
  assert.deepEqual(errors(await run(big)), ['jobs:j:parallel:matrix config generates too many jobs (maximum is 200)']);
  const dup = await run('j: {script: x, parallel: {matrix: [{A: [x, x]}]}}\n');
  assert.deepEqual(
    dup.jobs.map((x) => x.name),
    ['j: [x]'],
  );
  const nulled = await run('.p: {parallel: 3}\nj: {extends: .p, script: x, parallel: null}\n');
  assert.deepEqual(
    nulled.jobs.map((x) => x.name),
    ['j'],
  );
});

void test('needs shapes: string, empty hash, parallel number, unknown keys, more than 5 cross-pipeline needs', async () => {
  assert.deepEqual(errors(await run('a: {stage: build, script: x}\nj: {script: x, needs: a}\n')), [
    'jobs:j:needs config can only be a hash or an array',
  ]);
  assert.deepEqual(errors(await run('j: {script: x, needs: {}}\n')), ['jobs:j:needs config can not be an empty hash']);
  assert.deepEqual(
    errors(await run('a: {stage: build, script: x, parallel: 2}\nj: {script: x, needs: [{job: a, parallel: 2}]}\n')),
    ['jobs:j:needs config cannot use "parallel: 2".'],
  );
  assert.deepEqual(errors(await run('a: {stage: build, script: x}\nj: {script: x, needs: [{job: a, foo: 1}]}\n')), [
    'jobs:j:needs:need config contains unknown keys: foo',
  ]);
  const six = Array.from({ length: 6 }, (_, i) => `{pipeline: $P, job: j${i}}`).join(', ');
  assert.deepEqual(errors(await run(`j: {script: x, needs: [${six}]}\n`)), [
    'jobs:j:needs config must be less than or equal to 5',
  ]);
  assert.deepEqual(errors(await run('t: {trigger: c.yml, needs: [{pipeline: $P, job: a}]}\n')), [
    'jobs:t:needs config uses invalid types: cross_dependency',
  ]);
  const single = await run('a: {stage: build, script: x, artifacts: {paths: [a/]}}\nj: {script: x, needs: {job: a}}\n');
  assert.deepEqual(sources(single, 'j'), ['a']);
});

void test('needs from anchors: nested lists and null entries are flattened away', async () => {
  const m = await run(
    'a: {stage: build, script: x, artifacts: {paths: [a/]}}\n.n: &n [null]\nj: {script: x, needs: [*n, a]}\n',
  );
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'j'), ['a']);
});

void test('a plain need naming one matrix cell as a string', async () => {
  const m = await run(
    'b: {stage: build, script: x, parallel: {matrix: [{OS: [linux, win]}]}, artifacts: {paths: [o/]}}\nt: {script: x, needs: ["b: [win]"]}\n',
  );
  assertNoErrors(m);
  assert.deepEqual(sources(m, 't'), ['b: [win]']);
});

void test('$[[ matrix.X ]] in needs:parallel:matrix maps instances 1:1', async () => {
  const m = await run(`
build: {stage: build, script: x, parallel: {matrix: [{ARCH: [amd64, arm64]}]}, artifacts: {paths: [o/]}}
test: {stage: test, script: x, parallel: {matrix: [{ARCH: [amd64, arm64]}]}, needs: [{job: build, parallel: {matrix: [{ARCH: ['$[[ matrix.ARCH ]]']}]}}]}
`);
  assertNoErrors(m);
  assert.deepEqual(sources(m, 'test: [amd64]'), ['build: [amd64]']);
  assert.deepEqual(sources(m, 'test: [arm64]'), ['build: [arm64]']);
});

void test('spec:inputs: defaults, values passed by include, typed whole-value interpolation, errors', async () => {
  const files = {
    '.gitlab-ci.yml':
      'spec:\n  inputs:\n    stage: {default: test}\n---\ninclude:\n  - local: t.yml\n    inputs: {job: lint, paths: out/}\nroot: {stage: "$[[ inputs.stage ]]", script: x}\n',
    't.yml':
      'spec:\n  inputs:\n    job: {}\n    paths: {default: x/}\n    when: {default: on_success}\n---\n"$[[ inputs.job ]]-check": {stage: build, script: x, artifacts: {paths: ["$[[ inputs.paths ]]"], when: "$[[ inputs.when ]]"}}\n',
  };
  const m = await run(files);
  assertNoErrors(m);
  assert.deepEqual(
    m.jobs.map((j) => j.name),
    ['lint-check', 'root'],
  );
  assert.deepEqual(job(m, 'lint-check').artifacts?.paths, ['out/']);
  assert.equal(job(m, 'root').stage, 'test');
  const missing = await run({ ...files, '.gitlab-ci.yml': 'include: t.yml\nroot: {script: x}\n' });
  assert.deepEqual(errors(missing), ['`t.yml`: `job` input: required value has not been provided']);
  const noSpec = await run({
    '.gitlab-ci.yml': 'include: [{local: u.yml, inputs: {a: 1}}]\nroot: {script: x}\n',
    'u.yml': 'u: {script: x}\n',
  });
  assert.deepEqual(errors(noSpec), [
    '`u.yml`: Given inputs not defined in the `spec` section of the included configuration file',
  ]);
});

void test('a huge file is rejected before parsing, and the engine stays responsive', async () => {
  const big = `j: {script: x}\nv:\n${'  - "0123456789012345678901234567890123456789"\n'.repeat(30000)}`;
  const m = await run(big);
  assert.ok(codes(m, 'error').includes('yaml-too-big'));
});

void test("job names, artifacts keys and trigger:include limits with GitLab's messages", async () => {
  const long = 'j'.repeat(256);
  assert.deepEqual(errors(await run(`${long}: {script: x}\n`)), [
    `jobs:${long} name is too long (maximum is 255 characters)`,
  ]);
  // artifacts.rb declares the paths validations before expose_as's, and ActiveModel reports in that order.
  assert.deepEqual(errors(await run('j: {script: x, artifacts: {paths: ["*.log"], expose_as: "bad!"}}\n')), [
    "jobs:j:artifacts paths can't contain '*' when used with 'expose_as'",
    "jobs:j:artifacts expose as can contain only letters, digits, '-', '_' and spaces",
  ]);
  assert.deepEqual(errors(await run('j: {script: x, artifacts: {access: all, public: true}}\n')), [
    'jobs:j:artifacts config these keys cannot be used together: access, public',
  ]);
  assert.deepEqual(
    errors(await run('j: {script: x, artifacts: {access: everyone}}\n')),
    ['jobs:j:artifacts access should be one of: none, developer, maintainer, all'] /* artifacts.rb ALLOWED_ACCESS */,
  );
  assert.deepEqual(errors(await run('j: {script: x, artifacts: {when: sometimes, foo: 1}}\n')), [
    'jobs:j:artifacts config contains unknown keys: foo',
    'jobs:j:artifacts when should be one of: on_success, on_failure, always',
  ]);
  assert.deepEqual(
    errors(
      await run(
        't: {stage: build, trigger: {include: [{artifact: gen.yml, job: gen}]}}\ngen: {stage: test, script: x}\n',
      ),
    ),
    ['t job: dependency gen is not defined in current or prior stages'],
  );
  assert.deepEqual(errors(await run('t: {trigger: {include: [a.yml, b.yml, c.yml, d.yml]}}\n')), [
    'jobs:t:trigger:include config is too long (maximum is 3)',
  ]);
  assert.deepEqual(errors(await run('j: {script: x, artifacts: {paths: [a/], expire_in: "soon"}}\n')), [
    'jobs:j:artifacts expire in should be a duration',
  ]);
});

void test('durations as GitLab reads expire_in', async () => {
  const { parseDuration } = await import('../../../src/ci/pipeline/duration');
  assert.equal(parseDuration('42'), 42);
  assert.equal(parseDuration('3 mins 4 sec'), 184);
  assert.equal(parseDuration('2h20min'), 8400);
  assert.equal(parseDuration('1 week'), 604800);
  assert.equal(parseDuration('never'), Infinity);
  assert.equal(parseDuration('soon'), undefined);
});

void test('a short expire_in on artifacts that others use is flagged', async () => {
  const m = await run(
    'a: {stage: build, script: x, artifacts: {paths: [a/], expire_in: 10 mins}}\nb: {stage: test, script: x}\n',
  );
  assert.deepEqual(codes(m, 'warning'), ['short-expiry']);
});

void test('stages: entries that are not strings are refused (Entry::Stages, nested_array_of_strings up to 10 levels)', async () => {
  const message = 'stages config should be an array of strings or a nested array of strings up to 10 levels deep';
  for (const stages of ['[build, {a: 1}]', '[build, 1]', '[build, null]', 'build', '{a: b}', '[build, [true]]']) {
    assert.deepEqual(errors(await run(`stages: ${stages}\nj: {stage: build, script: x}\n`)), [message], stages);
  }
  // Nested lists are fine (flattened), and so are quoted numbers; a null `stages:` is the default list.
  for (const stages of ['[build, [test, [deploy]]]', '["1", build]', 'null']) {
    assert.deepEqual(errors(await run(`stages: ${stages}\nj: {stage: build, script: x}\n`)), [], stages);
  }
});
