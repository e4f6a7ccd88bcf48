// Ruby's `inspect` of a loaded value, as GitLab writes values into its messages and interpolated text.
//
// Ruby 3.3 (gitlabhq's .ruby-version is 3.3.x): a Hash is `{:a=>1}`; Ruby 3.4 would write `{a: 1}`. The CI
// configuration's keys are Symbols (Gitlab::Config::Loader::Yaml#load! calls deep_symbolize_keys), except keys
// Psych typed as something else (`1:`, `true:`, `~:`); a `!reference` tag's own data is not symbolized (`keys:
// 'string'`). A String is written with JSON's escapes, which are Ruby's for everything but rare control characters.
//
// Exports:
//   rubyInspect(n, keys)   `nil`, `"text"`, `:sym`, `1.0`, `[…]`, `{:k=>v}` (`{"k"=>v}` with keys 'string')
//   inspectKey(e, keys)    one Hash key as `inspect` writes it
import type { YEntry, YNode } from '../yaml/node';
import { rubyToS } from '../yaml/node';

export type KeyStyle = 'symbol' | 'string';

export function rubyInspect(n: YNode, keys: KeyStyle = 'symbol'): string {
  if (n.kind === 'seq') return `[${n.items.map((i) => rubyInspect(i, keys)).join(', ')}]`;
  if (n.kind === 'map') {
    return `{${n.entries.map((e) => `${inspectKey(e, keys)}=>${rubyInspect(e.value, keys)}`).join(', ')}}`;
  }
  // A tag object still unresolved (an include's location is read before the tags are): Object#inspect, its
  // address and instance variables not known here.
  if (n.kind === 'ref') return '#<Gitlab::Ci::Config::Yaml::Tags::Reference:0x… …>';
  if (n.value === null) return 'nil';
  if (typeof n.value === 'string') return n.symbol ? inspectSymbol(n.value) : JSON.stringify(n.value);
  return rubyToS(n);
}

export function inspectKey(e: YEntry, keys: KeyStyle = 'symbol'): string {
  if (e.keyKind === 'null') return 'nil';
  if (e.keyKind !== undefined) return e.key; // true, 8, 1.5: their inspect is their to_s
  return keys === 'symbol' ? inspectSymbol(e.key) : JSON.stringify(e.key);
}

function inspectSymbol(name: string): string {
  return /^[A-Za-z_]\w*[?!]?$/.test(name) ? `:${name}` : `:${JSON.stringify(name)}`;
}
