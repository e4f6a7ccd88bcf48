// `spec:inputs:<name>:regex`, matched the way GitLab matches it: Gitlab::UntrustedRegexp, which is RE2 (not Ruby's
// Onigmo), on the pattern exactly as written (no `/…/` syntax, no flags), searched anywhere in the value, and
// an empty value is matched like any other (allow_empty_string). We run the same RE2 syntax through re2js. Where re2js and the RE2 C++
// library GitLab links are known to differ, the answer is "unknown", never a false error.
//
// Exports:
//   regexVerdict(pattern, value)  'match' | 'no-match' | 'invalid' (GitLab: "invalid regular expression") |
//                                 { unknown: why }
import { RE2JS } from 're2js';

export type RegexVerdict = 'match' | 'no-match' | 'invalid' | { unknown: string };

/**
 * Syntax RE2 C++ accepts and re2js rejects: `\C` (any byte). re2js reports it as an invalid escape, so a
 * rejection that names it says nothing about GitLab.
 */
const ENGINE_DEPENDENT = /invalid escape sequence: `\\C`/;

const cache = new Map<string, RE2JS | string>();

function compile(pattern: string): RE2JS | string {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  let out: RE2JS | string;
  try {
    out = RE2JS.compile(pattern);
  } catch (e) {
    out = e instanceof Error ? e.message : String(e);
  }
  if (cache.size > 500) cache.clear();
  cache.set(pattern, out);
  return out;
}

export function regexVerdict(pattern: string, value: string): RegexVerdict {
  const re = compile(pattern);
  if (typeof re === 'string') {
    return ENGINE_DEPENDENT.test(re)
      ? { unknown: `RE2 accepts syntax this tool's RE2 port rejects: ${re}` }
      : 'invalid';
  }
  // StringInput calls UntrustedRegexp#match? with allow_empty_string: true (older versions did not, and failed an
  // empty value whatever the pattern): the pattern decides, as it does for any other value.
  // RE2 time is linear in the text; the value is bounded by the YAML size limits upstream.
  return re.matcher(value).find() ? 'match' : 'no-match';
}
