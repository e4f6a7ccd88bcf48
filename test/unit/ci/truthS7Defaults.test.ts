// A bad value in `default:` is GitLab's error at `default:<key>`, reported once: lib/gitlab/ci/config/entry/default.rb
// declares each key as its own entry (interruptible: ::Gitlab::Config::Entry::Boolean, artifacts: Entry::Artifacts,
// …), validated where `default:` is composed. A job inherits the default's *entry object*
// (lib/gitlab/config/entry/inheritable.rb #inherit!, job.rb #overwrite_entry), so the entry keeps its parent and its
// location (`default:interruptible`, node.rb #location): the job's own `jobs:<job>:interruptible` never appears.
// GitLab's full list repeats the same text once per inheriting job (validatable.rb #errors walks every descendant);
// the editor shows it once, on the value in `default:`. Root entries come before the jobs, so it is also the first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './helpers';
import { firstConfigError } from '../../../src/ci/jobs/firstError';
import { diagnosticLines, UNRESOLVED_INCLUDE } from './jobs/diagnosticLines';

const TWO_JOBS = 'a: {script: x}\nb: {script: x}\nt: {trigger: {include: c.yml}}\n';

void test('default.rb: interruptible is a Boolean entry of default:, reported there once (was: once per job)', async () => {
  assert.deepEqual(await diagnosticLines(`default: {interruptible: 1}\n${TWO_JOBS}`), [
    'error default-interruptible 1:26 default:interruptible config should be a boolean value',
  ]);
  const m = await run(`default:\n  interruptible: "true"\n${TWO_JOBS}`);
  assert.equal(m.pipeline.created, false);
  assert.equal(firstConfigError(m.diagnostics, [])?.message, 'default:interruptible config should be a boolean value');
  // A job's own value is still its own entry, at its own location; the good default beside it says nothing.
  assert.deepEqual(await diagnosticLines('default: {interruptible: true}\nj: {script: x, interruptible: 1}\n'), [
    'error job-interruptible 2:31 jobs:j:interruptible config should be a boolean value [j]',
  ]);
  // Both wrong: each entry reports its own.
  assert.deepEqual(await diagnosticLines('default: {interruptible: 2}\nj: {script: x, interruptible: 1}\n'), [
    'error default-interruptible 1:26 default:interruptible config should be a boolean value',
    'error job-interruptible 2:31 jobs:j:interruptible config should be a boolean value [j]',
  ]);
  // A job that does not inherit it (inherit:default: false) still leaves default:'s own error: it is validated there.
  assert.deepEqual(await diagnosticLines('default: {interruptible: x}\nj: {script: x, inherit: {default: false}}\n'), [
    'error default-interruptible 1:26 default:interruptible config should be a boolean value',
  ]);
  assert.deepEqual(await diagnosticLines(`default: {interruptible: false}\n${TWO_JOBS}`), []);
});

void test('default.rb: artifacts is an Artifacts entry of default:, its messages at default:artifacts, once', async () => {
  assert.deepEqual(await diagnosticLines(`default: {artifacts: 1}\n${TWO_JOBS}`), [
    'error artifacts-shape 1:22 default:artifacts config should be a hash',
  ]);
  assert.deepEqual(await diagnosticLines(`default: {artifacts: {paths: a, when: never, foo: 1}}\n${TWO_JOBS}`), [
    'error artifacts-keys 1:46 default:artifacts config contains unknown keys: foo',
    'error artifacts-paths 1:30 default:artifacts paths should be an array of strings',
    'error artifacts-when 1:39 default:artifacts when should be one of: on_success, on_failure, always',
  ]);
  // A job's own artifacts replace the default's whole: they are judged as the job's.
  assert.deepEqual(await diagnosticLines('default: {artifacts: {paths: [a]}}\nj: {script: x, artifacts: 1}\n'), [
    'error artifacts-shape 2:27 jobs:j:artifacts config should be a hash [j]',
  ]);
  // The jobs still upload what default: gives them.
  const m = await run(`default: {artifacts: {paths: [out/]}}\n${TWO_JOBS}`);
  assert.deepEqual(
    m.jobs.filter((j) => j.name !== 't').map((j) => j.artifacts?.paths),
    [['out/'], ['out/']],
  );
});

void test('offline, a default value from an unresolved !reference is not checked, said once at default:<key>', async () => {
  const lines = await diagnosticLines(
    `${UNRESOLVED_INCLUDE}default: {interruptible: !reference [.d, i], artifacts: !reference [.d, a]}\n${TWO_JOBS}`,
  );
  assert.deepEqual(
    lines.filter((l) => l.includes('reference-unknown-value')),
    [
      'info reference-unknown-value 2:37 `default:interruptible` is not checked: its value comes from `!reference [".d", "i"]`, probably defined in an include that is not resolved offline',
      'info reference-unknown-value 2:68 `default:artifacts` is not checked: its value comes from `!reference [".d", "a"]`, probably defined in an include that is not resolved offline',
    ],
  );
  assert.deepEqual(
    lines.filter((l) => l.startsWith('error')),
    [],
  );
});
