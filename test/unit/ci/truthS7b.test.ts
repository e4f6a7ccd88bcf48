// GitLab truths found in s7 (docs/mutation.md rows "found, not fixed"), each read from GitLab's or the runner's
// source: a job key interpolated to a non-String, artifact paths outside the project, trigger hashes GitLab refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, run } from './helpers';

void test('a job key interpolated to a number or true is refused like a written `5:` key (interpolation/config.rb)', async () => {
  // recursive_replace_hash keeps the block's typed value as the new key, and Processable wants a Symbol.
  const m = await run({
    '.gitlab-ci.yml': 'include: [{local: t.yml, inputs: {n: 5, b: true}}]\nroot: {script: x}\n',
    't.yml':
      'spec:\n  inputs:\n    n: {type: number}\n    b: {type: boolean}\n---\n' +
      '"$[[ inputs.n ]]": {script: x}\n"$[[ inputs.b ]]": {script: y}\n',
  });
  assert.deepEqual(errors(m).sort(), ['jobs:5 name should be a symbol', 'jobs:true name should be a symbol']);
  // A block inside longer text is a String: the job is named by the text, no error.
  const text = await run({
    '.gitlab-ci.yml': 'include: [{local: t.yml, inputs: {n: 5}}]\nroot: {script: x}\n',
    't.yml': 'spec:\n  inputs:\n    n: {type: number}\n---\n"unit-$[[ inputs.n ]]": {script: x}\n',
  });
  assert.deepEqual(errors(text), []);
  assert.deepEqual(text.jobs.map((j) => j.name).sort(), ['root', 'unit-5']);
});
