// The needs-cycle check skips a graph it found acyclic in one of the last analyses (src/ci/jobs/needsCycles.ts):
// a graph with a cycle is never remembered, and any change to the graph is checked again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../helpers';

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
