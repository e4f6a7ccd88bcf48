// Mutation survivors of src/ci/include/includeRuleChecks.ts, src/ci/jobs/inherit.ts and src/ci/jobs/rubyText.ts
// (docs/mutation.md, "jobs: the pipeline's first error, inherit, Ruby text, include rules").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../helpers';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { includeRulesError } from '../../../../src/ci/include/includeRuleChecks';
import { applyDefaults, defaults } from '../../../../src/ci/jobs/jobDefaults';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import { get, type YMap } from '../../../../src/ci/yaml/node';

function load(text: string): YMap {
  const root = loadYaml(text, '.gitlab-ci.yml', new DiagnosticSink()).root;
  assert.ok(root);
  return root;
}

/** `code message` of every error of a pipeline whose include `a.yml` has these `rules`. */
async function includeErrors(rules: string, extra = ''): Promise<string[]> {
  const m = await run({
    '.gitlab-ci.yml': `include: [{local: a.yml, rules: ${rules}}]\n${extra}j: {script: x}\n`,
    'a.yml': 'k: {script: y}\n',
  });
  return m.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
}

void test('include:rules errors: a rule’s own are `include-rules`, its clauses’ keep their clause code', async () => {
  assert.deepEqual(await includeErrors('[{foo: 1}]'), ['include-rules include:rule config contains unknown keys: foo']);
  assert.deepEqual(await includeErrors('[{changes: "x"}]'), [
    'rules-changes include:rule:changes should be an array or a hash',
  ]);
});

void test('include:rules nil or false are no rules (external/rules.rb `return unless rule_hashes`)', () => {
  for (const value of ['~', 'false']) {
    const rules = get(load(`rules: ${value}\n`), 'rules');
    assert.ok(rules);
    assert.equal(includeRulesError(rules), undefined, value);
  }
});

void test('include:rules: a rule’s own `when` is named before its clauses, even beside a !reference clause', async () => {
  // Validatable#errors: the rule's own messages (allowed_values of `when`) before its `changes` entry's.
  const errors = await includeErrors('[{changes: !reference [.c, x], when: on_success}]', '.c: {x: [a]}\n');
  assert.deepEqual(errors, ['include-rules include:rule when unknown value: on_success']);
});

void test('include:rules: a !reference as the rules, an `if` or a `when` is the tag object GitLab validates', async () => {
  // Includes are expanded before references are resolved (includeRuleChecks.ts, header): whatever it names.
  for (const [rules, extra, error] of [
    ['!reference [.r, rules]', '.r: {rules: 1}\n', 'include:rules config should be an array'],
    ['[{if: !reference [.c, x]}]', '.c: {x: 1}\n', 'include:rule if invalid expression syntax'],
    [
      '[{when: !reference [.c, x]}]',
      '.c: {x: 1}\n',
      'include:rule when unknown value: #<gitlab::ci::config::yaml::tags::reference:0x…>',
    ],
  ] as const) {
    const errors = await includeErrors(rules, extra);
    assert.deepEqual(
      errors.filter((e) => e.startsWith('include-rules')),
      [`include-rules ${error}`],
      rules,
    );
  }
});

void test('include:rules: an `exists` list has no 50-path limit (exists.rb `disable_simple_exists_paths_limit`)', async () => {
  const paths = Array.from({ length: 51 }, () => 'a.yml').join(', ');
  assert.deepEqual(await includeErrors(`[{exists: [${paths}]}]`), []);
});

/** The keys job `name` has after `default:`, each as `key@line`. */
function applied(text: string, name: string): { keys: string[]; errors: string[] } {
  const config = load(text);
  const sink = new DiagnosticSink();
  const job = get(config, name);
  assert.ok(job?.kind === 'map');
  const out = applyDefaults(name, job, 'job', defaults(config, sink), sink);
  return { keys: out.entries.map((e) => `${e.key}@${e.keyRange.line}`), errors: sink.items.map((d) => d.message) };
}

void test('inherit: unknown keys are listed joined with a comma (inherit.rb allowed_keys)', () => {
  const { errors } = applied('j:\n  script: x\n  inherit: {foo: 1, bar: 2}\n', 'j');
  assert.deepEqual(errors, ['jobs:j:inherit config contains unknown keys: foo, bar']);
});

void test('inherit: without `default`, or after its error, a job takes every default keyword', () => {
  const defaultsText = 'default:\n  artifacts: {paths: [d]}\n  image: alpine\n';
  // inherit.rb: `entry :default, ::Gitlab::Ci::Config::Entry::Inherit::Default, default: true`.
  const variablesOnly = applied(`${defaultsText}j:\n  script: x\n  inherit: {variables: false}\n`, 'j');
  assert.deepEqual(variablesOnly, { keys: ['script@5', 'inherit@6', 'artifacts@2', 'image@3'], errors: [] });
  // Pins ours: GitLab refuses the configuration; the engine still shows the job as if `inherit` were absent.
  const invalid = applied(`${defaultsText}j:\n  script: x\n  inherit: {default: 1}\n`, 'j');
  assert.deepEqual(invalid, {
    keys: ['script@5', 'inherit@6', 'artifacts@2', 'image@3'],
    errors: ['jobs:j:inherit:default should be a bool or array of strings'],
  });
});

void test('blank?: a Symbol by its name’s emptiness (:"" is blank, :" " is not), false is blank (ActiveSupport)', async () => {
  // need.rb JobHash: `validates :job, type: String, presence: true`; a Symbol is no String either way.
  const m = await run('a:\n  script: x\n  needs:\n    - job: :""\n    - job: :" "\n    - job: " "\n    - job: false\n');
  assert.deepEqual(
    m.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line} ${d.message}`),
    [
      '4 jobs:a:needs:need job should be a string',
      "4 jobs:a:needs:need job can't be blank",
      '5 jobs:a:needs:need job should be a string',
      "6 jobs:a:needs:need job can't be blank",
      '7 jobs:a:needs:need job should be a string',
      "7 jobs:a:needs:need job can't be blank",
    ],
  );
});

void test('blank?: an include location that is an unresolved !reference is present, but no String', async () => {
  // External::Processor runs before Yaml::Tags::Resolver, so the include sees the tag's object: present (the Remote
  // file class matches it), then Base#validate_location! wants a String. (Its inspect text is not known here.)
  const m = await run('include: [{remote: !reference [.x, y]}]\n.x: {y: "https://a/b.yml"}\nj: {script: x}\n');
  const errors = m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0] ?? '', /^Included file `.*` needs to be a string$/);
});
