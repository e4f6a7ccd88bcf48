// Survivors of src/ci/jobs/jobDefaults.ts (docs/mutation.md, "jobs: key validation, …"): `default:` and the
// deprecated top-level keywords (spec R2.5, R2.6), `inherit:default` (GitLab's entry/inherit/default.rb:
// a boolean, or an array checked against Default::ALLOWED_KEYS, else "should be a bool or array of strings"),
// and the whole-keyword copy into jobs (processable.rb `overwrite_entry`: only a keyword the job does not set;
// a bridge has no artifacts, image, scripts… to inherit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../helpers';
import { diagnosticLines } from './diagnosticLines';
import { applyDefaults, defaults } from '../../../../src/ci/jobs/jobDefaults';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import { get, type YMap } from '../../../../src/ci/yaml/node';

function load(text: string): YMap {
  const root = loadYaml(text, '.gitlab-ci.yml', new DiagnosticSink()).root;
  assert.ok(root);
  return root;
}

/** The job `name` of `text` after applyDefaults: its keys in order, and what each came from (`d` = default). */
function applied(text: string, name: string, kind: 'job' | 'trigger' = 'job'): string[] {
  const config = load(text);
  const sink = new DiagnosticSink();
  const job = get(config, name);
  assert.ok(job?.kind === 'map');
  const out = applyDefaults(name, job, kind, defaults(config, sink), sink);
  return out.entries.map((e) => `${e.key}@${e.keyRange.line}`);
}

void test('default.rb: unknown keys of default:, named in order, on the first; unknown keys are not copied into jobs', async () => {
  assert.deepEqual(await diagnosticLines('default: {foo: 1, image: a, bar: 2}\nj: {script: x}\n'), [
    'error default-keys 1:11 default config contains unknown keys: foo, bar',
  ]);
  assert.deepEqual(applied('default: {stage: build, image: a}\nj: {script: x}\n', 'j'), ['script@2', 'image@1']);
});

void test('root.rb: a deprecated top-level keyword beside the same default: keyword', async () => {
  assert.deepEqual(await diagnosticLines('image: a\ndefault: {image: b}\nj: {script: x}\n'), [
    'error default-conflict 1:1 image is defined in top-level and `default:` entry',
  ]);
});

void test('inherit/default.rb: a value that is neither a boolean nor an array; unknown values of an array', async () => {
  const yaml =
    'default: {artifacts: {paths: [a]}}\nj: {script: x, inherit: {default: x}}\nk: {script: x, inherit: {default: {a: 1}}}\nl: {script: x, inherit: {default: [artifacts, foo, bar]}}\n';
  assert.deepEqual(await diagnosticLines(yaml), [
    'error inherit 2:35 jobs:j:inherit:default should be a bool or array of strings [j]',
    'error inherit 3:35 jobs:k:inherit:default should be a bool or array of strings [k]',
    'error inherit 4:35 jobs:l:inherit:default config contains unknown values: foo, bar [l]',
  ]);
});

void test('inherit:default true, false, or a list decides which default keywords a job gets', async () => {
  const m = await run(
    'default: {artifacts: {paths: [d]}}\nj: {script: x}\nk: {script: x, inherit: {default: false}}\nl: {script: x, inherit: {default: true}}\nm: {script: x, inherit: {default: [image]}}\nn: {script: x, inherit: {default: [artifacts]}}\no: {artifacts: {paths: [o]}, script: x}\np: {artifacts: null, script: x}\n',
  );
  assert.deepEqual(
    m.jobs.map((j) => `${j.name}:${j.artifacts?.paths.join(',') ?? 'none'}`),
    ['j:d', 'k:none', 'l:d', 'm:none', 'n:d', 'o:o', 'p:d'],
  );
});

void test('processable.rb overwrite_entry: a keyword the job sets itself, even as its first key, is not added again', () => {
  assert.deepEqual(
    applied('default: {artifacts: {paths: [d]}, image: i}\nj: {artifacts: {paths: [o]}, script: x}\n', 'j'),
    ['artifacts@2', 'script@2', 'image@1'],
  );
});

void test('bridge.rb: a trigger job takes the default keywords a bridge has (interruptible, retry, timeout), not the others', () => {
  assert.deepEqual(
    applied(
      'default: {image: i, interruptible: true, artifacts: {paths: [d]}, retry: 1}\nt: {trigger: a}\n',
      't',
      'trigger',
    ),
    ['trigger@2', 'interruptible@1', 'retry@1'],
  );
});

void test("the job's own mapping is left as it was: the parsed tree is shared (parse cache, later analyses)", () => {
  const config = load('default: {image: i}\nj: {script: x}\n');
  const job = get(config, 'j');
  assert.ok(job?.kind === 'map');
  const sink = new DiagnosticSink();
  const out = applyDefaults('j', job, 'job', defaults(config, sink), sink);
  assert.deepEqual(
    out.entries.map((e) => e.key),
    ['script', 'image'],
  );
  assert.deepEqual(
    job.entries.map((e) => e.key),
    ['script'],
  );
});
