// The values of job, `default:` and root keys GitLab validates and the engine used to accept silently
// (src/ci/jobs/valueChecks.ts, variableChecks.ts, imageChecks.ts), each with GitLab's message and the source it
// follows (lib/gitlab/ci/config/entry/<key>.rb, lib/gitlab/config/entry/validators.rb); values GitLab accepts give
// nothing, and so do values only an include that is not read offline could decide.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, defaultContext } from '../../../../src/ci/analyze';
import { createParseCache } from '../../../../src/ci/yaml/parseCache';
import { CheckMemo } from '../../../../src/ci/incremental/checkMemo';
import { firstConfigError } from '../../../../src/ci/jobs/firstError';
import { memoryReader, run } from '../helpers';
import { UNRESOLVED_INCLUDE } from './diagnosticLines';

/** Every error as `code line:column message [job]`. */
async function errorLines(yaml: string): Promise<string[]> {
  const m = await run(yaml);
  return m.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.line}:${d.column} ${d.message}${d.job === undefined ? '' : ` [${d.job}]`}`);
}

async function messages(yaml: string): Promise<string[]> {
  const m = await run(yaml);
  return m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

const COMMANDS = 'config should be a string or a nested array of strings up to 10 levels deep';

void test('commands.rb: script, before_script, after_script are a string or nested arrays of strings', async () => {
  assert.deepEqual(await errorLines('j: {script: 1}\n'), [`script-shape 1:13 jobs:j:script ${COMMANDS} [j]`]);
  assert.deepEqual(await errorLines('J: {script: {a: 1}}\n'), [`script-shape 1:13 jobs:j:script ${COMMANDS} [J]`]);
  assert.deepEqual(await messages('j: {script: x, before_script: [a, 1], after_script: [[a], [[b]], {c: d}]}\n'), [
    `jobs:j:before_script ${COMMANDS}`,
    `jobs:j:after_script ${COMMANDS}`,
  ]);
  // A null item is no string either.
  assert.deepEqual(await messages('j: {script: [a, null]}\n'), [`jobs:j:script ${COMMANDS}`]);
  // Strings (a Symbol too) and lists nested up to 10 levels are fine; an 11th level is not.
  assert.deepEqual(await messages('j:\n  script: :a\n  after_script: [a, [b, [c]]]\n  before_script: []\n'), []);
  const nested = (levels: number): string => `${'['.repeat(levels)}x${']'.repeat(levels)}`;
  assert.deepEqual(await messages(`j: {script: ${nested(10)}}\n`), []);
  assert.deepEqual(await messages(`j: {script: ${nested(11)}}\n`), [`jobs:j:script ${COMMANDS}`]);
});

void test("job.rb: script can't be blank unless run: is given", async () => {
  assert.deepEqual(await errorLines('j: {script: null}\n'), ["job-script 1:13 jobs:j script can't be blank [j]"]);
  assert.deepEqual(await messages('j: {script: []}\n'), ["jobs:j script can't be blank"]);
  assert.deepEqual(await messages('j: {script: " "}\n'), ["jobs:j script can't be blank"]);
  assert.deepEqual(await messages('j: {script: [""]}\n'), []);
});

void test('commands.rb in default: and at the root: reported there, once, not in every job that takes it', async () => {
  assert.deepEqual(await errorLines('default: {before_script: 1}\na: {script: x}\nb: {script: x}\n'), [
    `script-shape 1:26 default:before_script ${COMMANDS}`,
  ]);
  assert.deepEqual(await messages('after_script: {a: 1}\nbefore_script: [[a], {b: c}]\nj: {script: x}\n'), [
    `before_script ${COMMANDS}`,
    `after_script ${COMMANDS}`,
  ]);
  // The pipeline's error is GitLab's first: the root's entries come before the jobs'.
  const m = await run('j: {script: 1}\ndefault: {after_script: 2}\n');
  assert.equal(m.pipeline.created, false);
  assert.equal(firstConfigError(m.diagnostics, [])?.message, `default:after_script ${COMMANDS}`);
});

void test('an unresolved !reference is not judged (offline it may stand for a string or a list)', async () => {
  const yaml = `${UNRESOLVED_INCLUDE}j:\n  script: [!reference [.t, script], x]\n  image: {name: !reference [.t, image]}\n  variables: {A: !reference [.t, v]}\n  tags: [!reference [.t, tags]]\n`;
  assert.deepEqual(await messages(yaml), []);
  assert.deepEqual(await messages(`${UNRESOLVED_INCLUDE}j: {script: !reference [.t, script]}\n`), []);
});

void test('variables.rb, variable.rb: a hash; each value a scalar or a hash of the allowed data', async () => {
  assert.deepEqual(await errorLines('j: {script: x, variables: 1}\n'), [
    'variables-shape 1:27 jobs:j:variables config should be a hash [j]',
  ]);
  assert.deepEqual(await messages('variables: [A]\nj: {script: x}\n'), ['variables config should be a hash']);
  // An array value: Variable's UnknownStrategy, a message without a location.
  assert.deepEqual(await errorLines('j: {script: x, variables: {A: [1]}}\n'), [
    'variables-shape 1:31 variable definition must be either a string or a hash [j]',
  ]);
  // Jobs allow value and expand; the root also description and options.
  assert.deepEqual(await messages('j: {script: x, variables: {My_Var: {value: a, description: d}}}\n'), [
    'jobs:j:variables:my_var config uses invalid data keys: description',
  ]);
  assert.deepEqual(
    await messages(
      'variables: {A: {value: a, description: d, options: [a, b], expand: false}, B: {x: 1}}\nj: {script: x}\n',
    ),
    ['variables:b config uses invalid data keys: x'],
  );
  assert.deepEqual(await messages('variables: {A: {value: c, options: [a, b]}}\nj: {script: x}\n'), [
    'variables:a config value must be present in options',
  ]);
  // Ruby equality: the integer 1 is not the string "1".
  assert.deepEqual(await messages('variables: {A: {value: 1, options: ["1"]}}\nj: {script: x}\n'), [
    'variables:a config value must be present in options',
  ]);
  assert.deepEqual(await messages('variables: {A: {value: a, options: a}}\nj: {script: x}\n'), [
    'variables:a config options should be an array of strings',
  ]);
  assert.deepEqual(
    await messages('j: {script: x, variables: {A: {value: [a], expand: "no"}, B: {description: [d]}}}\n'),
    [
      'jobs:j:variables:a config value must be a scalar',
      'jobs:j:variables:a config expand should be a boolean value',
      'jobs:j:variables:b config description must be an alphanumeric string',
      'jobs:j:variables:b config uses invalid data keys: description',
    ],
  );
  // Accepted: scalars of every kind, null (composed as {}), a null variables:, a hash with value and expand.
  assert.deepEqual(
    await messages(
      'variables: ~\nj: {script: x, variables: {A: true, B: 1.5, C: ~, D: 1, E: {value: x, expand: false}}}\n',
    ),
    [],
  );
  // Trigger jobs are Processables too.
  assert.deepEqual(await messages('t: {trigger: {include: c.yml}, variables: 1}\n'), [
    'jobs:t:variables config should be a hash',
  ]);
});

void test('tags.rb, retry.rb, timeout.rb, coverage.rb, environment.rb, processable.rb resource_group', async () => {
  assert.deepEqual(await errorLines('j: {script: x, tags: 1}\n'), [
    'tags-shape 1:22 jobs:j:tags config should be an array of strings [j]',
  ]);
  assert.deepEqual(await messages('j: {script: x, tags: [a, [b]]}\n'), [
    'jobs:j:tags config should be an array of strings',
  ]);
  // Retry's messages are at the fixed location `retry`.
  assert.deepEqual(await messages('j: {script: x, retry: x}\n'), [
    'retry config has to be either an integer or a hash',
  ]);
  assert.deepEqual(await messages('j: {script: x, retry: 1.5}\n'), [
    'retry config has to be either an integer or a hash',
  ]);
  assert.deepEqual(await messages('j: {script: x, retry: 3}\n'), ['retry config must be less than or equal to 2']);
  assert.deepEqual(await messages('j: {script: x, retry: -1}\n'), ['retry config must be greater than or equal to 0']);
  assert.deepEqual(await messages('j: {script: x, retry: {max: 1.5, when: 1, exit_codes: [a], x: 1}}\n'), [
    'retry config contains unknown keys: x',
    'retry max must be an integer',
    'retry when should be an array of strings or a string',
    'retry exit codes should be an array of integers or an integer',
  ]);
  assert.deepEqual(
    await messages(
      'j: {script: x, retry: {max: 2, when: [script_failure], exit_codes: 1}}\nk: {script: x, retry: 0}\n',
    ),
    [],
  );
  assert.deepEqual(await messages('j: {script: x, timeout: 1}\n'), [
    'jobs:j:timeout config should be a duration',
    'jobs:j:timeout config should not exceed the limit',
  ]);
  assert.deepEqual(await messages('j: {script: x, timeout: 5 weeks}\n'), [
    'jobs:j:timeout config should not exceed the limit',
  ]);
  // Within a month, or a text ChronicDuration may read differently: nothing is said.
  assert.deepEqual(await messages('j: {script: x, timeout: 3h 30m}\nk: {script: x, timeout: "1:30:00"}\n'), []);
  assert.deepEqual(await messages('j: {script: x, coverage: x}\nk: {script: x, coverage: 1}\n'), [
    'jobs:j:coverage config must be a regular expression with re2 syntax',
    'jobs:k:coverage config must be a regular expression with re2 syntax',
  ]);
  assert.deepEqual(await messages("j: {script: x, coverage: '/Total: (\\d+)%/'}\n"), []);
  // environment.rb: its name messages that quote Gitlab::Regex are not reported (only the first ones are).
  assert.deepEqual(await messages('j: {script: x, environment: 1}\nk: {script: x, environment: {url: u}}\n'), [
    'jobs:j:environment config should be a hash or a string',
    "jobs:j:environment name can't be blank",
    "jobs:k:environment name can't be blank",
  ]);
  assert.deepEqual(
    await messages('j: {script: x, environment: production}\nk: {trigger: {include: c.yml}, environment: {name: p}}\n'),
    [],
  );
  assert.deepEqual(await messages(`${UNRESOLVED_INCLUDE}j: {script: x, environment: {url: u}}\n`), []);
  assert.deepEqual(await errorLines('j: {script: x, resource_group: 1}\n'), [
    'resource-group-shape 1:32 jobs:j resource group should be a string [j]',
  ]);
});

void test('image.rb/imageable.rb, services.rb/service.rb, caches.rb/cache.rb', async () => {
  assert.deepEqual(await errorLines('j: {script: x, image: 1}\n'), [
    'image-shape 1:23 jobs:j:image config should be a hash or a string [j]',
    'image-shape 1:23 jobs:j:image name should be a string [j]',
    "image-shape 1:23 jobs:j:image name can't be blank [j]",
  ]);
  assert.deepEqual(await messages('j: {script: x, image: ""}\nk: {script: x, image: {entrypoint: sh}}\n'), [
    "jobs:j:image name can't be blank",
    'jobs:k:image name should be a string',
    "jobs:k:image name can't be blank",
    'jobs:k:image entrypoint should be an array of strings',
  ]);
  assert.deepEqual(await messages('image: {name: a, entrypoint: [""]}\nj: {script: x, image: a}\n'), []);
  // Offline, a hash may be merged with an included one that has the name.
  assert.deepEqual(await messages(`${UNRESOLVED_INCLUDE}j: {script: x, image: {entrypoint: [""]}}\n`), []);
  assert.deepEqual(await messages('j: {script: x, services: 1}\n'), ['jobs:j:services config should be an array']);
  assert.deepEqual(await messages('j: {script: x, services: [a, [1], {name: b, command: c, alias: [d]}]}\n'), [
    'jobs:j:services:service config should be a hash or a string',
    'jobs:j:services:service name should be a string',
    "jobs:j:services:service name can't be blank",
    'jobs:j:services:service command should be an array of strings',
    'jobs:j:services:service alias should be a string',
  ]);
  assert.deepEqual(await messages('default: {services: [{name: a, alias: b, command: [c]}]}\nj: {script: x}\n'), []);
  assert.deepEqual(await messages('j: {script: x, cache: 1}\n'), [
    'jobs:j:caches config can only be a hash or an array',
  ]);
  assert.deepEqual(await messages('cache: [{key: a}, x]\nj: {script: x}\n'), ['cache config should be a hash']);
  assert.deepEqual(await messages('default: {cache: true}\nj: {script: x, cache: [{paths: [a]}]}\n'), [
    'default:caches config can only be a hash or an array',
  ]);
});

void test('root.rb, default.rb, workflow.rb: default: and workflow: are hashes; workflow keys', async () => {
  assert.deepEqual(await errorLines('workflow: 1\nj: {script: x}\n'), [
    'workflow-shape 1:11 workflow config should be a hash',
  ]);
  assert.deepEqual(await messages('workflow: {rules: [{when: always}], foo: 1}\nj: {script: x}\n'), [
    'workflow config contains unknown keys: foo',
  ]);
  assert.deepEqual(await messages('workflow: {name: n, auto_cancel: {on_new_commit: none}}\nj: {script: x}\n'), []);
  assert.deepEqual(await messages('default: 1\nj: {script: x}\n'), ['default config should be a hash']);
  // In default.rb's order of entries: retry before tags.
  assert.deepEqual(await messages('default: {tags: a, retry: 5, timeout: 1 hour}\nj: {script: x}\n'), [
    'retry config must be less than or equal to 2',
    'default:tags config should be an array of strings',
  ]);
  // A `workflow:` or `default:` that looks like a job is a job of that name.
  assert.deepEqual(await messages('workflow: {script: x}\n'), []);
});

void test('incremental: an edit that adds or removes a bad value is seen with the caches kept', async () => {
  const cache = createParseCache();
  const checks = new CheckMemo();
  const analyseText = async (text: string): Promise<string[]> => {
    const m = await analyze({
      root: '.gitlab-ci.yml',
      reader: memoryReader({ '.gitlab-ci.yml': text }),
      context: defaultContext(),
      cache,
      checks,
    });
    return m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  };
  const good = 'default: {image: a}\na: {script: x, tags: [t]}\nb: {script: x}\n';
  const bad = 'default: {image: a}\na: {script: x, tags: t}\nb: {script: x}\n';
  assert.deepEqual(await analyseText(good), []);
  assert.deepEqual(await analyseText(bad), ['jobs:a:tags config should be an array of strings']);
  assert.deepEqual(await analyseText(bad), ['jobs:a:tags config should be an array of strings']);
  assert.deepEqual(await analyseText(good), []);
  // A bad default moves into the job that inherits it as the same value: reported at default: only.
  assert.deepEqual(await analyseText('default: {image: 1}\na: {script: x}\n'), [
    'default:image config should be a hash or a string',
    'default:image name should be a string',
    "default:image name can't be blank",
  ]);
  assert.deepEqual(await analyseText('default: {image: a}\na: {script: x, image: 1}\n'), [
    'jobs:a:image config should be a hash or a string',
    'jobs:a:image name should be a string',
    "jobs:a:image name can't be blank",
  ]);
});
