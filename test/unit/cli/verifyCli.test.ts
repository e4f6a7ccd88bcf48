// `artifact-flow verify` against the GitLab API test server (its CI lint stand-in, test/support/fakeGitLab/
// configLint.ts): what is sent (the working copy with local includes inlined, a dry run on the ref and a static
// check), exit 0 when GitLab agrees, 1 when it differs (text and JSON), 2 for usage and network errors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runVerify } from '../../../src/cli/verifyCommand';
import { CiFilesServer } from '../../support/fakeGitLab/ciFiles';
import { tempDir } from '../../support/fakeGitLab/helpers';

const tmp = tempDir('af-cli-verify-');
let server: CiFilesServer | undefined;
after(async () => {
  await server?.close();
  tmp.cleanup();
});

async function getServer(): Promise<CiFilesServer> {
  if (server) return server;
  const s = (server = await CiFilesServer.start());
  s.projects.push({ id: 2, path: 'grp/app', defaultBranch: 'trunk', refs: {}, commits: [] });
  return s;
}

async function verify(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runVerify(
    argv,
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
  return { code, out, err };
}

function project(files: Record<string, string>): string {
  const dir = tmp.fresh();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return join(dir, '.gitlab-ci.yml');
}

const AGREEING = {
  '.gitlab-ci.yml': [
    'include: ci/build.yml',
    'stages: [build, test]',
    'test:',
    '  extends: .base',
    '  parallel: 2',
    '  needs: [build]',
    '',
  ].join('\n'),
  'ci/build.yml':
    '.base: {stage: test, script: [t]}\nbuild: {stage: build, script: [make], parallel: {matrix: [{OS: [a, b]}]}}\n',
};

void test('GitLab agrees: exit 0; the working copy is sent with local includes inlined, a dry run on the default branch and a static check', async () => {
  const s = await getServer();
  s.configLints.length = 0;
  const root = project(AGREEING);
  const env = { GITLAB_TOKEN: s.token };
  const r = await verify([root, '--url', s.url, '--project', 'grp/app'], env);
  assert.equal(r.err, '');
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^Compare with GitLab: grp\/app, a push pipeline on branch trunk\n/);
  assert.match(r.out, /Result: GitLab agrees: 4 jobs\n/);
  assert.deepEqual(
    s.configLints.map((l) => [l.dry_run, l.include_jobs, l.ref]),
    [
      [true, true, 'trunk'],
      [false, true, undefined],
    ],
  );
  const sent = s.configLints[0]?.content ?? '';
  assert.match(sent, /"build": \{"stage": "build"/);
  assert.match(sent, /"extends": "\.base"/);
  assert.doesNotMatch(sent, /"include"/);
});

void test('GitLab differs: exit 1, the job only in GitLab and the differing needs named, in text and JSON', async () => {
  const s = await getServer();
  const root = project({
    '.gitlab-ci.yml': [
      'build: {stage: build, script: [make]}',
      // We evaluate rules (no pipeline on branch trunk for this job); the stand-in does not, so GitLab "has" it.
      'release: {stage: build, script: [r], rules: [{if: $CI_COMMIT_BRANCH == "release"}]}',
      'test: {stage: test, script: [t], needs: [{job: release, optional: true}]}',
      '',
    ].join('\n'),
  });
  const env = { GITLAB_TOKEN: s.token };
  const text = await verify([root, '--url', s.url, '--project', 'grp/app', '--ref', 'feature'], env);
  assert.equal(text.code, 1, text.out);
  assert.match(text.out, /a push pipeline on branch feature/);
  assert.match(text.out, /Result: 2 differences from GitLab/);
  assert.match(text.out, /Only in GitLab \(1\):\n {2}- release {2}\[stage build, when on_success\]/);
  assert.match(text.out, /test: needs — GitLab: release; ours: \(none\)/);
  const json = await verify([root, '--url', s.url, '--project', 'grp/app', '--ref', 'feature', '--json'], env);
  assert.equal(json.code, 1);
  const report = JSON.parse(json.out) as {
    summary: string;
    comparison: { onlyInGitLab: { name: string }[]; differences: number };
  };
  assert.equal(report.summary, '2 differences from GitLab');
  assert.deepEqual(
    report.comparison.onlyInGitLab.map((j) => j.name),
    ['release'],
  );
});

void test('both invalid agree (exit 0), and a tag is simulated as a tag pipeline', async () => {
  const s = await getServer();
  s.configLints.length = 0;
  const root = project({ '.gitlab-ci.yml': 'build: {stage: nowhere, script: [make]}\n' });
  const r = await verify([root, '--url', s.url, '--project', 'grp/app', '--tag', 'v1.0'], { GITLAB_TOKEN: s.token });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /a push pipeline on tag v1\.0/);
  assert.match(r.out, /Result: GitLab agrees: the configuration is invalid/);
  assert.match(r.out, /GitLab's errors \(1\):\n {2}- build job: chosen stage nowhere does not exist/);
  assert.equal(s.configLints[0]?.ref, 'v1.0');
});

void test('usage errors and an unreachable instance exit with 2; the token never appears', async () => {
  const s = await getServer();
  const root = project(AGREEING);
  const noProject = await verify([root, '--url', s.url], { GITLAB_TOKEN: s.token });
  assert.equal(noProject.code, 2);
  assert.match(noProject.err, /^artifact-flow verify: needs --project/);
  assert.match(noProject.err, /Usage: artifact-flow verify/);
  const both = await verify([root, '--ref', 'a', '--tag', 'b'], {});
  assert.equal(both.code, 2);
  assert.match(both.err, /use either --ref or --tag/);
  const help = await verify(['--help'], {});
  assert.equal(help.code, 0);
  assert.match(help.out, /Exit code: 0 when GitLab agrees, 1 when it differs, 2/);
  const denied = await verify([root, '--url', s.url, '--project', 'grp/app'], { GITLAB_TOKEN: 'glpat-wrong-secret' });
  assert.equal(denied.code, 2);
  assert.doesNotMatch(denied.err + denied.out, /glpat-wrong-secret/);
  s.down = true;
  try {
    const down = await verify([root, '--url', s.url, '--project', 'grp/app'], { GITLAB_TOKEN: s.token });
    assert.equal(down.code, 2);
    assert.match(down.err, /^artifact-flow verify: /);
    assert.equal(down.out, '');
  } finally {
    s.down = false;
  }
});
