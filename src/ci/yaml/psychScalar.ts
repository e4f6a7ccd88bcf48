// How Psych (Ruby's YAML loader, which GitLab uses) types a *plain* (unquoted, untagged) scalar: a port of the
// decision order of Psych::ScalarScanner#tokenize (psych 5, lib/psych/scalar_scanner.rb, with GitLab's
// defaults: legacy integers that allow `,`; Symbol permitted; Date and Time refused by the safe loader).
//
// The `yaml` package's YAML 1.1 schema differs from it in ways that change pipelines: `y`/`n` are booleans
// there (strings in Psych, so `needs: [n]` names a job `n`), `yEs` is a string there (a boolean in Psych),
// `1.0e5` is a float there (a string in Psych: its exponent needs a sign), `1:2:3:4` is an integer there
// (a string in Psych: at most two `:` groups), `1,000` is a string there (1000 in Psych).
//
// Ruby regexes: `^`/`$` are line anchors (JavaScript's `m` flag), `\s` and `\d` are ASCII only, and
// `[[:alpha:]]` is Unicode alphabetic.

export type PsychScalar =
  | { type: 'null' }
  | { type: 'bool'; value: boolean }
  /** `text`: Ruby's exact digits when the integer is past JavaScript's safe range. */
  | { type: 'int'; value: number; text?: string }
  | { type: 'float'; value: number }
  | { type: 'string'; value: string }
  /** `:name` — a Ruby Symbol (GitLab's loader permits Symbol). */
  | { type: 'symbol'; name: string }
  /** Psych would build a Date or a Time, classes GitLab's safe loader refuses: the whole file fails to load. */
  | { type: 'refused'; className: 'Date' | 'Time' }
  /** Psych itself raises (Ruby's `Integer("0b")`): GitLab reports the file as invalid YAML. */
  | { type: 'invalid' };

const SPACE = '[ \\t\\r\\n\\f\\v]';
// Psych: "Check for a String type, being careful not to get caught by hash keys, hex values, and special floats".
const WORDISH = new RegExp(`^[^0-9.:-]?[\\p{Alphabetic}_ \\t\\r\\n\\f\\v!@#$%^&*(){}<>|/\\\\~;=]+`, 'mu');
const TIME = new RegExp(
  `^-?\\d{4}-\\d{1,2}-\\d{1,2}(?:[Tt]|${SPACE}+)\\d{1,2}:\\d\\d:\\d\\d(?:\\.\\d*)?(?:${SPACE}*(?:Z|[-+]\\d{1,2}:?(?:\\d\\d)?))?$`,
  'm',
);
const DATE = /^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$/m;
const FLOAT = /^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$/m;
const SEXAGESIMAL_INT = /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$/m;
const SEXAGESIMAL_FLOAT = /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$/m;
// Psych's INTEGER_LEGACY (strict_integer: false, the default GitLab loads with).
const INTEGER = /^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$/m;

export function resolvePlainScalar(text: string): PsychScalar {
  if (text === '') return { type: 'null' };
  if (WORDISH.test(text) || text.includes('\n')) {
    if (text.length > 5) return { type: 'string', value: text };
    if (/^[^ytonf~]/im.test(text)) return { type: 'string', value: text };
    if (text === '~' || /^null$/im.test(text)) return { type: 'null' };
    if (/^(yes|true|on)$/im.test(text)) return { type: 'bool', value: true };
    if (/^(no|false|off)$/im.test(text)) return { type: 'bool', value: false };
    return { type: 'string', value: text };
  }
  // Both would be built through the class loader, which refuses them before parsing (no ArgumentError path).
  if (TIME.test(text)) return { type: 'refused', className: 'Time' };
  if (DATE.test(text)) return { type: 'refused', className: 'Date' };
  if (/^\+?\.inf$/im.test(text)) return { type: 'float', value: Infinity };
  if (/^-\.inf$/im.test(text)) return { type: 'float', value: -Infinity };
  if (/^\.nan$/im.test(text)) return { type: 'float', value: NaN };
  if (/^:./m.test(text)) {
    const quoted = /^:(["'])(.*)\1/m.exec(text);
    return { type: 'symbol', name: quoted ? (quoted[2] ?? '').replace(/^:/, '') : text.replace(/^:/, '') };
  }
  if (SEXAGESIMAL_INT.test(text)) return { type: 'int', value: sexagesimal(text) };
  if (SEXAGESIMAL_FLOAT.test(text)) return { type: 'float', value: sexagesimal(text) };
  if (FLOAT.test(text)) {
    if (/^[-+]?\.$/.test(text)) return { type: 'string', value: text };
    const cleaned = text.replace(/[,_]/g, '').replace(/\.([Ee]|$)/gm, '$1');
    const value = rubyFloat(cleaned);
    return value === undefined ? { type: 'invalid' } : { type: 'float', value };
  }
  if (INTEGER.test(text)) {
    const value = rubyInteger(text.replace(/[,_]/g, ''));
    if (value === undefined) return { type: 'invalid' };
    return Number.isSafeInteger(Number(value))
      ? { type: 'int', value: Number(value) }
      : { type: 'int', value: Number(value), text: value.toString() };
  }
  return { type: 'string', value: text };
}

/**
 * Psych adds each `:`-separated part times 60^|i-2| (Ruby `to_i`/`to_f` per part). The weights count from the
 * left, so `1:30` is 1·3600 + 30·60 = 5400 (not YAML 1.1's 90) and `-1:30` is -3600 + 1800.
 */
function sexagesimal(text: string): number {
  let total = 0;
  text.split(':').forEach((part, i) => {
    total += (Number.parseFloat(part.replace(/_/g, '')) || 0) * 60 ** Math.abs(i - 2);
  });
  return total;
}

/** Ruby's Kernel#Float on Psych's cleaned text: digits with an optional sign, fraction and exponent. */
function rubyFloat(s: string): number | undefined {
  // `.5` and `5` are accepted; a bare sign is not (Psych returns those as strings before this point).
  if (!/^[-+]?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** Ruby's Kernel#Integer (a Bignum when large): `0b`/`0x`/leading-`0` (octal) prefixes, an optional sign. */
function rubyInteger(s: string): bigint | undefined {
  const m = /^([-+]?)(0b[01]+|0x[0-9a-fA-F]+|0([0-7]+)|0|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const digits = m[3] !== undefined ? `0o${m[3]}` : (m[2] ?? '0');
  const value = BigInt(digits);
  return m[1] === '-' ? -value : value;
}
