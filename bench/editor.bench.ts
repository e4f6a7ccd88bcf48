// The editor's language features on the largest corpus configurations (mesa: 400 jobs in 47 files; srsRAN: 1,421
// jobs): keystroke to updated model (a character typed inside a line, and a line typed at the top of the file,
// which moves every later position; analysed by the worker with the editor index, decoded on the host's thread), keystroke to moved positions (what providers use until that model arrives), what the graph
// panel then pays for the same keystroke (one shared session: the same context is the editor's result reused, a
// merge-request context is evaluated again on the shared parsed files), and each provider's latency (p50/p95 over
// every place it can be asked about). The keystroke's CPU time (all threads) is printed too: on a busy machine wall
// times wander, CPU time much less. Figures only — nothing is asserted.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { AnalysisWorker } from '../src/analysis/client';
import { defaultContext } from '../src/ci/analyze';
import type { FileReader } from '../src/ci/fileReader';
import type { PipelineContext } from '../src/ci/model';
import { candidates } from '../src/editor/completion';
import { DeltaReceiver, type IndexDelta } from '../src/editor/indexDelta';
import { ModelDeltaReceiver, type ModelDelta } from '../src/editor/modelDelta';
import { EditorModel } from '../src/editor/editorModel';
import { hoverAt } from '../src/editor/hover';
import { lenses } from '../src/editor/lens';
import { shiftFileIndex } from '../src/editor/lineShift';
import { definitionAt, referencesAt } from '../src/editor/navigation';
import { FIXABLE, quickFixes } from '../src/editor/quickFixes';
import { renameEdits } from '../src/editor/rename';
import { documentSymbols } from '../src/editor/symbols';

const CORPUS = resolve(process.env.ARTIFACT_FLOW_CORPUS ?? '../shared/corpus');
const WORKER = resolve(process.env.ARTIFACT_FLOW_WORKER ?? 'dist/analysisWorker.js');
const EDITS = 21;

function readFolder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split('\\').join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

function reader(files: Map<string, string>): FileReader {
  return { read: (p) => Promise.resolve(files.get(p)), list: () => Promise.resolve([...files.keys()].sort()) };
}

/** CPU time of this process, every thread (the worker's too, and the garbage collector's), in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN;
}

function fmt(xs: number[]): string {
  return `${pct(xs, 0.5).toFixed(2).padStart(7)} / ${pct(xs, 0.95).toFixed(2).padStart(7)} ms`;
}

function timeEach<T>(items: readonly T[], fn: (item: T) => unknown): number[] {
  return items.map((item) => {
    const t0 = performance.now();
    fn(item);
    return performance.now() - t0;
  });
}

/** A line typed at the top of the file (every later position moves), or a character typed inside a line. */
type Edit = 'line' | 'char';

/** The text after keystroke `i` of `kind` (the earlier keystrokes included, as when typing), and the lines it moved. */
function typed(original: string, kind: Edit, i: number): { text: string; breaks: number; line: number } {
  if (kind === 'line') return { text: `# edit ${i}\n${original}`, breaks: 1, line: 1 };
  // A list item (a script line, usually) in the middle of the file: where people type.
  const lines = original.split('\n');
  let at = Math.floor(lines.length / 2);
  while (at < lines.length - 1 && !/^\s+- \S/.test(lines[at] ?? '')) at++;
  lines[at] = `${lines[at] ?? ''}${'x'.repeat(i + 1)}`;
  return { text: lines.join('\n'), breaks: 0, line: at + 1 };
}

