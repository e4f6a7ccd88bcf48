// The artifact-flow CLI: arguments, text and JSON output, exit codes, and the built bin on examples/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { parseFlowArgs } from '../../../src/cli/flowArgs';
import { UsageError } from '../../../src/cli/options';
import { runFlow } from '../../../src/cli/flowCommand';
import type { FlowModel } from '../../../src/ci/model';

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runFlow(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
  });
  return { code, out, err };
}

void test('arguments: defaults, contexts, variables and usage errors', () => {
  const d = parseFlowArgs([]);
  assert.deepEqual(d, {
    path: '.gitlab-ci.yml',
    format: 'text',
    fetchIncludes: false,
    offline: false,
    context: { source: 'push', refKind: 'branch', defaultBranch: 'main', variables: {}, branch: 'main' },
  });
  const mr = parseFlowArgs(['x.yml', '--mr-source', 'feat', '--mr-target=main', '--var', 'A=1=2', '--format', 'json']);
  assert.equal(mr.context.source, 'merge_request_event');
  assert.equal(mr.context.refKind, 'mr');
  assert.deepEqual(mr.context.variables, { A: '1=2' });
  // Without --mr-iid the IID is unknown, not a stand-in value.
  assert.equal(mr.context.mrIid, undefined);
  assert.equal(
    parseFlowArgs(['x.yml', '--mr-source', 'feat', '--mr-target', 'main', '--mr-iid', '12']).context.mrIid,
    '12',
  );
  assert.equal(parseFlowArgs(['--tag', 'v1']).context.refKind, 'tag');
  assert.equal(parseFlowArgs(['--source', 'schedule', '--branch', 'dev']).context.branch, 'dev');
  for (const bad of [
    ['--format', 'xml'],
    ['--source', 'nope'],
    ['--branch', 'a', '--tag', 'b'],
    ['--mr-source', 'a'],
    ['--var', 'noequals'],
    ['--bogus'],
    ['a', 'b'],
    ['--branch'],
  ]) {
    assert.throws(() => parseFlowArgs(bad), UsageError, bad.join(' '));
  }
});

void test('text output explains sources, conflicts and diagnostics; exit code 0 without errors', async () => {
  const r = await capture(['examples/overwrite/.gitlab-ci.yml']);
  assert.equal(r.code, 0);
  assert.match(r.out, /job3 {2}\[\.gitlab-ci\.yml:\d+\]/);
  assert.match(r.out, /← job2: files — stage two runs before stage three/);
  assert.match(r.out, /! task1\.txt comes from job1, job2; likely winner: job2/);
});

void test('JSON output is the schema 1 contract; errors give exit code 1 with file:line:col', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'af-cli-'));
  writeFileSync(
    join(dir, '.gitlab-ci.yml'),
    'a: {stage: build, script: x}\nb: {stage: test, script: x, needs: [zzz]}\n',
  );
  const r = await capture([join(dir, '.gitlab-ci.yml'), '--format', 'json']);
  assert.equal(r.code, 1);
  const m = JSON.parse(r.out) as FlowModel;
  assert.equal(m.schema, 1);
  assert.deepEqual(Object.keys(m).sort(), [
    'context',
    'diagnostics',
    'includes',
    'jobs',
    'pipeline',
    'root',
    'schema',
    'stages',
  ]);
  const j = m.jobs[1]!;
  for (const k of [
    'name',
    'stage',
    'kind',
    'file',
    'line',
    'inPipeline',
    'when',
    'artifacts',
    'sources',
    'conflicts',
  ]) {
    assert.ok(k in j, k);
  }
  assert.deepEqual(
    m.diagnostics.map((d) => [d.severity, d.message, d.line, d.column]),
    [['error', 'b job: undefined need: zzz', 2, 37]],
  );
  const text = await capture([join(dir, '.gitlab-ci.yml')]);
  assert.match(text.out, /\.gitlab-ci\.yml:2:37: error: b job: undefined need: zzz/);
});

void test('the built bin runs on every example and answers the dotenv puzzle', async () => {
  await esbuild.build({
    entryPoints: ['src/cli/main.ts'],
    outfile: 'out/test/cli.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
  const branch = spawnSync(
    process.execPath,
    ['out/test/cli.js', 'flow', 'examples/dotenv-mr/.gitlab-ci.yml', '--format', 'json'],
    { encoding: 'utf8' },
  );
  assert.equal(branch.status, 0, branch.stderr);
  const m = JSON.parse(branch.stdout) as FlowModel;
  const deploying = m.jobs.find((j) => j.name === 'deploying')!;
  assert.deepEqual(deploying.sources, []);
  assert.equal(deploying.missing[0]?.code, 'dependency-absent');
  assert.ok(m.diagnostics.some((d) => d.code === 'dotenv-variable-missing' && d.message.includes('$BUILD_VERSION')));
  const usage = spawnSync(process.execPath, ['out/test/cli.js', '--nope'], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /unknown option --nope/);
  const missing = spawnSync(process.execPath, ['out/test/cli.js', 'no/such/.gitlab-ci.yml'], { encoding: 'utf8' });
  assert.equal(missing.status, 1);
  assert.match(missing.stdout, /Please provide content of \.gitlab-ci\.yml/);
  for (const ex of ['overwrite', 'monorepo']) {
    const r = spawnSync(process.execPath, ['out/test/cli.js', `examples/${ex}/.gitlab-ci.yml`], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${ex}: ${r.stdout}`);
  }
});

void test("--project and --url make CI_PROJECT_* and CI_SERVER_* known to rules; the project folder's git remote gives them by default", async () => {
  assert.equal(parseFlowArgs(['--url', 'https://gitlab.example.com/']).context.serverUrl, 'https://gitlab.example.com');
  assert.throws(() => parseFlowArgs(['--url', 'gitlab.example.com']), UsageError);
  const dir = mkdtempSync(join(tmpdir(), 'af-cli-'));
  writeFileSync(
    join(dir, '.gitlab-ci.yml'),
    'com:\n  script: [x]\n  rules:\n    - if: $CI_SERVER_HOST == "gitlab.com" && $CI_PROJECT_NAMESPACE == "grp"\n',
  );
  const unknown = JSON.parse((await capture([join(dir, '.gitlab-ci.yml'), '--format', 'json'])).out) as FlowModel;
  assert.match(unknown.jobs[0]?.assumed ?? '', /\$CI_SERVER_HOST, \$CI_PROJECT_NAMESPACE, which are not known here/);
  const flags = JSON.parse(
    (
      await capture([
        join(dir, '.gitlab-ci.yml'),
        '--format',
        'json',
        '--project',
        'grp/proj',
        '--url',
        'https://gitlab.com',
      ])
    ).out,
  ) as FlowModel;
  assert.equal(flags.jobs[0]?.inPipeline, true);
  assert.equal(flags.jobs[0]?.assumed, undefined);
  assert.equal(flags.context.serverUrl, 'https://gitlab.com');
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'config'), '[remote "origin"]\n\turl = git@gitlab.com:other/proj.git\n');
  const remote = JSON.parse((await capture([join(dir, '.gitlab-ci.yml'), '--format', 'json'])).out) as FlowModel;
  assert.deepEqual([remote.context.projectPath, remote.context.serverUrl], ['other/proj', 'https://gitlab.com']);
  assert.equal(remote.jobs[0]?.inPipeline, false);
});
