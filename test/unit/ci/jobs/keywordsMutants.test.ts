// Survivors of src/ci/jobs/keywords.ts: every entry of the keyword tables, pinned to GitLab's lists.
// entry/root.rb (the global keys that are never jobs), entry/default.rb ALLOWED_KEYS, entry/processable.rb
// PROCESSABLE_ALLOWED_KEYS, entry/job.rb ALLOWED_KEYS (+ EE's secrets, dast_configuration, identity; `type` is the
// deprecated alias of `stage`, `interruptible` is accepted on both kinds), entry/bridge.rb ALLOWED_KEYS,
// entry/artifacts.rb ALLOWED_KEYS. Emptying one entry of a table changes which keys are "unknown".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ARTIFACT_KEYS,
  BRIDGE_KEYS,
  DEFAULT_KEYS,
  DEPRECATED_GLOBAL_DEFAULTS,
  JOB_KEYS,
  RESERVED_ROOT_KEYS,
  SOFT_ROOT_KEYS,
} from '../../../../src/ci/jobs/keywords';

const sorted = (s: Iterable<string>): string[] => [...s].sort();
const PROCESSABLE = [
  'extends',
  'stage',
  'only',
  'except',
  'rules',
  'variables',
  'inherit',
  'allow_failure',
  'when',
  'needs',
  'resource_group',
  'environment',
  'start_in',
];

void test('root keys that are never jobs, and the two that are unless they look like one', () => {
  assert.deepEqual(
    sorted(RESERVED_ROOT_KEYS),
    sorted(['include', 'before_script', 'image', 'services', 'after_script', 'variables', 'stages', 'cache']),
  );
  assert.deepEqual(sorted(SOFT_ROOT_KEYS), ['default', 'workflow']);
  assert.deepEqual([...DEPRECATED_GLOBAL_DEFAULTS], ['image', 'services', 'cache', 'before_script', 'after_script']);
});

void test('default: keys (entry/default.rb ALLOWED_KEYS)', () => {
  assert.deepEqual(
    sorted(DEFAULT_KEYS),
    sorted([
      'before_script',
      'after_script',
      'hooks',
      'cache',
      'image',
      'services',
      'interruptible',
      'timeout',
      'retry',
      'tags',
      'artifacts',
      'id_tokens',
      'identity',
    ]),
  );
});

void test('job keys: processable keys plus job.rb ALLOWED_KEYS (with EE keys)', () => {
  assert.deepEqual(
    sorted(JOB_KEYS),
    sorted([
      ...PROCESSABLE,
      'tags',
      'script',
      'run',
      'image',
      'services',
      'artifacts',
      'cache',
      'dependencies',
      'before_script',
      'after_script',
      'hooks',
      'coverage',
      'retry',
      'parallel',
      'interruptible',
      'timeout',
      'release',
      'id_tokens',
      'publish',
      'pages',
      'manual_confirmation',
      'secrets',
      'dast_configuration',
      'identity',
      'type',
    ]),
  );
});

void test('trigger job keys: processable keys plus bridge.rb ALLOWED_KEYS', () => {
  assert.deepEqual(
    sorted(BRIDGE_KEYS),
    sorted([...PROCESSABLE, 'trigger', 'parallel', 'interruptible', 'retry', 'timeout', 'manual_confirmation']),
  );
});

void test('artifacts keys (entry/artifacts.rb ALLOWED_KEYS)', () => {
  assert.deepEqual(
    sorted(ARTIFACT_KEYS),
    sorted(['name', 'untracked', 'paths', 'reports', 'when', 'expire_in', 'expose_as', 'exclude', 'public', 'access']),
  );
});
