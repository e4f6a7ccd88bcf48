// What the worker tests read of an analysis outcome: that it is done, and (without an editor lane) that it carries
// the host's summary and the whole model.
import assert from 'node:assert/strict';
import type { AnalysisOutcome } from '../../../src/analysis/client';
import type { HostModel } from '../../../src/analysis/hostModel';

export type Done = Extract<AnalysisOutcome, { kind: 'done' }>;

export function done(o: AnalysisOutcome): Done {
  assert.equal(o.kind, 'done', JSON.stringify(o));
  return o;
}

/** A finished analysis that carries the host's summary and the whole model (a request without an editor lane). */
export function whole(o: AnalysisOutcome): Done & { model: HostModel; json: Uint8Array } {
  const d = done(o);
  assert.ok(d.model && d.json, 'the summary and the whole model');
  return { ...d, model: d.model, json: d.json };
}
