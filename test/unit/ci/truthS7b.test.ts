// GitLab truths found in s7 (docs/mutation.md rows "found, not fixed"), each read from GitLab's or the runner's
// source: a job key interpolated to a non-String, artifact paths outside the project, trigger hashes GitLab refuses,
// dotenv writes followed by more commands on their line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { predictDotenvRejection } from '../../../src/ci/jobs/dotenvKeys';
import type { YMap, YNode } from '../../../src/ci/yaml/node';
import { errors, job, run } from './helpers';

void test('a job key interpolated to a number or true is refused like a written `5:` key (interpolation/config.rb)', async () => {
  // recursive_replace_hash keeps the block's typed value as the new key, and Processable wants a Symbol.
  const m = await run({
    '.gitlab-ci.yml': 'include: [{local: t.yml, inputs: {n: 5, b: true}}]\nroot: {script: x}\n',
    't.yml':
      'spec:\n  inputs:\n    n: {type: number}\n    b: {type: boolean}\n---\n' +
      '"$[[ inputs.n ]]": {script: x}\n"$[[ inputs.b ]]": {script: y}\n',
  });
  assert.deepEqual(errors(m).sort(), ['jobs:5 name should be a symbol', 'jobs:true name should be a symbol']);
  // An array input as the key: an Array key, named by Ruby's inspect as a written `? [x, y]` key is.
  const list = await run({
    '.gitlab-ci.yml': 'include: [{local: t.yml, inputs: {a: [x, y]}}]\nroot: {script: x}\n',
    't.yml': 'spec:\n  inputs:\n    a: {type: array}\n---\n"$[[ inputs.a ]]": {script: x}\n',
  });
  assert.deepEqual(errors(list), ['jobs:["x", "y"] name should be a symbol']);
  // A block inside longer text is a String: the job is named by the text, no error.
  const text = await run({
    '.gitlab-ci.yml': 'include: [{local: t.yml, inputs: {n: 5}}]\nroot: {script: x}\n',
    't.yml': 'spec:\n  inputs:\n    n: {type: number}\n---\n"unit-$[[ inputs.n ]]": {script: x}\n',
  });
  assert.deepEqual(errors(text), []);
  assert.deepEqual(text.jobs.map((j) => j.name).sort(), ['root', 'unit-5']);
});

void test('an artifacts:paths entry outside the project directory archives nothing and meets nothing (file_archiver.go)', async () => {
  // processPath: doublestar.SplitPattern's base, then findRelativePathInProject: a base that is not below the
  // working directory is logged ("artifact path is not a subpath of project directory") and the entry skipped.
  const m = await run(`
a: {stage: build, script: x, artifacts: {paths: ["/out/*", /out, ../x, "out/../../y/*"]}}
b: {stage: build, script: x, artifacts: {paths: ["out/*", x, ../x]}}
c: {stage: build, script: x, artifacts: {paths: ["out/../z", "$CI_PROJECT_DIR/out/*"]}}
d: {stage: test, script: x}
`);
  assert.deepEqual(job(m, 'd').conflicts, []);
  const said = m.diagnostics
    .filter((d) => d.code === 'artifact-path-refused')
    .map((d) => `${d.line}:${d.column} ${d.message}`);
  const above = (group: string, raw: string, base: string, line: number, column: number): string =>
    `${line}:${column} ${group} job: artifacts:paths entry ${JSON.stringify(raw)} lies above the project directory: ` +
    `the runner logs "artifact path is not a subpath of project directory: ${base}" and archives nothing for it (the job does not fail)`;
  const absolute = (raw: string, base: string, column: number): string =>
    `2:${column} a job: artifacts:paths entry ${JSON.stringify(raw)} is an absolute path: the runner archives only what ` +
    `lies in the job's project directory ($CI_PROJECT_DIR, /builds/<namespace>/<project> by default) and for ` +
    `anything else logs "artifact path is not a subpath of project directory: ${base}" and archives nothing (the ` +
    `job does not fail); that directory is not known here, so the entry is compared with no other path`;
  assert.deepEqual(said, [
    absolute('/out/*', '/out', 50),
    absolute('/out', '/', 60),
    above('a', '../x', '..', 2, 66),
    above('a', 'out/../../y/*', 'out/../../y', 2, 72),
    above('b', '../x', '..', 3, 62),
  ]);
});

/** The errors of a pipeline whose only job `K` has this `trigger:` (flow YAML); `c.yml` is a child file. */
async function triggerErrors(trigger: string): Promise<string[]> {
  const m = await run({ '.gitlab-ci.yml': `K:\n  trigger: ${trigger}\n`, 'c.yml': 'x:\n  script: y\n' });
  assert.equal(m.pipeline.created, errors(m).length === 0, trigger);
  return errors(m);
}

