// How GitLab's validators turn a loaded YAML value into text or judge it, in Ruby's and ActiveSupport's terms:
//   rubyText(n)         `"#{value}"`, Ruby's to_s: a String as is, nil as ``, an Array or a Hash as its inspect
//                       (AllowedValuesValidator's `unknown value: #{value}`)
//   rubyJoin(items)     Array#join(', '), which joins nested arrays recursively (AllowedArrayValuesValidator)
//   rubyString(n)       the text of a value that `is_a?(String)` (TypeValidator with String): a Symbol is not one
//   isBlank(n)          ActiveSupport's `blank?` (`presence: true`, `config[:job].blank?`); isBlankText for a String
// A Hash is written as Ruby 3.3 writes it (`{:a=>1}`, gitlabhq's .ruby-version is 3.3.x; Ruby 3.4 would write
// `{a: 1}`): see ../include/rubyInspect.ts.
import type { YNode } from '../yaml/node';
import { rubyToS } from '../yaml/node';
import { rubyInspect } from '../include/rubyInspect';

/** Array#join's own bound on nesting is the stack; a YAML value this deep is not written by hand. */
const MAX_JOIN_DEPTH = 100;

export function rubyText(n: YNode): string {
  if (n.kind === 'scalar') return n.value === null ? '' : rubyToS(n);
  return rubyInspect(n);
}

export function rubyJoin(items: readonly YNode[], separator = ', ', depth = 0): string {
  return items
    .map((i) => (i.kind === 'seq' && depth < MAX_JOIN_DEPTH ? rubyJoin(i.items, separator, depth + 1) : rubyText(i)))
    .join(separator);
}

export function rubyString(n: YNode | undefined): string | undefined {
  return n?.kind === 'scalar' && typeof n.value === 'string' && n.symbol !== true ? n.value : undefined;
}

/**
 * Object#blank?: nil, false, an empty (or whitespace-only: String#blank? matches `[[:space:]]*`) string, an
 * empty array or hash. Numbers and `true` are present. A Symbol is blank when its name is empty.
 */
export function isBlank(n: YNode | undefined): boolean {
  if (n === undefined) return true;
  if (n.kind === 'seq') return n.items.length === 0;
  if (n.kind === 'map') return n.entries.length === 0;
  if (n.kind === 'ref') return false; // an unresolved !reference is reported where it is resolved
  const v = n.value;
  if (v === null || v === false) return true;
  if (typeof v !== 'string') return false;
  return n.symbol === true ? v === '' : isBlankText(v);
}

/** String#blank?: empty or only whitespace (Onigmo's `[[:space:]]`). */
export function isBlankText(s: string): boolean {
  return WHITESPACE_ONLY.test(s);
}

/** Onigmo's [[:space:]] on a UTF-8 string is Unicode's White_Space (JS's \s differs: it has U+FEFF, lacks U+0085). */
const WHITESPACE_ONLY = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;
