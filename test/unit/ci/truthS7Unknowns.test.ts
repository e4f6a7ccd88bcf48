// Offline (an include not read), a value that comes from an unresolved `!reference` cannot be judged by the value
// checks (src/ci/jobs/valueChecks.ts, imageChecks.ts, variableChecks.ts): GitLab checks the value the reference
// names, in the include. They used to pass over it in silence; now each such value says it is not checked and names
// the reference (merge/unresolved.ts), once per value — a template's value reached through many jobs is one value —
// and never as an error. Each is placed on the reference itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, run } from './helpers';
import type { FlowModel } from '../../../src/ci/model';

const HEAD = 'include: [{project: g/p, file: t.yml}]\nstages: [build, test]\n';

/** The "not checked" infos as `line:column location <- reference [job]`. */
function notChecked(m: FlowModel): string[] {
  return m.diagnostics
    .filter((d) => d.code === 'reference-unknown-value')
    .map((d) => {
      assert.equal(d.severity, 'info');
      const match =
        /^`([^`]+)` is not checked: its value comes from `([^`]+)`, probably defined in an include that is not resolved offline$/.exec(
          d.message,
        );
      assert.ok(match, d.message);
      return `${d.line}:${d.column} ${match[1]} <- ${match[2]}${d.job === undefined ? '' : ` [${d.job}]`}`;
    });
}

void test('a template value from an unresolved reference: said once, however many jobs extend it; no error', async () => {
  const m = await run(
    HEAD +
      '.base:\n' +
      '  script: !reference [.t, script]\n' +
      '  image: !reference [.t, image]\n' +
      '  tags: [a, !reference [.t, tags]]\n' +
      '  timeout: !reference [.t, timeout]\n' +
      '  retry: {max: 1, when: !reference [.t, when]}\n' +
      'a: {extends: .base, stage: test}\n' +
      'b: {extends: .base, stage: test}\n' +
      'c: {extends: .base, stage: test}\n',
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(
    notChecked(m),
    [
      '4:22 script <- !reference [".t", "script"]',
      '5:21 image <- !reference [".t", "image"]',
      '7:23 timeout <- !reference [".t", "timeout"]',
      '8:36 retry:when <- !reference [".t", "when"]',
      '6:24 tags <- !reference [".t", "tags"]',
    ].map((l) => `${l} [a]`),
  );
});

void test('each value check says what it cannot judge: commands, services, cache, variables, environment, coverage', async () => {
  const m = await run(
    HEAD +
      'j:\n' +
      '  stage: test\n' +
      '  script: [x, [!reference [.t, s]]]\n' +
      '  services: [{name: s, alias: !reference [.t, alias]}, !reference [.t, svc]]\n' +
      '  cache: [!reference [.t, cache]]\n' +
      '  variables: {A: !reference [.t, a], B: {value: b, expand: !reference [.t, e]}}\n' +
      '  environment: {name: !reference [.t, env]}\n' +
      '  coverage: !reference [.t, cov]\n' +
      '  resource_group: !reference [.t, rg]\n',
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(
    notChecked(m),
    [
      '11:30 resource_group <- !reference [".t", "rg"]',
      '8:29 variables:A <- !reference [".t", "a"]',
      '8:71 variables:B:expand <- !reference [".t", "e"]',
      '9:34 environment:name <- !reference [".t", "env"]',
      '5:27 script <- !reference [".t", "s"]',
      '7:22 cache <- !reference [".t", "cache"]',
      '6:42 services:service:alias <- !reference [".t", "alias"]',
      '6:67 services:service <- !reference [".t", "svc"]',
      '10:24 coverage <- !reference [".t", "cov"]',
    ].map((l) => `${l} [j]`),
  );
});

void test('root and default: values say it at their own location, without a job', async () => {
  const m = await run(
    HEAD +
      'default: {before_script: !reference [.t, bs], tags: !reference [.t, tags]}\n' +
      'image: !reference [.t, image]\n' +
      'variables: {G: {value: !reference [.t, g]}}\n' +
      'j: {stage: test, script: x}\n',
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(notChecked(m), [
    '3:37 default:before_script <- !reference [".t", "bs"]',
    '3:64 default:tags <- !reference [".t", "tags"]',
    '4:19 image <- !reference [".t", "image"]',
    '5:35 variables:G:value <- !reference [".t", "g"]',
  ]);
});

void test('known wrong values beside unknown ones are still errors; a file without unknowns says nothing', async () => {
  const m = await run(HEAD + 'j: {stage: test, script: x, tags: [!reference [.t, t]], timeout: 1, coverage: x}\n');
  assert.deepEqual(errors(m), [
    'jobs:j:timeout config should be a duration',
    'jobs:j:timeout config should not exceed the limit',
    'jobs:j:coverage config must be a regular expression with re2 syntax',
  ]);
  assert.equal(notChecked(m).length, 1);
  const plain = await run('j: {script: x, tags: [a], image: i, variables: {A: 1}}\n');
  assert.deepEqual(notChecked(plain), []);
});
