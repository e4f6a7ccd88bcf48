// Runs the bundled CLI (`artifact-flow download`) as a child process against the test server.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildCliBundle } from '../../support/cliBundle';
import { GitLabTestServer } from '../../support/fakeGitLab/server';
import { buildZip } from '../../support/fakeGitLab/zips';
import { GOOD_TOKEN, listTree, tempDir } from '../../support/fakeGitLab/helpers';

let server: GitLabTestServer;
let tmp: { dir: string; cleanup: () => void };
let cli: string;

before(async () => {
  tmp = tempDir('af-cli-');
  cli = await buildCliBundle(tmp.dir);
  server = await GitLabTestServer.start();
  server.tokens.set('ci-job-token', 'job');
  server.addPipeline({ id: 300, ref: 'main' });
  server.addJob({
    id: 31,
    name: 'build 2/3',
    pipelineId: 300,
    archive: await buildZip([
      { name: 'out/app.bin', data: 'BIN' },
      { name: 'build.env', data: 'X=1\n' },
    ]),
  });
  server.addJob({
    id: 32,
    name: 'evil',
    pipelineId: 300,
    archive: await buildZip([{ name: '../../pwned', data: 'x' }]),
  });
});
after(async () => {
  await server.close();
  tmp.cleanup();
});
beforeEach(() => {
  server.requests.length = 0;
  server.redirectDownloads = false;
});

function run(
  args: string[],
  env: Record<string, string>,
  cwd = tmp.dir,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, 'download', ...args],
      { cwd, env: { PATH: process.env['PATH'] ?? '', ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

let n = 0;
function cwd(): string {
  const d = join(tmp.dir, `w${n++}`);
  mkdirSync(d);
  return d;
}

void test('--job-id downloads and extracts into --out', async () => {
  const d = cwd();
  const r = await run(
    ['--project', 'group/sub/project', '--job-id', '31', '--out', 'arts', '--url', server.url],
    { GITLAB_TOKEN: GOOD_TOKEN },
    d,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /extracted 2 files/);
  assert.deepEqual(listTree(join(d, 'arts')), ['.artifact-flow.json', 'build.env', 'out/', 'out/app.bin']);
  assert.equal(server.requests[0]?.headers['private-token'], GOOD_TOKEN);
});

void test('--pipeline + --job resolves a parallel job name; default folder .gitlab-artifacts/<pipeline>/<job>', async () => {
  const d = cwd();
  const r = await run(
    ['--project', '7', '--pipeline', '300', '--job', 'build 2/3'],
    { GITLAB_TOKEN: GOOD_TOKEN, CI_SERVER_URL: server.url },
    d,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /"build 2\/3" is job 31 in pipeline 300/);
  assert.deepEqual(listTree(join(d, '.gitlab-artifacts', '300', 'build 2_3')), [
    '.artifact-flow.json',
    'build.env',
    'out/',
    'out/app.bin',
  ]);
});

void test('CI_JOB_TOKEN is sent as JOB-TOKEN, and the redirect to storage carries no token', async () => {
  server.redirectDownloads = true;
  const d = cwd();
  const r = await run(
    ['--project', '7', '--ref', 'main', '--job', 'build 2/3', '--out', 'x'],
    { CI_JOB_TOKEN: 'ci-job-token', CI_SERVER_URL: server.url },
    d,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(server.requests.find((q) => q.server === 'api')?.headers['job-token'], 'ci-job-token');
  assert.deepEqual(server.violations, []);
  assert.ok(listTree(join(d, 'x')).includes('build.env'));
});

void test('CI_JOB_TOKEN with --pipeline on a GitLab that refuses job tokens for the jobs API explains what to do', async () => {
  const r = await run(
    ['--project', '7', '--pipeline', '300', '--job', 'build 2/3'],
    { CI_JOB_TOKEN: 'ci-job-token', CI_SERVER_URL: server.url },
    cwd(),
  );
  assert.equal(r.code, 1);
  assert.match(r.stderr, /does not let CI_JOB_TOKEN list pipeline jobs/);
  assert.ok(!r.stderr.includes('ci-job-token'));
});

void test('--file writes one file to stdout', async () => {
  const r = await run(
    ['--project', '7', '--job-id', '31', '--file', 'build.env', '--url', server.url],
    { GITLAB_TOKEN: GOOD_TOKEN },
    cwd(),
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'X=1\n');
});

void test('--file with --out writes into the folder', async () => {
  const d = cwd();
  const r = await run(
    ['--project', '7', '--job-id', '31', '--file', 'out/app.bin', '--out', 'got', '--url', server.url],
    { GITLAB_TOKEN: GOOD_TOKEN },
    d,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(join(d, 'got', 'app.bin'), 'utf8'), 'BIN');
});

void test('a bad token: exit 1, a short message with what to do, the token never printed', async () => {
  const secret = 'glpat-definitely-not-valid';
  const r = await run(
    ['--project', '7', '--job-id', '31', '--url', server.url, '--verbose'],
    { GITLAB_TOKEN: secret },
    cwd(),
  );
  assert.equal(r.code, 1);
  assert.match(r.stderr, /rejected the token/);
  assert.match(r.stderr, /set GITLAB_TOKEN/);
  assert.ok(!r.stderr.includes(secret) && !r.stdout.includes(secret));
});

void test('a hostile archive: exit 1, refused entries listed, nothing written', async () => {
  const d = cwd();
  const r = await run(
    ['--project', '7', '--job-id', '32', '--out', 'x', '--url', server.url],
    { GITLAB_TOKEN: GOOD_TOKEN },
    d,
  );
  assert.equal(r.code, 1);
  assert.match(r.stderr, /refused "\.\.\/\.\.\/pwned": path escapes the target folder/);
  assert.deepEqual(listTree(d), []);
});

void test('usage errors exit 2', async () => {
  const r = await run(['--project', '7', '--job-id', '31', '--ref', 'main'], { CI_SERVER_URL: server.url }, cwd());
  assert.equal(r.code, 2);
  assert.match(r.stderr, /exactly one of/);
  const noUrl = await run(['--project', '7', '--job-id', '31'], {}, cwd());
  assert.equal(noUrl.code, 2);
  assert.match(noUrl.stderr, /CI_SERVER_URL/);
});
