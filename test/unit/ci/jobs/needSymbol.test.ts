// Need's JobString strategy is taken for a String only (lib/gitlab/ci/config/entry/need.rb: `config.is_a?(String)`):
// a Symbol item (`- :b`, which GitLab's loader permits) is the unknown strategy's "has an unsupported type".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../helpers';

void test('a Symbol in needs is an unsupported type; the same name quoted is a need', async () => {
  const symbol = await run('b:\n  script: x\na:\n  script: y\n  needs:\n    - :b\n');
  assert.deepEqual(symbol.pipeline, { created: false, message: 'jobs:a:needs:need has an unsupported type' });
  const quoted = await run("b:\n  script: x\na:\n  script: y\n  needs:\n    - ':b'\n");
  assert.deepEqual(
    quoted.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    ['a job: undefined need: :b'],
  );
});
