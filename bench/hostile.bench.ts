// Hostile inputs through the CLI as a separate process: for each class, the worst wall time and the peak
// memory (max RSS) of `node dist/cli.js <file> --format json` over a few runs, and what the model held.
// Figures only — nothing is asserted (test/unit/ci/hostile.test.ts checks the bounds by counts).
// ARTIFACT_FLOW_CLI points at another build of the CLI (default dist/cli.js, built by `npm run bench`);
// ARTIFACT_FLOW_BENCH_RUNS and ARTIFACT_FLOW_BENCH_TIMEOUT_MS change the run count and the per-run timeout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeHostileProjects } from './hostileInputs';

const RUNS = Number(process.env.ARTIFACT_FLOW_BENCH_RUNS ?? 3);
/** A run that takes longer than this is stopped and shown as a timeout: the bench itself never hangs. */
const TIMEOUT_MS = Number(process.env.ARTIFACT_FLOW_BENCH_TIMEOUT_MS ?? 120_000);
const CLI = resolve(process.env.ARTIFACT_FLOW_CLI ?? 'dist/cli.js');

interface Run {
  ms: number;
  rssMiB: number;
  status: string;
  jobs: number;
  links: number;
  diagnostics: string;
}

function once(preload: string, file: string): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', preload, CLI, file, '--format', 'json'], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 1024 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  const rss = /AF_MAXRSS_KB (\d+)/.exec(r.stderr ?? '');
  const status = r.error
    ? r.signal === 'SIGTERM'
      ? 'timeout'
      : r.error.message
    : r.signal
      ? `killed (${r.signal})`
      : `exit ${r.status ?? '?'}`;
  let jobs = NaN;
  let links = NaN;
  let diagnostics: string;
  try {
    const m = JSON.parse(r.stdout) as { jobs: { sources: unknown[] }[]; diagnostics: { code: string }[] };
    jobs = m.jobs.length;
    links = m.jobs.reduce((n, j) => n + j.sources.length, 0);
    diagnostics = [...new Set(m.diagnostics.map((d) => d.code))].join(', ');
  } catch {
    diagnostics =
      (r.stderr ?? '')
        .split('\n')
        .find((l) => l.trim() !== '' && !l.startsWith('AF_MAXRSS_KB'))
        ?.slice(0, 60) ?? '';
  }
  return { ms, rssMiB: rss ? Number(rss[1]) / 1024 : NaN, status, jobs, links, diagnostics };
}

function main(): void {
  const base = mkdtempSync(join(tmpdir(), 'af-hostile-bench-'));
  try {
    // maxRSS is reported at exit by the process itself (kilobytes on Linux and macOS).
    const preload = join(base, 'maxrss.cjs');
    writeFileSync(
      preload,
      "process.on('exit', () => process.stderr.write(`\\nAF_MAXRSS_KB ${process.resourceUsage().maxRSS}\\n`));\n",
    );
    const projects = writeHostileProjects(base);
    console.log(`CLI: ${CLI}; worst of ${RUNS} runs per class; timeout ${TIMEOUT_MS / 1000} s`);
    console.log('| class | worst time | peak RSS | exit | jobs | source links | diagnostics |');
    console.log('|---|---:|---:|---|---:|---:|---|');
    for (const p of projects) {
      const runs = Array.from({ length: RUNS }, () => once(preload, p.file));
      const worst = Math.max(...runs.map((r) => r.ms));
      const peak = Math.max(...runs.map((r) => (Number.isFinite(r.rssMiB) ? r.rssMiB : 0)));
      const last = runs[runs.length - 1]!;
      const n = (x: number): string => (Number.isFinite(x) ? x.toLocaleString('en-US') : 'n/a');
      console.log(
        `| ${p.name} | ${worst.toFixed(0)} ms | ${peak ? `${peak.toFixed(0)} MiB` : 'n/a'} | ${last.status} | ${n(last.jobs)} | ${n(last.links)} | ${last.diagnostics} |`,
      );
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

main();
