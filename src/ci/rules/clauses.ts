// Three-valued `changes` and `exists` clauses (spec R8.3, R8.4, R3.4).
//
// - `changes` is true when the pipeline has no diff (tags, schedules, web, API, trigger, pipeline,
//   parent_pipeline, …: Clause::Changes returns true when modified paths are nil). For push and MR
//   pipelines (and with `compare_to`, for any pipeline) it is unknown unless the caller gives the changed
//   files. With them: false for an empty diff, else any path matching any glob. Past 50,000 comparisons
//   GitLab assumes true for rules:changes, as here; only/except:changes has no such bound in GitLab, so past it
//   the clause is unknown here.
// - `exists` matches globs against the repository's files; unknown without the file list, and unknown
//   for `exists: {project: …}` (another project's files). Past 10,000 pattern comparisons: true.
// - `{regexp: …}` (either clause, GitLab 19.2) is unknown: older versions reject it, and 19.2 matches it only with
//   its flag on (a job always runs with it off).
// Globs of rules clauses are expanded with existing variables first (ExpandVariables.expand_existing).
// A glob whose `{a,b}` braces expand past MAX_BRACE_PATTERNS is not evaluated: the clause is unknown unless
// another of its globs already decides it (ruleChecks reports the glob where it is written).
//
// Exports:
//   ClauseResult            { value: Tri; detail: string }
//   hasNoDiff(ctx)          true when GitLab computes no diff for this pipeline
//   expandExisting(s, vars) `$X`, `${X}`, `%X%` replaced when X is defined; left as-is otherwise
//   clausePaths(raw)        accepts an array or a `{paths: [...]}` mapping → string[] (null if malformed)
//   evaluateChanges(raw, env, options?)   options.policy: only/except form (no compare_to, no expansion)
//   evaluateExists(raw, env)
import type { PipelineContext } from '../model';
import type { RuleEnv, Tri } from './env';
import { MAX_BRACE_PATTERNS, braceExpansionSize, rubyFnmatch } from './fnmatch';
import { lookupVariable } from './expression';

export interface ClauseResult {
  value: Tri;
  detail: string;
}

const FNM = { dotmatch: true, extglob: true };
const CHANGES_MAX_COMPARISONS = 50_000;
const EXISTS_MAX_COMPARISONS = 10_000;

export function hasNoDiff(ctx: PipelineContext): boolean {
  if (ctx.source === 'merge_request_event' || ctx.source === 'external_pull_request_event') return false;
  // A tag push has no "branch updated" diff; a push to a branch does (unless the branch is new, which a
  // static context cannot tell: that case stays unknown).
  return !(ctx.source === 'push' && ctx.refKind === 'branch');
}

export function expandExisting(s: string, vars: Readonly<Record<string, string>>): string {
  // ExpandVariables::VARIABLES_REGEXP: a name starts with a letter or `_` (`$1X` is left as written).
  return s.replace(
    /\$([A-Za-z_]\w*)|\$\{([A-Za-z_]\w*)\}|%([A-Za-z_]\w*)%/g,
    (whole, a?: string, b?: string, c?: string) => {
      const name = a ?? b ?? c ?? '';
      return lookupVariable(vars, name) ?? whole;
    },
  );
}

export function clausePaths(raw: unknown): string[] | null {
  const list = Array.isArray(raw)
    ? raw
    : raw !== null && typeof raw === 'object'
      ? (raw as Record<string, unknown>).paths
      : typeof raw === 'string'
        ? [raw]
        : undefined;
  if (typeof list === 'string') return [list];
  if (!Array.isArray(list)) return null;
  return [...new Set(list.filter((p): p is string => typeof p === 'string'))];
}

function field(raw: unknown, key: string): unknown {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw)
    ? (raw as Record<string, unknown>)[key]
    : undefined;
}

const list = (globs: readonly string[]): string => `[${globs.join(', ')}]`;

/** `{regexp: …}` (GitLab 19.2, flag `ci_rules_regexp`; a job always runs while it is off): valid there, so unknown. */
const regexpUnknown = (kind: string): ClauseResult => ({
  value: 'unknown',
  detail: `${kind}:regexp is not evaluated here (GitLab 19.2+, whose ci_rules_regexp flag decides how it matches)`,
});

/** Globs whose brace expansion is too large to evaluate (see fnmatch.ts). */
export function oversizedGlobs(globs: readonly string[]): string[] {
  return globs.filter((g) => g.includes('{') && braceExpansionSize(g) > MAX_BRACE_PATTERNS);
}

