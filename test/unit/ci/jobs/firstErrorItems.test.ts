// firstError.ts's `inOtherItems`: which item of a job's list holds a message, by position (survivors of the eighth
// session's mutation run). A job's `rules` of two items, parsed for real; the messages are placed by hand at the
// edges of those items (item 0 spans 4:7 to 6:1, item 1 6:7 to 8:1), with the chosen message reported first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { firstConfigError } from '../../../../src/ci/jobs/firstError';
import type { JobDef } from '../../../../src/ci/jobs/jobTypes';
import type { Diagnostic } from '../../../../src/ci/model';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import { get } from '../../../../src/ci/yaml/node';

const YAML = 'a:\n  script: x\n  rules:\n    - if: $A\n      changes: {paths: 1}\n    - if: $B\n      foo: 1\n';
const root = loadYaml(YAML, 'f.yml', new DiagnosticSink()).root;
const node = get(root, 'a');
assert.ok(node?.kind === 'map');
const job = { name: 'a', group: 'a', node } as unknown as JobDef;

const CHILD = 'jobs:a:rules:rule:changes paths should be an array of strings';
const OWN = 'jobs:a:rules:rule config contains unknown keys: foo';

function at(message: string, line: number, column: number, file = 'f.yml'): Diagnostic {
  return { severity: 'error', code: 'x', message, job: 'a', file, line, column, endLine: line, endColumn: column + 1 };
}

/** The message named first when `chosen` (reported first) meets an own message of a rule placed at `d`. */
const named = (chosen: Diagnostic, d: Diagnostic): string | undefined => firstConfigError([chosen, d], [job])?.message;

void test('the chosen child in item 0: a later item own message does not enclose it, one in item 0 or on no item does', () => {
  const child = at(CHILD, 5, 24);
  assert.equal(named(child, at(OWN, 7, 7)), CHILD); // item 1
  assert.equal(named(child, at(OWN, 5, 7)), OWN); // item 0
  assert.equal(named(child, at(OWN, 6, 5)), OWN); // the `-` of item 1: on no item
  // The same place in another file is on no item of this list.
  assert.equal(named(child, at(OWN, 7, 7, 'g.yml')), OWN);
  // A chosen message on no item: nothing tells the items apart, the paths decide.
  assert.equal(named(at(CHILD, 6, 5), at(OWN, 7, 7)), OWN);
});

void test('the chosen child in item 1: the edges of item 0 (its start and end inclusive) and what lies outside it', () => {
  const child = at(CHILD, 7, 12);
  assert.equal(named(child, at(OWN, 6, 1)), CHILD); // item 0's end, inclusive
  assert.equal(named(child, at(OWN, 4, 7)), CHILD); // item 0's start, inclusive
  assert.equal(named(child, at(OWN, 6, 3)), OWN); // past item 0's end on its last line, before item 1
  assert.equal(named(child, at(OWN, 4, 3)), OWN); // before item 0's start on its first line
  assert.equal(named(child, at(OWN, 3, 9)), OWN); // a line before item 0, at a later column
  assert.equal(named(child, at(OWN, 5, 7, 'g.yml')), OWN); // item 0's place in another file: on no item
});

void test('a trigger:include job in a later stage is a logical error: an earlier job stage error is named first', async () => {
  const { run } = await import('../helpers');
  const m = await run(
    'a:\n  stage: nope\n  script: x\nt:\n  stage: build\n  trigger:\n    include:\n      - artifact: x.yml\n' +
      '        job: g\ng:\n  stage: test\n  script: x\n',
  );
  assert.equal(
    m.pipeline.message,
    'a job: chosen stage nope does not exist; available stages are .pre, build, test, deploy, .post',
  );
  assert.ok(m.diagnostics.some((d) => d.code === 'trigger-include-job-stage'));
});