async function keystrokes(
  worker: AnalysisWorker,
  name: string,
  files: Map<string, string>,
  kind: Edit,
): Promise<{
  em: EditorModel;
  toModel: number[];
  toModelCpu: number[];
  worker: number[];
  decode: number[];
  shift: number[];
  panelSame: number[];
  panelMr: number[];
}> {
  const session = worker.acquireSession(`bench-${name}-${kind}`);
  /** The graph panel's request after the editor's, in the same session (its own lane): wall time to its bytes. */
  const panel = async (context: PipelineContext): Promise<number> => {
    const t0 = performance.now();
    const outcome = await worker.analyze({
      session,
      lane: 'panel',
      root: '.gitlab-ci.yml',
      reader: reader(files),
      context,
    });
    if (outcome.kind !== 'done') throw new Error(`${name}: ${JSON.stringify(outcome)}`);
    return performance.now() - t0;
  };
  // Like the editor (src/host/language/rootAnalysis.ts): the index arrives as a delta against the last one.
  const received = new DeltaReceiver();
  const receivedModel = new ModelDeltaReceiver();
  const mr: PipelineContext = {
    ...defaultContext(),
    source: 'merge_request_event',
    refKind: 'mr',
    branch: 'feat',
    mrIid: '1',
  };
  const run = async (): Promise<{ em: EditorModel; wall: number; cpu: number; workerMs: number; decodeMs: number }> => {
    const t0 = performance.now();
    const c0 = cpuMs();
    const outcome = await worker.analyze({
      session,
      lane: 'editor',
      root: '.gitlab-ci.yml',
      reader: reader(files),
      context: defaultContext(),
      editor: true,
      editorDelta: true,
    });
    if (outcome.kind !== 'done' || !outcome.editorJson || !outcome.modelDelta) {
      throw new Error(`${name}: ${JSON.stringify(outcome)}`);
    }
    const t1 = performance.now();
    const decoder = new TextDecoder();
    const model = receivedModel.decode(JSON.parse(decoder.decode(outcome.modelDelta)) as ModelDelta);
    const index = received.decode(JSON.parse(decoder.decode(outcome.editorJson)) as IndexDelta);
    if (!model || !index) throw new Error(`${name}: the host lost track of the deltas`);
    const em = new EditorModel(model, index);
    const t2 = performance.now();
    return { em, wall: t2 - t0, cpu: cpuMs() - c0, workerMs: outcome.ms, decodeMs: t2 - t1 };
  };
  let last = await run();
  // The edited file: the included file with the most jobs (where people type), else the root.
  const target = [...last.em.index.files].sort((a, b) => b.top.length - a.top.length)[0]?.file ?? '.gitlab-ci.yml';
  const original = files.get(target) ?? '';
  const toModel: number[] = [];
  const toModelCpu: number[] = [];
  const workerMs: number[] = [];
  const decode: number[] = [];
  const shift: number[] = [];
  const panelSame: number[] = [];
  const panelMr: number[] = [];
  await panel(mr);
  for (let i = 0; i < EDITS; i++) {
    const edit = typed(original, kind, i);
    files.set(target, edit.text);
    const index = last.em.index.files.find((f) => f.file === target);
    const t0 = performance.now();
    if (index) {
      new EditorModel(last.em.model, {
        ...last.em.index,
        files: last.em.index.files.map((f) =>
          f === index
            ? shiftFileIndex(f, [[{ startLine: edit.line, endLine: edit.line, insertedBreaks: edit.breaks }]])
            : f,
        ),
      }).occurrenceAt(target, 10, 1);
    }
    shift.push(performance.now() - t0);
    last = await run();
    toModel.push(last.wall);
    toModelCpu.push(last.cpu);
    workerMs.push(last.workerMs);
    decode.push(last.decodeMs);
    panelSame.push(await panel(defaultContext()));
    panelMr.push(await panel(mr));
  }
  files.set(target, original);
  last = await run();
  worker.releaseSession(`bench-${name}-${kind}`);
  return { em: last.em, toModel, toModelCpu, worker: workerMs, decode, shift, panelSame, panelMr };
}

