// The host's side of the analysis worker. The engine runs on untrusted YAML, so it never runs on the extension
// host's main thread (shared with every other extension): it runs in a worker thread with a heap limit, under
// a time budget, and a runaway worker is terminated and replaced. No vscode import: tested in plain Node.
//
// One worker serves every panel and the editor, one analysis at a time. Requests queue latest-wins per session
// and lane: while one analysis runs, a newer request of the same consumer replaces its older queued one (typing
// never piles up work). Consumers of one project folder share its session (acquireSession): one parse cache, and
// a result whose inputs still hold is reused by whoever asks next (inputMemo.ts) — the graph panel and the editor
// then cost one analysis, not two. Files are served from the caller's FileReader, so unsaved buffers count.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { PausableBudget } from './budget';
import { answerFetch, answerRead, answerStale, compactReply } from './hostRequests';
import { SentTexts } from './sentTexts';
import type { FromWorker, ToWorker } from './messages';
import {
  DEFAULT_ANALYSIS_LIMITS,
  type AnalysisLimits,
  type AnalysisOutcome,
  type AnalysisRequest,
} from './analysisTypes';

export { DEFAULT_ANALYSIS_LIMITS } from './analysisTypes';
export type { AnalysisLimits, AnalysisOutcome, AnalysisRequest } from './analysisTypes';

interface Job {
  readonly id: number;
  readonly request: AnalysisRequest;
  readonly resolve: (outcome: AnalysisOutcome) => void;
  onAbort?: () => void;
}

export class AnalysisWorker {
  private worker: Worker | undefined;
  private running: Job | undefined;
  private budget: PausableBudget | undefined;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private disposed = false;
  /** The files this worker was sent, so an unchanged one is answered `same` (sentTexts.ts). */
  private sent = new SentTexts();
  /** How many workers were started (a replaced worker counts again): for tests and the log. */
  started = 0;

  /**
   * `workerFile` is the bundled worker (dist/analysisWorker.js); `limits` is read for every analysis so a
   * settings change applies to the next one (a changed heap limit restarts the worker).
   */
  constructor(
    private readonly workerFile: string,
    private readonly limits: () => AnalysisLimits = () => DEFAULT_ANALYSIS_LIMITS,
  ) {}

