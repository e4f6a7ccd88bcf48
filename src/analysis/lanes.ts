// What each consumer of a worker session (a lane: the graph panel, the editor of one root) was sent last, so the
// editor index and the model can travel as deltas against it (src/editor/indexDelta.ts, modelDelta.ts).
import type { FlowModel } from '../ci/model';
import type { EditorIndex } from '../editor/editorIndex';
import { DeltaSender } from '../editor/indexDelta';
import { ModelDeltaSender } from '../editor/modelDelta';

export interface Lane {
  readonly index: DeltaSender;
  readonly model: ModelDeltaSender;
}

/** Consumers followed per session (a bound; a forgotten one gets a whole index and model, never a wrong one). */
const MAX_LANES = 16;

export class Lanes {
  private readonly lanes = new Map<string, Lane>();

  /** The consumer's delta bases (made on its first request), or undefined for a request without a lane. */
  of(name: string | undefined): Lane | undefined {
    if (name === undefined) return undefined;
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { index: new DeltaSender(), model: new ModelDeltaSender() };
      this.lanes.set(name, lane);
      while (this.lanes.size > MAX_LANES) this.lanes.delete(this.lanes.keys().next().value ?? '');
    }
    return lane;
  }
}

/**
 * The editor index as JSON: whole, or as a delta for a consumer that asked for one. A consumer's base is kept
 * either way, so a whole index (after the host lost track) is the base of the next delta.
 */
export function encodeIndex(lane: Lane | undefined, index: EditorIndex, delta: boolean): Uint8Array {
  const d = lane?.index.encode(index);
  return new TextEncoder().encode(JSON.stringify(delta && d ? d : index));
}

/**
 * The model as a delta against what the consumer received last. A request that asks for the whole index (the host
 * lost track of its deltas) gets every job written out too. `pieces`: the jobs' JSON (modelDelta.ts jobPieces).
 */
export function encodeModelDelta(lane: Lane, model: FlowModel, pieces: readonly string[], delta: boolean): Uint8Array {
  if (!delta) lane.model.reset();
  return new TextEncoder().encode(lane.model.encode(model, pieces));
}
