// Each job's inclusion (its rules, only/except and the variables they see) kept between analyses. On a keystroke
// most jobs are unchanged, and deciding their rules again is the largest part of a pipeline's evaluation. A job's
// inclusion depends only on what createRuleScope's `job` reads: the pipeline context, the project's files and the
// changed files (the scope), the job's name, `when`, matrix values, and the plain values of its `inherit`,
// `variables`, `rules`, `only` and `except`, plus the global and workflow variables. The key holds all of these
// (positions play no part), so a hit returns exactly what evaluating again would. Results are read-only.
import type { JobDef } from '../jobs/jobTypes';
import type { JobInclusion, RuleScope } from '../pipeline/inclusion';
import { get, toPlain, type YNode } from '../yaml/node';
import { plainKey } from './plainKey';

/** A bound of this tool: beyond it the oldest entries go (a 5,000-job pipeline in a few contexts fits). */
const MAX_ENTRIES = 20_000;
/** Scopes (context, files) kept at once: the editor's and the panel's contexts, a child pipeline or two. */
const MAX_SCOPES = 4;

export class JobInclusionCache {
  /** Per scope key, per global+workflow variables key, per job key. */
  private readonly scopes = new Map<string, Map<string, Map<string, JobInclusion>>>();
  private count = 0;
  /**
   * The key of a node's plain value, per node: trees are immutable and the parse cache hands back the same trees
   * for unchanged files, so most jobs' rules and variables are keyed once, not on every keystroke.
   */
  private readonly nodeKeys = new WeakMap<YNode, string>();
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
    const byPipeline = this.scopeEntries(scopeKey);
    let pipeline: { globals: YNode | undefined; workflow: unknown; jobs: Map<string, JobInclusion> } | undefined;
    return {
      ...scope,
      job: (job, globals, workflowVariables, hasWorkflowRules) => {
        // The global and workflow variables are the same objects for every job of one analysis: keyed once.
        if (!pipeline || pipeline.globals !== globals || pipeline.workflow !== workflowVariables) {
          const key = `${this.keyOf(globals)}\n${plainKey(workflowVariables)}`;
          const jobs = byPipeline.get(key) ?? new Map<string, JobInclusion>();
          byPipeline.set(key, jobs);
          pipeline = { globals, workflow: workflowVariables, jobs };
        }
        const jobs = pipeline.jobs;
        const key = this.jobKey(job, hasWorkflowRules);
        const hit = jobs.get(key);
        if (hit) {
          this.hits++;
          return hit;
        }
        this.misses++;
        const result = scope.job(job, globals, workflowVariables, hasWorkflowRules);
        if (this.count >= this.maxEntries) this.clear();
        jobs.set(key, result);
        this.count++;
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

  /** Past the bound everything goes at once: simple, and the next analysis refills what it needs. */
  private clear(): void {
    for (const byPipeline of this.scopes.values()) byPipeline.clear();
    this.count = 0;
  }

  private keyOf(node: YNode | undefined): string {
    if (node === undefined) return 'u';
    let key = this.nodeKeys.get(node);
    if (key === undefined) {
      key = plainKey(toPlain(node));
      this.nodeKeys.set(node, key);
    }
    return key;
  }

  /** Everything createRuleScope's `job` reads of a job. */
  private jobKey(job: JobDef, hasWorkflowRules: boolean): string {
    const n = job.node;
    return [
      plainKey([job.name, job.when, job.parallel?.matrix ?? null, hasWorkflowRules]),
      this.keyOf(get(n, 'inherit')),
      this.keyOf(get(n, 'variables')),
      this.keyOf(get(n, 'rules')),
      this.keyOf(get(n, 'only')),
      this.keyOf(get(n, 'except')),
    ].join('\n');
  }
}

/** What a rule scope is made of, as a key. */
export function scopeKeyOf(
  context: unknown,
  projectFiles: readonly string[],
  changedFiles: readonly string[] | undefined,
): string {
  return plainKey([context, projectFiles, changedFiles ?? null]);
}