  analyze(request: AnalysisRequest): Promise<AnalysisOutcome> {
    if (this.disposed) return Promise.resolve({ kind: 'cancelled' });
    if (request.signal?.aborted) return Promise.resolve({ kind: 'cancelled' });
    return new Promise<AnalysisOutcome>((resolve) => {
      const job: Job = { id: this.nextId++, request, resolve };
      const signal = request.signal;
      if (signal) {
        job.onAbort = () => this.cancel(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      // Latest wins: an older queued request of the same session will never be wanted.
      for (let i = this.queue.length - 1; i >= 0; i--) {
        const older = this.queue[i];
        if (older?.request.session === request.session && older.request.lane === request.lane) {
          this.queue.splice(i, 1);
          this.settle(older, { kind: 'superseded' });
        }
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Forgets a session's parse cache (its panel closed or moved to another project). */
  dropSession(session: string): void {
    this.sent.dropSession(session);
    this.worker?.postMessage({ type: 'dropSession', session } satisfies ToWorker);
  }

  private readonly shared = new Map<string, number>();

  /**
   * The session of a project folder (`key`: its URI), shared by every consumer that acquires it; the worker's
   * caches for it are dropped when the last one releases it.
   */
  acquireSession(key: string): string {
    this.shared.set(key, (this.shared.get(key) ?? 0) + 1);
    return `project:${key}`;
  }

  releaseSession(key: string): void {
    const left = (this.shared.get(key) ?? 0) - 1;
    if (left > 0) {
      this.shared.set(key, left);
      return;
    }
    this.shared.delete(key);
    this.dropSession(`project:${key}`);
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) this.settle(job, { kind: 'cancelled' });
    if (this.running) this.stopWorker({ kind: 'cancelled' });
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private settle(job: Job, outcome: AnalysisOutcome): void {
    if (job.onAbort) job.request.signal?.removeEventListener('abort', job.onAbort);
    if (outcome.kind === 'done') job.request.fetcher?.analysisDone?.();
    job.resolve(outcome);
  }

  private cancel(job: Job): void {
    const i = this.queue.indexOf(job);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.settle(job, { kind: 'cancelled' });
    } else if (this.running === job) {
      // The engine cannot be interrupted mid-step: stopping the worker is the only sure way.
      this.stopWorker({ kind: 'cancelled' });
    }
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const job = this.queue.shift();
    if (!job) return;
    const limits = this.limits();
    const worker = this.ensureWorker(limits);
    this.running = job;
    this.budget = new PausableBudget(limits.timeMs, () => {
      const seconds = Math.round(limits.timeMs / 100) / 10;
      this.stopWorker({
        kind: 'limit',
        limit: 'time',
        message: `The analysis took longer than ${seconds} s and was stopped.`,
      });
    });
    const { request } = job;
    worker.postMessage({
      type: 'analyze',
      id: job.id,
      session: request.session,
      root: request.root,
      context: request.context,
      ...(request.changedFiles ? { changedFiles: request.changedFiles } : {}),
      ...(request.editor ? { editor: true } : {}),
      ...(request.lane !== undefined ? { lane: request.lane } : {}),
      ...(request.editorDelta ? { editorDelta: true } : {}),
      ...(request.fetcher ? { fetchIncludes: true } : {}),
      ...(request.verify ? { verify: true } : {}),
    } satisfies ToWorker);
  }

  private finish(outcome: AnalysisOutcome): void {
    const job = this.running;
    this.running = undefined;
    this.budget?.stop();
    this.budget = undefined;
    if (job) this.settle(job, outcome);
    this.pump();
  }

  /** Terminates the worker (a fresh one starts for the next request) and settles the running analysis. */
  private stopWorker(outcome: AnalysisOutcome): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      worker.removeAllListeners();
      // An 'error' after removeAllListeners would be thrown: keep a no-op listener until it has exited.
      worker.on('error', () => undefined);
      void worker.terminate();
    }
    this.finish(outcome);
  }

  private heapLimit = 0;

  private ensureWorker(limits: AnalysisLimits): Worker {
    if (this.worker && this.heapLimit === limits.memoryMiB) return this.worker;
    if (this.worker) {
      const old = this.worker;
      this.worker = undefined;
      old.removeAllListeners();
      old.on('error', () => undefined);
      void old.terminate();
    }
    const resourceLimits: ResourceLimits = {
      maxOldGenerationSizeMb: limits.memoryMiB,
      maxYoungGenerationSizeMb: Math.min(64, Math.max(8, limits.memoryMiB / 8)),
    };
    // execArgv: [] so the host's own flags (an inspector port, say) are not inherited by the worker.
    const worker = new Worker(this.workerFile, { resourceLimits, execArgv: [], stdout: false, stderr: false });
    this.worker = worker;
    // A new worker holds no text: everything is sent whole again.
    this.sent = new SentTexts();
    this.heapLimit = limits.memoryMiB;
    this.started++;
    worker.unref();
    worker.on('message', (m: FromWorker) => this.onMessage(worker, m));
    worker.on('error', (e: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        this.finish({
          kind: 'limit',
          limit: 'memory',
          message: `The analysis needed more than ${limits.memoryMiB} MiB of memory and was stopped.`,
        });
      } else {
        this.finish({
          kind: 'failed',
          message: `The analysis worker failed: ${e.message}`,
          ...(e.stack ? { detail: e.stack } : {}),
        });
      }
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.running) this.finish({ kind: 'failed', message: `The analysis worker exited (code ${code}).` });
    });
    return worker;
  }

  private onMessage(worker: Worker, m: FromWorker): void {
    if (this.worker !== worker) return;
    const job = this.running;
    switch (m.type) {
      case 'read':
      case 'list':
      case 'fetch':
        if (!job || job.id !== m.analysisId) {
          // A request of an analysis that is no longer running: answer so nothing waits forever.
          worker.postMessage(answerStale(m));
          return;
        }
        void this.serve(worker, job, m);
        return;
      case 'done':
        if (job?.id === m.id) {
          const { type: _type, id: _id, ...done } = m;
          this.finish({ kind: 'done', ...done });
        }
        return;
      case 'failed':
        if (job?.id === m.id) {
          this.finish({ kind: 'failed', message: m.message, ...(m.stack ? { detail: m.stack } : {}) });
        }
        return;
      default: {
        const never: never = m;
        throw new Error(`unknown worker message ${JSON.stringify(never)}`);
      }
    }
  }

  private async serve(
    worker: Worker,
    job: Job,
    m: Extract<FromWorker, { type: 'read' | 'list' | 'fetch' }>,
  ): Promise<void> {
    if (m.type !== 'fetch') {
      const reply = await answerRead(job.request.reader, m);
      if (this.worker === worker) worker.postMessage(compactReply(this.sent, job.request.session, m, reply));
      return;
    }
    // The network wait does not count against the analysis' time budget (see budget.ts).
    const budget = this.budget;
    budget?.pause();
    try {
      const reply = await answerFetch(job.request.fetcher, m);
      if (this.worker === worker) worker.postMessage(reply);
    } finally {
      budget?.unpause();
    }
  }
}
