// The analysed model travels to the editor as a delta, like its index (indexDelta.ts): a keystroke changes a few
// jobs, and parsing the whole model again (megabytes for a big pipeline) was the largest cost on the extension
// host's own thread. The worker writes each job's JSON once; the whole model (for the graph panel and the result
// memo) and the delta are both put together from those pieces. A job whose JSON equals one the consumer received
// last travels as that job's index there, and the receiver reuses the object it parsed then (equal JSON, equal
// value; nothing on the host changes a model). Each model is numbered: a delta names the model it is against, and a
// receiver that holds another one says so, so the next request asks for the whole model instead of guessing.
import type { FlowJob, FlowModel } from '../ci/model';

export interface ModelDelta {
  version: 1;
  /** The number of the model the numbered jobs refer to, or -1 when every job is written out. */
  base: number;
  /** This model's number, the base of the next delta. */
  seq: number;
  /** The model without its jobs. */
  model: Omit<FlowModel, 'jobs'>;
  /** In order: a job, or the index of an equal job in the base model's jobs. */
  jobs: (FlowJob | number)[];
}

/**
 * Each job's JSON, by the job: a job that an analysis hands back unchanged (the engine's incremental/flowMemo.ts)
 * is written once. Jobs are not changed after their analysis. Weak.
 */
const PIECES = new WeakMap<FlowJob, string>();

/** Each job's JSON, the pieces the whole model and a delta are made of. */
export function jobPieces(model: FlowModel): string[] {
  return model.jobs.map((j) => {
    let piece = PIECES.get(j);
    if (piece === undefined) PIECES.set(j, (piece = JSON.stringify(j)));
    return piece;
  });
}

/** The model without its jobs, as JSON (an object: never `{}`, a model has its schema). */
function restJson(model: FlowModel): string {
  return JSON.stringify({ ...model, jobs: undefined });
}

/** The whole model as JSON, from its job pieces: what JSON.stringify(model) parses back to. */
export function wholeModelJson(model: FlowModel, pieces: readonly string[]): string {
  return `${restJson(model).slice(0, -1)},"jobs":[${pieces.join(',')}]}`;
}

/** Worker side, one per consumer. */
export class ModelDeltaSender {
  private seq = 0;
  /** The last model sent (its jobs' JSON and names), or none: the next model is written out whole. */
  private sent: { pieces: readonly string[]; byName: Map<string, number> } | undefined;

  /** Forgets what was sent: the next model is written out whole (the receiver lost track). */
  reset(): void {
    this.sent = undefined;
  }

  /**
   * The model as a ModelDelta in JSON, against the last model this consumer was sent. A job is compared with the
   * job at its own index there, else with the job of its name (jobs added or removed before it): comparing equal
   * strings is cheap, hashing every job's JSON into a map was not.
   */
  encode(model: FlowModel, pieces: readonly string[]): string {
    const sent = this.sent;
    const base = sent ? this.seq : -1;
    const items = pieces.map((p, i) => {
      if (!sent) return p;
      if (sent.pieces[i] === p) return String(i);
      const at = sent.byName.get(model.jobs[i]?.name ?? '');
      return at !== undefined && sent.pieces[at] === p ? String(at) : p;
    });
    this.seq++;
    const byName = new Map<string, number>();
    model.jobs.forEach((j, i) => {
      if (!byName.has(j.name)) byName.set(j.name, i);
    });
    this.sent = { pieces, byName };
    return `{"version":1,"base":${base},"seq":${this.seq},"model":${restJson(model)},"jobs":[${items.join(',')}]}`;
  }
}

/** Host side, one per consumer. */
export class ModelDeltaReceiver {
  private seq = -1;
  private jobs: FlowJob[] = [];

  /** The whole model, or undefined when the delta is against a model this side does not hold (then ask for all). */
  decode(delta: ModelDelta): FlowModel | undefined {
    const known = delta.base === this.seq ? this.jobs : [];
    const jobs: FlowJob[] = [];
    for (const j of delta.jobs) {
      const job = typeof j === 'number' ? known[j] : j;
      if (job === undefined) {
        this.seq = -1;
        this.jobs = [];
        return undefined;
      }
      jobs.push(job);
    }
    this.seq = delta.seq;
    this.jobs = jobs;
    return { ...delta.model, jobs };
  }
}
