// Messages of GitLab's config entries. lib/gitlab/config/entry/validator.rb (Validator#messages) builds each as
// "<location> <attribute> <message>" and downcases the whole text, job names and key names included; the
// messages yaml_processor.rb raises itself ("build job: undefined need: x") keep their case.
import type { YNode } from '../yaml/node';

/** `jobs:Build:artifacts` + `when should be …` → `jobs:build:artifacts when should be …`. */
export function entryMessage(location: string, message: string): string {
  return `${location} ${message}`.toLowerCase();
}

/**
 * Entry::Jobs adds "config should implement …" on the job's name as an attribute, which ActiveModel humanizes
 * (leading `_` and a trailing `_id` dropped, `_` to space); Validator#messages then turns the spaces of an
 * all-letters name back into `_` (its gsub on `jobs ([a-z\s]+) config should implement`).
 */
export function implementMessage(name: string): string {
  const human = name.replace(/^_+/, '').replace(/_id$/, '').replace(/_/g, ' ');
  const text = `jobs ${human} config should implement the script:, run:, or trigger: keyword`.toLowerCase();
  // Not anchored, as in GitLab: in `jobs a-jobs x y config …` it is the inner `jobs x y` that is rewritten.
  return text.replace(
    /jobs ([a-z\s]+) config should implement/g,
    (_all, n: string) => `jobs ${n.replace(/ /g, '_')} config should implement`,
  );
}

/** LegacyValidationHelpers#validate_boolean: only `true` and `false` (a quoted "false" is a string). */
export function isBoolean(node: YNode | undefined): boolean {
  return node?.kind === 'scalar' && typeof node.value === 'boolean';
}

/** LegacyValidationHelpers#validate_string: a String or a Symbol. */
export function isString(node: YNode | undefined): boolean {
  return node?.kind === 'scalar' && typeof node.value === 'string';
}

/** ArrayOfStringsValidator: an array whose every item is a string — not flattened (a nested list is an error). */
export function isArrayOfStrings(node: YNode | undefined): boolean {
  return node?.kind === 'seq' && node.items.every(isString);
}

export function isNullish(node: YNode | undefined): boolean {
  return node === undefined || (node.kind === 'scalar' && node.value === null);
}
