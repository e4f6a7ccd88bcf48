// The needs-cycle check skips a graph it found acyclic in one of the last analyses (src/ci/jobs/needsCycles.ts):
// a graph with a cycle is never remembered, and any change to the graph is checked again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../helpers';
import type { JobDef } from '../../../../src/ci/jobs/jobTypes';
import type { ExpandedNeed } from '../../../../src/ci/jobs/references';

const cycles = async (yaml: string): Promise<string[]> =>
  (await run({ '.gitlab-ci.yml': yaml })).diagnostics.filter((d) => d.code === 'needs-cycle').map((d) => d.message);

const ACYCLIC = 'a:\n  stage: test\n  script: x\nb:\n  stage: test\n  script: y\n  needs: [a]\n';
const CYCLIC = 'a:\n  stage: test\n  script: x\n  needs: [b]\nb:\n  stage: test\n  script: y\n  needs: [a]\n';

void test('an acyclic graph seen before, then a cycle, then the acyclic graph again, then the cycle again', async () => {
  const cycle = ['The pipeline has circular dependencies: topological sort failed: ["a", "b"]'];
  assert.deepEqual(await cycles(ACYCLIC), []);
  assert.deepEqual(await cycles(ACYCLIC), []);
  assert.deepEqual(await cycles(CYCLIC), cycle);
  assert.deepEqual(await cycles(CYCLIC), cycle, 'a graph with a cycle is checked every time');
  assert.deepEqual(await cycles(ACYCLIC), []);
  // The same names, another edge: checked again.
  assert.deepEqual(await cycles(ACYCLIC.replace('script: x\n', 'script: x\n  needs: [b]\n')), cycle);
  // A self-dependency is reported before any component.
  assert.deepEqual(await cycles('a:\n  stage: test\n  script: x\n  needs: [a]\n'), [
    'The pipeline has circular dependencies: self-dependency: a',
  ]);
});

void test('the graph is remembered by its job names and needs lists: a new list or a new name is checked again', async () => {
  const { checkCycles } = await import('../../../../src/ci/jobs/needsCycles');
  const { DiagnosticSink } = await import('../../../../src/ci/diagnostics');
  const at = { file: '.gitlab-ci.yml', line: 1, column: 1 };
  const job = (name: string) => ({ name, keyRange: at }) as unknown as JobDef;
  const need = (name: string) => ({ name, type: 'job' }) as ExpandedNeed;
  const check = (jobs: JobDef[], needs: (ExpandedNeed[] | null)[]): string[] => {
    const refs = new Map(jobs.map((j, i) => [j.name, { needs: needs[i] ?? null, dependencies: null }] as const));
    const sink = new DiagnosticSink();
    checkCycles(jobs, refs, sink);
    return sink.items.map((d) => d.message);
  };
  const onA = [need('m1')];
  const onB = [need('m2')];
  const none: ExpandedNeed[] = [];
  const jobs = [job('m1'), job('m2')];
  assert.deepEqual(check(jobs, [none, onA]), [], 'm2 needs m1: no cycle (remembered)');
  assert.deepEqual(check(jobs, [none, onA]), [], 'the same lists: the remembered answer');
  assert.deepEqual(check(jobs, [onB, onA]), [
    'The pipeline has circular dependencies: topological sort failed: ["m1", "m2"]',
  ]);
  // The same list objects under other names: `x` needs m2, m2 needs m1 (no such job): no cycle, remembered ...
  assert.deepEqual(check([job('x'), job('m2')], [onB, onA]), []);
  // ... and with the name m1 again the same lists make a cycle: names are part of the graph.
  assert.equal(check(jobs, [onB, onA]).length, 1, 'a cycle is never remembered');
});
