// External include resolution: a configuration with 20 external includes (8 include:project files, 4 templates —
// two through the templates API, two expanded by the instance's CI lint —, 4 remote files and 4 components with
// a tag, ~latest, a partial version and a SHA) analysed through the real include fetcher (src/gitlab/includes)
// against the GitLab API test server on 127.0.0.1, in three states of the include cache:
//   cold     an empty cache folder for every run (every file and resolution is fetched);
//   cached   a warm cache, online, within the resolution TTL (no request at all is expected);
//   offline  a warm cache in offline mode (cache only; the model says "as of");
// and, for scale, the engine alone with no fetcher (the 20 includes stay unresolved).
// Prints the median and spread of BENCH_RUNS runs (default 9) and the API requests per run. Asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, defaultContext } from '../src/ci/analyze';
import type { FileReader } from '../src/ci/fileReader';
import type { FlowModel } from '../src/ci/model';
import { GitLabClient } from '../src/gitlab/client';
import { nodeFetch } from '../src/gitlab/nodeFetch';
import { createIncludeFetcher } from '../src/gitlab/includes/apiFetcher';
import { folderCache } from '../src/gitlab/includes/cache';
import { CiFilesServer } from '../test/support/fakeGitLab/ciFiles';

const RUNS = Math.max(1, Number(process.env['BENCH_RUNS'] ?? 9));
const SHA = (c: string): string => c.repeat(40);

/** A fetched file: `jobs` visible jobs and one hidden template, each job a few keys, like a shared CI library. */
function ciFile(prefix: string, jobs: number): string {
  const lines = [`.${prefix}-base:`, '  image: alpine:3.20', '  before_script: [echo setup]', ''];
  for (let i = 0; i < jobs; i++) {
    lines.push(
      `${prefix}-${i}:`,
      `  extends: .${prefix}-base`,
      '  stage: build',
      `  script: [make ${prefix}-${i}]`,
      `  artifacts: {paths: [out/${prefix}-${i}/]}`,
      '',
    );
  }
  return lines.join('\n');
}

const COMPONENT = 'spec:\n  inputs:\n    stage: {default: test}\n---\n';

function setUpServer(s: CiFilesServer): void {
  const libFiles: Record<string, string> = {};
  for (let i = 0; i < 8; i++) libFiles[`ci/lib${i}.yml`] = ciFile(`lib${i}`, 5);
  s.projects.push({
    id: 1,
    path: 'grp/lib',
    defaultBranch: 'main',
    refs: { main: SHA('a'), 'v1.0.0': SHA('a') },
    commits: [{ sha: SHA('a'), files: libFiles }],
  });
  const comp = (name: string, n: number): string =>
    `${COMPONENT}${name}:\n  stage: $[[ inputs.stage ]]\n  script: [run ${name} ${n}]\n`;
  s.projects.push({
    id: 2,
    path: 'grp/comps',
    defaultBranch: 'main',
    refs: { main: SHA('c'), '1.0.0': SHA('b'), '1.1.0': SHA('c') },
    releases: [
      { tag: '1.0.0', releasedAt: '2026-01-01T00:00:00Z' },
      { tag: '1.1.0', releasedAt: '2026-02-01T00:00:00Z' },
    ],
    commits: [
      {
        sha: SHA('b'),
        files: { 'templates/unit.yml': comp('unit', 1), 'templates/lint/template.yml': comp('lint', 1) },
      },
      {
        sha: SHA('c'),
        files: { 'templates/unit.yml': comp('unit', 2), 'templates/lint/template.yml': comp('lint', 2) },
      },
    ],
  });
  s.projects.push({ id: 3, path: 'grp/app', defaultBranch: 'main', refs: {}, commits: [] });
  s.apiTemplates.set('Android', ciFile('android', 3));
  s.apiTemplates.set('Rust', ciFile('rust', 3));
  s.lintTemplates.set('Jobs/Build.gitlab-ci.yml', 'build_job:\n  stage: build\n  script:\n  - build\n');
  s.lintTemplates.set('Security/SAST.gitlab-ci.yml', 'sast:\n  stage: test\n  script:\n  - scan\n');
  for (let i = 0; i < 4; i++) s.remoteFiles.set(`/ci/remote${i}.yml`, ciFile(`remote${i}`, 4));
}

