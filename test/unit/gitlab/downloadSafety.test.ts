// Downloads never destroy what we did not create, and never hang: the real CLI (`artifact-flow download`,
// bundled like dist/cli.js) against the GitLab API test server, in project-like folders.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCliBundle } from '../../support/cliBundle';
import { MARKER_FILE, MARKER_TOOL } from '../../../src/gitlab/downloadTarget';
import { GitLabTestServer } from '../../support/fakeGitLab/server';
import { buildZip } from '../../support/fakeGitLab/zips';
import { GOOD_TOKEN, listTree, tempDir, type TempDir } from '../../support/fakeGitLab/helpers';

let server: GitLabTestServer;
let tmp: TempDir;
let cli: string;

before(async () => {
  tmp = tempDir('af-dlsafe-');
  cli = await buildCliBundle(tmp.dir);
  server = await GitLabTestServer.start();
  server.addPipeline({ id: 300, ref: 'main' });
  server.addJob({
    id: 31,
    name: 'build',
    pipelineId: 300,
    archive: await buildZip([
      { name: 'out/app.bin', data: 'BIN' },
      { name: 'build.env', data: 'X=1\n' },
    ]),
  });
  server.addJob({
    id: 33,
    name: 'build2',
    pipelineId: 300,
    archive: await buildZip([{ name: 'second.txt', data: 'two' }]),
  });
  server.addJob({
    id: 34,
    name: 'big',
    pipelineId: 300,
    archive: await buildZip([{ name: 'noise.bin', data: Buffer.alloc(300_000, 1), compress: false }]),
  });
});
after(async () => {
  await server.close();
  tmp.cleanup();
});
beforeEach(() => server.resetBetweenTests());

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, env: Record<string, string> = { GITLAB_TOKEN: GOOD_TOKEN }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, 'download', '--url', server.url, '--project', '7', ...args],
      { cwd, env: { PATH: process.env['PATH'] ?? '', ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, signal: null, stdout, stderr });
      },
    );
  });
}

