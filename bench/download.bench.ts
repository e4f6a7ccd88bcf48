// Download + extract throughput and peak memory: the product's streaming path (GitLabClient + fetchArtifacts)
// versus `curl -L` + `unzip` on the same local GitLab test server and the same archive. Prints figures only.
// BENCH_SIZES_MIB=100,1024 to add the 1 GiB case (default 100). BENCH_RUNS=3 runs each (best time, max RSS).
import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as esbuild from 'esbuild';
import * as yazl from 'yazl';
import { GitLabTestServer } from '../test/support/fakeGitLab/server';

const sizes = (process.env['BENCH_SIZES_MIB'] ?? '100')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const runs = Number(process.env['BENCH_RUNS'] ?? 3);

/** A zip of `mib` MiB: 4 MiB files of random bytes (stored, like already-compressed build outputs) plus 400 small text files. */
async function makeArchive(file: string, mib: number): Promise<void> {
  const zip = new yazl.ZipFile();
  const chunk = 4 * 1024 * 1024;
  const n = Math.max(1, Math.round(mib / 4));
  for (let i = 0; i < n; i++) {
    let left = chunk;
    const stream = new Readable({
      read() {
        if (left <= 0) return void this.push(null);
        const k = Math.min(left, 256 * 1024);
        left -= k;
        this.push(randomBytes(k));
      },
    });
    zip.addReadStream(stream, `bin/blob-${i}.bin`, { size: chunk, compress: false });
  }
  for (let i = 0; i < 400; i++) zip.addBuffer(Buffer.from(`line ${i}\n`.repeat(200)), `reports/r${i}.txt`);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

// The server lives in this process, so children must be awaited, never run with spawnSync (that would block it).
function exec(cmd: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${cmd} failed: ${stderr || err.message}`)) : resolve({ stdout, stderr }),
    );
  });
}

async function time(cmd: string, args: string[]): Promise<{ ms: number; maxRssKiB: number }> {
  const t0 = performance.now();
  const r = await exec('/usr/bin/time', ['-f', '%M', cmd, ...args]);
  const ms = performance.now() - t0;
  return { ms, maxRssKiB: Number(r.stderr.trim().split('\n').pop()) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'af-bench-dl-'));
  const worker = join(dir, 'worker.js');
  await esbuild.build({
    entryPoints: ['bench/downloadWorker.ts'],
    outfile: worker,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  const server = await GitLabTestServer.start();
  try {
    server.addPipeline({ id: 1 });
    const base = JSON.parse(
      (await exec(process.execPath, [worker, server.url, '1', join(dir, 'x'), 'baseline'])).stdout,
    ) as { maxRssKiB: number };
    console.log(`node baseline (same bundle, no work): ${(base.maxRssKiB / 1024).toFixed(0)} MiB RSS`);
    for (const mib of sizes) {
      const file = join(dir, `a${mib}.zip`);
      await makeArchive(file, mib);
      const size = statSync(file).size;
      const jobId = 1000 + mib;
      server.addJob({ id: jobId, name: `j${mib}`, pipelineId: 1, archive: { file } });
      const url = `${server.url}/api/v4/projects/7/jobs/${jobId}/artifacts`;
      let ours = { ms: Infinity, maxRssKiB: 0 };
      let oursFetch = { ms: Infinity, maxRssKiB: 0 };
      let theirs = { ms: Infinity, maxRssKiB: 0 };
      for (let i = 0; i < runs; i++) {
        const out1 = join(dir, `ours-${i}`);
        const r = await exec(process.execPath, [worker, server.url, String(jobId), out1]);
        const o = JSON.parse(r.stdout) as { ms: number; maxRssKiB: number };
        ours = { ms: Math.min(ours.ms, o.ms), maxRssKiB: Math.max(ours.maxRssKiB, o.maxRssKiB) };
        rmSync(out1, { recursive: true, force: true });
        const rf = await exec(process.execPath, [worker, server.url, String(jobId), out1, 'fetch']);
        const of = JSON.parse(rf.stdout) as { ms: number; maxRssKiB: number };
        oursFetch = { ms: Math.min(oursFetch.ms, of.ms), maxRssKiB: Math.max(oursFetch.maxRssKiB, of.maxRssKiB) };
        rmSync(out1, { recursive: true, force: true });

        const tmpZip = join(dir, `curl-${i}.zip`);
        const out2 = join(dir, `theirs-${i}`);
        const c = await time('curl', ['-sSfL', '-H', 'PRIVATE-TOKEN: glpat-good-token', '-o', tmpZip, url]);
        const u = await time('unzip', ['-q', tmpZip, '-d', out2]);
        theirs = {
          ms: Math.min(theirs.ms, c.ms + u.ms),
          maxRssKiB: Math.max(theirs.maxRssKiB, c.maxRssKiB, u.maxRssKiB),
        };
        rmSync(out2, { recursive: true, force: true });
        rmSync(tmpZip, { force: true });
      }
      const mibs = (ms: number): string => (size / 1048576 / (ms / 1000)).toFixed(0);
      console.log(`archive ${(size / 1048576).toFixed(0)} MiB, best of ${runs}:`);
      console.log(
        `  artifact-flow (node:http transport, the default)  ${ours.ms.toFixed(0)} ms  ${mibs(ours.ms)} MiB/s  peak RSS ${(ours.maxRssKiB / 1024).toFixed(0)} MiB (growth over baseline ${((ours.maxRssKiB - base.maxRssKiB) / 1024).toFixed(0)} MiB)`,
      );
      console.log(
        `  artifact-flow (global fetch transport)           ${oursFetch.ms.toFixed(0)} ms  ${mibs(oursFetch.ms)} MiB/s  peak RSS ${(oursFetch.maxRssKiB / 1024).toFixed(0)} MiB (growth over baseline ${((oursFetch.maxRssKiB - base.maxRssKiB) / 1024).toFixed(0)} MiB)`,
      );
      console.log(
        `  curl + unzip                                     ${theirs.ms.toFixed(0)} ms  ${mibs(theirs.ms)} MiB/s  peak RSS ${(theirs.maxRssKiB / 1024).toFixed(0)} MiB (max of the two processes)`,
      );
      console.log(`  speed ratio (ours, node:http / curl + unzip): ${(theirs.ms / ours.ms).toFixed(2)}×`);
      rmSync(file, { force: true });
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
