// Survivors of src/ci/jobs/parallel.ts. GitLab: entry/product/parallel.rb (ParallelBuilds: an Integer 1..200;
// MatrixBuilds: a Hash with `matrix`; UnknownStrategy: "should be an integer or a hash"), product/matrix.rb.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandParallel, matrixCombinations } from '../../../../src/ci/jobs/parallel';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import { get } from '../../../../src/ci/yaml/node';
import type { YNode } from '../../../../src/ci/yaml/node';

function node(yaml: string): YNode | undefined {
  const root = loadYaml(`v: ${yaml}`, 'f.yml', new DiagnosticSink()).root;
  return get(root, 'v');
}
function expand(yaml: string, kind: 'job' | 'trigger' = 'job'): { names: string[] | undefined; errors: string[] } {
  const sink = new DiagnosticSink();
  const out = expandParallel('j', kind, node(yaml), sink);
  return {
    names: out?.map((i) => `${i.name} #${i.index}/${i.total}`),
    errors: sink.items.map((d) => `${d.code}: ${d.message}`),
  };
}
const MATRIX_VALUES =
  'parallel-matrix: jobs:j:parallel:matrix:variables config should be a hash of key value pairs, value can be an array';

void test('parallel: a string or a float is neither an integer nor a hash (UnknownStrategy)', () => {
  for (const v of ['"3"', '2.5', '[1]']) {
    assert.deepEqual(
      expand(v),
      { names: undefined, errors: ['parallel: jobs:j:parallel should be an integer or a hash'] },
      v,
    );
  }
  assert.deepEqual(expand('{other: 1}').errors, ['parallel: jobs:j:parallel should be an integer or a hash']);
});

void test('parallel: 1 is allowed (greater_than_or_equal_to: 1), 0 is not', () => {
  assert.deepEqual(expand('1'), { names: ['j 1/1 #1/1'], errors: [] });
  assert.deepEqual(expand('0').errors, ['parallel: jobs:j:parallel config must be greater than or equal to 1']);
  assert.deepEqual(expand('201').errors, ['parallel: jobs:j:parallel config must be less than or equal to 200']);
});

void test('parallel: a number on a trigger job is an error and makes no instances (bridge: matrix only)', () => {
  // product/parallel.rb ParallelBuilds: the numericality check, then `cannot use "parallel: <number>".` when the
  // entry's allowed strategies (bridge.rb: matrix only) leave numbers out.
  assert.deepEqual(expand('2', 'trigger'), {
    names: undefined,
    errors: ['parallel: jobs:j:parallel config cannot use "parallel: <number>".'],
  });
  assert.deepEqual(expand('0', 'trigger').errors, [
    'parallel: jobs:j:parallel config must be greater than or equal to 1',
    'parallel: jobs:j:parallel config cannot use "parallel: <number>".',
  ]);
});

void test('matrix: instances are numbered from 1 in product order, the total is the product count', () => {
  assert.deepEqual(expand('{matrix: [{A: [x, y]}, {B: z}]}'), {
    names: ['j: [x] #1/3', 'j: [y] #2/3', 'j: [z] #3/3'],
    errors: [],
  });
});

void test('matrix: a boolean value is refused (only strings and integers, R2.2)', () => {
  assert.deepEqual(expand('{matrix: [{A: true}]}'), { names: undefined, errors: [MATRIX_VALUES] });
});

void test('matrixCombinations without a sink (needs:parallel:matrix probing) returns undefined, never throws', () => {
  for (const m of [
    '{A: x}',
    '[x]',
    '[{A: {B: 1}}]',
    `[{A: [${Array.from({ length: 201 }, (_, i) => i).join(', ')}]}]`,
  ]) {
    assert.equal(matrixCombinations('l', 'j', node(m)!, undefined), undefined, m);
  }
});

void test('matrixCombinations: GitLab codes and messages for each kind of bad matrix', () => {
  const errs = (m: string): string[] => {
    const sink = new DiagnosticSink();
    matrixCombinations('jobs:j:parallel:matrix', 'j', node(m)!, sink);
    return sink.items.map((d) => `${d.code}: ${d.message}`);
  };
  assert.deepEqual(errs('{A: x}'), ['parallel-matrix: jobs:j:parallel:matrix config should be an array of hashes']);
  assert.deepEqual(errs('[x]'), [MATRIX_VALUES]);
  assert.deepEqual(errs('[{A: {B: 1}}]'), [MATRIX_VALUES]);
});
