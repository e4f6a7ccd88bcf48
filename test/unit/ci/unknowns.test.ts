// No false errors when something is unknown (issue 10, item 3). Sources: lib/gitlab/ci/config/external/processor.rb
// (the including file's keys, `stages:` among them, win over every include: spec R3.2), yaml_processor.rb
// (validate_job_stage!, validate_job_dependency!), Gitlab::Ci::Variables::Builder (predefined variables GitLab always
// sets), lib/gitlab/ci/pipeline/expression (how `rules:if` reads variables).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, errors, included, job, run, sources, mrContext } from './helpers';
import { serverVariables, unknownPredefined } from '../../../src/ci/rules/variables';
import { expressionTri } from '../../../src/ci/rules/triExpression';
import { defaultContext } from '../../../src/ci/analyze';

// gtk-like: the stages live in an include we cannot read offline (a project include); the root sets none.
const GTK_LIKE = `include:
  - project: gnome/citemplates
    file: templates/stages.yml
style-check:
  stage: analysis
  script: [check]
  artifacts: {paths: [report.txt]}
build:
  stage: build
  needs: [style-check]
  script: [make]
  artifacts: {paths: [out/]}
test:
  stage: test
  script: [make test]
docs:
  stage: deploy
  dependencies: [style-check]
  script: [make docs]
`;

void test('processor.rb: a stage only defined in an unresolved include is a warning, never an error, with no made-up position', async () => {
  const m = await run(GTK_LIKE);
  assert.deepEqual(errors(m), []);
  const warn = m.diagnostics.find((d) => d.code === 'stage-unresolved' && d.job === 'style-check');
  assert.ok(warn, 'a warning on the stage');
  assert.equal(warn.severity, 'warning');
  assert.equal(warn.line, 5); // on `analysis`
  assert.equal(job(m, 'style-check').stageIndex, -1);
  // Not "earlier than every stage": stage order does not bring it to test...
  assert.deepEqual(sources(m, 'test'), ['build']);
  // ...while needs and dependencies, which do not depend on the order, still do.
  assert.deepEqual(sources(m, 'build'), ['style-check']);
  assert.deepEqual(sources(m, 'docs'), ['style-check']);
  assert.match(job(m, 'docs').sources[0]?.reason ?? '', /order of stages analysis and deploy is not known here/);
  // A stage-scheduled job in the unknown stage says that its sources are unknown.
  assert.deepEqual(
    job(m, 'style-check').missing.map((x) => x.code),
    ['stage-unknown'],
  );
});

void test("processor.rb: the root file's own stages: beat every include, so an unknown stage there is still GitLab's error", async () => {
  const m = await run(`stages: [build, test]\n${GTK_LIKE}`);
  assert.deepEqual(errors(m), [
    'style-check job: chosen stage analysis does not exist; available stages are .pre, build, test, .post',
    'docs job: chosen stage deploy does not exist; available stages are .pre, build, test, .post',
  ]);
});

