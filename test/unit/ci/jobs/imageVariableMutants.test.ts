// Mutation survivors of src/ci/jobs/imageChecks.ts, variableChecks.ts and valueReport.ts (docs/mutation.md, "jobs:
// value shapes, images, variables, trigger shape"). Expected values are GitLab's (gitlabhq):
//   lib/gitlab/ci/config/entry/services.rb   a ComposableArray: `[@config].flatten`, each item a Service through
//                                            Entry::Factory, which makes an Unspecified entry for a nil value
//   lib/gitlab/ci/config/entry/service.rb    (validations/service.rb) `command` array_of_strings and `alias` a String,
//                                            both `allow_nil: true`
//   lib/gitlab/ci/config/entry/caches.rb     "can only be a Hash or an Array", each (flattened) item a Cache (a Hash)
//   lib/gitlab/ci/config/entry/variable.rb   ComplexVariable: `config_value`/`config_description` alphanumeric
//                                            (String, Symbol or Integer: validators.rb AlphanumericValidator),
//                                            `options` array_of_strings, "uses invalid data keys: #{keys.join(', ')}",
//                                            `config_options.present? && config_options.exclude?(config_value)`
// Each line pins the code, the place and the message. An unresolved `!reference` (an include not read offline) is
// unknown: not judged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticLines, UNRESOLVED_INCLUDE } from './diagnosticLines';

/** The errors of a configuration (the include's info and the references' warnings left out). */
async function errorLines(yaml: string): Promise<string[]> {
  return (await diagnosticLines(yaml)).filter((l) => l.startsWith('error '));
}

void test('services.rb, service.rb: codes and places of each message', async () => {
  assert.deepEqual(await errorLines('j: {script: x, services: a}\n'), [
    'error services-shape 1:26 jobs:j:services config should be an array [j]',
  ]);
  assert.deepEqual(await errorLines('j: {script: x, services: [1, {name: a, command: b, alias: [c]}]}\n'), [
    'error services-shape 1:27 jobs:j:services:service config should be a hash or a string [j]',
    'error services-shape 1:27 jobs:j:services:service name should be a string [j]',
    "error services-shape 1:27 jobs:j:services:service name can't be blank [j]",
    'error services-shape 1:49 jobs:j:services:service command should be an array of strings [j]',
    'error services-shape 1:59 jobs:j:services:service alias should be a string [j]',
  ]);
  assert.deepEqual(await errorLines('services: 1\nj: {script: x}\n'), [
    'error services-shape 1:11 services config should be an array',
  ]);
});

void test('services.rb: flattened items; nil items, and a command or alias left out or null, are not validated', async () => {
  const accepted = [
    'j: {script: x, services: [~, a, [b, [{name: c}]]]}\n',
    'j: {script: x, services: [{name: a}, {name: b, command: ~, alias: ~}]}\n',
    'default: {services: [[a], [[b]]]}\nj: {script: x}\n',
  ];
  for (const yaml of accepted) assert.deepEqual(await errorLines(yaml), [], yaml);
  // A list holding an unresolved !reference may be a list of strings once resolved.
  assert.deepEqual(
    await errorLines(`${UNRESOLVED_INCLUDE}j: {script: x, services: [{name: a, command: [!reference [.t, c], d]}]}\n`),
    [],
  );
  // Offline only a name left out may come from an include (deep-merged): a name written here is the job's own.
  assert.deepEqual(
    await errorLines(`${UNRESOLVED_INCLUDE}j: {script: x, image: {name: ''}, services: [{name: 1}]}\n`),
    [
      "error image-shape 2:30 jobs:j:image name can't be blank [j]",
      'error services-shape 2:53 jobs:j:services:service name should be a string [j]',
    ],
  );
});