void test('trigger:strategy that no GitLab version accepts gets the message of the version our checks follow (trigger.rb)', async () => {
  // `validates :strategy, type: String, inclusion: { in: %w[depend], message: 'should be depend' }, allow_nil: true`
  // in both the cross-project and the parent-child trigger.
  assert.deepEqual(await triggerErrors('{project: g/p, strategy: x}'), ['jobs:k:trigger strategy should be depend']);
  assert.deepEqual(await triggerErrors('{include: c.yml, strategy: x}'), ['jobs:k:trigger strategy should be depend']);
  assert.deepEqual(await triggerErrors('{project: g/p, strategy: 5}'), [
    'jobs:k:trigger strategy should be a string',
    'jobs:k:trigger strategy should be depend',
  ]);
  // `mirror` (a later version's value) and a null strategy are not judged.
  for (const t of [
    '{project: g/p, strategy: mirror}',
    '{include: c.yml, strategy: mirror}',
    '{project: g/p, strategy: null}',
  ]) {
    assert.deepEqual(await triggerErrors(t), [], t);
  }
});

void test('a trigger:include item that is neither a hash nor a string is refused in the parent (Entry::Include hash_or_string)', async () => {
  const message = 'jobs:k:trigger:include:include config should be a hash or a string';
  assert.deepEqual(await triggerErrors('{include: [null]}'), [message]);
  assert.deepEqual(await triggerErrors('{include: [c.yml, 5]}'), [message]);
  assert.deepEqual(await triggerErrors('{include: [[c.yml]]}'), [message]);
  assert.deepEqual(await triggerErrors('{include: [c.yml, {local: c.yml}]}'), []);
});

const at = { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 1 };
function scriptJob(script: string[]): YMap {
  const items = script.map((value): YNode => ({ kind: 'scalar', value, range: at }));
  return {
    kind: 'map',
    range: at,
    entries: [{ key: 'script', keyRange: at, value: { kind: 'seq', range: at, items } }],
  };
}

void test('a dotenv write followed by more commands on its line is read (parse_dotenv_artifact_service.rb scan_line!)', () => {
  // Every line must match /^(.*?)=(.*)$/ or the whole report is "Invalid Format". The redirect's target ends at
  // `;`, `&&`, `||`, `|` or `)` outside quotes and `$(…)`.
  const rows: [string[], string | undefined][] = [
    [['echo "A=1" >> build.env', 'echo "x" >> build.env; echo done'], 'Invalid Format'],
    [['echo "A=1" >> build.env && echo ok'], undefined],
    [['echo "A B" >> build.env && echo ok', 'echo "C=1" >> build.env'], 'Invalid Format'],
    [['echo "x" >> build.env || true'], 'Invalid Format'],
    [['(echo "x" >> build.env)'], 'Invalid Format'],
    [['echo "x" >> build.env | cat'], 'Invalid Format'],
    [['echo "x" > build.env; echo "A=1" >> build.env'], 'Invalid Format'],
    [['echo "x" >> build.env; echo "A=1" > build.env'], undefined],
    // Separators inside quotes or a command substitution are not the end of the write.
    [['echo "A=1; B" >> build.env'], undefined],
    [['echo V=$(date +%s) >> build.env; echo done'], undefined],
    [['echo V-W=$((1+2)) >> build.env; echo done'], "Validation failed: Key can contain only letters, digits and '_'."],
    // Text not known statically: only a line wrong by itself is claimed.
    [['echo "A=1" >> build.env', 'echo "$LINE" >> build.env; echo done'], undefined],
  ];
  for (const [script, message] of rows) {
    assert.equal(predictDotenvRejection(scriptJob(script), ['build.env'])?.message, message, script.join(' / '));
  }
  assert.equal(
    predictDotenvRejection(scriptJob(['echo "A=1" >> build.env', 'echo "x" >> build.env; echo done']), ['build.env'])
      ?.line,
    'echo "x" >> build.env; echo done',
  );
});

void test('a dotenv report refused for a line written before `; echo done` brings no variable', async () => {
  const m = await run(`
build:
  stage: build
  script:
    - echo "A=1" >> build.env
    - echo "x" >> build.env; echo done
  artifacts: {reports: {dotenv: build.env}}
deploy: {stage: deploy, script: [echo $A]}
`);
  assert.equal(job(m, 'build').artifacts?.dotenvRejected, 'Invalid Format');
  assert.deepEqual(
    job(m, 'deploy').sources.map((s) => [s.job, s.dotenv]),
    [['build', false]],
  );
});
