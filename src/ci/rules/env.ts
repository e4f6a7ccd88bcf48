// Shared types of the rules engine (spec §8). Pure: no vscode, DOM or fs.
//
// Exports:
//   RuleEnv            what every evaluator needs: the pipeline context, the already layered variables,
//                      and optionally the repository's file list (`exists`) and the changed files (`changes`).
//   Tri                three-valued truth: `changes`/`exists` cannot always be known statically (R8.3).
//   triAnd, triOr, triNot   Kleene logic on Tri.
//   describePipeline   "a branch pipeline", "a tag pipeline", "a merge request pipeline" for reasons.
import type { PipelineContext } from '../model';

export interface RuleEnv {
  context: PipelineContext;
  /** Variables visible to `rules:if`, already layered (see `layerVariables`). */
  variables: Readonly<Record<string, string>>;
  /** Repository-relative paths of every file at the pipeline's commit; `exists` is unknown without it. */
  projectFiles?: readonly string[];
  /** Files changed by the push/MR; `changes` is unknown for push and MR pipelines without it. */
  changedFiles?: readonly string[];
  /**
   * Predefined variables GitLab sets in this pipeline whose values the analysis cannot know (see
   * `unknownPredefined`): an expression reading one (and not given a value) is unknown, not null.
   */
  unknownVariables?: ReadonlySet<string>;
}

export type Tri = boolean | 'unknown';

export function triAnd(values: readonly Tri[]): Tri {
  if (values.includes(false)) return false;
  return values.includes('unknown') ? 'unknown' : true;
}

export function triOr(values: readonly Tri[]): Tri {
  if (values.includes(true)) return true;
  return values.includes('unknown') ? 'unknown' : false;
}

export function triNot(value: Tri): Tri {
  return value === 'unknown' ? 'unknown' : !value;
}

export function describePipeline(ctx: PipelineContext): string {
  if (ctx.refKind === 'mr') return 'a merge request pipeline';
  const kind = ctx.refKind === 'tag' ? 'tag' : 'branch';
  return ctx.source === 'push' ? `a ${kind} pipeline` : `a ${kind} pipeline (source ${ctx.source})`;
}