function providers(em: EditorModel, files: Map<string, string>): Record<string, number[]> {
  const places = em.index.files.flatMap((f) => [
    ...f.top.map((t) => ({ file: f.file, line: t.line, column: t.column })),
    ...f.occurrences.map((o) => ({ file: f.file, line: o.line, column: o.column })),
  ]);
  const jobKeys = em.index.files.flatMap((f) =>
    f.top.filter((t) => t.kind === 'job').map((t) => ({ file: f.file, line: t.line, column: t.column, name: t.name })),
  );
  const cold = new EditorModel(em.model, em.index);
  const t0 = performance.now();
  hoverAt(cold, places[0]?.file ?? '', places[0]?.line ?? 1, places[0]?.column ?? 1);
  referencesAt(cold, jobKeys[0]?.file ?? '', jobKeys[0]?.line ?? 1, jobKeys[0]?.column ?? 1, true);
  const first = performance.now() - t0;
  const fixable = em.model.diagnostics.filter((d) => FIXABLE.has(d.code));
  const lines = new Map([...files].map(([k, v]) => [k, v.split('\n')]));
  return {
    'first request (lookup tables built)': [first],
    [`hover (${places.length} places)`]: timeEach(places, (p) => hoverAt(em, p.file, p.line, p.column)),
    definition: timeEach(places, (p) => definitionAt(em, p.file, p.line, p.column)),
    [`references (${jobKeys.length} job keys)`]: timeEach(jobKeys, (p) =>
      referencesAt(em, p.file, p.line, p.column, true),
    ),
    [`document symbols (${em.index.files.length} files)`]: timeEach(em.index.files, (f) => documentSymbols(em, f.file)),
    'CodeLens (per file)': timeEach(em.index.files, (f) => lenses(em, f.file)),
    'completion: needs': timeEach(jobKeys, (k) =>
      candidates(em, { kind: 'needs', owner: k.name, prefix: '', start: 1 }),
    ),
    'completion: $': timeEach(jobKeys, (k) =>
      candidates(em, { kind: 'variable', owner: k.name, prefix: '', start: 1 }),
    ),
    'rename (edits)': timeEach(jobKeys.slice(0, 200), (k) => renameEdits(em, k.name, `${k.name}-renamed`)),
    [`quick fixes (${fixable.length} findings)`]: timeEach(fixable, (d) => quickFixes(em, d, lines.get(d.file) ?? [])),
  };
}

async function main(): Promise<void> {
  const worker = new AnalysisWorker(WORKER, () => ({ timeMs: 120_000, memoryMiB: 2048 }));
  try {
    for (const [name, folder] of [
      ['mesa', 'mesa3d__mesa'],
      ['srsRAN', 'srsran__srsRAN_Project'],
    ] as const) {
      const files = readFolder(join(CORPUS, folder));
      // A first series warms the engine up (compiled code, caches): whichever kind ran first paid for it.
      await keystrokes(worker, name, files, 'char');
      const chars = await keystrokes(worker, name, files, 'char');
      const k = await keystrokes(worker, name, files, 'line');
      const idx = k.em.index.files.reduce((n, f) => n + f.occurrences.length + f.top.length, 0);
      console.log(
        `\n${name}: ${k.em.model.jobs.length} jobs, ${k.em.index.files.length} files, ${idx} indexed names; p50 / p95 over ${EDITS} edits`,
      );
      for (const [label, r] of [
        ['a character typed in a line', chars],
        ['a line typed at the top', k],
      ] as const) {
        console.log(`  keystroke → updated model, ${label}`.padEnd(47) + fmt(r.toModel));
        console.log(`    of which the worker (engine + index)        ${fmt(r.worker)}`);
        console.log(`    CPU time, all threads (steadier when busy)  ${fmt(r.toModelCpu)}`);
        console.log(`    of which decoding on the host's thread      ${fmt(r.decode)}`);
        console.log(`    keystroke → moved positions (host)         ${fmt(r.shift)}`);
        console.log(`    then the panel, same context (shared result) ${fmt(r.panelSame)}`);
        console.log(`    then the panel, merge-request context      ${fmt(r.panelMr)}`);
      }
      for (const [label, xs] of Object.entries(providers(k.em, files))) console.log(`  ${label.padEnd(44)} ${fmt(xs)}`);
    }
  } finally {
    worker.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
