// Survivors of src/ci/jobs/artifacts.ts (docs/mutation.md, "jobs: dotenv keys, keywords, …"). Expected messages are
// lib/gitlab/ci/config/entry/artifacts.rb's (ALLOWED_KEYS, EXPOSE_AS_REGEX, MAX_EXPOSED_AS_LENGTH 100, the
// ArrayOfStringsValidator `with:` check that runs only on a valid array), prefixed and downcased by Validator#messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifacts } from '../../../../src/ci/jobs/artifacts';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import { get } from '../../../../src/ci/yaml/node';

/** Reads `artifacts:` of job `j` from a YAML text: the spec and the errors as `code: message`. */
function read(yaml: string): { spec: ReturnType<typeof readArtifacts>; errors: string[] } {
  const sink = new DiagnosticSink();
  const root = loadYaml(yaml, 'f.yml', sink).root;
  assert.ok(root);
  const spec = readArtifacts('j', get(get(root, 'j'), 'artifacts'), sink);
  return { spec, errors: sink.items.map((d) => `${d.code}: ${d.message}`) };
}

void test('artifacts: a list is not a hash (validates :config, type: Hash)', () => {
  const r = read('j: {artifacts: [a]}');
  assert.deepEqual(r.errors, ['artifacts-shape: jobs:j:artifacts config should be a hash']);
  assert.equal(r.spec, null);
});

void test('artifacts: unknown keys are listed in order (AllowedKeysValidator)', () => {
  assert.deepEqual(read('j: {artifacts: {paths: [a], bogus: 1, other: 2}}').errors, [
    'artifacts-keys: jobs:j:artifacts config contains unknown keys: bogus, other',
  ]);
});

void test("artifacts: expose_as without paths: paths can't be blank", () => {
  assert.deepEqual(read('j: {artifacts: {expose_as: report}}').errors, [
    "artifacts-expose-as: jobs:j:artifacts paths can't be blank",
  ]);
});

void test('artifacts: public and access together (mutually_exclusive_keys)', () => {
  assert.deepEqual(read('j: {artifacts: {public: true, access: all}}').errors, [
    'artifacts-access: jobs:j:artifacts config these keys cannot be used together: public, access',
  ]);
});

void test('artifacts: each entry type error names the key, spaces for underscores, with its code', () => {
  assert.deepEqual(read('j: {artifacts: {name: [x], public: "yes", untracked: 1, expire_in: 1 day}}').errors, [
    'artifacts-name: jobs:j:artifacts name should be a string',
    'artifacts-public: jobs:j:artifacts public should be a boolean value',
    'artifacts-untracked: jobs:j:artifacts untracked should be a boolean value',
  ]);
  assert.deepEqual(read('j: {artifacts: {paths: a, exclude: [[x]]}}').errors, [
    'artifacts-paths: jobs:j:artifacts paths should be an array of strings',
    'artifacts-exclude: jobs:j:artifacts exclude should be an array of strings',
  ]);
});

void test('artifacts: access must be a string and one of GitLab ALLOWED_ACCESS', () => {
  assert.deepEqual(read('j: {artifacts: {access: 1}}').errors, [
    'artifacts-access: jobs:j:artifacts access should be a string',
    'artifacts-access: jobs:j:artifacts access should be one of: none, developer, maintainer, all',
  ]);
  assert.deepEqual(read('j: {artifacts: {access: everyone}}').errors, [
    'artifacts-access: jobs:j:artifacts access should be one of: none, developer, maintainer, all',
  ]);
  for (const ok of ['none', 'developer', 'maintainer', 'all']) {
    assert.deepEqual(read(`j: {artifacts: {access: ${ok}}}`).errors, []);
  }
});

const GLOB = "artifacts-expose-as: jobs:j:artifacts paths can't contain '*' when used with 'expose_as'";
void test('expose_as: a glob in any path is refused; paths without one are fine', () => {
  assert.deepEqual(read('j: {artifacts: {expose_as: r, paths: [a/*, b]}}').errors, [GLOB]);
  assert.deepEqual(read('j: {artifacts: {expose_as: r, paths: [a, b]}}').errors, []);
});

void test('expose_as: the glob check runs only on a valid array of strings (ArrayOfStringsValidator `valid &&`)', () => {
  assert.deepEqual(read('j: {artifacts: {expose_as: r, paths: [a/*, 1]}}').errors, [
    'artifacts-paths: jobs:j:artifacts paths should be an array of strings',
  ]);
});

void test('expose_as: a string of at most 100 characters (Ci::JobArtifact::MAX_EXPOSED_AS_LENGTH)', () => {
  assert.deepEqual(read(`j: {artifacts: {paths: [a], expose_as: ${'x'.repeat(100)}}}`).errors, []);
  assert.deepEqual(read(`j: {artifacts: {paths: [a], expose_as: ${'x'.repeat(101)}}}`).errors, [
    'artifacts-expose-as: jobs:j:artifacts expose as is too long (maximum is 100 characters)',
  ]);
  // A number is not a String; its to_s "1" passes the format check (FormatValidator reads value.to_s).
  assert.deepEqual(read('j: {artifacts: {paths: [a], expose_as: 1}}').errors, [
    'artifacts-expose-as: jobs:j:artifacts expose as should be a string',
  ]);
});

void test('expose_as: EXPOSE_AS_REGEX \\A\\w[-\\w ]*\\z (it must start with a word character)', () => {
  const FORMAT =
    "artifacts-expose-as: jobs:j:artifacts expose as can contain only letters, digits, '-', '_' and spaces";
  assert.deepEqual(read('j: {artifacts: {paths: [a], expose_as: "-x"}}').errors, [FORMAT]);
  assert.deepEqual(read('j: {artifacts: {paths: [a], expose_as: "a b-c_d"}}').errors, []);
  assert.deepEqual(read('j: {artifacts: {paths: [a], expose_as: "a.b"}}').errors, [FORMAT]);
});

void test('the spec: paths, exclude, untracked, when, reports and dotenv as written', () => {
  const { spec } = read(
    'j: {artifacts: {paths: [a, b], exclude: [c], untracked: true, when: always, expire_in: 1 week, reports: {junit: x.xml, dotenv: [d.env, e.env]}}}',
  );
  assert.deepEqual(spec, {
    paths: ['a', 'b'],
    exclude: ['c'],
    untracked: true,
    when: 'always',
    expireIn: '1 week',
    dotenv: ['d.env', 'e.env'],
    reports: ['junit', 'dotenv'],
    archive: true,
    dotenvKeys: [],
  });
});

void test('the spec of a minimal artifacts: GitLab defaults (when on_success, nothing uploaded, no reports)', () => {
  assert.deepEqual(read('j: {artifacts: {expire_in: 1 day}}').spec, {
    paths: [],
    exclude: [],
    untracked: false,
    when: 'on_success',
    expireIn: '1 day',
    dotenv: [],
    reports: [],
    archive: false,
    dotenvKeys: [],
  });
  assert.deepEqual(read('j: {artifacts: {reports: {dotenv: build.env}}}').spec?.dotenv, ['build.env']);
});

void test('invalid entries (already reported) leave no hole in the spec: when falls back, non-strings are dropped', () => {
  const { spec, errors } = read(
    'j: {artifacts: {paths: [a, null], when: sometimes, untracked: "true", reports: {dotenv: [d.env, null]}}}',
  );
  assert.equal(errors.length, 3);
  assert.deepEqual(spec?.paths, ['a']);
  assert.equal(spec?.when, 'on_success');
  assert.equal(spec?.untracked, false);
  assert.deepEqual(spec?.dotenv, ['d.env']);
});
