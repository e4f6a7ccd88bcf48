// GitLab's size bound on a loaded file, as far as it can be known here. Gitlab::Config::Loader::Yaml refuses a file
// when Gitlab::Utils::DeepSize sums more than 1 MB of `ObjectSpace.memsize_of` over Psych's result: every Array,
// Hash (its keys included) and String it reaches, once per place it is reached (an alias counts at each use). Those
// sizes are Ruby's own memory layout, which differs between Ruby versions (embedded strings, variable width slots,
// hash tables), so each object gets the least and the most it takes in Ruby 3.1 to 3.3: a file whose least exceeds
// the bound is certainly refused, one whose most stays within it certainly accepted, and one in between may be
// refused (the caller warns). Strings are measured in UTF-8 bytes, as Ruby holds them.
//
// Exports:
//   deepSizeBounds(node)   the least and the most bytes DeepSize may count for a converted tree (memoized per node)
//   MAX_DEEP_SIZE          GitLab's bound (Gitlab::Config::Loader::Yaml::MAX_YAML_SIZE, 1 megabyte)
import type { YEntry, YNode, YScalar } from './node';

export const MAX_DEEP_SIZE = 1024 * 1024;

export interface Bounds {
  lo: number;
  hi: number;
}

/** Trees are immutable and shared (aliases, the parse cache): a subtree is measured once. */
const MEMO = new WeakMap<YNode, Bounds>();

const NOTHING: Bounds = { lo: 0, hi: 0 };
/** Any object on Ruby's heap takes one slot of at least 40 bytes. */
const SLOT = 40;

export function deepSizeBounds(node: YNode): Bounds {
  const known = MEMO.get(node);
  if (known) return known;
  let out: Bounds;
  switch (node.kind) {
    case 'scalar':
      out = scalarBounds(node);
      break;
    case 'ref':
      // A tag object (Gitlab::Ci::Config::Yaml::Tags::Reference): DeepSize does not enter it.
      out = { lo: SLOT, hi: 3 * SLOT };
      break;
    case 'seq': {
      const own = arrayBounds(node.items.length);
      let lo = own.lo;
      let hi = own.hi;
      for (const i of node.items) {
        const b = deepSizeBounds(i);
        lo += b.lo;
        hi += b.hi;
      }
      out = { lo, hi };
      break;
    }
    case 'map': {
      const own = hashBounds(node.entries.length);
      let lo = own.lo;
      let hi = own.hi;
      for (const e of node.entries) {
        const k = keyBounds(e);
        const v = deepSizeBounds(e.value);
        lo += k.lo + v.lo;
        hi += k.hi + v.hi;
      }
      out = { lo, hi };
      break;
    }
  }
  MEMO.set(node, out);
  return out;
}

function scalarBounds(n: YScalar): Bounds {
  const v = n.value;
  // nil, true, false: immediates, 0 bytes.
  if (v === null || typeof v === 'boolean') return NOTHING;
  // A symbol Psych makes from the text may be a heap object (a dynamic symbol) or a static one.
  if (n.symbol) return { lo: 0, hi: SLOT };
  if (typeof v === 'string') return stringBounds(utf8Length(v));
  if (n.float) return isFlonum(v) ? NOTHING : { lo: SLOT, hi: SLOT };
  // Fixnums are immediates; a Bignum is a heap object with its digits.
  const text = n.ruby ?? String(v);
  return (isFixnum(text) ?? Math.abs(v) < 2 ** 62) ? NOTHING : { lo: SLOT, hi: SLOT + text.length };
}

/**
 * Ruby's flonums (rb_float_new_inline): +0.0, and a float whose top three exponent bits are 3 or 4, that is
 * 2^-255 ≤ |v| < 2^257, except +2^-255 itself; any other float (-0.0, NaN, infinities, the far ranges) is a heap
 * object.
 */
function isFlonum(v: number): boolean {
  if (v === 0) return !Object.is(v, -0);
  const abs = Math.abs(v);
  return abs >= 2 ** -255 && abs < 2 ** 257 && v !== 2 ** -255;
}

