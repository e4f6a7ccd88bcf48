// A job's `inherit:` (spec R2.6), validated as GitLab's entries do:
//   lib/gitlab/ci/config/entry/inherit.rb   Configurable (`config should be a hash`), allowed keys default and
//                                           variables; an invalid entry composes no children (Configurable#compose!
//                                           returns unless valid?), so their own problems are not reported then
//   inherit/default.rb, inherit/variables.rb
//       BooleanStrategy   true/false
//       ArrayStrategy     `validates :config, array_of_strings: true` (a String or a Symbol each), and for default
//                         also `allowed_array_values: { in: Default::ALLOWED_KEYS }`, whose message joins the
//                         unknown values with Array#join (nested lists flattened, nil as ``)
//       UnknownStrategy   "#{location} should be a bool or array of strings": not a validator message, so it is
//                         not downcased (Node#errors is overridden; Validator#messages is never reached)
// Which global variables a job sees is decided where variables are read (pipeline/inclusion.ts).
import type { DiagnosticSink } from '../diagnostics';
import type { YMap, YNode } from '../yaml/node';
import { get, isNull } from '../yaml/node';
import { entryMessage, isArrayOfStrings } from './entryMessage';
import { DEFAULT_KEYS } from './keywords';
import { rubyJoin, rubyString } from './rubyText';
import { reportUnresolved } from '../merge/unresolved';

const INHERIT_KEYS: ReadonlySet<string> = new Set(['default', 'variables']);

/** Which `default:` keywords job `name` takes; its `inherit:` problems are reported on the way. */
export function inheritedDefaults(name: string, job: YMap, sink: DiagnosticSink): (key: string) => boolean {
  const all = (): boolean => true;
  const inherit = get(job, 'inherit');
  const at = `jobs:${name}:inherit`;
  // From an include not read offline: unknown, said so; everything is taken as inherited, as for no `inherit:`.
  if (inherit !== undefined && reportUnresolved(sink, at, isNull(inherit) ? inherit : undefined, name)) return all;
  if (inherit === undefined || isNull(inherit) || inherit.kind === 'ref') return all;
  if (inherit.kind !== 'map') {
    sink.error('inherit', entryMessage(at, 'config should be a hash'), inherit.range, name);
    return all;
  }
  const unknown = inherit.entries.filter((e) => !INHERIT_KEYS.has(e.key));
  if (unknown.length > 0) {
    const keys = unknown.map((e) => e.key).join(', ');
    sink.error('inherit', entryMessage(at, `config contains unknown keys: ${keys}`), unknown[0]!.keyRange, name);
    return all;
  }
  const variables = get(inherit, 'variables');
  const allowed = readInheritList(name, `${at}:default`, get(inherit, 'default'), sink, true);
  readInheritList(name, `${at}:variables`, variables, sink, false);
  return allowed;
}

/** One `inherit:` child: true, false or a list of names (`checkValues`: against Default::ALLOWED_KEYS). */
function readInheritList(
  name: string,
  location: string,
  value: YNode | undefined,
  sink: DiagnosticSink,
  checkValues: boolean,
): (key: string) => boolean {
  if (reportUnresolved(sink, location, value, name)) return () => true; // from an include not read offline
  if (value === undefined || isNull(value) || value.kind === 'ref') return () => true;
  if (value.kind === 'scalar' && typeof value.value === 'boolean') {
    const v = value.value;
    return () => v;
  }
  if (value.kind !== 'seq') {
    sink.error('inherit', `${location} should be a bool or array of strings`, value.range, name);
    return () => true;
  }
  if (!isArrayOfStrings(value)) {
    sink.error('inherit', entryMessage(location, 'config should be an array of strings'), value.range, name);
  }
  // `value - ALLOWED_VALUES` compares with String#==: a Symbol or a nested list is unknown, whatever it holds.
  const unknown = value.items.filter((i) => !DEFAULT_KEYS.has(rubyString(i) ?? ''));
  if (checkValues && unknown.length > 0) {
    const text = `config contains unknown values: ${rubyJoin(unknown)}`;
    sink.error('inherit', entryMessage(location, text), value.range, name);
  }
  // ArrayStrategy#inherit?: `value.include?(key.to_s)`, a String equal to the key.
  const names = new Set(value.items.map(rubyString));
  return (key) => names.has(key);
}
