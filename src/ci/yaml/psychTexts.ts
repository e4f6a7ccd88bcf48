// Psych's texts of what the `yaml` library hands over differently: the tags whose nodes Psych builds as other
// classes, a mapping key's name, and the String that `!!binary` (base64) gives.
import type { KeyKind, YScalar } from './node';
import { rubyToS } from './node';

export const STR_TAG = 'tag:yaml.org,2002:str';
/** A list with this tag is a Hash to Psych (loadYaml keeps yaml from building its own). */
export const OMAP_TAGS = new Set(['tag:yaml.org,2002:omap', '!omap']);
/** Mappings with these tags are classes Psych's safe loader refuses (Gitlab permits only Symbol). */
export const REFUSED_MAP_TAGS = new Map([
  ['tag:yaml.org,2002:omap', 'Psych::Omap'],
  ['!omap', 'Psych::Omap'],
  ['tag:yaml.org,2002:set', 'Psych::Set'],
  ['!set', 'Psych::Set'],
]);

/**
 * How Psych reads a scalar written with an explicit tag (psych/visitors/to_ruby.rb `deserialize`): `str` and
 * `binary` have cases of their own, `float` is Kernel#Float of the plain reading, `!ruby/…` tags name Ruby
 * classes; any other tag (`!!int`, `!!bool`, `!!null`, `!!timestamp`, a local `!x`) falls to
 * ScalarScanner#tokenize, which types the text as it types a plain scalar, quoted or not (`!!int "010"` is 8,
 * `!!int abc` the String "abc", `!!bool 1` the Integer 1, `!!int ~` nil). Undefined: the tag's own case.
 */
export function tagReading(tag: string): 'plain' | 'float' | undefined {
  if (tag === 'tag:yaml.org,2002:float' || tag === '!float') return 'float';
  if (tag === STR_TAG || tag === '!str' || tag === 'tag:yaml.org,2002:binary' || tag === '!binary') return undefined;
  // GitLab's own tag: Psych hands its raw text to Tags::Reference#init_with (a coder's scalar), untyped.
  if (tag === '!reference') return undefined;
  return tag.startsWith('!ruby/') ? undefined : 'plain';
}

/**
 * A mapping key as GitLab names it: GitLab symbolizes string keys (deep_symbolize_keys), a symbol key `:x`
 * stays the symbol `x`, and other scalars (true, 8, 1.5, nil) stay what they are; their name is Ruby's `to_s`.
 */
export function keyFromScalar(k: YScalar): { key: string; merge: false; keyKind?: KeyKind } {
  const v = k.value;
  if (typeof v === 'string') return { key: v, merge: false };
  if (v === null) return { key: '', merge: false, keyKind: 'null' };
  if (typeof v === 'boolean') return { key: String(v), merge: false, keyKind: 'bool' };
  return { key: rubyToS(k), merge: false, keyKind: k.float ? 'float' : 'int' };
}

/** A String of these bytes: UTF-8 when they are (what a CI file means by text), one character a byte otherwise. */
export function bytesText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return Array.from(bytes, (b) => String.fromCharCode(b)).join('');
  }
}

/** Ruby's `unpack('m')`: characters outside base64's alphabet are skipped, decoding stops at padding. */
export function unpackBase64(text: string): string {
  const digits = text.replace(/=[\s\S]*$/, '').replace(/[^A-Za-z0-9+/]/g, '');
  const usable = digits.slice(0, digits.length - (digits.length % 4 === 1 ? 1 : 0));
  const bytes: number[] = [];
  let bits = 0;
  let count = 0;
  for (const c of usable) {
    bits = ((bits << 6) | BASE64.indexOf(c)) & 0xffffff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes.push((bits >> count) & 0xff);
    }
  }
  return bytesText(Uint8Array.from(bytes));
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
