// Engine speed on the largest corpus projects, compared in the same run with gitlab-ci-local --list-json
// on the same input. Median of several runs; time per job. Figures only — nothing is asserted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyze, defaultContext } from '../src/ci/analyze';
import { nodeFileReader } from '../src/cli/nodeFileReader';
import { ensureGitlabCiLocal, gitWorkTree } from './peers';
import { writeSyntheticProject } from './syntheticPipeline';

// CI clones the project with shared/ beside it; ARTIFACT_FLOW_CORPUS points elsewhere when it is not.
const CORPUS = resolve(process.env.ARTIFACT_FLOW_CORPUS ?? '../shared/corpus');
const RUNS = 7;
const PEER_RUNS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return total;
}

async function main(): Promise<void> {
  const synthetic = mkdtempSync(join(tmpdir(), 'af-synth-'));
  writeSyntheticProject(join(synthetic, 'synthetic-1500-jobs'), 1500);
  const projects = [
    ...readdirSync(CORPUS)
      .filter((p) => statSync(join(CORPUS, p)).isDirectory())
      .map((p) => ({ name: p, dir: join(CORPUS, p) })),
    { name: 'synthetic-1500-jobs', dir: join(synthetic, 'synthetic-1500-jobs') },
  ]
    .map((p) => ({ ...p, bytes: folderBytes(p.dir) }))
    .sort((a, b) => b.bytes - a.bytes);
  const peer = ensureGitlabCiLocal();
  console.log(
    'error' in peer
      ? `gitlab-ci-local: not available here (${peer.error})`
      : `peer: gitlab-ci-local ${peer.version} on its own Node 24`,
  );
  console.log(
    `engine: median of ${RUNS} in-process runs after one warm-up; CLI: median of ${PEER_RUNS} process runs (node dist/cli.js --format json)`,
  );
  console.log(
    'project                       KB   jobs  engine ms  µs/job   our CLI ms  gcl ms   gcl/engine  gcl/our CLI',
  );
  const ratios: number[] = [];
  for (const p of projects) {
    const dir = p.dir;
    const run = () => analyze({ root: '.gitlab-ci.yml', reader: nodeFileReader(dir), context: defaultContext() });
    const warm = await run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    const engine = median(times);
    const cliTimes: number[] = [];
    for (let i = 0; i < PEER_RUNS; i++) {
      const t0 = performance.now();
      spawnSync(process.execPath, ['dist/cli.js', join(dir, '.gitlab-ci.yml'), '--format', 'json'], {
        stdio: 'ignore',
      });
      cliTimes.push(performance.now() - t0);
    }
    const cli = median(cliTimes);
    let gcl = NaN;
    let peerNote = '';
    if (!('error' in peer)) {
      const work = mkdtempSync(join(tmpdir(), 'gcl-'));
      try {
        gitWorkTree(dir, work);
        const peerTimes: number[] = [];
        for (let i = 0; i < PEER_RUNS; i++) {
          const t0 = performance.now();
          const r = spawnSync(peer.node, [peer.cli, '--list-json'], { cwd: work, encoding: 'utf8' });
          peerTimes.push(r.status === 0 ? performance.now() - t0 : NaN);
          // It cannot fetch project/remote/template/component includes without a network: say why it has no figure.
          if (r.status !== 0) {
            peerNote = `  (gitlab-ci-local failed: ${(r.stderr || r.stdout).trim().split('\n')[0]?.slice(0, 90) ?? ''})`;
          }
        }
        gcl = median(peerTimes);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
    const jobs = warm.jobs.length;
    if (Number.isFinite(gcl)) ratios.push(gcl / engine);
    const f = (n: number, w: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a').padStart(w);
    console.log(
      `${p.name.padEnd(26)}${f(p.bytes / 1000, 6, 0)}${String(jobs).padStart(7)}${f(engine, 11)}${f((engine * 1000) / Math.max(jobs, 1), 9, 0)}${f(cli, 12)}${f(gcl, 8, 0)}${f(gcl / engine, 12)}×${f(gcl / cli, 11)}×${peerNote}`,
    );
  }
  rmSync(synthetic, { recursive: true, force: true });
  if (ratios.length > 0) {
    console.log(
      `\ngitlab-ci-local / engine on the ${ratios.length} projects it can load here: median ${median(ratios).toFixed(1)}×, min ${Math.min(...ratios).toFixed(1)}× (goal: ≥ 10×)`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
