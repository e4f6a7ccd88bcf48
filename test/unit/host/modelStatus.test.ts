import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFatal, jobAtLine, present, zeroBased } from '../../../src/host/modelStatus';
import { model, range, sampleModel } from '../../fixtures/models/builders';

const yamlError = {
  severity: 'error' as const,
  code: 'yaml-syntax',
  message: '(.gitlab-ci.yml): bad indentation',
  ...range(7),
};

void test('a good model is shown without a banner and becomes the last good one', () => {
  const m = sampleModel();
  const p = present(m, null);
  assert.equal(p.model, m);
  assert.equal(p.banner, null);
  assert.equal(p.good, m);
});

void test('a YAML error keeps the last good graph under a stale error banner', () => {
  const good = sampleModel();
  const broken = model(['test'], [], { diagnostics: [yamlError], pipeline: { created: false } });
  assert.equal(isFatal(broken), true);
  const p = present(broken, good);
  assert.equal(p.model, good);
  assert.equal(p.good, good);
  assert.deepEqual(p.banner, {
    severity: 'error',
    message: yamlError.message,
    stale: true,
    location: '.gitlab-ci.yml:7',
  });
  // Without a previous graph the (empty) model is shown with a non-stale banner.
  const first = present(broken, null);
  assert.equal(first.model, broken);
  assert.equal(first.banner?.stale, false);
});

void test('non-fatal errors show the new graph with an error banner', () => {
  const m = sampleModel();
  m.diagnostics.push({
    severity: 'error',
    code: 'undefined-need',
    message: "'deploy' job needs 'nope' job, but 'nope' does not exist in the pipeline.",
    ...range(60),
  });
  m.diagnostics.push({ severity: 'warning', code: 'x', message: 'w', ...range(3) });
  assert.equal(isFatal(m), false);
  const p = present(m, null);
  assert.equal(p.model, m);
  assert.equal(p.banner?.severity, 'error');
  assert.match(p.banner?.message ?? '', /does not exist/);
});

void test('jobAtLine finds the job whose definition holds the cursor, per file', () => {
  const jobs = [
    { name: 'a', file: 'x.yml', line: 3 },
    { name: 'b', file: 'x.yml', line: 10 },
    { name: 'c', file: 'y.yml', line: 1 },
  ];
  assert.equal(jobAtLine(jobs, 'x.yml', 2), undefined);
  assert.equal(jobAtLine(jobs, 'x.yml', 3), 'a');
  assert.equal(jobAtLine(jobs, 'x.yml', 9), 'a');
  assert.equal(jobAtLine(jobs, 'x.yml', 40), 'b');
  assert.equal(jobAtLine(jobs, 'y.yml', 5), 'c');
});

void test("zeroBased turns the model's 1-based ranges into editor positions", () => {
  assert.deepEqual(zeroBased({ line: 22, column: 18, endLine: 22, endColumn: 26 }), {
    line: 21,
    column: 17,
    endLine: 21,
    endColumn: 25,
  });
  assert.deepEqual(zeroBased({ line: 1, column: 1, endLine: 1, endColumn: 1 }), {
    line: 0,
    column: 0,
    endLine: 0,
    endColumn: 0,
  });
  assert.deepEqual(zeroBased({ line: 3, column: 5, endLine: 4, endColumn: 1 }), {
    line: 2,
    column: 4,
    endLine: 3,
    endColumn: 0,
  });
  assert.deepEqual(zeroBased({ line: 0, column: 0, endLine: 0, endColumn: 0 }), {
    line: 0,
    column: 0,
    endLine: 0,
    endColumn: 0,
  });
});
