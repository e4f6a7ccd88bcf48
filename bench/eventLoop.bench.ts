// How long the extension host's event loop is blocked while a pipeline is analysed: the engine on the main
// thread (how the extension worked before the worker) against the worker (src/analysis/client.ts), measured in
// the same run on the same input. "Host work" is what the panel still does on its own thread once a model
// arrives: receiving it from the worker, choosing what to show, and posting the webview message (VS Code
// serialises it as JSON on the host's thread, lifting byte arrays out: the worker sends the model pre-encoded). The goal is a longest block under 50 ms. Figures only — nothing is asserted.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AnalysisWorker } from '../src/analysis/client';
import { analyze, defaultContext } from '../src/ci/analyze';
import { nodeFileReader } from '../src/cli/nodeFileReader';
import { present } from '../src/host/modelStatus';
import { writeSyntheticProject } from './syntheticPipeline';

const CORPUS = resolve(process.env.ARTIFACT_FLOW_CORPUS ?? '../shared/corpus');
const WORKER = resolve(process.env.ARTIFACT_FLOW_WORKER ?? 'dist/analysisWorker.js');
const RUNS = 5;

/** What `webview.postMessage` does on the extension host's thread: JSON with byte arrays lifted out as buffers. */
function postLikeVsCode(message: unknown): void {
  const buffers: ArrayBufferLike[] = [];
  JSON.stringify(message, (_key, value: unknown) =>
    ArrayBuffer.isView(value) ? { $$buffer: buffers.push(value.buffer) - 1 } : value,
  );
}

/** Runs `work` RUNS times and returns the longest event-loop block seen (ms) and the median wall time. */
async function measure(work: () => Promise<void>): Promise<{ blockMs: number; wallMs: number }> {
  const walls: number[] = [];
  let worst = 0;
  for (let i = 0; i < RUNS; i++) {
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const t0 = performance.now();
    await work();
    walls.push(performance.now() - t0);
    // One more turn so a block at the very end is recorded.
    await new Promise((r) => setTimeout(r, 5));
    h.disable();
    worst = Math.max(worst, h.max / 1e6);
  }
  walls.sort((a, b) => a - b);
  return { blockMs: worst, wallMs: walls[Math.floor(walls.length / 2)] ?? NaN };
}

async function main(): Promise<void> {
  const synthetic = mkdtempSync(join(tmpdir(), 'af-loop-'));
  writeSyntheticProject(join(synthetic, 'synthetic-1500'), 1500);
  writeSyntheticProject(join(synthetic, 'synthetic-5000'), 5000);
  const projects = [
    { name: 'mesa (corpus)', dir: join(CORPUS, 'mesa3d__mesa') },
    { name: 'srsRAN (corpus)', dir: join(CORPUS, 'srsran__srsRAN_Project') },
    { name: 'ocudu (corpus)', dir: join(CORPUS, 'ocudu__ocudu') },
    { name: 'synthetic 1,500 jobs', dir: join(synthetic, 'synthetic-1500') },
    { name: 'synthetic 5,000 jobs', dir: join(synthetic, 'synthetic-5000') },
  ];
  const worker = new AnalysisWorker(WORKER, () => ({ timeMs: 120_000, memoryMiB: 2048 }));
  console.log(`longest event-loop block on the host's thread (worst of ${RUNS}) and median wall time per analysis`);
  console.log(
    'project                    jobs   main thread: block / wall    worker: block / wall    host work of worker path',
  );
  try {
    // Every worker run first: the main-thread runs leave garbage whose collection would be billed to later runs.
    const viaWorker = new Map<string, { jobs: number; hostWork: number; loop: { blockMs: number; wallMs: number } }>();
    for (const p of projects) {
      const reader = nodeFileReader(p.dir);
      let jobs = 0;
      let hostWork = 0;
      const loop = await measure(async () => {
        const outcome = await worker.analyze({
          session: p.name,
          root: '.gitlab-ci.yml',
          reader,
          context: defaultContext(),
        });
        if (outcome.kind !== 'done' || !outcome.model) throw new Error(`${p.name}: ${JSON.stringify(outcome)}`);
        const t0 = performance.now();
        present(outcome.model, null);
        postLikeVsCode({
          type: 'didChangeModel',
          model: null,
          modelJson: outcome.json,
          banner: null,
          rootLabel: '',
          rootUri: '',
        });
        hostWork = Math.max(hostWork, performance.now() - t0);
        jobs = outcome.model.jobs.length;
      });
      viaWorker.set(p.name, { jobs, hostWork, loop });
    }
    for (const p of projects) {
      const reader = nodeFileReader(p.dir);
      const inThread = await measure(async () => {
        const model = await analyze({ root: '.gitlab-ci.yml', reader, context: defaultContext() });
        postLikeVsCode({ type: 'didChangeModel', model: present(model, null).model });
      });
      const w = viaWorker.get(p.name)!;
      console.log(
        `${p.name.padEnd(24)} ${String(w.jobs).padStart(6)}   ${inThread.blockMs.toFixed(0).padStart(7)} ms / ${inThread.wallMs.toFixed(0).padStart(5)} ms   ${w.loop.blockMs.toFixed(0).padStart(7)} ms / ${w.loop.wallMs.toFixed(0).padStart(5)} ms   ${w.hostWork.toFixed(0).padStart(5)} ms`,
      );
    }
  } finally {
    worker.dispose();
    rmSync(synthetic, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
