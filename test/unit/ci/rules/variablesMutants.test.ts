// Predefined variables at pipeline creation, the cases mutation testing found untested (docs/mutation.md): the
// instance URL's parts, names that have a value only when the context gives one, and which predefined names GitLab
// sets in each kind of pipeline with values unknown here. Sources: app/models/project.rb
// (`predefined_ci_server_variables`, `predefined_project_variables`: CI_SERVER_*, CI_PROJECT_*), lib/gitlab/ci/variables/builder.rb
// (CI_PIPELINE_TRIGGERED and CI_TRIGGER_SHORT_TOKEN only with a trigger request), GitLab's predefined variables
// reference (doc/ci/variables/predefined_variables.md: which pipelines set each name), spec R8.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  layerVariables,
  plainVariables,
  predefinedVariables,
  serverVariables,
  unknownPredefined,
} from '../../../../src/ci/rules/variables';
import { expressionTri } from '../../../../src/ci/rules/triExpression';
import type { PipelineContext } from '../../../../src/ci/model';
import { mr, push, schedule, tagPush } from './helpers';

const server = (serverUrl: string, projectPath?: string): Record<string, string> =>
  serverVariables({ ...push(), serverUrl, ...(projectPath === undefined ? {} : { projectPath }) });

void test('CI_SERVER_*: the default port of each protocol, a given port, a bare host, trailing slashes', () => {
  // Gitlab.config.gitlab: port 443 for https and 80 for http unless set; url without a trailing slash.
  assert.deepEqual(server('https://gitlab.example.com', 'grp/proj'), {
    CI_SERVER_URL: 'https://gitlab.example.com',
    CI_SERVER_PROTOCOL: 'https',
    CI_SERVER_HOST: 'gitlab.example.com',
    CI_SERVER_PORT: '443',
    CI_SERVER_FQDN: 'gitlab.example.com',
    CI_API_V4_URL: 'https://gitlab.example.com/api/v4',
    CI_API_GRAPHQL_URL: 'https://gitlab.example.com/api/graphql',
    CI_PROJECT_URL: 'https://gitlab.example.com/grp/proj',
  });
  assert.equal(server('http://ci.local:8080').CI_SERVER_PORT, '8080');
  assert.equal(server('https://gitlab.example.com:8443').CI_SERVER_PORT, '8443');
  // A setting without a scheme names an https instance.
  assert.equal(server('gitlab.example.com').CI_SERVER_URL, 'https://gitlab.example.com');
  assert.equal(server('gitlab.example.com').CI_SERVER_PORT, '443');
  assert.equal(server('HTTP://ci.local').CI_SERVER_PROTOCOL, 'http');
  assert.equal(server('https://gitlab.example.com/gl//').CI_SERVER_URL, 'https://gitlab.example.com/gl');
  assert.equal(server('https://gitlab.example.com/gl//').CI_API_V4_URL, 'https://gitlab.example.com/gl/api/v4');
});

void test('an instance URL that is not http(s), or not a URL, gives no CI_SERVER_* values', () => {
  for (const url of ['ftp://gitlab.example.com', 'ssh://git@gitlab.example.com', 'http://[', 'https://a b']) {
    assert.deepEqual(server(url, 'grp/proj'), {}, url);
  }
});

/** A context that gives only what every context has. */
const bare = (refKind: PipelineContext['refKind'], source: PipelineContext['source']): PipelineContext => ({
  source,
  refKind,
  defaultBranch: 'main',
  variables: {},
});

