// GitLab truths found by this session's mutation answers (docs/mutation.md), each read from GitLab's source or
// measured with Ruby 3.1: a job timeout of `never` or a month and more, a `trigger:` without a value, and the
// bytes Ruby's DeepSize counts for integers and floats stored inline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import { deepSizeBounds } from '../../../src/ci/yaml/deepSize';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import { errors, run } from './helpers';

void test('timeout: `never` is no duration, and a month or more exceeds the limit (validators.rb, timeout.rb)', async () => {
  // LegacyValidationHelpers: ChronicDuration finds no duration in `never` (validate_duration false), and the limit
  // check is false for a value it cannot parse; the limit is ChronicDuration.output(1.month), 30 days and more,
  // and the value must be below it.
  const never = await run('a: {script: x, timeout: never}\n');
  assert.deepEqual(errors(never), [
    'jobs:a:timeout config should be a duration',
    'jobs:a:timeout config should not exceed the limit',
  ]);
  assert.deepEqual(errors(await run('a: {script: x, timeout: Never}\n')).length, 2);
  assert.deepEqual(errors(await run('a: {script: x, timeout: 31 days}\n')), [
    'jobs:a:timeout config should not exceed the limit',
  ]);
  // Below 30 days is under either reading of a month; 30 days itself is left unjudged (ours: not surely over).
  assert.deepEqual(errors(await run('a: {script: x, timeout: 29 days}\n')), []);
  assert.deepEqual(errors(await run('a: {script: x, timeout: 3h 30m}\n')), []);
});

void test('a `trigger:` without a value defines no trigger (bridge.rb; bridge_spec "when trigger config is nil")', async () => {
  const m = await run('b: {script: x}\nt: {trigger: ~}\n');
  assert.deepEqual(errors(m), ['jobs:t config should contain either a trigger or a needs:pipeline']);
  assert.deepEqual(
    m.jobs.map((j) => j.name),
    ['b'],
  );
  assert.deepEqual(errors(await run('t: {trigger: {include: c.yml}}\n')), []);
});

/** DeepSize's bytes of the one value under `a:` (the root mapping and the key excluded). */
function bytes(yaml: string): { lo: number; hi: number } {
  const root = loadYaml(`a: ${yaml}\n`, 'ci.yml', new DiagnosticSink()).root;
  const value = root?.entries[0]?.value;
  assert.ok(value);
  return deepSizeBounds(value);
}

void test('integers below 2^62 and floats Ruby stores inline take no bytes (ObjectSpace.memsize_of, Ruby 3.1)', () => {
  // Ruby 3.1: memsize_of(2**62 - 1) 0, (2**62) 40; 1.0e77 and 2.0**256 0, 2.0**257 40; 0.0 0, -0.0 40;
  // 2.0**-255 40, -(2.0**-255) 0.
  for (const zero of [
    '9007199254740993',
    '4611686018427387903',
    '-4611686018427387904',
    '1.0e+77',
    '0.0',
    '-1.7272337110188889e-77',
  ]) {
    assert.deepEqual(bytes(zero), { lo: 0, hi: 0 }, zero);
  }
  for (const heap of [
    '4611686018427387904',
    '-4611686018427387905',
    '2.5e+77',
    '-0.0',
    '.inf',
    '-8.6e-78',
    '1.7272337110188889e-77',
  ]) {
    assert.ok(bytes(heap).lo >= 40, heap);
  }
  // Integer keys: a 19-digit key below 2^62 is inline, one above is a Bignum.
  const keys = (k: string): { lo: number; hi: number } => {
    const root = loadYaml(`${k}: 1\n`, 'ci.yml', new DiagnosticSink()).root;
    assert.ok(root);
    return deepSizeBounds(root);
  };
  assert.ok(keys('4611686018427387904').lo > keys('1000000000000000000').lo);
  // An empty mapping: 40 bytes in Ruby 3.1, a 160-byte slot from Ruby 3.2.
  assert.deepEqual(bytes('{}'), { lo: 40, hi: 160 });
});

void test('a list of 25,000 large integers or floats is far under DeepSize 1 MB: loaded, no warning', () => {
  for (const item of ['9007199254740993', '1.0e+77']) {
    const sink = new DiagnosticSink();
    const root = loadYaml(`a: [${Array.from({ length: 25_000 }, () => item).join(', ')}]\n`, 'ci.yml', sink).root;
    assert.ok(root, item);
    assert.deepEqual(
      sink.items.map((d) => d.message),
      [],
      item,
    );
  }
});

void test('hooks: a hash of pre_get_sources_script commands (hooks.rb), in jobs and in default:', async () => {
  assert.deepEqual(errors(await run('a: {script: x, hooks: {pre_get_sources_script: [echo, [ls]]}}\n')), []);
  assert.deepEqual(errors(await run('a: {script: x, hooks: ls}\n')), ['jobs:a:hooks config should be a hash']);
  assert.deepEqual(errors(await run('a: {script: x, hooks: {x_get_something: [ls]}}\n')), [
    'jobs:a:hooks config contains unknown keys: x_get_something',
  ]);
  assert.deepEqual(errors(await run('a: {script: x, hooks: {pre_get_sources_script: 5}}\n')), [
    'jobs:a:hooks:pre_get_sources_script config should be a string or a nested array of strings up to 10 levels deep',
  ]);
  assert.deepEqual(errors(await run('default: {hooks: [ls]}\na: {script: x}\n')), [
    'default:hooks config should be a hash',
  ]);
  assert.deepEqual(errors(await run('a: {script: x, hooks: ~}\n')), []);
});