void test('yaml_processor.rb: a need on a job of an unknown stage is not "not defined in current or prior stages"', async () => {
  const m = await run(
    `include: [{project: g/t, file: s.yml}]\nlate: {stage: late, script: x}\nearly: {stage: build, needs: [late], script: x}\n`,
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(codes(m, 'warning'), ['stage-unresolved']);
});

void test('Variables::Builder: predefined variables we cannot know are unknown; the rule is assumed and names them', async () => {
  const yaml = 'j:\n  script: [x]\n  rules:\n    - if: $CI_SERVER_HOST == "gitlab.com"\n';
  const m = await run(yaml);
  assert.deepEqual(included(m), ['j']);
  assert.match(
    job(m, 'j').assumed ?? '',
    /rules\[0\]: assumed: if '\$CI_SERVER_HOST == "gitlab.com"' depends on \$CI_SERVER_HOST, which is not known here/,
  );
  // Known from the context: decided, no assumption.
  const com = await run(yaml, { serverUrl: 'https://gitlab.com' });
  assert.deepEqual(included(com), ['j']);
  assert.equal(job(com, 'j').assumed, undefined);
  const self = await run(yaml, { serverUrl: 'https://gitlab.example.com' });
  assert.deepEqual(included(self), []);
  assert.match(job(self, 'j').excludedReason ?? '', /is false/);
});

void test('Variables::Builder: variables absent by design stay null (decided); undefined user variables stay null', async () => {
  const m = await run(
    'tagonly: {script: x, rules: [{if: $CI_COMMIT_TAG}]}\nuser: {script: x, rules: [{if: $MY_FLAG == "1"}]}\nmr: {script: x, rules: [{if: $CI_MERGE_REQUEST_LABELS =~ /x/}]}\n',
  );
  assert.deepEqual(included(m), []);
  for (const j of m.jobs) assert.equal(j.assumed, undefined);
  // In a merge request pipeline the labels exist but are unknown.
  const mr = await run('mr: {script: x, rules: [{if: $CI_MERGE_REQUEST_LABELS =~ /deploy/}]}\n', mrContext);
  assert.match(job(mr, 'mr').assumed ?? '', /\$CI_MERGE_REQUEST_LABELS/);
});

void test('expression.rb with unknowns: Kleene logic decides what it can', () => {
  const ctx = defaultContext();
  const unknown = unknownPredefined(ctx);
  const vars = { CI_PIPELINE_SOURCE: 'push' };
  const cases: [string, boolean | 'unknown'][] = [
    ['$CI_COMMIT_MESSAGE =~ /skip/', 'unknown'],
    ['$CI_COMMIT_MESSAGE =~ /skip/ && $CI_PIPELINE_SOURCE == "schedule"', false],
    ['$CI_PIPELINE_SOURCE == "schedule" && $CI_COMMIT_MESSAGE =~ /skip/', false],
    ['$CI_COMMIT_MESSAGE =~ /skip/ || $CI_PIPELINE_SOURCE == "push"', true],
    ['$CI_COMMIT_MESSAGE =~ /skip/ || $CI_PIPELINE_SOURCE == "schedule"', 'unknown'],
    ['!($CI_COMMIT_MESSAGE =~ /skip/)', 'unknown'],
    ['$CI_COMMIT_MESSAGE =~ $NOT_SET', false],
    ['$CI_COMMIT_MESSAGE !~ $NOT_SET', true],
    ['$NOT_SET == "x"', false],
  ];
  for (const [src, want] of cases) assert.equal(expressionTri(src, vars, unknown).value, want, src);
  // A value given by the user or the YAML makes it known.
  assert.equal(expressionTri('$CI_COMMIT_MESSAGE =~ /skip/', { CI_COMMIT_MESSAGE: 'skip ci' }, unknown).value, true);
});

void test('Variables::Builder: CI_SERVER_* and CI_PROJECT_URL derived from the instance URL', () => {
  const ctx = { ...defaultContext(), projectPath: 'grp/sub/proj', serverUrl: 'https://gitlab.example.com:8443/gl/' };
  assert.deepEqual(serverVariables(ctx), {
    CI_SERVER_URL: 'https://gitlab.example.com:8443/gl',
    CI_SERVER_PROTOCOL: 'https',
    CI_SERVER_HOST: 'gitlab.example.com',
    CI_SERVER_PORT: '8443',
    CI_SERVER_FQDN: 'gitlab.example.com:8443',
    CI_API_V4_URL: 'https://gitlab.example.com:8443/gl/api/v4',
    CI_API_GRAPHQL_URL: 'https://gitlab.example.com:8443/gl/api/graphql',
    CI_PROJECT_URL: 'https://gitlab.example.com:8443/gl/grp/sub/proj',
  });
  assert.equal(serverVariables({ ...defaultContext(), serverUrl: 'http://ci.local' }).CI_SERVER_PORT, '80');
  assert.equal(unknownPredefined(ctx).has('CI_SERVER_HOST'), false);
  assert.equal(unknownPredefined(defaultContext()).has('CI_SERVER_HOST'), true);
});

void test('external/context.rb: include:rules on an unknown variable include the file, and the info names the variable', async () => {
  const m = await run({
    '.gitlab-ci.yml':
      'include:\n  - local: com.yml\n    rules:\n      - if: $CI_SERVER_HOST == "gitlab.com"\nj: {script: x}\n',
    'com.yml': 'k: {script: y}\n',
  });
  assert.deepEqual(
    m.jobs.map((j) => j.name),
    ['k', 'j'],
  );
  const info = m.diagnostics.find((d) => d.code === 'include-rules-unknown');
  assert.match(info?.message ?? '', /\$CI_SERVER_HOST, which is not known here/);
  const other = await run(
    {
      '.gitlab-ci.yml':
        'include:\n  - local: com.yml\n    rules:\n      - if: $CI_SERVER_HOST == "gitlab.com"\nj: {script: x}\n',
      'com.yml': 'k: {script: y}\n',
    },
    { serverUrl: 'https://gitlab.example.com' },
  );
  assert.deepEqual(
    other.jobs.map((j) => j.name),
    ['j'],
  );
});

void test('workflow:rules on an unknown variable: created on an assumption, said on the pipeline', async () => {
  const m = await run('workflow:\n  rules:\n    - if: $CI_PROJECT_PATH == "grp/proj"\nj: {script: x}\n');
  assert.equal(m.pipeline.created, true);
  assert.match(m.pipeline.assumed ?? '', /\$CI_PROJECT_PATH/);
  assert.ok(codes(m, 'info').includes('workflow-assumed'));
  const decided = await run('workflow:\n  rules:\n    - if: $CI_PROJECT_PATH == "grp/proj"\nj: {script: x}\n', {
    projectPath: 'grp/other',
  });
  assert.equal(decided.pipeline.created, false);
});
