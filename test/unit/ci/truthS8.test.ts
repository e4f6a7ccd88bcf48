// GitLab truth fixes of the eighth session that span the engine: a variable's value is its Ruby `to_s` wherever
// `rules:if`, `workflow:rules` and what a trigger passes down read it (Entry::Variables keeps `value.to_s`: a float
// `1.0` is "1.0", a Bignum keeps every digit), checked against the pipelines GitLab creates for each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { job, run } from './helpers';

const included = async (yaml: string): Promise<boolean> => job(await run(yaml), 'a').inPipeline;

void test('a float or a large integer variable reaches rules:if as Ruby writes it', async () => {
  assert.equal(await included('variables: {V: 1.0}\na: {script: x, rules: [{if: $V == "1.0"}]}\n'), true);
  assert.equal(await included('variables: {V: 1.0}\na: {script: x, rules: [{if: $V == "1"}]}\n'), false);
  assert.equal(await included('a: {script: x, variables: {V: 2.50}, rules: [{if: $V == "2.5"}]}\n'), true);
  assert.equal(
    await included('variables: {V: {value: 1.5e+3}}\na: {script: x, rules: [{if: $V == "1500.0"}]}\n'),
    true,
  );
  const big = 'variables: {V: 12345678901234567890}\na: {script: x, rules: [{if: $V == "12345678901234567890"}]}\n';
  assert.equal(await included(big), true);
  // Integers, booleans and texts as before.
  assert.equal(await included('variables: {V: 0x1F}\na: {script: x, rules: [{if: $V == "31"}]}\n'), true);
  assert.equal(await included('variables: {V: yes}\na: {script: x, rules: [{if: $V == "true"}]}\n'), true);
});

void test('rules:variables and workflow:rules:variables are Ruby text too', async () => {
  const rule = `a:
  script: x
  rules:
    - if: $CI_COMMIT_BRANCH
      variables: {V: 3.0}
  needs: []
b:
  stage: test
  script: x
  needs: [a]
  rules:
    - if: $V == "3.0"
`;
  // A rule's variables are the job's own: b sees none of a's.
  const m = await run(rule);
  assert.equal(job(m, 'a').inPipeline, true);
  const workflow = `workflow:
  rules:
    - if: $CI_COMMIT_BRANCH
      variables: {W: 4.0}
a: {script: x, rules: [{if: $W == "4.0"}]}
`;
  assert.equal(await included(workflow), true);
  assert.equal(job(m, 'b').inPipeline, false);
});

void test("a rule's variables: a hash of strings (rules/rule.rb declares them without allowed value data)", async () => {
  const errors = async (yaml: string): Promise<string[]> =>
    (await run(yaml)).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  assert.deepEqual(await errors('a: {script: x, rules: [{if: $A, variables: [a]}]}\n'), [
    'jobs:a:rules:rule:variables config should be a hash',
  ]);
  assert.deepEqual(await errors('workflow: {rules: [{if: $A, variables: [a]}]}\na: {script: x}\n'), [
    'workflow:rules:rule:variables config should be a hash',
  ]);
  // ComplexVariable with no allowed value data: "must be a string", whatever its keys.
  assert.deepEqual(await errors('a: {script: x, rules: [{if: $A, variables: {V: {value: x}}}]}\n'), [
    'jobs:a:rules:rule:variables:v config must be a string',
  ]);
  assert.deepEqual(await errors('a: {script: x, rules: [{if: $A, variables: {V: [x]}}]}\n'), [
    'variable definition must be either a string or a hash',
  ]);
  assert.deepEqual(await errors('a: {script: x, rules: [{if: $A, variables: {V: x, W: 1.5, X: ~}}]}\n'), []);
  // A rule with its own error composes no child (Configurable#compose! returns unless valid?).
  assert.deepEqual(await errors('a: {script: x, rules: [{if: $A, foo: 1, variables: [a]}]}\n'), [
    'jobs:a:rules:rule config contains unknown keys: foo',
  ]);
});

