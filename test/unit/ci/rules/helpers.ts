// Shared fixtures for the rules tests: pipeline contexts of each kind, an env builder, and `rules:if` shorthands.
import type { PipelineContext } from '../../../../src/ci/model';
import { expressionHolds, parseExpression, type Expr } from '../../../../src/ci/rules/expression';
import type { RuleEnv } from '../../../../src/ci/rules/env';
import { layerVariables } from '../../../../src/ci/rules/variables';

export const push = (branch = 'main', extra: Partial<PipelineContext> = {}): PipelineContext => ({
  source: 'push',
  refKind: 'branch',
  branch,
  defaultBranch: 'main',
  variables: {},
  ...extra,
});
export const tagPush = (tag = 'v1.0.0', extra: Partial<PipelineContext> = {}): PipelineContext => ({
  source: 'push',
  refKind: 'tag',
  tag,
  defaultBranch: 'main',
  variables: {},
  ...extra,
});
export const mr = (extra: Partial<PipelineContext> = {}): PipelineContext => ({
  source: 'merge_request_event',
  refKind: 'mr',
  mrSource: 'feat',
  mrTarget: 'main',
  mrIid: '7',
  defaultBranch: 'main',
  variables: {},
  ...extra,
});
export const schedule = (branch = 'main'): PipelineContext => ({
  source: 'schedule',
  refKind: 'branch',
  branch,
  defaultBranch: 'main',
  variables: {},
});

export function env(
  context: PipelineContext,
  extra: Omit<Partial<RuleEnv>, 'context'> & { global?: unknown; job?: unknown } = {},
): RuleEnv {
  const { global, job, ...rest } = extra;
  return { context, variables: layerVariables({ context, global, job }), ...rest };
}

/** A `rules:if` expression that must parse (the test fails with the parser's message otherwise). */
export function parse(src: string): Expr {
  const r = parseExpression(src);
  if (!r.ok) throw new Error(`expected ${src} to parse: ${r.error}`);
  return r.expr;
}

/** Whether a `rules:if` expression holds with these variables. */
export const holds = (src: string, vars: Record<string, string> = {}): boolean => expressionHolds(src, vars);