/** A folder that looks like a checked-out project: sources, a README, a .git folder. */
function project(): string {
  const d = tmp.fresh();
  mkdirSync(join(d, 'src'));
  writeFileSync(join(d, 'src', 'main.ts'), 'export {};\n');
  writeFileSync(join(d, 'README.md'), '# mine\n');
  mkdirSync(join(d, '.git'));
  writeFileSync(join(d, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  return d;
}

/** Every file with its content, to prove a refused download touched nothing. */
function snapshot(dir: string): string[] {
  return listTree(dir).map((p) =>
    p.endsWith('/') || p.endsWith('@') ? p : `${p}=${readFileSync(join(dir, p), 'utf8')}`,
  );
}

async function refusedUntouched(args: string[], cwd: string, watched: string, why: RegExp): Promise<Run> {
  const before = snapshot(watched);
  const r = await run(args, cwd);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, why);
  assert.match(r.stderr, /Nothing was changed\. Pick an empty or new folder\./);
  assert.deepEqual(snapshot(watched), before, 'nothing was touched');
  assert.equal(server.count(/\/artifacts$/), 0, 'refused before downloading anything');
  return r;
}

void test('--out . in a project folder is refused and nothing is touched', async () => {
  const d = project();
  await refusedUntouched(['--job-id', '31', '--out', '.'], d, d, /it is the current directory itself/);
});

void test('--out .. (a parent of the current directory) is refused', async () => {
  const d = project();
  const sub = join(d, 'src');
  await refusedUntouched(['--job-id', '31', '--out', '..'], sub, d, /it contains the current directory/);
});

void test('--out naming an existing source folder is refused', async () => {
  const d = project();
  await refusedUntouched(['--job-id', '31', '--out', 'src'], d, d, /not empty and was not created by a download/);
});

void test('--out naming a file is refused (the file is not replaced by a folder)', async () => {
  const d = project();
  await refusedUntouched(['--job-id', '31', '--out', 'README.md'], d, d, /is an existing file/);
});

void test('--out naming a symlink (even to an empty folder) is refused', async () => {
  const d = project();
  mkdirSync(join(d, 'empty'));
  symlinkSync(join(d, 'empty'), join(d, 'link'));
  await refusedUntouched(['--job-id', '31', '--out', 'link'], d, d, /is a symbolic link/);
});

void test('a folder whose marker is not ours, or names another path, is refused', async () => {
  const d = project();
  mkdirSync(join(d, 'other'));
  writeFileSync(join(d, 'other', MARKER_FILE), JSON.stringify({ tool: 'someone-else', target: join(d, 'other') }));
  await refusedUntouched(['--job-id', '31', '--out', 'other'], d, d, /no valid \.artifact-flow\.json/);
  mkdirSync(join(d, 'copied'));
  writeFileSync(
    join(d, 'copied', MARKER_FILE),
    JSON.stringify({ tool: MARKER_TOOL, version: 1, target: join(d, 'elsewhere') }),
  );
  writeFileSync(join(d, 'copied', 'keep.txt'), 'mine');
  await refusedUntouched(['--job-id', '31', '--out', 'copied'], d, d, /no valid \.artifact-flow\.json/);
});

void test('a previous download (our marker for this very path) is replaced; the marker says what it is', async () => {
  const d = project();
  const first = await run(['--job-id', '31', '--out', 'arts'], d);
  assert.equal(first.code, 0, first.stderr);
  const marker = JSON.parse(readFileSync(join(d, 'arts', MARKER_FILE), 'utf8')) as Record<string, unknown>;
  assert.equal(marker['tool'], MARKER_TOOL);
  assert.equal(marker['target'], join(d, 'arts'));
  assert.equal(marker['instance'], server.url);
  assert.equal(marker['project'], '7');
  assert.equal(marker['jobId'], 31);
  assert.equal(marker['jobName'], 'build');
  assert.equal(marker['pipeline'], 300);
  assert.ok(!Number.isNaN(Date.parse(String(marker['createdAt']))));
  const second = await run(['--job-id', '33', '--out', 'arts'], d);
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(listTree(join(d, 'arts')), [MARKER_FILE, 'second.txt']);
  assert.deepEqual(
    listTree(d).filter((p) => p.startsWith('.arts')),
    [],
    'no temp folders left beside it',
  );
  assert.ok(snapshot(d).includes('README.md=# mine\n') && snapshot(d).includes('src/main.ts=export {};\n'));
});

void test('an existing empty folder is used and gets the marker', async () => {
  const d = project();
  mkdirSync(join(d, 'empty'));
  const r = await run(['--job-id', '31', '--out', 'empty'], d);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(listTree(join(d, 'empty')), [MARKER_FILE, 'build.env', 'out/', 'out/app.bin']);
});

void test('--file --out never replaces an existing file', async () => {
  const d = project();
  mkdirSync(join(d, 'got'));
  writeFileSync(join(d, 'got', 'build.env'), 'MINE=1\n');
  const r = await run(['--job-id', '31', '--file', 'build.env', '--out', 'got'], d);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /already exists there\. Nothing was changed/);
  assert.equal(readFileSync(join(d, 'got', 'build.env'), 'utf8'), 'MINE=1\n');
});

void test('a stalled transfer ends with the idle timeout error, and nothing is left behind', async () => {
  server.faults.push({ kind: 'stallBody', match: /\/jobs\/31\/artifacts$/, times: 1 });
  const d = tmp.fresh();
  const r = await run(['--job-id', '31', '--idle-timeout', '1'], d);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /no data for 1 s \(idle timeout\).*raise --idle-timeout/);
  assert.deepEqual(listTree(d), []);
});

void test('a server that never answers ends with the connect timeout error', async () => {
  server.faults.push({ kind: 'stall', match: /\/jobs\/31$/, times: 1 });
  const d = tmp.fresh();
  const r = await run(['--job-id', '31', '--connect-timeout', '1'], d);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /did not answer within 1 s \(connect timeout\).*raise --connect-timeout/);
  assert.deepEqual(listTree(d), []);
});