void test('id_tokens: a hash of tokens, each a hash with aud, a string or an array of strings (id_token.rb)', async () => {
  const errors = async (yaml: string): Promise<string[]> =>
    (await run(yaml)).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  assert.deepEqual(await errors('a: {script: x, id_tokens: {T: {aud: https://x}, U: {aud: [a, b]}}}\n'), []);
  assert.deepEqual(await errors('a: {script: x, id_tokens: ~}\n'), []);
  assert.deepEqual(await errors('a: {script: x, id_tokens: [a]}\n'), ['jobs:a:id_tokens config should be a hash']);
  // A token that is no hash has no keys and no aud (Attributable reads only a Hash); nil is composed as {}.
  for (const token of ['x', '~']) {
    assert.deepEqual(await errors(`a: {script: x, id_tokens: {T: ${token}}}\n`), [
      'jobs:a:id_tokens:t config missing required keys: aud',
      'jobs:a:id_tokens:t aud should be an array of strings or a string',
    ]);
  }
  assert.deepEqual(await errors('a: {script: x, id_tokens: {T: {aud: x, foo: 1}}}\n'), [
    'jobs:a:id_tokens:t config contains unknown keys: foo',
  ]);
  for (const aud of ['5', '[a, 5]', '~']) {
    assert.deepEqual(await errors(`a: {script: x, id_tokens: {T: {aud: ${aud}}}}\n`), [
      'jobs:a:id_tokens:t aud should be an array of strings or a string',
    ]);
  }
  // default: keeps its own location (the job inherits the entry).
  assert.deepEqual(await errors('default: {id_tokens: {T: {foo: 1}}}\na: {script: x}\n'), [
    'default:id_tokens:t config missing required keys: aud',
    'default:id_tokens:t config contains unknown keys: foo',
    'default:id_tokens:t aud should be an array of strings or a string',
  ]);
});

void test('release: a hash whose tag_name and description are present Strings (release.rb)', async () => {
  const errors = async (release: string): Promise<string[]> =>
    (await run(`a: {script: x, release: ${release}}\n`)).diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => d.message);
  assert.deepEqual(await errors('{tag_name: v1, description: d}'), []);
  assert.deepEqual(await errors('~'), []);
  const full =
    '{tag_name: $CI_COMMIT_TAG, description: ./CHANGELOG.md, name: n, ref: $CI_COMMIT_SHA, milestones: [m1], ' +
    'released_at: "2020-07-15T08:00:00Z", tag_message: x, assets: {links: [{name: n, url: "https://x"}]}}';
  assert.deepEqual(await errors(full), []);
  // Each validator on its own: a missing tag_name is no String and blank.
  assert.deepEqual(await errors('{}'), [
    'jobs:a:release tag name should be a string',
    "jobs:a:release tag name can't be blank",
    'jobs:a:release description should be a string',
    "jobs:a:release description can't be blank",
  ]);
  assert.deepEqual(await errors('{tag_name: 5, description: "  ", foo: 1}'), [
    'jobs:a:release config contains unknown keys: foo',
    'jobs:a:release tag name should be a string',
    "jobs:a:release description can't be blank",
  ]);
  assert.deepEqual(await errors('{tag_name: v1, description: d, tag_message: 5, milestones: 5}'), [
    'jobs:a:release tag message should be a string',
    'jobs:a:release milestones should be an array of strings or a string',
  ]);
  // allow_blank: an empty tag message or milestone list is not judged.
  assert.deepEqual(await errors('{tag_name: v1, description: d, tag_message: "", milestones: []}'), []);
  assert.deepEqual(await errors('x'), [
    'jobs:a:release config should be a hash (GitLab then reads it as one and raises: no pipeline, an undefined error)',
  ]);
});