void test('caches.rb, cache.rb: codes and places; a hash, a nil item, an unresolved item are not reported', async () => {
  assert.deepEqual(await errorLines('j: {script: x, cache: a}\n'), [
    'error cache-shape 1:23 jobs:j:caches config can only be a hash or an array [j]',
  ]);
  assert.deepEqual(await errorLines('cache: [{key: a}, ~, 1, [b]]\nj: {script: x}\n'), [
    'error cache-shape 1:22 cache config should be a hash',
    'error cache-shape 1:26 cache config should be a hash',
  ]);
  assert.deepEqual(await errorLines('default: {cache: {key: a}}\nj: {script: x, cache: {paths: [a]}}\n'), []);
  assert.deepEqual(await errorLines(`${UNRESOLVED_INCLUDE}j: {script: x, cache: [!reference [.t, c], 1]}\n`), [
    'error cache-shape 2:44 jobs:j:cache config should be a hash [j]',
  ]);
});

/** The errors of root `variables:` written as the given flow mapping. */
async function rootVariables(variables: string, prefix = ''): Promise<string[]> {
  return errorLines(`${prefix}variables: ${variables}\nj: {script: x}\n`);
}

void test('variable.rb: value, description and options, with their codes and places', async () => {
  const col = (n: number): string => `1:${n}`;
  assert.deepEqual(await rootVariables('{A: {value: {b: c}}}'), [
    `error variables-shape ${col(24)} variables:a config value must be a scalar`,
  ]);
  // AlphanumericValidator: an Integer passes, a Float or a boolean does not.
  assert.deepEqual(
    await rootVariables('{A: {value: a, description: 1}, B: {description: 1.5}, C: {description: true}}'),
    [
      `error variables-shape ${col(61)} variables:b config description must be an alphanumeric string`,
      `error variables-shape ${col(84)} variables:c config description must be an alphanumeric string`,
    ],
  );
  assert.deepEqual(await rootVariables('{A: {value: a, options: [a, 1]}}'), [
    `error variables-shape ${col(36)} variables:a config options should be an array of strings`,
  ]);
  // Every extra key is named, joined by ", ".
  assert.deepEqual(await rootVariables('{A: {value: a, x: 1, y: 2}}'), [
    `error variables-shape ${col(16)} variables:a config uses invalid data keys: x, y`,
  ]);
});

void test('variable.rb: `value` must be one of the `options` when there are options (Ruby equality)', async () => {
  // Reported on the value, or on the hash when the value is left out (nil is in no list of strings).
  assert.deepEqual(await rootVariables('{A: {value: c, options: [a]}}'), [
    'error variables-shape 1:24 variables:a config value must be present in options',
  ]);
  assert.deepEqual(await rootVariables('{A: {options: [a]}}'), [
    'error variables-shape 1:16 variables:a config value must be present in options',
  ]);
  // `[].present?` is false: empty options list nothing to be in.
  assert.deepEqual(await rootVariables('{A: {value: c, options: []}}'), []);
  // A Symbol is not the String of the same name (and the other way round); a Symbol option takes the same Symbol.
  const yaml = (value: string, option: string): string =>
    `variables:\n  A:\n    value: ${value}\n    options:\n      - ${option}\nj: {script: x}\n`;
  assert.deepEqual(await errorLines(yaml(':a', 'a')), [
    'error variables-shape 3:12 variables:a config value must be present in options',
  ]);
  assert.deepEqual(await errorLines(yaml('a', ':a')), [
    'error variables-shape 3:12 variables:a config value must be present in options',
  ]);
  assert.deepEqual(await errorLines(yaml(':a', ':a')), []);
  assert.deepEqual(await errorLines(yaml('a', 'b\n      - a')), []);
});

void test('variable.rb: values an unresolved !reference stands for are not judged', async () => {
  // The options may all be strings once resolved, and the value may be one of them.
  const vars = '{A: {value: a, options: [!reference [.t, o], a]}, B: {value: !reference [.t, v], options: [a]}}';
  assert.deepEqual(await rootVariables(vars, UNRESOLVED_INCLUDE), []);
});

void test('valueReport: a value without the optional keys, and a list mixing unresolved items and strings', async () => {
  // Retry's hash without `when` or `exit_codes`; tags whose unresolved item may be a string once resolved.
  assert.deepEqual(await errorLines('j: {script: x, retry: {max: 1}}\n'), []);
  assert.deepEqual(await errorLines(`${UNRESOLVED_INCLUDE}j: {script: x, tags: [!reference [.t, t], a]}\n`), []);
});