const FIXNUM_MAX = 2n ** 62n;

/** Whether an integer's exact decimal text is in Ruby's Fixnum range, -2^62 ≤ v < 2^62; undefined for other text. */
function isFixnum(text: string): boolean | undefined {
  if (!/^-?\d+$/.test(text)) return undefined;
  const v = BigInt(text);
  return v >= -FIXNUM_MAX && v < FIXNUM_MAX;
}

/**
 * Ruby 3.1 embeds up to 23 bytes in a 40-byte slot, past that it adds a heap buffer (40 + bytes + 1); Ruby 3.2 and
 * 3.3 embed up to 615 bytes in the smallest of the 40/80/160/320/640-byte slots holding a 24-byte header, the text
 * and its terminator.
 */
function stringBounds(bytes: number): Bounds {
  const ruby31 = bytes <= 23 ? SLOT : SLOT + bytes + 1;
  const need = 24 + bytes + 1;
  const ruby33 = need > 640 ? SLOT + bytes + 1 : ([40, 80, 160, 320, 640].find((s) => s >= need) ?? 640);
  return { lo: Math.min(ruby31, ruby33), hi: Math.max(ruby31, ruby33) };
}

/**
 * Psych builds a list by pushing onto `[]`: up to 3 items stay in the 40-byte slot, then the buffer grows by half
 * its capacity (at least 16) plus what is needed (ary_double_capa). The least counts only the items' 8 bytes each.
 */
function arrayBounds(n: number): Bounds {
  if (n <= 3) return { lo: SLOT, hi: SLOT };
  let capa = 3;
  for (let len = 4; len <= n; len++) if (len > capa) capa = Math.max(Math.floor(capa / 2), 16) + len;
  return { lo: SLOT + 8 * n, hi: SLOT + 8 * capa + 128 };
}

/**
 * A Hash of up to 8 entries keeps them in a small table (168 bytes in Ruby 3.1; a 160- or 320-byte slot in Ruby
 * 3.3); a larger one an st_table (st.c) of at least 32 entries of 24 bytes, doubled as it fills, with twice as many
 * bins of 1, 2, 4 or 8 bytes (by their count). The least counts 16 bytes an entry (its key and value); the most is
 * Ruby 3.2's layout, the largest: the Hash stays in the 160-byte slot that held its small table and the st_table's
 * 56 bytes are allocated apart (3.1: a 40-byte slot; 3.3 makes room for the st_table in the slot).
 */
function hashBounds(n: number): Bounds {
  // Ruby 3.2 and later give every Hash, an empty one too, a slot that holds its small table (160 bytes).
  if (n === 0) return { lo: SLOT, hi: 160 };
  const lo = SLOT + 16 * n;
  if (n <= 8) return { lo, hi: 320 };
  let capa = 32;
  while (capa < n) capa *= 2;
  const bins = 2 * capa;
  const binBytes = bins <= 2 ** 8 ? 1 : bins <= 2 ** 16 ? 2 : bins <= 2 ** 32 ? 4 : 8;
  return { lo, hi: 160 + 56 + capa * 24 + bins * binBytes };
}

function keyBounds(e: YEntry): Bounds {
  switch (e.keyKind) {
    case undefined:
      return stringBounds(utf8Length(e.key)); // a String (Psych deduplicates it; its size is the same)
    case 'null':
    case 'bool':
      return NOTHING;
    case 'int':
      return (isFixnum(e.key) ?? e.key.replace(/^-/, '').length <= 18)
        ? NOTHING
        : { lo: SLOT, hi: SLOT + e.key.length };
    case 'float':
      return { lo: 0, hi: SLOT };
    case 'collection':
      // Only its text is kept: at least one object, at most a few objects per character of its inspect.
      return { lo: SLOT, hi: SLOT + 48 * e.key.length };
    default:
      return { lo: 0, hi: SLOT + 48 * e.key.length };
  }
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}
