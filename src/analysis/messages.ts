// Messages between the extension host and the analysis worker (src/analysis/worker.ts), typed on both sides.
// The worker owns the engine and the parse caches; the host owns the files (editor buffers first, then disk),
// so the worker asks the host for every file it reads and for the project's file list.
import type { RefusalReason } from '../ci/fileReader';
import type { ExternalKind, FetchOutcome } from '../ci/include/fetcher';
import type { PipelineContext } from '../ci/model';
import type { ModelCarriage } from './analysisTypes';
import type { VerifyInput } from '../ci/verify/verifyInput';

/** The IncludeFetcher methods the worker may ask for: the external includes, and a dynamic child's artifact. */
export type FetchKind = ExternalKind | 'artifact';

/** Host → worker. */
export type ToWorker =
  | {
      readonly type: 'analyze';
      readonly id: number;
      /** Parse caches and reusable results are kept per session (one per project folder, see client.ts). */
      readonly session: string;
      readonly root: string;
      readonly context: PipelineContext;
      readonly changedFiles?: readonly string[];
      /** Also build the editor index (src/editor/editorIndex.ts) for the language features. */
      readonly editor?: boolean;
      /** The consumer within the session (client.ts): the editor index is sent as a delta against its last one. */
      readonly lane?: string;
      /** Send the editor index and the model as deltas (src/editor/indexDelta.ts, modelDelta.ts) against what `lane` received last. */
      readonly editorDelta?: boolean;
      /** Ask the host for external includes (project, remote, template, component) instead of leaving them unresolved. */
      readonly fetchIncludes?: boolean;
      /** Also build what "Compare with GitLab" sends and compares (src/ci/verify); it comes back as `verify`. */
      readonly verify?: boolean;
    }
  | {
      readonly type: 'readReply';
      readonly requestId: number;
      readonly text?: string;
      /** The text is the one this worker was sent last for this session and path (sentTexts.ts). */
      readonly same?: true;
      /** The reader would not read the file (outside the project, not a regular file, too large). */
      readonly refused?: { readonly reason: RefusalReason; readonly message: string };
      readonly error?: string;
    }
  | {
      readonly type: 'listReply';
      readonly requestId: number;
      readonly files?: readonly string[];
      /** The list is the one this worker was sent last for this session (sentTexts.ts). */
      readonly same?: true;
      readonly error?: string;
    }
  | { readonly type: 'fetchReply'; readonly requestId: number; readonly outcome: FetchOutcome }
  | { readonly type: 'dropSession'; readonly session: string };

/** Worker → host. */
export type FromWorker =
  /** `whole`: the text itself, even when unchanged since the host last sent it (the worker no longer holds it). */
  | {
      readonly type: 'read';
      readonly requestId: number;
      readonly analysisId: number;
      readonly path: string;
      readonly whole?: true;
    }
  | { readonly type: 'list'; readonly requestId: number; readonly analysisId: number; readonly whole?: true }
  /** An external include: the IncludeFetcher method `kind` with its arguments, in order. */
  | {
      readonly type: 'fetch';
      readonly requestId: number;
      readonly analysisId: number;
      readonly kind: FetchKind;
      readonly args: readonly (string | undefined)[];
    }
  /**
   * The host's summary of the model and the whole model as UTF-8 JSON (what protocol.ts encodeModel gives), or,
   * for an editor request of a lane, the model as a ModelDelta against what the lane received last (every job
   * written out when the request did not ask for deltas) alone; the bytes are transferred (analysisTypes.ts).
   */
  | ({
      readonly type: 'done';
      readonly id: number;
      readonly ms: number;
      /** An earlier result whose inputs all still hold was sent again (inputMemo.ts): nothing was analysed. */
      readonly reused?: boolean;
      /** The editor index as UTF-8 JSON (an IndexDelta when the request asked for one), when asked for. */
      readonly editorJson?: Uint8Array;
      /** The configuration to send to GitLab's CI lint and our side of the comparison, when asked for. */
      readonly verify?: VerifyInput;
    } & ModelCarriage)
  | { readonly type: 'failed'; readonly id: number; readonly message: string; readonly stack?: string };
