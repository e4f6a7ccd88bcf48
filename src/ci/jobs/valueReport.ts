// What the value checks (valueChecks.ts, variableChecks.ts, imageChecks.ts) share: how a message is reported, and
// which values no check can judge — said once per value, as every lenient check does (merge/unresolved.ts).
import type { DiagnosticSink } from '../diagnostics';
import type { YNode } from '../yaml/node';
import { isUnresolved } from '../merge/reference';
import { reportUnresolved } from '../merge/unresolved';
import { entryMessage, isNullish } from './entryMessage';

/** Reports `<location> <message>` on a node (the bare message when `location` is ''), downcased, for the job. */
export interface Report {
  (code: string, location: string, message: string, node: YNode): void;
  /**
   * True when the value is not judged: absent, null (an unspecified entry), or unknown (isUnknown) — then an info
   * says it is not checked and names the reference.
   */
  skip(location: string, node: YNode | undefined): boolean;
  /** True when an item of the list is unknown (hasUnknownItem), said as for `skip`. */
  unknownItem(location: string, node: YNode | undefined): boolean;
  /** Says that the value is not checked, naming the first unresolved reference found in it (at any depth). */
  notChecked(location: string, node: YNode | undefined): void;
}

export function reporter(sink: DiagnosticSink, job: string | undefined): Report {
  const report = (code: string, location: string, message: string, node: YNode): void =>
    sink.error(code, location === '' ? message : entryMessage(location, message), node.range, job);
  // The info names the entry without its job: a template's value reached through many jobs (`extends`) is one
  // value, and the sink keeps one of equal diagnostics, so it is said once, where it is written.
  const prefix = job === undefined ? undefined : `jobs:${job}:`;
  const notChecked = (location: string, node: YNode | undefined): void => {
    const where = prefix !== undefined && location.startsWith(prefix) ? location.slice(prefix.length) : location;
    reportUnresolved(sink, where, node, job);
  };
  return Object.assign(report, {
    notChecked,
    skip: (location: string, node: YNode | undefined): boolean => {
      if (isUnknown(node)) notChecked(location, node);
      return isUnknown(node) || isNullish(node);
    },
    unknownItem: (location: string, node: YNode | undefined): boolean => {
      const unknown = hasUnknownItem(node);
      if (unknown) notChecked(location, node);
      return unknown;
    },
  });
}

/**
 * A value no check can judge: a `!reference` still unresolved, or the null that stands for one whose target lives in
 * an include not read offline (merge/reference.ts). It is reported where it is resolved, or it is unknown.
 */
export function isUnknown(n: YNode | undefined): boolean {
  return n !== undefined && (n.kind === 'ref' || isUnresolved(n));
}

/** A list with an item no check can judge. */
export function hasUnknownItem(n: YNode | undefined): boolean {
  return n?.kind === 'seq' && n.items.some(isUnknown);
}