/** The analysed repository: 20 external includes, and local jobs that need some of the fetched ones. */
function rootConfig(remoteUrl: string, fqdn: string): string {
  const includes: string[] = [];
  for (let i = 0; i < 8; i++) {
    includes.push(`  - project: grp/lib`, `    file: /ci/lib${i}.yml`, ...(i % 2 === 0 ? ['    ref: v1.0.0'] : []));
  }
  for (const t of ['Android', 'Rust', 'Jobs/Build', 'Security/SAST']) includes.push(`  - template: ${t}.gitlab-ci.yml`);
  for (let i = 0; i < 4; i++) includes.push(`  - remote: ${remoteUrl}/ci/remote${i}.yml`);
  for (const c of ['unit@1.0.0', 'lint@~latest', 'unit@1', `lint@${SHA('b')}`]) {
    includes.push(`  - component: ${fqdn}/grp/comps/${c}`, '    inputs: {stage: test}');
  }
  return [
    'stages: [build, test, deploy]',
    'include:',
    ...includes,
    'deploy:',
    '  stage: deploy',
    '  needs: [lib0-0, lib7-4, remote3-3, android-2]',
    '  script: [deploy]',
    '',
  ].join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function main(): Promise<void> {
  const server = await CiFilesServer.start();
  setUpServer(server);
  const dirs: string[] = [];
  const fresh = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'af-bench-includes-'));
    dirs.push(d);
    return d;
  };
  const client = new GitLabClient({
    instanceUrl: server.url,
    token: { get: () => Promise.resolve(server.token) },
    fetch: nodeFetch,
    retries: 0,
  });
  const text = rootConfig(server.remoteUrl, new URL(server.url).host);
  const reader: FileReader = {
    read: (p) => Promise.resolve(p === '.gitlab-ci.yml' ? text : undefined),
    list: () => Promise.resolve(['.gitlab-ci.yml']),
  };
  const run = async (cacheDir: string, offline: boolean): Promise<{ ms: number; requests: number; m: FlowModel }> => {
    const before = server.requests.length;
    const fetcher = createIncludeFetcher({
      client,
      instanceUrl: server.url,
      projectPath: 'grp/app',
      cache: folderCache(cacheDir),
      offline,
      remoteFetch: nodeFetch,
    });
    const t0 = performance.now();
    const m = await analyze({
      root: '.gitlab-ci.yml',
      reader,
      context: { ...defaultContext(), serverUrl: server.url, projectPath: 'grp/app' },
      fetcher,
    });
    return { ms: performance.now() - t0, requests: server.requests.length - before, m };
  };

  try {
    // One warm-up (JIT, sockets), not counted; it also checks the configuration resolves completely.
    const warm = await run(fresh(), false);
    const resolved = warm.m.includes.filter((i) => i.kind !== 'local' && i.resolved).length;
    const unresolved = warm.m.diagnostics.filter((d) => d.code === 'include-unresolved' || d.severity === 'error');
    console.log(
      `configuration: 20 external includes (8 project, 4 template, 4 remote, 4 component), ${resolved} resolved, ` +
        `${warm.m.jobs.length} jobs; ${unresolved.length} unresolved/errors${unresolved.length ? `: ${unresolved.map((d) => d.message).join('; ')}` : ''}`,
    );
    const rows: [string, { ms: number; requests: number }[]][] = [];
    const cold: { ms: number; requests: number }[] = [];
    for (let i = 0; i < RUNS; i++) cold.push(await run(fresh(), false));
    rows.push(['cold (empty cache folder)', cold]);
    const warmDir = fresh();
    await run(warmDir, false);
    const cached: { ms: number; requests: number }[] = [];
    for (let i = 0; i < RUNS; i++) cached.push(await run(warmDir, false));
    rows.push(['cached (online, within TTL)', cached]);
    const offline: { ms: number; requests: number }[] = [];
    for (let i = 0; i < RUNS; i++) offline.push(await run(warmDir, true));
    rows.push(['offline (cache only)', offline]);
    // The same analysis with no fetcher: the includes stay "not resolved", so this is the engine alone.
    const engineOnly: { ms: number; requests: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await analyze({ root: '.gitlab-ci.yml', reader, context: { ...defaultContext(), serverUrl: server.url } });
      engineOnly.push({ ms: performance.now() - t0, requests: 0 });
    }
    rows.push(['no fetcher (engine only)', engineOnly]);
    console.log(
      `median of ${RUNS} runs each (analysis wall time, fetches included); API requests per run (remote files are on another origin and not counted)`,
    );
    for (const [label, xs] of rows) {
      const ms = xs.map((x) => x.ms);
      console.log(
        `  ${label.padEnd(30)} median ${median(ms).toFixed(1).padStart(7)} ms  (min ${Math.min(...ms).toFixed(1)}, max ${Math.max(...ms).toFixed(1)})  requests ${median(xs.map((x) => x.requests))}`,
      );
    }
    console.log(`  cold / cached: ${(median(cold.map((x) => x.ms)) / median(cached.map((x) => x.ms))).toFixed(1)}×`);
  } finally {
    await server.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
