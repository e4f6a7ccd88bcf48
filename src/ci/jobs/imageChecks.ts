// `image:`, `services:` and `cache:` (of a job, of `default:` and of the root), with GitLab's messages. Sources (gitlabhq):
//   lib/gitlab/ci/config/entry/imageable.rb  Image and Service: `hash_or_string` ("config should be a hash or a
//                                            string"), `name` a String and present (a value neither a hash nor a
//                                            string has no name, so it fails both too), `entrypoint` an array of strings
//   lib/gitlab/ci/config/entry/services.rb   a ComposableArray (`type: Array`, "config should be an array"), each item
//                                            (flattened) a Service at `<location>:service`
//   lib/gitlab/ci/config/entry/service.rb    `command` an array of strings, `alias` a String
//   lib/gitlab/ci/config/entry/caches.rb     "config can only be a Hash or an Array" at `<parent>:caches` (Caches
//                                            drops its own key), each item (flattened) a Cache at `<parent>:cache`
//   lib/gitlab/ci/config/entry/cache.rb      `type: Hash` ("config should be a hash")
// Not judged: unknown keys of an image or a service, `ports`, `pull_policy`, `docker` (the allowed keys and their
// schemas change between versions), the number of caches (a setting of the instance in recent versions), a cache's keys.
import type { YNode } from '../yaml/node';
import { getEntry } from '../yaml/node';
import { isArrayOfStrings } from './entryMessage';
import { isBlank, isBlankText, rubyString } from './rubyText';
import { isUnknown, type Report } from './valueReport';

/** Ruby's Array#flatten has no bound but the stack; a YAML list nested deeper than this is not written by hand. */
const MAX_FLATTEN = 100;

/**
 * `lenient`: with includes that are not read, a hash here may be deep-merged with one from them, which may bring
 * the `name`: a missing name is then not judged.
 */
export function checkImage(location: string, node: YNode | undefined, lenient: boolean, report: Report): void {
  if (report.skip(location, node)) return;
  checkImageable('image-shape', location, node!, lenient, report);
}

export function checkServices(location: string, node: YNode | undefined, lenient: boolean, report: Report): void {
  if (report.skip(location, node)) return;
  if (node!.kind !== 'seq') {
    report('services-shape', location, 'config should be an array', node!);
    return;
  }
  for (const item of flatten(node!)) {
    const at = `${location}:service`;
    if (report.skip(at, item)) continue; // a nil value is an unspecified entry: not validated
    if (!checkImageable('services-shape', at, item, lenient, report) || item.kind !== 'map') continue;
    const command = getEntry(item, 'command')?.value;
    const commandKnown = !report.skip(`${at}:command`, command) && !report.unknownItem(`${at}:command`, command);
    if (commandKnown && !isArrayOfStrings(command)) {
      report('services-shape', at, 'command should be an array of strings', command!);
    }
    const alias = getEntry(item, 'alias')?.value;
    if (!report.skip(`${at}:alias`, alias) && rubyString(alias) === undefined) {
      report('services-shape', at, 'alias should be a string', alias!);
    }
  }
}

/** `parent`: the location the entry sits in (`jobs:<job>`, `default`, or '' at the root). */
export function checkCache(parent: string, node: YNode | undefined, report: Report): void {
  const prefix = parent === '' ? '' : `${parent}:`;
  if (report.skip(`${prefix}cache`, node)) return;
  if (node!.kind !== 'map' && node!.kind !== 'seq') {
    report('cache-shape', `${prefix}caches`, 'config can only be a hash or an array', node!);
    return;
  }
  for (const item of node!.kind === 'seq' ? flatten(node!) : [node!]) {
    if (report.skip(`${prefix}cache`, item) || item.kind === 'map') continue;
    report('cache-shape', `${prefix}cache`, 'config should be a hash', item);
  }
}

/** Imageable's validations, in its order; false when the value is no hash or string (or is not known here). */
function checkImageable(code: string, at: string, node: YNode, lenient: boolean, report: Report): boolean {
  if (isUnknown(node)) return false;
  const text = rubyString(node);
  if (node.kind !== 'map' && text === undefined) {
    report(code, at, 'config should be a hash or a string', node);
    report(code, at, 'name should be a string', node);
    report(code, at, "name can't be blank", node);
    return false;
  }
  if (text !== undefined) {
    if (isBlankText(text)) report(code, at, "name can't be blank", node);
    return true;
  }
  if (node.kind !== 'map') return false;
  const name = getEntry(node, 'name')?.value;
  if (isUnknown(name)) report.notChecked(`${at}:name`, name);
  else if (!(lenient && name === undefined)) {
    // `validates :name, type: String, presence: true`: presence is ActiveSupport's blank?.
    if (rubyString(name) === undefined) report(code, at, 'name should be a string', name ?? node);
    if (isBlank(name)) report(code, at, "name can't be blank", name ?? node);
  }
  const entrypoint = getEntry(node, 'entrypoint')?.value;
  const entrypointKnown =
    !report.skip(`${at}:entrypoint`, entrypoint) && !report.unknownItem(`${at}:entrypoint`, entrypoint);
  if (entrypointKnown && !isArrayOfStrings(entrypoint)) {
    report(code, at, 'entrypoint should be an array of strings', entrypoint!);
  }
  return true;
}

/** Ruby's Array#flatten of a list (bounded); an unresolved !reference stays an item. */
function flatten(node: YNode, depth = 0): YNode[] {
  if (node.kind !== 'seq') return [node];
  if (depth >= MAX_FLATTEN) return node.items;
  return node.items.flatMap((i) => flatten(i, depth + 1));
}