void test('a name has a value only when the context gives it: no key holds undefined', () => {
  const contexts: [string, PipelineContext, string[]][] = [
    ['tag pipeline without the tag', bare('tag', 'push'), ['CI_COMMIT_TAG', 'CI_COMMIT_REF_NAME']],
    [
      'merge request pipeline without branches or project',
      bare('mr', 'merge_request_event'),
      [
        'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME',
        'CI_MERGE_REQUEST_TARGET_BRANCH_NAME',
        'CI_MERGE_REQUEST_PROJECT_PATH',
        'CI_MERGE_REQUEST_SOURCE_PROJECT_PATH',
        'CI_COMMIT_REF_NAME',
        'CI_MERGE_REQUEST_IID',
        'CI_MERGE_REQUEST_REF_PATH',
      ],
    ],
    [
      'instance URL without a project path',
      push('main', { serverUrl: 'https://gitlab.example.com' }),
      ['CI_PROJECT_URL'],
    ],
  ];
  for (const [what, ctx, absent] of contexts) {
    const v = predefinedVariables(ctx);
    for (const name of absent) assert.equal(Object.hasOwn(v, name), false, `${what}: ${name}`);
    for (const [name, value] of Object.entries(v)) assert.equal(typeof value, 'string', `${what}: ${name}`);
  }
  // Given, they have their values (the MR target and project path are the merge request's).
  const full = predefinedVariables(mr({ projectPath: 'grp/proj' }));
  assert.equal(full.CI_MERGE_REQUEST_TARGET_BRANCH_NAME, 'main');
  assert.equal(full.CI_MERGE_REQUEST_SOURCE_PROJECT_PATH, 'grp/proj');
});

void test('project path parts: CI_PROJECT_NAME is the last part, CI_PROJECT_NAMESPACE the rest', () => {
  const cases: [string, string, string, string][] = [
    ['grp/proj', 'proj', 'grp', 'grp'],
    ['a/b/c/d', 'd', 'a/b/c', 'a'],
  ];
  for (const [path, name, namespace, root] of cases) {
    const v = predefinedVariables(push('main', { projectPath: path }));
    assert.deepEqual(
      [v.CI_PROJECT_NAME, v.CI_PROJECT_NAMESPACE, v.CI_PROJECT_ROOT_NAMESPACE],
      [name, namespace, root],
      path,
    );
  }
});

// Set by GitLab in every pipeline, values that no configuration or context gives (predefined variables reference).
const ALWAYS = [
  'CI_SERVER_REVISION',
  'CI_SERVER_VERSION',
  'CI_REGISTRY',
  'CI_REGISTRY_IMAGE',
  'CI_DEPENDENCY_PROXY_SERVER',
  'CI_DEPENDENCY_PROXY_GROUP_IMAGE_PREFIX',
  'CI_COMMIT_SHA',
  'CI_PIPELINE_ID',
  'GITLAB_USER_LOGIN',
];
const FROM_PROJECT_PATH = [
  'CI_PROJECT_PATH',
  'CI_PROJECT_PATH_SLUG',
  'CI_PROJECT_NAME',
  'CI_PROJECT_NAMESPACE',
  'CI_PROJECT_ROOT_NAMESPACE',
];
const FROM_SERVER_URL = [
  'CI_SERVER_URL',
  'CI_SERVER_HOST',
  'CI_SERVER_PORT',
  'CI_SERVER_PROTOCOL',
  'CI_SERVER_FQDN',
  'CI_API_V4_URL',
  'CI_API_GRAPHQL_URL',
  'CI_PROJECT_URL',
];
// Set in merge request pipelines ("Predefined variables for merge request pipelines").
const MERGE_REQUEST = [
  'CI_MERGE_REQUEST_IID',
  'CI_MERGE_REQUEST_REF_PATH',
  'CI_MERGE_REQUEST_ID',
  'CI_MERGE_REQUEST_TITLE',
  'CI_MERGE_REQUEST_DESCRIPTION',
  'CI_MERGE_REQUEST_LABELS',
  'CI_MERGE_REQUEST_ASSIGNEES',
  'CI_MERGE_REQUEST_MILESTONE',
  'CI_MERGE_REQUEST_SOURCE_BRANCH_SHA',
  'CI_MERGE_REQUEST_TARGET_BRANCH_SHA',
  'CI_MERGE_REQUEST_PROJECT_URL',
  'CI_MERGE_REQUEST_SOURCE_PROJECT_ID',
  'CI_MERGE_REQUEST_SOURCE_BRANCH_PROTECTED',
  'CI_MERGE_REQUEST_TARGET_BRANCH_NAME',
];

