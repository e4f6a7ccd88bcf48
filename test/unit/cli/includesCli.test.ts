// `artifact-flow --url … --project …`: external includes resolved through the instance (token from GITLAB_TOKEN,
// only to the instance; remote files without it), cached in --include-cache, and read again with --offline while
// the instance is down, the model saying "cache" and as of when.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFlow } from '../../../src/cli/flowCommand';
import type { FlowModel } from '../../../src/ci/model';
import { CiFilesServer } from '../../support/fakeGitLab/ciFiles';
import { tempDir } from '../../support/fakeGitLab/helpers';

const tmp = tempDir('af-cli-includes-');
let server: CiFilesServer | undefined;
after(async () => {
  await server?.close();
  tmp.cleanup();
});

async function flow(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; model: FlowModel; err: string }> {
  let out = '';
  let err = '';
  const code = await runFlow(
    [...argv, '--format', 'json'],
    {
      stdout: (s) => {
        out += s;
      },
      stderr: (s) => {
        err += s;
      },
    },
    env,
  );
  return { code, model: JSON.parse(out) as FlowModel, err };
}

void test('the CLI resolves project, component, template and remote includes, then works offline from the cache', async () => {
  const s = (server = await CiFilesServer.start());
  const sha = 'd'.repeat(40);
  s.projects.push({
    id: 1,
    path: 'grp/lib',
    defaultBranch: 'main',
    refs: { main: sha, 'v1.2.0': sha },
    releases: [{ tag: 'v1.2.0', releasedAt: '2025-01-01T00:00:00Z' }],
    commits: [
      {
        sha,
        files: {
          'ci/build.yml':
            'include: ci/base.yml\nbuild: {extends: .base, stage: build, script: make, artifacts: {paths: [bin/]}}\n',
          'ci/base.yml': '.base: {image: gcc}\n',
          'templates/unit.yml':
            'spec:\n  inputs:\n    stage: {default: test}\n---\nunit:\n  stage: $[[ inputs.stage ]]\n  script: t\n',
        },
      },
    ],
  });
  s.projects.push({ id: 2, path: 'grp/app', defaultBranch: 'main', refs: {}, commits: [] });
  s.lintTemplates.set('Jobs/Lint.gitlab-ci.yml', 'lint_job:\n  stage: test\n  script:\n  - lint\n');
  s.remoteFiles.set('/r.yml', 'remote_job: {stage: test, script: r}\n');
  const dir = tmp.fresh();
  const host = new URL(s.url).host;
  writeFileSync(
    join(dir, '.gitlab-ci.yml'),
    [
      'include:',
      '  - project: grp/lib',
      '    ref: v1.2.0',
      '    file: ci/build.yml',
      `  - component: ${host}/grp/lib/unit@v1.2.0`,
      '  - template: Jobs/Lint.gitlab-ci.yml',
      `  - remote: ${s.remoteUrl}/r.yml`,
      'deploy: {stage: deploy, script: d, needs: [build]}',
      '',
    ].join('\n'),
  );
  const cache = join(tmp.dir, 'cache');
  const args = [join(dir, '.gitlab-ci.yml'), '--url', s.url, '--project', 'grp/app', '--include-cache', cache];
  const online = await flow(args, { GITLAB_TOKEN: s.token });
  assert.equal(online.code, 0, JSON.stringify(online.model.diagnostics));
  const files = Object.fromEntries(online.model.jobs.map((j) => [j.name, j.file]));
  assert.deepEqual(files, {
    build: 'project:grp/lib@v1.2.0:/ci/build.yml',
    unit: `component:${host}/grp/lib/unit@v1.2.0`,
    lint_job: 'template:Jobs/Lint.gitlab-ci.yml',
    remote_job: `remote:${s.remoteUrl}/r.yml`,
    deploy: '.gitlab-ci.yml',
  });
  assert.deepEqual(
    online.model.jobs.find((j) => j.name === 'deploy')?.sources.map((x) => x.job),
    ['build'],
  );
  assert.deepEqual(
    online.model.includes.map((i) => i.via),
    ['api', 'api', 'api', 'lint', 'api'],
  );
  assert.ok(s.requests.every((r) => !r.includes('private_token')));
  assert.deepEqual(s.violations, [], 'the remote origin never saw the token');

  s.down = true;
  const offline = await flow([...args, '--offline'], {});
  assert.equal(offline.code, 0, JSON.stringify(offline.model.diagnostics));
  assert.deepEqual(offline.model.jobs.map((j) => j.name).sort(), Object.keys(files).sort());
  assert.ok(
    offline.model.includes
      .filter((i) => i.kind !== 'local')
      .every((i) => i.via === 'cache' && typeof i.asOf === 'string'),
  );

  const unreachable = await flow(args, { GITLAB_TOKEN: s.token, CI_SERVER_URL: s.url });
  assert.ok(
    unreachable.model.includes.every((i) => i.via !== undefined || !i.resolved),
    'cached within the TTL, or unresolved: never an error',
  );
});
