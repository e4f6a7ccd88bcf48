// `variables:` of a job (and a trigger job) and of the root, with GitLab's messages. Sources (gitlabhq):
//   lib/gitlab/ci/config/entry/variables.rb   a ComposableHash (lib/gitlab/config/entry/composable_hash.rb): `type: Hash`
//                                             ("config should be a hash"); each value an Entry::Variable at
//                                             `<location>:<name>` (a null value is composed as `{}`)
//   lib/gitlab/ci/config/entry/variable.rb    a scalar is a SimpleVariable; a hash a ComplexVariable: `value` a scalar,
//                                             `description` alphanumeric, `expand` a boolean, `options` an array of
//                                             strings, its keys among the `allowed_value_data` of its parent, and
//                                             `value` among `options`; anything else the UnknownStrategy, whose
//                                             message has no location ("variable definition must be either …")
//   lib/gitlab/ci/config/entry/processable.rb job variables: `allowed_value_data: %i[value expand]`
//   lib/gitlab/ci/config/entry/root.rb        root variables: `allowed_value_data: %i[value description expand options]`
//   lib/gitlab/ci/config/entry/rules/rule.rb  a rule's variables: no `allowed_value_data`, so a hash "must be a string"
// Not judged, because GitLab's versions disagree: booleans and floats as values (older versions refused them), a
// variable's name typed as something else than a string or an integer.
import type { YNode } from '../yaml/node';
import { isBoolean, isNullish, isString } from './entryMessage';
import { hasUnknownItem, isUnknown, type Report } from './valueReport';

export const JOB_VARIABLE_DATA: readonly string[] = ['value', 'expand'];
export const ROOT_VARIABLE_DATA: readonly string[] = ['value', 'description', 'expand', 'options'];
/** rules/rule.rb declares `entry :variables, Entry::Variables` without metadata: no hash form is allowed. */
export const RULE_VARIABLE_DATA: readonly string[] = [];

const CODE = 'variables-shape';

export function checkVariables(
  location: string,
  node: YNode | undefined,
  allowedData: readonly string[],
  report: Report,
): void {
  if (report.skip(location, node)) return;
  if (node!.kind !== 'map') {
    report(CODE, location, 'config should be a hash', node!);
    return;
  }
  for (const e of node!.entries) {
    const value = e.value;
    const at = `${location}:${e.key}`;
    if (isUnknown(value)) {
      report.notChecked(at, value);
      continue;
    }
    if (value.kind === 'seq') {
      // Simplifiable's UnknownStrategy#errors: the bare text, no location (and not downcased: it is lower case).
      report(CODE, '', 'variable definition must be either a string or a hash', value);
    } else if (value.kind === 'map') checkComplexVariable(at, value, allowedData, report);
  }
}

/** ComplexVariable's validations, in its order. */
function checkComplexVariable(
  at: string,
  node: YNode & { kind: 'map' },
  allowed: readonly string[],
  report: Report,
): void {
  const field = (key: string): YNode | undefined => node.entries.find((e) => e.key === key)?.value;
  const value = field('value');
  const description = field('description');
  const expand = field('expand');
  const options = field('options');
  // Each unknown value (or list item) is said once, for the data key it is in.
  const unknown = (n: YNode | undefined, key: string): boolean => {
    const found = isUnknown(n) || hasUnknownItem(n);
    if (found) report.notChecked(`${at}:${key}`, n);
    return found;
  };
  if (!unknown(value, 'value') && !isNullish(value) && (value!.kind === 'map' || value!.kind === 'seq')) {
    report(CODE, at, 'config value must be a scalar', value!);
  }
  // AlphanumericValidator: a String, a Symbol or an Integer.
  if (!unknown(description, 'description') && !isNullish(description) && !isAlphanumeric(description!)) {
    report(CODE, at, 'config description must be an alphanumeric string', description!);
  }
  if (!unknown(expand, 'expand') && !isNullish(expand) && !isBoolean(expand)) {
    report(CODE, at, 'config expand should be a boolean value', expand!);
  }
  const optionsValid = options?.kind === 'seq' && options.items.every(isString);
  if (!unknown(options, 'options') && !isNullish(options) && !optionsValid) {
    report(CODE, at, 'config options should be an array of strings', options!);
  }
  const extra = node.entries.filter((e) => !allowed.includes(e.key));
  // `allowed_value_data` empty (a rule's variables): every hash is refused, whatever its keys.
  if (allowed.length === 0) report(CODE, at, 'config must be a string', node);
  else if (extra.length > 0) {
    report(CODE, at, `config uses invalid data keys: ${extra.map((e) => e.key).join(', ')}`, node);
  }
  // `config_options.present? && config_options.exclude?(config_value)`: Ruby equality, so only a String (or a
  // Symbol) equal to an option, of the same class, is in the list; a number or a boolean never is.
  if (optionsValid && options.kind === 'seq' && options.items.length > 0 && !isUnknown(value)) {
    const listed = options.items.some((o) => sameRubyString(o, value));
    if (!listed) report(CODE, at, 'config value must be present in options', value ?? node);
  }
}

function isAlphanumeric(n: YNode): boolean {
  return isString(n) || (n.kind === 'scalar' && typeof n.value === 'number' && n.float !== true);
}

function sameRubyString(option: YNode, value: YNode | undefined): boolean {
  if (value === undefined || !isString(value) || option.kind !== 'scalar' || value.kind !== 'scalar') return false;
  const symbol = (n: YNode): boolean => n.kind === 'scalar' && n.symbol === true;
  return option.value === value.value && symbol(option) === symbol(value);
}
