// The engine's entry point, in GitLab's own order (spec R0.1, Appendix A): load and include, `extends`,
// `!reference`, jobs and parallel expansion, static validation; then, for one pipeline context, workflow and
// job rules, the needs-existence check, and per job the dependency list, path conflicts and explanations.
import { DiagnosticSink, fileStart } from './diagnostics';
import type { FileReader } from './fileReader';
import type { ParseCache } from './yaml/parseCache';
import type { IncludeFetcher } from './include/fetcher';
import type { FlowModel, PipelineContext } from './model';
import { expandIncludes } from './include/resolveIncludes';
import { resolveExtends } from './merge/extends';
import { resolveReferences } from './merge/reference';
import { buildJobs } from './jobs/buildJobs';
import { getEntry } from './yaml/node';
import { reportUnresolved } from './merge/unresolved';
import { expandReferences } from './jobs/references';
import { validateReferences } from './jobs/referenceChecks';
import { checkRules } from './jobs/ruleChecks';
import { validateJobKeys } from './jobs/keyValidation';
import { createRuleScope } from './pipeline/inclusion';
import { JobInclusionCache, scopeKeyOf } from './incremental/jobInclusionCache';
import type { CheckMemo } from './incremental/checkMemo';
import { evaluatePipeline } from './pipeline/evaluatePipeline';
import { markAssumedJobs } from './pipeline/assumedIncludes';
import { lintArtifacts } from './pipeline/artifactLint';
import { lintRefusedPatterns } from './pipeline/refusedPatterns';
import { hintUnusedArchives } from './pipeline/unusedArchives';
import { findParentPipeline } from './pipeline/parentPipeline';
import { analyzeDownstream, type DownstreamScope } from './pipeline/downstream';

export interface AnalyzeOptions {
  /** Repository-relative path of the root configuration, usually `.gitlab-ci.yml`. */
  root: string;
  reader: FileReader;
  context: PipelineContext;
  /** Files changed by the pipeline's push or MR, when known (makes `rules:changes` decidable). */
  changedFiles?: readonly string[];
  /** Parsed files from earlier analyses (see createParseCache): an edit then re-parses only what changed. */
  cache?: ParseCache;
  /** Reads `project`, `remote`, `template` and `component` includes (src/gitlab/includes); without it they stay unresolved. */
  fetcher?: IncludeFetcher;
  /** Parsed files of child pipelines, apart from `cache` (whose reads the editor index records); default `cache`. */
  childCache?: ParseCache;
  /** Set by pipeline/downstream.ts when this is a child pipeline: its parent's jobs, its depth, the shared bounds. */
  downstream?: DownstreamScope;
  /** Jobs' inclusions from earlier analyses (incremental/jobInclusionCache.ts): unchanged jobs' rules are not decided again. */
  jobInclusions?: JobInclusionCache;
  /** Jobs whose static checks found nothing in earlier analyses (incremental/checkMemo.ts): not checked again. */
  checks?: CheckMemo;
}

export function defaultContext(): PipelineContext {
  return { source: 'push', refKind: 'branch', branch: 'main', defaultBranch: 'main', variables: {} };
}

export async function analyze(options: AnalyzeOptions): Promise<FlowModel> {
  const { context } = options;
  const sink = new DiagnosticSink();
  const projectFiles = await options.reader.list();
  const fresh = createRuleScope(context, projectFiles, options.changedFiles);
  // Child pipelines (each its own context) are not cached: they would push the parent's scope out.
  const scope =
    options.jobInclusions && !options.downstream
      ? options.jobInclusions.wrap(fresh, scopeKeyOf(context, projectFiles, options.changedFiles))
      : fresh;
  const model: FlowModel = {
    schema: 1,
    context,
    stages: [],
    pipeline: { created: false },
    jobs: [],
    diagnostics: sink.items,
    includes: [],
    root: options.root,
  };

  const includeEnv = {
    reader: options.reader,
    sink,
    expand: scope.expandForInclude,
    rules: scope.includeRules,
    rulesReason: scope.includeRulesReason,
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.fetcher ? { fetcher: options.fetcher } : {}),
  };
  const expanded = await expandIncludes(options.root, includeEnv);
  model.includes = expanded.includes;
  // With includes we cannot read offline, missing names probably live there: report them as warnings.
  const lenient = expanded.includes.some((i) => !i.resolved);
  const extended = expanded.root && resolveExtends(expanded.root, sink, lenient);
  const config = extended && resolveReferences(extended, sink, lenient);
  if (!config) return finish(model, sink);

  // Only the root file's own `stages:` beats every include (spec R3.2): otherwise an unresolved one may set them; so
  // may an unresolved `!reference` in them (said once, here).
  const stages = getEntry(config, 'stages');
  const stagesUncertain =
    lenient && (stages?.keyRange.file !== options.root || reportUnresolved(sink, 'stages', stages?.value));
  const built = buildJobs(config, sink, lenient, stagesUncertain);
  model.stages = built.stages;
  const refs = expandReferences(built.jobs);
  // Names may refer to jobs left out past the job limit: like unresolved includes, that is not an error.
  const partial = lenient || built.truncated === true;
  // Child pipelines are checked afresh, like their inclusions (their jobs would push the parent's out).
  const checks = options.downstream ? undefined : options.checks;
  checks?.begin();
  validateReferences(built.jobs, refs, built.stages, sink, partial, checks);
  checkRules(built, sink, checks);
  validateJobKeys(built, sink, checks);
  const configValid = !sink.hasErrors;

  const needsParent = built.jobs.some((j) => j.needs?.some((n) => n.type === 'pipeline'));
  const parent =
    options.downstream?.parent ?? (needsParent ? await findParentPipeline(options.root, includeEnv) : undefined);
  const result = evaluatePipeline({ built, refs, scope, sink, configValid, ...(parent ? { parent } : {}) });
  model.pipeline = result.pipeline;
  model.jobs = markAssumedJobs(result.jobs, expanded.includes);
  lintArtifacts(built, refs, result.jobs, sink, partial, context.variables);
  lintRefusedPatterns(built, sink);
  // A guess about scripts, so only when the whole configuration is visible (an unresolved include may hold them).
  if (!partial) hintUnusedArchives(built, result.jobs, sink);
  const downstream = await analyzeDownstream(options, built, result, analyze);
  if (downstream.length > 0) model.downstream = downstream;
  return finish(model, sink);
}

function finish(model: FlowModel, sink: DiagnosticSink): FlowModel {
  model.diagnostics = sink.items;
  if (!model.pipeline.created && model.pipeline.message === undefined) {
    const first = sink.items.find((d) => d.severity === 'error');
    model.pipeline = { created: false, message: first?.message ?? 'The configuration could not be loaded.' };
    if (!first) sink.error('not-loaded', 'The configuration could not be loaded.', fileStart(model.root));
  }
  return model;
}
