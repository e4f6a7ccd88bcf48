// Command-line options of every subcommand, read one way: node:util parseArgs (which knows `--flag value`,
// `--flag=value`, repeated flags and `--`), then checked here so every command words its usage errors alike.
// parseArgs runs non-strict and we check its tokens ourselves: its strict mode refuses any value that starts
// with `-` and words errors its own way, while a value like `--out -` or `--job -x` is fine here.
import { parseArgs } from 'node:util';

/** A mistake on the command line: the command prints it with its usage and exits with code 2. */
export class UsageError extends Error {}

/** The one way every command reports a UsageError: `<command>: <message>`, a blank line, its usage; exit code 2. */
export function reportUsage(
  e: UsageError,
  command: string,
  usage: string,
  out: { stderr(s: string): unknown },
): number {
  out.stderr(`${command}: ${e.message}\n\n${usage}\n`);
  return 2;
}

interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The values parseArgs gives once the tokens are checked: strings, string lists (`multiple`) and booleans. */
export type OptionValues<S extends OptionSpecs> = {
  [K in keyof S]?: S[K] extends { type: 'boolean' } ? boolean : S[K] extends { multiple: true } ? string[] : string;
};

export interface CommandLine<S extends OptionSpecs> {
  readonly values: OptionValues<S>;
  readonly positionals: readonly string[];
}

/**
 * Reads `argv` against `specs`. Throws a UsageError for an unknown option, a string option without a value
 * (a following `--flag` is not taken as one), a value given to a boolean, or more than `maxPositionals` positionals.
 */
export function readOptions<S extends OptionSpecs>(
  argv: readonly string[],
  specs: S,
  maxPositionals: number,
): CommandLine<S> {
  const { values, positionals, tokens } = parseArgs({
    args: [...argv],
    options: specs,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const spec = Object.hasOwn(specs, t.name) ? specs[t.name] : undefined;
    if (spec === undefined) throw new UsageError(`unknown option ${t.rawName}`);
    if (spec.type === 'boolean') {
      if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value`);
    } else if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--'))) {
      throw new UsageError(`${t.rawName} needs a value`);
    }
  }
  const extra = positionals[maxPositionals];
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
  // Every token was checked against its spec above, so the values have the spec's types.
  return { values, positionals };
}
