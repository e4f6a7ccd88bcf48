// Whole results kept in the worker, reused only when every input is provably the same. An analysis is a pure
// function of its request (root, context, changed files, whether includes are fetched) and of what the host
// answered when the worker asked (the file list, each file read, each external include fetched). Each answer is
// recorded; before a result is reused, every recorded question is asked again and the answers compared, so a
// reuse is exact by construction. This is what lets the graph panel and the editor share one analysis: whichever
// asks second for the same root and context gets the first one's result for the price of re-reading the files.
import type { FlowModel } from '../ci/model';
import type { RecordedFile } from '../editor/buildIndex';

/** A question the worker asked the host, without its request ids, and the host's answer, both as JSON. */
export interface RecordedInput {
  readonly question: string;
  readonly answer: string;
  /** An external include: asked only once every file is known to hold (see inputsHold). */
  readonly network?: true;
}

export interface MemoEntry {
  readonly key: string;
  readonly inputs: readonly RecordedInput[];
  readonly model: FlowModel;
  /** Each job's JSON (editor/modelDelta.ts): the whole model and the editor's delta are made of these. */
  readonly pieces: readonly string[];
  /** The parsed files the analysis used, for the editor index (built on demand). */
  readonly files: ReadonlyMap<string, RecordedFile>;
}

/** JSON with object keys sorted, so equal values give equal strings whatever order their keys were set in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** What makes two requests the same analysis, apart from the answers to the worker's questions. */
export function requestKey(request: {
  root: string;
  context: unknown;
  changedFiles?: readonly string[] | undefined;
  fetchIncludes?: boolean | undefined;
}): string {
  return stableJson([request.root, request.context, request.changedFiles ?? null, request.fetchIncludes === true]);
}

/** The last few results of one session, newest last (a bound: each holds a model and its bytes). */
export class ResultMemo {
  private readonly entries: MemoEntry[] = [];

  constructor(private readonly maxEntries = 4) {}

  candidate(key: string): MemoEntry | undefined {
    return this.entries.find((e) => e.key === key);
  }

  remember(entry: MemoEntry): void {
    const i = this.entries.findIndex((e) => e.key === entry.key);
    if (i >= 0) this.entries.splice(i, 1);
    this.entries.push(entry);
    while (this.entries.length > this.maxEntries) this.entries.shift();
  }

  /** Forgets a result whose inputs no longer hold (it will be replaced by the fresh one). */
  forget(entry: MemoEntry): void {
    const i = this.entries.indexOf(entry);
    if (i >= 0) this.entries.splice(i, 1);
  }
}

/**
 * Whether every recorded question gets the same answer now. `ask` poses a question again (as its JSON) and
 * resolves with the answer's JSON. The files and the file list are asked first, all at once (the host answers
 * from editor buffers and the disk); external includes only when every file still holds, so a keystroke never
 * costs a network round trip here (a changed file already settles it).
 */
export async function inputsHold(
  inputs: readonly RecordedInput[],
  ask: (question: string) => Promise<string>,
): Promise<boolean> {
  for (const batch of [inputs.filter((i) => !i.network), inputs.filter((i) => i.network)]) {
    const answers = await Promise.all(batch.map((i) => ask(i.question)));
    if (!answers.every((a, n) => a === batch[n]?.answer)) return false;
  }
  return true;
}
