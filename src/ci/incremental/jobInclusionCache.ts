// Each job's inclusion (its rules, only/except and the variables they see) kept between analyses. On a keystroke
// most jobs are unchanged, and deciding their rules again is the largest part of a pipeline's evaluation. A job's
// inclusion depends only on what createRuleScope's `job` reads: the pipeline context, the project's files and the
// changed files (the scope), the job's name, `when`, stage and parallel instance (its predefined variables, and
// matrix values), and the plain values of its `inherit`,
// `variables`, `rules`, `only` and `except`, plus the global and workflow variables. The key holds all of these
// (positions play no part; values are compared through structural ids, nodeIds.ts), so a hit returns exactly
// what evaluating again would. Results are read-only.
import type { JobDef } from '../jobs/jobTypes';
import type { JobInclusion, RuleScope } from '../pipeline/inclusion';
import { get, type YMap, type YNode } from '../yaml/node';
import { NodeIds } from './nodeIds';
import { plainKey } from './plainKey';

/** A bound of this tool: beyond it the oldest entries go (a 5,000-job pipeline in a few contexts fits). */
const MAX_ENTRIES = 20_000;
/** Scopes (context, files) kept at once: the editor's and the panel's contexts, a child pipeline or two. */
const MAX_SCOPES = 4;
/** Distinct plain values remembered (a bound: each is one string). */
const MAX_IDS = 100_000;

export class JobInclusionCache {
  /** Per scope key, per global+workflow variables key, per job key. */
  private readonly scopes = new Map<string, Map<string, Map<string, JobInclusion>>>();
  private count = 0;
  /** Structural ids of the nodes a job's inclusion reads (nodeIds.ts): short keys, mostly found, not rebuilt. */
  private readonly nodes = new NodeIds();
  /**
   * What the key reads of each job's mapping, by the mapping: parallel instances share one, and an unchanged job
   * keeps its mapping between analyses (incremental/entryJobs.ts). Made of ids, so cleared with them.
   */
  private nodeKeys = new WeakMap<YMap, string | undefined>();
  /**
   * Each job definition's latest answer, with the inclusions map (one scope, globals and workflow: see wrap) and the
   * workflow-rules flag it was found for. A definition is immutable and kept while its entry is unchanged
   * (incremental/entryJobs.ts), so its key in that map is the same as before: the answer is the map's entry, found
   * without building the key again. The map is new after a clear, so no slot outlives the ids its key was made of.
   */
  private lastOf = new WeakMap<
    JobDef,
    { jobs: Map<string, JobInclusion>; workflowRules: boolean; hit: JobInclusion }
  >();
  /** How many inclusions were answered from the cache and how many evaluated, for tests and the bench. */
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  /** Inclusions held now (at most maxEntries). */
  get size(): number {
    return this.count;
  }

  /**
   * `scope` with its `job` answered from the cache. `scopeKey` must identify everything the scope was made of
   * (see scopeKeyOf): two scopes with the same key must decide every job alike.
   */
  wrap(scope: RuleScope, scopeKey: string): RuleScope {
    // Only between analyses: ids must not change while one analysis uses them.
    if (this.count >= this.maxEntries || this.nodes.size >= MAX_IDS) this.clear();
    const byPipeline = this.scopeEntries(scopeKey);
    let pipeline:
      { globals: YNode | undefined; workflow: unknown; jobs: Map<string, JobInclusion> | undefined } | undefined;
    return {
      ...scope,
      job: (job, globals, workflowVariables, hasWorkflowRules) => {
        // The global and workflow variables are the same objects for every job of one analysis: keyed once.
        if (!pipeline || pipeline.globals !== globals || pipeline.workflow !== workflowVariables) {
          const g = this.idOfNode(globals);
          const w = plainKey(workflowVariables);
          const key = g === undefined || w === undefined ? undefined : `${g}\n${w}`;
          let jobs = key === undefined ? undefined : byPipeline.get(key);
          if (key !== undefined && !jobs) byPipeline.set(key, (jobs = new Map<string, JobInclusion>()));
          pipeline = { globals, workflow: workflowVariables, jobs };
        }
        const jobs = pipeline.jobs;
        const last = jobs && this.lastOf.get(job);
        if (last && last.jobs === jobs && last.workflowRules === hasWorkflowRules) {
          this.hits++;
          return last.hit;
        }
        const key = jobs && this.jobKey(job, hasWorkflowRules);
        const hit = key === undefined ? undefined : jobs?.get(key);
        if (hit && jobs) {
          this.hits++;
          this.lastOf.set(job, { jobs, workflowRules: hasWorkflowRules, hit });
          return hit;
        }
        this.misses++;
        const result = scope.job(job, globals, workflowVariables, hasWorkflowRules);
        // Past the bound nothing more is kept until the next analysis starts afresh.
        if (jobs && key !== undefined && this.count < this.maxEntries) {
          jobs.set(key, result);
          this.lastOf.set(job, { jobs, workflowRules: hasWorkflowRules, hit: result });
          this.count++;
        }
        return result;
      },
    };
  }

  private scopeEntries(scopeKey: string): Map<string, Map<string, JobInclusion>> {
    let entries = this.scopes.get(scopeKey);
    if (entries) this.scopes.delete(scopeKey);
    entries ??= new Map();
    // Most recently used last; the oldest scope goes first.
    this.scopes.set(scopeKey, entries);
    while (this.scopes.size > MAX_SCOPES) {
      const oldest = this.scopes.keys().next().value ?? '';
      for (const jobs of this.scopes.get(oldest)?.values() ?? []) this.count -= jobs.size;
      this.scopes.delete(oldest);
    }
    return entries;
  }

  /** Everything goes at once: simple, and the next analysis refills what it needs. */
  private clear(): void {
    this.scopes.clear();
    this.nodes.clear();
    this.nodeKeys = new WeakMap();
    this.lastOf = new WeakMap();
    this.count = 0;
  }

  /** The structural id of a node (-1 for none); undefined when it has no exact id (see nodeIds.ts). */
  private idOfNode(node: YNode | undefined): number | undefined {
    return node === undefined ? -1 : this.nodes.idOf(node);
  }

  /** Everything createRuleScope's `job` reads of a job; undefined when a part has no exact key. */
  private jobKey(job: JobDef, hasWorkflowRules: boolean): string | undefined {
    const n = job.node;
    const nodeKeys = this.nodeKeys;
    let nodeKey = nodeKeys.get(n);
    if (nodeKey === undefined && !nodeKeys.has(n)) {
      const parts = [
        this.idOfNode(get(n, 'inherit')),
        this.idOfNode(get(n, 'variables')),
        this.idOfNode(get(n, 'rules')),
        this.idOfNode(get(n, 'only')),
        this.idOfNode(get(n, 'except')),
      ];
      nodeKey = parts.includes(undefined) ? undefined : parts.join(',');
      nodeKeys.set(n, nodeKey);
    }
    if (nodeKey === undefined) return undefined;
    // Strings, booleans and a record of strings: JSON tells them all apart.
    const own = JSON.stringify([job.name, job.when, job.stage, job.parallel ?? null, hasWorkflowRules]);
    return `${nodeKey}\n${own}`;
  }
}

/** What a rule scope is made of, as a key. */
export function scopeKeyOf(
  context: unknown,
  projectFiles: readonly string[],
  changedFiles: readonly string[] | undefined,
): string {
  // A context that has no exact key (it never happens: contexts are plain data) still gets one of its own.
  return plainKey([context, projectFiles, changedFiles ?? null]) ?? `unkeyed:${Math.random()}`;
}
