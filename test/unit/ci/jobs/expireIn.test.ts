// `artifacts:expire_in` as GitLab validates it: Entry::Artifacts' `validates :expire_in, duration: { parser:
// Build::DurationParser }` (lib/gitlab/ci/config/entry/artifacts.rb), LegacyValidationHelpers#validate_duration
// (only a String; lib/gitlab/config/entry/legacy_validation_helpers.rb) and the parser: `never` in any case, else
// ChronicDuration.parse, which answers nil for zero. A refused value refuses the pipeline, like every entry error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../helpers';

const BAD = 'jobs:a:artifacts expire in should be a duration';

async function verdict(value: string): Promise<{ created: boolean; errors: string[] }> {
  const m = await run(`a:\n  script: x\n  artifacts:\n    paths: [out/]\n    expire_in: ${value}\n`);
  return {
    created: m.pipeline.created,
    errors: m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
  };
}

void test('expire_in: strings ChronicDuration reads, and never, are accepted', async () => {
  for (const value of ['1 week', "'30 min'", '2h20min', 'never', 'Never', 'NEVER', '"3 mins 4 sec"', "'42'"]) {
    assert.deepEqual(await verdict(value), { created: true, errors: [] }, value);
  }
});

void test('expire_in: zero, an empty text, what is not a String, and what does not parse are refused', async () => {
  for (const value of ["'0'", "'0 sec'", "''", '42', '1.5', '[1 day]', '{a: 1}', 'true', 'banana']) {
    const v = await verdict(value);
    assert.deepEqual(v, { created: false, errors: [BAD] }, value);
  }
  // No value at all is no expiry (allow_nil).
  assert.deepEqual(await verdict('null'), { created: true, errors: [] });
});
