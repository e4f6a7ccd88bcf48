// Answers the mutation survivors of src/ci/pipeline/inclusion.ts and src/ci/pipeline/duration.ts (docs/mutation.md,
// "pipeline: inclusion and durations"). Expected values are GitLab's: rules see the variables a job inherits
// (inherit:variables, spec R2.6), and durations read as GitLab's ChronicDuration reads them (with
// raise_exceptions = true, config/initializers/chronic_duration.rb: an unknown word makes the duration invalid).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from '../../../../src/ci/pipeline/duration';
import { analyze, defaultContext } from '../../../../src/ci/analyze';
import { errors, included, job, memoryReader, run } from '../helpers';

void test('inherit:variables decides which global variables a job rule sees (true, null, a list, false)', async () => {
  const m = await run(`
variables: {A: "1", B: "2"}
none: {script: x, inherit: {variables: false}, rules: [{if: '$A == "1"'}]}
all: {script: x, rules: [{if: '$A == "1"'}]}
tru: {script: x, inherit: {variables: true}, rules: [{if: '$A == "1"'}]}
nul: {script: x, inherit: {variables: null}, rules: [{if: '$A == "1"'}]}
onlyb: {script: x, inherit: {variables: [B]}, rules: [{if: '$A == "1"'}]}
seesb: {script: x, inherit: {variables: [B]}, rules: [{if: '$B == "2"'}]}
none2: {script: x, inherit: {variables: false}, rules: [{if: '$B'}]}
all2: {script: x, rules: [{if: '$B == "2"'}]}
`);
  assert.deepEqual(included(m), ['all', 'tru', 'nul', 'seesb', 'all2']);
});

void test('a job that inherits nothing first does not hide the globals from the jobs after it, nor the reverse', async () => {
  const first = await run(`
variables: {A: "1"}
a: {script: x, inherit: {variables: false}, rules: [{if: '$A'}]}
b: {script: x, rules: [{if: '$A'}]}
c: {script: x, inherit: {variables: [Z]}, rules: [{if: '$A'}]}
d: {script: x, rules: [{if: '$A'}]}
`);
  assert.deepEqual(included(first), ['b', 'd']);
});

void test('inherit:variables that is neither a boolean nor a list is a configuration error, not a crash', async () => {
  for (const value of ['5', 'A']) {
    const m = await run(`variables: {A: "1"}\nj: {script: x, inherit: {variables: ${value}}, rules: [{if: '$A'}]}\n`);
    // Inherit::Variables' UnknownStrategy (lib/gitlab/ci/config/entry/inherit/variables.rb).
    assert.deepEqual(errors(m), ['jobs:j:inherit:variables should be a bool or array of strings'], value);
    assert.equal(m.pipeline.created, false);
  }
});

void test("a job's own variables and only: take part in its inclusion", async () => {
  const m = await run(`
own: {script: x, variables: {X: "1"}, rules: [{if: '$X == "1"'}]}
tagsonly: {script: x, only: [tags]}
plain: {script: x}
`);
  assert.deepEqual(included(m), ['own', 'plain']);
});

void test('the matched rule decides the needs (rules:needs replaces the job needs)', async () => {
  const m = await run(`
stages: [build, test]
a: {stage: build, script: x}
b: {stage: build, script: x}
j:
  stage: test
  script: x
  needs: [a]
  rules: [{if: '$NOPE'}, {if: '$CI_COMMIT_BRANCH', needs: [b]}]
`);
  assert.deepEqual(job(m, 'j').needs, ['b']);
});

void test('the changed files given to the analysis decide rules:changes of jobs (a push pipeline)', async () => {
  const files = { '.gitlab-ci.yml': 'rb: {script: x, rules: [{changes: [a.rb]}]}\nother: {script: x}\n' };
  const decide = async (changedFiles: string[]) => {
    const m = await analyze({
      root: '.gitlab-ci.yml',
      reader: memoryReader(files),
      context: defaultContext(),
      changedFiles,
    });
    return { included: included(m), assumed: job(m, 'rb').assumed };
  };
  // GitLab compares the push's changed paths with the patterns: a.rb not changed, the job is not created.
  assert.deepEqual(await decide(['b.rb']), { included: ['other'], assumed: undefined });
  assert.deepEqual(await decide(['a.rb']), { included: ['rb', 'other'], assumed: undefined });
});

void test('durations: every unit spelling ChronicDuration knows, singular and plural', () => {
  const cases: [string, number][] = [
    ['2 s', 2],
    ['2 sec', 2],
    ['2 secs', 2],
    ['1 second', 1],
    ['2 seconds', 2],
    ['2 m', 120],
    ['2 min', 120],
    ['2 mins', 120],
    ['1 minute', 60],
    ['2 minutes', 120],
    ['2 h', 7200],
    ['2 hr', 7200],
    ['2 hrs', 7200],
    ['1 hour', 3600],
    ['2 hours', 7200],
    ['2 d', 172800],
    ['1 day', 86400],
    ['2 days', 172800],
    ['1 w', 604800],
    ['1 wk', 604800],
    ['2 wks', 1209600],
    ['1 week', 604800],
    ['2 weeks', 1209600],
    ['1 mo', 2592000],
    ['2 mos', 5184000],
    ['1 month', 2592000],
    ['2 months', 5184000],
    ['1 y', 31557600],
    ['1 yr', 31557600],
    ['2 yrs', 63115200],
    ['1 year', 31557600],
    ['2 years', 63115200],
  ];
  for (const [text, seconds] of cases) assert.equal(parseDuration(text), seconds, text);
});

void test('durations: case, surrounding blanks, decimals, joined units, "and" and commas', () => {
  assert.equal(parseDuration('  3 MINS 4 Sec '), 184);
  assert.equal(parseDuration('2h20min'), 8400);
  assert.equal(parseDuration('1.5 hours'), 5400);
  assert.equal(parseDuration('1.25 hours'), 4500);
  assert.equal(parseDuration('1 day, 2 hours and 3 minutes'), 93780);
  assert.equal(parseDuration(' 42 '), 42);
  assert.equal(parseDuration('NEVER'), Infinity);
});

void test('durations: unknown words and stray text make the duration invalid (raise_exceptions)', () => {
  for (const text of [
    '4 elephants',
    '3 secx',
    '3 xmin',
    '3 xh',
    '3 xd',
    '3 xw',
    '3 moss',
    '3 xmo',
    '3 yrsx',
    '3 xy',
    '3 hrsx',
    '3 dayx',
    '3 wkx',
    'x42',
    '3 mins banana',
    'banana',
    '',
    '1.x hours',
    '5 mins 3',
  ]) {
    assert.equal(parseDuration(text), undefined, text);
  }
});
