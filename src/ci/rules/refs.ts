// `only/except: refs` patterns (spec R8.4), a port of Gitlab::Ci::Build::Policy::Refs.
//
// Exports:
//   pluralize(word)                 the ActiveSupport plurals the source keywords need (push → pushes)
//   refPatternMatches(pattern, ctx) Tri: does one pattern (with optional `@project/path`) match?
//   refsMatch(patterns, ctx)        Tri: does any pattern match?
import type { PipelineContext } from '../model';
import type { Tri } from './env';
import { fabricateRubyRegex, regexFinds } from './regex';

export function pluralize(word: string): string {
  if (/(?:s|x|z|sh|ch)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

function patternMatches(pattern: string, ctx: PipelineContext): boolean {
  const isTag = ctx.refKind === 'tag';
  const isBranch = ctx.refKind === 'branch';
  if (isTag && pattern === 'tags') return true;
  if (isBranch && pattern === 'branches') return true;
  // Source keywords: the source without `_event`, as-is or pluralized (merge_requests, schedules, …).
  const source = ctx.source.replace(/_event$/, '');
  if (pattern === source || pattern === pluralize(source)) return true;
  // Regexes and plain names only apply to branch and tag pipelines (an MR ref is neither).
  if (!isBranch && !isTag) return false;
  const ref = isTag ? ctx.tag : ctx.branch;
  if (ref === undefined) return false;
  const regex = fabricateRubyRegex(pattern);
  return regex ? regexFinds(regex, ref) : pattern === ref;
}

export function refPatternMatches(raw: string, ctx: PipelineContext): Tri {
  // Ruby `split('@', 2)`: everything after the first `@` is the project path.
  const at = raw.indexOf('@');
  const pattern = at < 0 ? raw : raw.slice(0, at);
  const path = at < 0 ? undefined : raw.slice(at + 1);
  const matched = patternMatches(pattern, ctx);
  if (!matched || path === undefined) return matched;
  if (ctx.projectPath === undefined) return 'unknown';
  return ctx.projectPath === path;
}

export function refsMatch(patterns: readonly unknown[], ctx: PipelineContext): Tri {
  let result: Tri = false;
  for (const p of patterns) {
    if (typeof p !== 'string') continue;
    const r = refPatternMatches(p, ctx);
    if (r === true) return true;
    if (r === 'unknown') result = 'unknown';
  }
  return result;
}
