// `spec:inputs` checks, before any interpolation, in GitLab's order (Interpolation::Interpolator#interpolate!):
// the header's own shape (Header::Input: `type`, `options`, `regex`), then the arguments (Interpolation::Inputs:
// unknown arguments, then each declared input in declaration order — required, then the default's and the
// given value's type, options and regex, inputs/base_input.rb and its string/number/boolean/array subclasses).
// The first stage with errors stops the file, exactly as GitLab stops it; `description` is only documentation.
//
// Exports:
//   checkInputs(spec, given)  the value of each input (given, else default) or GitLab's errors; `unknown` lists the
//                             checks this tool could not run the way GitLab runs them (said, never an error)
import type { YMap, YNode } from '../yaml/node';
import { getEntry, rubyToS } from '../yaml/node';
import { regexVerdict } from './inputRegex';
import { rubyInspect } from './rubyInspect';

export const INPUT_TYPES = ['array', 'boolean', 'number', 'string'] as const;
type InputType = (typeof INPUT_TYPES)[number];

/** Header::Input::ALLOWED_OPTIONS_LIMIT. */
export const MAX_INPUT_OPTIONS = 50;

export interface InputCheck {
  /** GitLab's messages, in GitLab's order; non-empty means GitLab fails the file. */
  errors: string[];
  /** Checks that could not be decided here (a regex RE2 and this tool may read differently). */
  unknown: string[];
  /** Each declared input's value (the given one, else the default); only meaningful without errors. */
  values: Map<string, YNode>;
}

/** `spec`: the header's `spec:inputs` node; `given`: the include's `inputs` map (undefined: none given). */
export function checkInputs(spec: YNode, given: YMap | undefined): InputCheck {
  const check: InputCheck = { errors: headerErrors(spec), unknown: [], values: new Map() };
  if (check.errors.length > 0 || spec.kind !== 'map') return check;
  // Interpolation::Inputs#validate!: every argument name the spec does not declare, in one message.
  const unknownArgs = (given?.entries ?? []).filter((e) => !getEntry(spec, e.key)).map((e) => e.key);
  if (unknownArgs.length > 0) check.errors.push(`unknown input arguments: ${unknownArgs.join(', ')}`);
  for (const e of spec.entries) new InputRule(e.key, e.value, given ? getEntry(given, e.key)?.value : undefined, check);
  return check;
}

/** Header::Input validations for each input; location `header:spec:inputs:<name>`, downcased like every entry. */
function headerErrors(spec: YNode): string[] {
  if (isNil(spec)) return [];
  if (spec.kind !== 'map') return ['header:spec:inputs config should be a hash'];
  const errors: string[] = [];
  for (const e of spec.entries) {
    const where = `header:spec:inputs:${e.key}`.toLowerCase();
    if (isNil(e.value)) continue;
    if (e.value.kind !== 'map') {
      errors.push(`${where} config should be a hash`);
      continue;
    }
    const regex = getEntry(e.value, 'regex')?.value;
    if (regex && !isNil(regex) && !isString(regex)) errors.push(`${where} input regex should be a string`);
    const type = getEntry(e.value, 'type')?.value;
    if (type && !isNil(type) && !(isString(type) && (INPUT_TYPES as readonly string[]).includes(String(type.value)))) {
      errors.push(`${where} input type should be one of: ${INPUT_TYPES.join(', ')}`);
    }
    const options = getEntry(e.value, 'options')?.value;
    if (options && !isNil(options)) {
      if (options.kind !== 'seq') errors.push(`${where} input options should be a array`);
      else if (options.items.length > MAX_INPUT_OPTIONS) {
        errors.push(`${where} config cannot define more than ${MAX_INPUT_OPTIONS} options`);
      }
    }
  }
  return errors;
}

/** One declared input, validated on construction the way BaseInput#validate! does. */
class InputRule {
  private readonly type: InputType;
  private readonly spec: YMap | undefined;

  constructor(
    private readonly name: string,
    spec: YNode,
    given: YNode | undefined,
    private readonly check: InputCheck,
  ) {
    this.spec = spec.kind === 'map' ? spec : undefined;
    const typeNode = this.field('type');
    this.type =
      typeNode?.kind === 'scalar' && typeof typeNode.value === 'string' ? (typeNode.value as InputType) : 'string';
    // A `null` given value is no value at all (Ruby `value.nil?`), so the default applies.
    const value = given && !isNil(given) ? given : undefined;
    const def = this.spec ? getEntry(this.spec, 'default') : undefined;
    if (!def && !value) {
      this.error('required value has not been provided');
      return;
    }
    const before = check.errors.length;
    const checkedDefault = def ? this.validate(def.value, 'default') : undefined;
    const checkedValue = value ? this.validate(value, 'provided') : undefined;
    const chosen = checkedValue ?? checkedDefault;
    if (chosen && check.errors.length === before) check.values.set(name, chosen);
  }

  private field(key: string): YNode | undefined {
    return this.spec ? getEntry(this.spec, key)?.value : undefined;
  }

  private error(message: string): void {
    this.check.errors.push(`\`${this.name}\` input: ${message}`);
  }