void test("a job's rules:if sees its own predefined variables (Build::Context::Build, Ci::Variables::Builder)", async () => {
  const jobs = async (yaml: string): Promise<string[]> =>
    (await run(yaml)).jobs.filter((j) => j.inPipeline).map((j) => j.name);
  const other = 'b: {script: x}\n';
  assert.deepEqual(await jobs(`a: {script: x, rules: [{if: $CI_JOB_NAME == "a"}]}\n${other}`), ['a', 'b']);
  assert.deepEqual(await jobs(`a: {script: x, rules: [{if: $CI_JOB_STAGE == "test"}]}\n${other}`), ['a', 'b']);
  assert.deepEqual(await jobs(`"A b:c": {script: x, rules: [{if: $CI_JOB_NAME_SLUG == "a-b-c"}]}\n${other}`), [
    'A b:c',
    'b',
  ]);
  assert.deepEqual(await jobs(`a: {script: x, rules: [{if: $CI_NODE_TOTAL == "1"}]}\n${other}`), ['a', 'b']);
  assert.deepEqual(await jobs(`a: {script: x, parallel: 2, rules: [{if: $CI_NODE_INDEX == "2"}]}\n${other}`), [
    'a 2/2',
    'b',
  ]);
  const matrix = 'parallel: {matrix: [{P: [x, y]}]}, rules: [{if: $CI_NODE_INDEX == "1" && $CI_NODE_TOTAL == "2"}]';
  assert.deepEqual(await jobs(`a: {script: x, ${matrix}}\n${other}`), ['a: [x]', 'b']);
  // CI_JOB_MANUAL only for a job written `when: manual`.
  assert.deepEqual(await jobs(`a: {script: x, when: manual, rules: [{if: $CI_JOB_MANUAL}]}\n${other}`), ['a', 'b']);
  assert.deepEqual(await jobs(`a: {script: x, rules: [{if: $CI_JOB_MANUAL}]}\n${other}`), ['b']);
  // Under a YAML variable of the same name; not for the pipeline's own workflow:rules.
  assert.deepEqual(
    await jobs(`variables: {CI_JOB_NAME: z}\na: {script: x, rules: [{if: $CI_JOB_NAME == "z"}]}\n${other}`),
    ['a', 'b'],
  );
  assert.equal((await run('workflow: {rules: [{if: $CI_JOB_NAME}]}\na: {script: x}\n')).pipeline.created, false);
});

void test('jobs of a file included only on an assumption are marked assumed; one certain entry makes them certain', async () => {
  const assumed = async (files: Record<string, string>): Promise<[string, string | undefined][]> =>
    (await run(files)).jobs.map((j) => [j.name, j.assumed]);
  const unknown = 'rules: [{if: $CI_SERVER_HOST == "x"}]';
  const marked = await assumed({
    '.gitlab-ci.yml': `include: [{local: a.yml, ${unknown}}]\nmain: {script: x}\n`,
    'a.yml': 'inc: {script: x}\ninclude: [b.yml]\n',
    'b.yml': 'deep: {script: x}\n',
  });
  assert.deepEqual(
    marked.map(([n, why]) => [n, why?.replace(/: its include:rules.*$/, '')]),
    [
      ['deep', 'defined in b.yml, which is included on an assumption'],
      ['inc', 'defined in a.yml, which is included on an assumption'],
      ['main', undefined],
    ],
  );
  assert.match(marked[1]?.[1] ?? '', /its include:rules cannot be decided statically \(.*\$CI_SERVER_HOST/);
  // The same file also included without rules: GitLab reads it whatever those rules say.
  assert.deepEqual(
    await assumed({
      '.gitlab-ci.yml': `include: [{local: a.yml, ${unknown}}, a.yml]\nmain: {script: x}\n`,
      'a.yml': 'inc: {script: x}\n',
    }),
    [
      ['inc', undefined],
      ['main', undefined],
    ],
  );
  // Rules this analysis decides: nothing assumed.
  assert.deepEqual(
    await assumed({
      '.gitlab-ci.yml': 'include: [{local: a.yml, rules: [{if: $CI_COMMIT_BRANCH}]}]\nmain: {script: x}\n',
      'a.yml': 'inc: {script: x}\n',
    }),
    [
      ['inc', undefined],
      ['main', undefined],
    ],
  );
});

void test('offline with includes not read, a release or token key that is absent here is not judged missing', async () => {
  // A job (or template) of the same name in an include not read is deep-merged into this one: its keys may be there.
  const head = 'include: [{project: g/p, file: t.yml}]\n';
  const errors = async (yaml: string): Promise<string[]> =>
    (await run(head + yaml)).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  assert.deepEqual(await errors('a: {script: x, release: {description: d}, id_tokens: {T: {foo: 1}}}\n'), [
    'jobs:a:id_tokens:t config contains unknown keys: foo',
  ]);
  // What is written is still judged.
  assert.deepEqual(await errors('a: {script: x, release: {tag_name: 5, description: d}, id_tokens: {T: {aud: 5}}}\n'), [
    'jobs:a:id_tokens:t aud should be an array of strings or a string',
    'jobs:a:release tag name should be a string',
  ]);
});
