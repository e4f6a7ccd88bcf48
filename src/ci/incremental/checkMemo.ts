// Which jobs' static checks found nothing, kept between analyses. On a keystroke most jobs are unchanged, and
// checking their rules and keys again is a large part of the work. A check's findings depend only on the values it
// reads (positions are only attached to what it reports), so a job whose check reported nothing reports nothing
// again as long as everything the check reads is the same: the key holds all of it, values through structural ids
// (nodeIds.ts). Only "nothing to report" is remembered: a job with findings is checked again every time, so its
// findings always carry the positions of this analysis. A check that tried to report and was silenced (the sink
// drops a duplicate) counts as a finding, so "nothing" is never recorded by mistake.
import { CountingSink, type DiagnosticSink } from '../diagnostics';
import type { YMap } from '../yaml/node';
import { NodeIds } from './nodeIds';
import { sameItems } from './sameItems';

/** A bound of this tool: beyond it everything goes (a 10,000-job pipeline's checks in a few versions fit). */
const MAX_CLEAN = 50_000;
/** Distinct values remembered (a bound: each is one string). */
const MAX_IDS = 100_000;
/** Long facts remembered (see factId): each is one analysis's worth; an edit that changes it adds one. */
const MAX_FACTS = 16;

interface LatestKey {
  readonly facts: readonly unknown[];
  readonly keys: ReadonlySet<string>;
  readonly key: string | undefined;
}

export class CheckMemo {
  private readonly clean = new Set<string>();
  private readonly nodes = new NodeIds();
  /**
   * Per key set, each mapping's part of a key: parallel instances share their mapping, and an unchanged job keeps
   * its mapping from one analysis to the next (incremental/entryJobs.ts). A part is made of ids, so it holds as
   * long as they do: both go together (clear).
   */
  private readonly parts = new Map<ReadonlySet<string>, WeakMap<YMap, string | undefined>>();
  /**
   * Each mapping's latest key per check, with the facts and key set it was made of: an unchanged job asks with equal
   * facts (names, kinds, flags, ids: all primitives) and gets the very string again, not a new one to hash. Made of
   * ids like the parts above, so cleared with them.
   */
  private latest = new WeakMap<YMap, Map<string, LatestKey>>();
  /** Long facts with their ids (see factId), newest last. */
  private readonly facts: { readonly parts: readonly string[]; readonly id: number }[] = [];
  private nextFact = 0;
  /** Jobs whose checks were skipped and run, for tests and the bench. */
  hits = 0;
  misses = 0;

  constructor(private readonly maxClean = MAX_CLEAN) {}

  /** Keys held now (at most maxClean). */
  get size(): number {
    return this.clean.size;
  }

  /** Called before an analysis uses the memo: ids must not change while one analysis uses them. */
  begin(): void {
    // Never during an analysis: a key made before a clear would then be stored after it, with stale ids.
    if (this.clean.size >= this.maxClean || this.nodes.size >= MAX_IDS || this.facts.length >= MAX_FACTS) this.clear();
  }

  /**
   * A key of `what` the check reads of a job: the plain facts in `facts` (names, kinds, flags) and every entry of
   * `node` whose key is in `keys`, in the map's order (duplicates included), by structural id. Undefined when a
   * value has no exact id: that job is then always checked. `facts` must be primitives: they are compared by value
   * with the mapping's latest ones.
   */
  keyOf(check: string, facts: readonly unknown[], node: YMap, keys: ReadonlySet<string>): string | undefined {
    let slots = this.latest.get(node);
    const slot = slots?.get(check);
    if (slot && slot.keys === keys && sameItems(slot.facts, facts)) return slot.key;
    const key = this.makeKey(check, facts, node, keys);
    if (!slots) this.latest.set(node, (slots = new Map<string, LatestKey>()));
    slots.set(check, { facts, keys, key });
    return key;
  }

  private makeKey(check: string, facts: readonly unknown[], node: YMap, keys: ReadonlySet<string>): string | undefined {
    let parts = this.parts.get(keys);
    if (!parts) this.parts.set(keys, (parts = new WeakMap<YMap, string | undefined>()));
    let part = parts.get(node);
    if (part === undefined && !parts.has(node)) {
      part = this.nodePart(node, keys);
      parts.set(node, part);
    }
    return part === undefined ? undefined : `${check}\n${JSON.stringify(facts)}${part}`;
  }

  private nodePart(node: YMap, keys: ReadonlySet<string>): string | undefined {
    let out = '';
    for (const e of node.entries) {
      if (!keys.has(e.key)) continue;
      const id = this.nodes.idOf(e.value);
      if (id === undefined) return undefined;
      out += `\n${JSON.stringify(e.key)}${e.keyKind ? `~${e.keyKind}` : ''}=${id}`;
    }
    return out;
  }

  /** Runs `check` unless `key` is known to find nothing; remembers when it found nothing. */
  run(key: string | undefined, sink: DiagnosticSink, check: (sink: DiagnosticSink) => void): void {
    this.runFound(key, () => {
      const counting = new CountingSink(sink);
      check(counting);
      return counting.reports > 0;
    });
  }

  /** Like run, for a check that says itself whether it found (or tried to report) anything. */
  runFound(key: string | undefined, check: () => boolean): void {
    if (key !== undefined && this.clean.has(key)) {
      this.hits++;
      return;
    }
    this.misses++;
    const found = check();
    if (key !== undefined && !found && this.clean.size < this.maxClean) this.clean.add(key);
  }

  /**
   * A short id for a long fact that many keys share (every job's name and stage, for checks that look other jobs
   * up), given as a list of parts: equal lists, equal ids, until the memo is cleared. A list, not one text: its
   * parts are mostly strings kept from the last analysis (one per unchanged job), so comparing two lists mostly
   * compares references, and no text of the whole pipeline is written and hashed per analysis.
   */
  factId(parts: readonly string[]): number {
    const known = this.facts.find((f) => sameItems(f.parts, parts));
    if (known !== undefined) return known.id;
    const id = this.nextFact++;
    this.facts.push({ parts, id });
    return id;
  }

  private clear(): void {
    this.clean.clear();
    this.nodes.clear();
    this.parts.clear();
    this.latest = new WeakMap();
    this.facts.length = 0;
  }
}

/** Runs `check` directly when there is no memo (a fresh analysis, a child pipeline). */
export function runChecked(
  memo: CheckMemo | undefined,
  key: () => string | undefined,
  sink: DiagnosticSink,
  check: (sink: DiagnosticSink) => void,
): void {
  if (memo) memo.run(key(), sink, check);
  else check(sink);
}
