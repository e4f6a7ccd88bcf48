// A scalar written with an explicit tag, as Psych reads it (psych/visitors/to_ruby.rb `deserialize`, psychTexts.ts
// tagReading): the plain reading of its text (ScalarScanner#tokenize), and for `!!float` Kernel#Float of that.
import type { YScalar } from './node';

type Value = Omit<YScalar, 'range'>;

/** Refuses the whole file with this code and message (the loader stops there). */
export type Fail = (code: string, message: string) => never;

export function taggedValue(plain: Value, reading: 'plain' | 'float', fail: Fail): Value {
  if (reading === 'plain') return plain;
  const v = plain.value;
  // Float() of an Integer (a Bignum too) or a Float is that number as a Float.
  if (typeof v === 'number') return { kind: 'scalar', value: v, float: true };
  if (typeof v === 'string' && plain.symbol !== true) {
    const n = kernelFloat(v);
    if (n !== undefined) return { kind: 'scalar', value: n, float: true };
    // Float("abc") raises ArgumentError, which Gitlab::Config::Loader::Yaml reports as this.
    fail('yaml-syntax', 'Invalid YAML syntax');
  }
  // Float(nil), Float(true), Float(:sym) raise TypeError, which the loader does not rescue.
  const what = v === null ? 'nil' : typeof v === 'boolean' ? String(v) : 'Symbol';
  return fail(
    'yaml-float',
    `!!float of a value that is no number: Psych raises TypeError (can't convert ${what} into Float), which GitLab's YAML loader does not rescue: the pipeline is not created (GitLab reports an undefined error)`,
  );
}

const DECIMAL = /^[-+]?(?:\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?|\.\d+(?:_\d+)*)(?:[eE][-+]?\d+(?:_\d+)*)?$/;
/** `0x` digits; a fraction only before a `p` exponent; `_` only between two decimal digits (checked apart). */
const HEX = /^([-+]?)0[xX]([0-9a-fA-F_]+)(?:\.([0-9a-fA-F]+)(?=[pP]))?(?:[pP]([-+]?\d+(?:_\d+)*))?$/;
const LONE_UNDERSCORE = /(?:^|[^0-9])_|_(?:$|[^0-9])/;

/**
 * Kernel#Float of a String that Psych's plain reading left a String (`1e3`, which has no `.`, `' 1.5'`): white space
 * around it, one `_` between digits, a fraction that has digits, an exponent; or `0x` hexadecimal digits, a `_`
 * only between two decimal digits, a fraction only with a `p` exponent. Anything else raises ArgumentError
 * (undefined here). Each form checked with Ruby 3.1 (taggedScalars.test.ts).
 */
export function kernelFloat(text: string): number | undefined {
  const s = trimRubySpace(text);
  if (DECIMAL.test(s)) return Number(s.replace(/_/g, ''));
  const hex = HEX.exec(s);
  const digits = hex?.[2];
  if (!hex || digits === undefined || LONE_UNDERSCORE.test(digits)) return undefined;
  const whole = Number.parseInt(digits.replace(/_/g, ''), 16);
  const fraction = [...(hex[3] ?? '')].reduce((sum, d, i) => sum + Number.parseInt(d, 16) / 16 ** (i + 1), 0);
  const value = (whole + fraction) * 2 ** Number((hex[4] ?? '0').replace(/_/g, ''));
  return hex[1] === '-' ? -value : value;
}

/** Ruby's ISSPACE characters (space, \t, \n, \v, \f, \r). */
const RUBY_SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r']);

/**
 * The text without Ruby's white space at either end, in one pass from each end: a regular expression for the end
 * (`\s+$`) retries from every space inside a long run, which is quadratic on a scalar of a megabyte.
 */
function trimRubySpace(text: string): string {
  let from = 0;
  let to = text.length;
  while (from < to && RUBY_SPACE.has(text[from]!)) from++;
  while (to > from && RUBY_SPACE.has(text[to - 1]!)) to--;
  return text.slice(from, to);
}