void test('unknown predefined names in each kind of pipeline, per the predefined variables reference', () => {
  const trigger: PipelineContext = { ...push('dev'), source: 'trigger' };
  const known: PipelineContext = push('main', { projectPath: 'grp/proj', serverUrl: 'https://gitlab.example.com' });
  const rows: [string, PipelineContext, string[], string[]][] = [
    // [what, context, unknown names, names not unknown]
    [
      'branch push',
      push(),
      [...ALWAYS, ...FROM_PROJECT_PATH, ...FROM_SERVER_URL, 'CI_OPEN_MERGE_REQUESTS'],
      [...MERGE_REQUEST, 'CI_COMMIT_TAG_MESSAGE', 'CI_PIPELINE_SCHEDULE_DESCRIPTION', 'CI_TRIGGER_SHORT_TOKEN'],
    ],
    ['project path and URL given', known, ALWAYS, [...FROM_PROJECT_PATH, ...FROM_SERVER_URL]],
    [
      'tag push',
      tagPush(),
      [...ALWAYS, 'CI_COMMIT_TAG_MESSAGE'],
      [...MERGE_REQUEST, 'CI_OPEN_MERGE_REQUESTS', 'CI_PIPELINE_SCHEDULE_DESCRIPTION', 'CI_TRIGGER_SHORT_TOKEN'],
    ],
    [
      'merge request',
      mr(),
      [...ALWAYS, ...MERGE_REQUEST, 'CI_OPEN_MERGE_REQUESTS'],
      ['CI_COMMIT_TAG_MESSAGE', 'CI_PIPELINE_SCHEDULE_DESCRIPTION', 'CI_TRIGGER_SHORT_TOKEN'],
    ],
    ['schedule', schedule(), ['CI_PIPELINE_SCHEDULE_DESCRIPTION'], ['CI_TRIGGER_SHORT_TOKEN', 'CI_COMMIT_TAG_MESSAGE']],
    ['trigger token', trigger, ['CI_TRIGGER_SHORT_TOKEN'], ['CI_PIPELINE_SCHEDULE_DESCRIPTION', ...MERGE_REQUEST]],
  ];
  for (const [what, ctx, unknown, notUnknown] of rows) {
    const u = unknownPredefined(ctx);
    for (const name of unknown) assert.equal(u.has(name), true, `${what}: ${name} unknown`);
    for (const name of notUnknown) assert.equal(u.has(name), false, `${what}: ${name} not unknown`);
    assert.equal(u.has(''), false, `${what}: no empty name`);
  }
});

void test('rules:if on a name GitLab sets only in other pipelines is false; on an unknown one, unknown', () => {
  const tri = (src: string, ctx: PipelineContext): boolean | 'unknown' =>
    expressionTri(src, predefinedVariables(ctx), unknownPredefined(ctx)).value;
  assert.equal(tri('$CI_OPEN_MERGE_REQUESTS', push()), 'unknown');
  assert.equal(tri('$CI_OPEN_MERGE_REQUESTS', tagPush()), false);
  assert.equal(tri('$CI_COMMIT_TAG_MESSAGE', tagPush()), 'unknown');
  assert.equal(tri('$CI_COMMIT_TAG_MESSAGE', push()), false);
  assert.equal(tri('$CI_MERGE_REQUEST_TITLE =~ /WIP/', mr()), 'unknown');
  assert.equal(tri('$CI_MERGE_REQUEST_TITLE =~ /WIP/', push()), false);
});

void test('variables: null (the key written without a value) gives no variables and layers like an absent one', () => {
  assert.deepEqual(plainVariables(null), {});
  assert.deepEqual(plainVariables('A'), {});
  const v = layerVariables({ context: push(), global: null, job: null });
  assert.equal(v.CI_COMMIT_BRANCH, 'main');
});