void test('an endless body stops a little past the size GitLab declared for the archive', async () => {
  server.faults.push({ kind: 'endless', match: /\/jobs\/31\/artifacts$/, times: 1 });
  const d = tmp.fresh();
  const r = await run(['--job-id', '31'], d);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /ran past the .* GitLab declared for the archive\. Stopped; nothing was kept/);
  assert.ok(server.endlessBytes < 64 * 1024 * 1024, `stopped early (server wrote ${server.endlessBytes} bytes)`);
  assert.deepEqual(listTree(d), []);
});

void test('an endless body on a download of unknown size stops at --max-download-size', async () => {
  server.faults.push({ kind: 'endless', match: /\/download$/, times: 1 });
  const d = tmp.fresh();
  const r = await run(['--ref', 'main', '--job', 'build', '--max-download-size', '2000000'], d);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /ran past the cap of 1\.9 MiB/);
  assert.ok(server.endlessBytes < 64 * 1024 * 1024);
  assert.deepEqual(listTree(d), []);
});

void test('a redirect loop between GitLab and storage stops with an error', async () => {
  server.faults.push({ kind: 'redirectLoop', match: /\/jobs\/31\/artifacts$/, times: 1 });
  const d = tmp.fresh();
  const r = await run(['--job-id', '31'], d);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /redirects in a loop; stopped/);
  assert.deepEqual(listTree(d), []);
  assert.deepEqual(server.violations, []);
});

void test('403 from object storage is a storage error, not a rejected token; server text reaches the terminal without escapes', async () => {
  server.redirectDownloads = true;
  server.faults.push({ kind: 'storageDenied', on: 'storage', times: 1 });
  const d = tmp.fresh();
  const r = await run(['--job-id', '31', '--verbose'], d);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /storage server GitLab sent .* refused the download link \(403\)\. Your GitLab token was not sent there/,
  );
  assert.doesNotMatch(r.stderr, /rejected the token|set GITLAB_TOKEN/);
  assert.match(r.stderr, /Request has expired/);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(r.stderr, /[\u001b\u009b]/);
  assert.deepEqual(listTree(d), []);
  assert.deepEqual(server.violations, []);
});

void test('a pagination loop (Link rel=next back to page 1) stops with an error', async () => {
  for (let i = 0; i < 150; i++) server.addJob({ id: 5000 + i, name: `many ${i}`, pipelineId: 301 });
  server.addPipeline({ id: 301, ref: 'main' });
  server.paginationLoop = true;
  const r = await run(['--pipeline', '301', '--job', 'missing'], tmp.fresh());
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /pagination of the jobs of pipeline 301 loops back to a page already read; stopped/);
  assert.ok(server.count(/\/pipelines\/301\/jobs/) <= 3, 'it did not go round and round');
});

for (const [signal, code] of [
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const) {
  void test(`${signal} mid-download: the CLI removes its temp files and folders and exits ${code}`, async () => {
    server.faults.push({ kind: 'stallBody', match: /\/jobs\/34\/artifacts$/, times: 1 });
    const d = tmp.fresh();
    const child = spawn(process.execPath, [cli, 'download', '--url', server.url, '--project', '7', '--job-id', '34'], {
      cwd: d,
      env: { PATH: process.env['PATH'] ?? '', GITLAB_TOKEN: GOOD_TOKEN },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (c, s) => resolve({ code: c, signal: s })),
    );
    // Wait until the partial archive exists on disk: the download is under way.
    const group = join(d, '.gitlab-artifacts', 'jobs');
    for (;;) {
      const tempDirs = existsSync(group) ? readdirSync(group).filter((n) => n.includes('.download-')) : [];
      const partial = tempDirs.some((t) => existsSync(join(group, t, 'artifacts.zip')));
      if (partial && server.count(/\/jobs\/34\/artifacts$/) > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill(signal);
    const end = await exited;
    assert.equal(end.code, code, `exit ${String(end.code)} ${String(end.signal)}: ${stderr}`);
    assert.match(stderr, /interrupted; temporary files removed/);
    assert.deepEqual(listTree(d), [], 'nothing left behind: no temp file, no temp or parent folder');
  });
}
