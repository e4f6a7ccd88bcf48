// What the value checks (valueChecks.ts, variableChecks.ts, imageChecks.ts) share: how a message is reported, and
// which values no check can judge.
import type { DiagnosticSink } from '../diagnostics';
import type { YNode } from '../yaml/node';
import { isUnresolved } from '../merge/reference';
import { entryMessage } from './entryMessage';

/** Reports `<location> <message>` on a node (the bare message when `location` is ''), downcased, for the job. */
export type Report = (code: string, location: string, message: string, node: YNode) => void;

export function reporter(sink: DiagnosticSink, job: string | undefined): Report {
  return (code, location, message, node) =>
    sink.error(code, location === '' ? message : entryMessage(location, message), node.range, job);
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
