// GitLab's "Ruby syntax" regexes (`/pattern/flags`) compiled with RE2 semantics (spec R8.4, R8.5).
//
// GitLab (Gitlab::UntrustedRegexp::RubySyntax) splits `/…/flags` with a greedy `^/(.*)/([ismU]*)$`, then
// hands RE2 the pattern with the flags inlined as `(?flags)`. We do exactly the same with re2js, so the
// flags keep RE2's meaning: `i` case-insensitive, `m` multi-line anchors, `s` dot matches newline,
// `U` ungreedy. Lookarounds, backreferences and possessive quantifiers are RE2 syntax errors.
//
// Exports:
//   RubyRegex                 a compiled regex with its source text
//   fabricateRubyRegex(text)  `/…/flags` → RubyRegex, or null when the text is not of that form or RE2 rejects it
//   regexFinds(re, text)      true when the regex matches anywhere in text (Ruby `scan(...).present?`)
import { RE2JS } from 're2js';

export interface RubyRegex {
  readonly kind: 'regex';
  /** The text as written, `/…/flags`. */
  readonly source: string;
  readonly re: RE2JS;
}

// Ruby's `^` and `$` are line anchors: `x\n/foo/i` and `/foo/\n` are the regex `foo` there (the first line that
// matches wins), so the same pattern here is multi-line; `.` stops at a newline in both.
const RUBY_SYNTAX = /^\/(.*)\/([ismU]*)$/m;
const cache = new Map<string, RubyRegex | null>();

export function fabricateRubyRegex(text: string): RubyRegex | null {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  let result: RubyRegex | null = null;
  const m = RUBY_SYNTAX.exec(text);
  if (m) {
    const body = m[1] ?? '';
    const flags = m[2] ?? '';
    try {
      result = { kind: 'regex', source: text, re: RE2JS.compile(flags ? `(?${flags})${body}` : body) };
    } catch {
      result = null;
    }
  }
  if (cache.size > 2000) cache.clear();
  cache.set(text, result);
  return result;
}

export function regexFinds(re: RubyRegex, text: string): boolean {
  return re.re.matcher(text).find();
}