function withOversized(result: ClauseResult, kind: string, oversized: readonly string[]): ClauseResult {
  if (result.value === true || oversized.length === 0) return result;
  return {
    value: 'unknown',
    detail: `${kind} ${list(oversized)} expands its braces to more than ${MAX_BRACE_PATTERNS} patterns and cannot be evaluated here`,
  };
}

export function evaluateChanges(raw: unknown, env: RuleEnv, options: { policy?: boolean } = {}): ClauseResult {
  if (!options.policy && field(raw, 'regexp') !== undefined) return regexpUnknown('changes');
  // only/except take `changes: null` (ComplexPolicy: allow_nil) as no pattern: Policy::Changes reads Array(nil).
  const paths = options.policy && raw === null ? [] : clausePaths(raw);
  if (paths === null) return { value: false, detail: 'changes: malformed clause' };
  const globs = options.policy ? paths : paths.map((g) => expandExisting(g, env.variables));
  const compareTo = options.policy ? undefined : field(raw, 'compare_to');
  const changed = env.changedFiles;
  if (changed === undefined) {
    if (compareTo === undefined && hasNoDiff(env.context)) {
      return { value: true, detail: `changes ${list(globs)} is true: this pipeline has no diff` };
    }
    const against = compareTo !== undefined ? ` against ${JSON.stringify(compareTo)}` : '';
    return { value: 'unknown', detail: `changes ${list(globs)}${against} cannot be known statically` };
  }
  if (changed.length === 0) return { value: false, detail: `changes ${list(globs)}: no file changed` };
  if (globs.length === 0) return { value: false, detail: 'changes: no pattern' };
  if (changed.length * globs.length > CHANGES_MAX_COMPARISONS) {
    // Only rules:changes has GitLab's bound (Clause::Changes); Policy::Changes compares every path. Past our own
    // bound (the work is sized before it is done), only/except cannot be decided here.
    if (options.policy) {
      return {
        value: 'unknown',
        detail: `changes ${list(globs)}: over ${CHANGES_MAX_COMPARISONS} comparisons, not evaluated here (GitLab compares every changed path for only/except)`,
      };
    }
    return {
      value: true,
      detail: `changes ${list(globs)}: over ${CHANGES_MAX_COMPARISONS} comparisons, assumed true as GitLab does`,
    };
  }
  const oversized = oversizedGlobs(globs);
  const usable = globs.filter((g) => !oversized.includes(g));
  return withOversized(matchChanged(globs, usable, changed), 'changes', oversized);
}

function matchChanged(globs: readonly string[], usable: readonly string[], changed: readonly string[]): ClauseResult {
  for (const path of changed) {
    for (const glob of usable) {
      if (rubyFnmatch(glob, path, FNM)) {
        return { value: true, detail: `changes ${list(globs)}: ${path} matches ${glob}` };
      }
    }
  }
  return { value: false, detail: `changes ${list(globs)}: no changed file matches` };
}

export function evaluateExists(raw: unknown, env: RuleEnv): ClauseResult {
  if (field(raw, 'regexp') !== undefined) return regexpUnknown('exists');
  const paths = clausePaths(raw);
  if (paths === null) return { value: false, detail: 'exists: malformed clause' };
  const globs = paths.map((g) => expandExisting(g, env.variables));
  if (field(raw, 'project') !== undefined) {
    return { value: 'unknown', detail: `exists ${list(globs)} in another project cannot be known statically` };
  }
  const files = env.projectFiles;
  if (files === undefined) {
    return { value: 'unknown', detail: `exists ${list(globs)} cannot be known without the file list` };
  }
  const oversized = oversizedGlobs(globs);
  return withOversized(
    matchExisting(
      globs,
      globs.filter((g) => !oversized.includes(g)),
      files,
    ),
    'exists',
    oversized,
  );
}

function matchExisting(globs: readonly string[], usable: readonly string[], files: readonly string[]): ClauseResult {
  let comparisons = 0;
  for (const glob of usable) {
    const exact = !/[*?[{]/.test(glob);
    if (exact) {
      if (files.includes(glob)) return { value: true, detail: `exists: ${glob} exists` };
      continue;
    }
    for (const file of files) {
      comparisons++;
      if (comparisons > EXISTS_MAX_COMPARISONS) {
        return {
          value: true,
          detail: `exists ${list(globs)}: over ${EXISTS_MAX_COMPARISONS} comparisons, assumed true as GitLab does`,
        };
      }
      if (rubyFnmatch(glob, file, FNM)) return { value: true, detail: `exists: ${file} matches ${glob}` };
    }
  }
  return { value: false, detail: `exists ${list(globs)}: no such file` };
}