  /**
   * BaseInput#run_validations: type, then options, then regex; every failing check adds its message. Returns the
   * value the file is interpolated with. Recent GitLab (Ci::Inputs) first converts the value: `to_s` for a string
   * input, JSON text (`"1"`, `"true"`, `"[a]"`) for the others; older versions reject what needs converting. We
   * accept the converted value (never a false error) and say that older versions reject it.
   */
  private validate(v: YNode, which: 'default' | 'provided'): YNode {
    let value = v;
    const typeError = `${which} value is not ${this.type === 'array' ? 'an' : 'a'} ${this.type}`;
    if (!this.typeMatches(v)) {
      const converted = this.convert(v);
      if (converted && this.typeMatches(converted)) {
        value = converted;
        this.check.unknown.push(
          `\`${this.name}\` input: the ${which} value is converted to a ${this.type} by recent GitLab versions; older versions reject it ("${typeError}")`,
        );
      } else this.error(typeError);
    }
    this.validateOptions(value);
    this.validateRegex(value, which);
    return value;
  }

  /** Ci::Inputs#coerced_value: a string input takes any value's text; the others parse a String as JSON. */
  private convert(v: YNode): YNode | undefined {
    if (this.type === 'string') {
      return v.kind === 'scalar' || v.kind === 'seq'
        ? { kind: 'scalar', value: rubyText(v), range: v.range }
        : undefined;
    }
    if (!isString(v)) return undefined;
    try {
      return fromJson(JSON.parse(v.value), v.range);
    } catch {
      return undefined;
    }
  }

  private typeMatches(v: YNode): boolean {
    switch (this.type) {
      case 'string':
        return isString(v);
      case 'number':
        return v.kind === 'scalar' && typeof v.value === 'number';
      case 'boolean':
        return v.kind === 'scalar' && typeof v.value === 'boolean';
      case 'array':
        return v.kind === 'seq';
    }
  }

  private validateOptions(v: YNode): void {
    const options = this.field('options');
    if (!options || isNil(options)) return;
    if (this.type !== 'string' && this.type !== 'number') {
      this.error('Options can only be used with string and number inputs');
      return;
    }
    // `return unless options && value`: nil and false values are not checked against the options.
    if (options.kind !== 'seq' || isNil(v) || (v.kind === 'scalar' && v.value === false)) return;
    // A string input compares the options' text (`options.map(&:to_s)`), a number input the values (Ruby ==).
    const listed =
      this.type === 'string'
        ? options.items.some((o) => isString(v) && rubyText(o) === v.value)
        : options.items.some((o) => rubyEqual(o, v));
    if (listed) return;
    // string_input.rb says "the list of allowed options", number_input.rb "the list of the allowed options".
    const list = this.type === 'number' ? 'the list of the allowed options' : 'the list of allowed options';
    this.error(`\`${rubyText(v)}\` cannot be used because it is not in ${list}`);
  }

  private validateRegex(v: YNode, which: 'default' | 'provided'): void {
    const regex = this.field('regex');
    if (!regex) return;
    if (this.type !== 'string') {
      this.error('RegEx validation can only be used with string inputs');
      return;
    }
    // StringInput#validate_regex runs only on a String value (a wrong type is already reported).
    if (!isString(v) || !isString(regex)) return;
    const verdict = regexVerdict(String(regex.value), String(v.value));
    if (verdict === 'invalid') this.error('invalid regular expression');
    else if (verdict === 'no-match') this.error(`${which} value does not match required RegEx pattern`);
    else if (verdict !== 'match') {
      this.check.unknown.push(
        `\`${this.name}\` input: whether the ${which} value matches \`${String(regex.value)}\` is not known here (${verdict.unknown})`,
      );
    }
  }
}

function isNil(n: YNode | undefined): boolean {
  return n?.kind === 'scalar' && n.value === null;
}

/** A Ruby String: a scalar loaded as text (a `:symbol` is a Symbol, not a String). */
function isString(n: YNode): n is YNode & { kind: 'scalar'; value: string } {
  return n.kind === 'scalar' && typeof n.value === 'string' && !n.symbol;
}

/** A JSON value as a node at `range` (what a converted input value is interpolated as). */
function fromJson(j: unknown, range: YNode['range']): YNode | undefined {
  if (j === null || typeof j === 'string' || typeof j === 'number' || typeof j === 'boolean') {
    return { kind: 'scalar', value: j, range };
  }
  if (Array.isArray(j)) {
    const items = j.map((x) => fromJson(x, range));
    return items.every((x) => x !== undefined) ? { kind: 'seq', items: items, range } : undefined;
  }
  // A JSON object is a Hash for Ruby: an array input holding one is still an array (ArrayInput checks only the top).
  if (typeof j === 'object') {
    const entries = Object.entries(j).map(([key, x]) => ({ key, keyRange: range, value: fromJson(x, range) }));
    return entries.every((e) => e.value !== undefined)
      ? { kind: 'map', entries: entries as YMap['entries'], range }
      : undefined;
  }
  return undefined;
}

/** Ruby `==` between loaded values: 1 == 1.0, but "1" != 1; arrays element by element. */
function rubyEqual(a: YNode, b: YNode): boolean {
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.value === b.value && !!a.symbol === !!b.symbol;
  if (a.kind === 'seq' && b.kind === 'seq') {
    return a.items.length === b.items.length && a.items.every((x, i) => rubyEqual(x, b.items[i] ?? x));
  }
  return false;
}

/** Ruby's `"#{value}"`: a scalar's `to_s`, an array's `inspect` (`["a", 1]`). */
export function rubyText(n: YNode): string {
  if (n.kind === 'scalar') return n.value === null ? '' : rubyToS(n);
  return rubyInspect(n);
}
