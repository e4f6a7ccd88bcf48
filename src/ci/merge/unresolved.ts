// What an unresolved `!reference` leaves behind. With includes that are not read offline the engine is lenient
// (reference.ts): a reference it cannot find stands for null. GitLab would find it, in the include, and check the
// value it names, not a null: so a check that meets the placeholder cannot judge the value, and must neither refuse
// it (a false error) nor read it as absent (a silent guess). Every check asks the same two questions here: is there
// a placeholder in this value, and if so it says so, once per place, naming the reference.
import type { DiagnosticSink } from '../diagnostics';
import type { YNode } from '../yaml/node';
import { isUnresolved, unresolvedReference } from './reference';

/** How many nodes one search walks at most: values checked are small; a bigger one is not searched further. */
const MAX_WALK = 5000;

/** Subtrees already searched, with the placeholder found in each (null: none). Trees are immutable. Weak. */
const FOUND = new WeakMap<YNode, YNode | null>();

/** The first placeholder of an unresolved `!reference` in `node` (itself or below), or undefined. */
export function findUnresolved(node: YNode | undefined): YNode | undefined {
  if (node === undefined) return undefined;
  if (isUnresolved(node)) return node;
  if (node.kind !== 'seq' && node.kind !== 'map') return undefined;
  const known = FOUND.get(node);
  if (known !== undefined) return known ?? undefined;
  let budget = MAX_WALK;
  const seen = new Set<YNode>();
  const walk = (n: YNode): YNode | undefined => {
    if (isUnresolved(n)) return n;
    if ((n.kind !== 'seq' && n.kind !== 'map') || seen.has(n) || --budget < 0) return undefined;
    seen.add(n);
    const prior = FOUND.get(n);
    if (prior !== undefined) return prior ?? undefined;
    const children = n.kind === 'seq' ? n.items : n.entries.map((e) => e.value);
    for (const c of children) {
      const hit = walk(c);
      if (hit) return hit;
    }
    return undefined;
  };
  const hit = walk(node);
  // A search cut short by the budget proves nothing: only a finished one is remembered as "none".
  if (hit || budget >= 0) FOUND.set(node, hit ?? null);
  return hit;
}

/**
 * When `node` holds the placeholder of an unresolved `!reference`, says that `location` (GitLab's entry path,
 * `jobs:b:needs`) is not checked and why, and returns true: the caller then judges nothing of that value.
 */
export function reportUnresolved(
  sink: DiagnosticSink,
  location: string,
  node: YNode | undefined,
  job?: string,
): boolean {
  const hit = findUnresolved(node);
  if (!hit) return false;
  sink.info('reference-unknown-value', unresolvedMessage(location, hit), hit.range, job);
  return true;
}

/** Like reportUnresolved, for a value that names something (a stage): the reference's text to name it by, if any. */
export function reportedReference(
  sink: DiagnosticSink,
  location: string,
  node: YNode | undefined,
  job?: string,
): string | undefined {
  const hit = findUnresolved(node);
  if (!hit) return undefined;
  reportUnresolved(sink, location, hit, job);
  return unresolvedReference(hit);
}

/** The words for a value that depends on the unresolved reference `placeholder`. */
export function unresolvedMessage(location: string, placeholder: YNode): string {
  return `\`${location}\` is not checked: its value comes from ${unresolvedSource(placeholder)}`;
}

/** Where a placeholder's value comes from, in words: `` `!reference [".t", "job"]`, probably defined in … ``. */
export function unresolvedSource(placeholder: YNode): string {
  const ref = unresolvedReference(placeholder) ?? '!reference';
  return `\`${ref}\`, probably defined in an include that is not resolved offline`;
}
