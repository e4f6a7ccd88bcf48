// How GitLab reads an include's location value before checking it (external/file/*.rb, mapper/matcher.rb):
// Local and Project take `to_s` of the value (Gitlab::Utils.remove_leading_slashes), the other kinds keep the
// value itself; a file class matches only when its location is `present?`, and Base#validate_location! rejects a
// location that is not a String ("needs to be a string"), naming it by its `to_s`. `present?` and "is a String" are
// ../jobs/rubyText.ts's isBlank and rubyString.
//
// Exports:
//   rubyLocationText(n)   `to_s` of a loaded value: nil is "", an array or a hash its `inspect` (rubyInspect.ts), a
//                         `!reference` Object#to_s (REFERENCE_TO_S)
//   rubyBasename(s)       Ruby's File.basename (trailing slashes ignored)
//   noValidSubkey(plain)  Matcher's error when no file class matches the location (its `to_json`)
//   locationProblem(kind, raw, location, plain)  the error of a blank location or a non-String one, if any
import type { YNode } from '../yaml/node';
import { scalarString } from '../yaml/node';
import { rubyInspect } from './rubyInspect';
import { isBlank, isBlankText, rubyString } from '../jobs/rubyText';

const VALID_SUBKEYS = 'Valid subkeys are: `local`, `project`, `remote`, `template`, `artifact`, `component`';

export function noValidSubkey(plain: unknown): string {
  return `\`${JSON.stringify(plain)}\` does not have a valid subkey for include. ${VALID_SUBKEYS}`;
}

/**
 * `to_s` of a `!reference` read as a location: a Gitlab::Ci::Config::Yaml::Tags::Reference (the includes are read
 * before the tags are resolved), whose class defines no `to_s`, so Object#to_s names the class and the object's
 * address, which is not known here (`0x…`).
 */
export const REFERENCE_TO_S = '#<Gitlab::Ci::Config::Yaml::Tags::Reference:0x…>';

export function rubyLocationText(n: YNode): string {
  if (n.kind === 'seq' || n.kind === 'map') return rubyInspect(n);
  if (n.kind === 'ref') return REFERENCE_TO_S;
  return scalarString(n) ?? '';
}

export function rubyBasename(s: string): string {
  const trimmed = s.replace(/\/+$/, '');
  if (trimmed === '') return s === '' ? '' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * The error GitLab gives before reading an include of `kind` whose value is `raw` (expanded: `location`), if any.
 * Matcher: a file class matches only a present location (Local's is `to_s` without leading slashes), so a blank one
 * matches none; then Base#validate_location!: only Local and Project turn the value into text, the others want a
 * String. `plain` is the include entry as plain JSON.
 */
export function locationProblem(
  kind: string,
  raw: YNode,
  location: string,
  plain: Record<string, unknown>,
): string | undefined {
  const text = rubyString(raw) !== undefined;
  const blank = kind === 'local' ? isBlankText(location.replace(/^\/+/, '')) : isBlank(raw);
  if (kind !== 'project' && (blank || (text && isBlankText(location)))) {
    return noValidSubkey(text ? { ...plain, [kind]: location } : plain);
  }
  if (kind !== 'local' && kind !== 'project' && !text) {
    return `Included file \`${rubyLocationText(raw)}\` needs to be a string`;
  }
  return undefined;
}
