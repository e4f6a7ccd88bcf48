// What a consumer asks of the analysis worker and what it gets back (client.ts runs the worker; these are its
// public shapes, apart so the client stays about running it).
import type { FileReader } from '../ci/fileReader';
import type { IncludeFetcher } from '../ci/include/fetcher';
import type { PipelineContext } from '../ci/model';
import type { VerifyInput } from '../ci/verify/verifyInput';
import type { HostModel } from './hostModel';

export interface AnalysisLimits {
  /** Wall-clock budget of one analysis, file reads included. */
  readonly timeMs: number;
  /** The worker's V8 old-generation heap limit. */
  readonly memoryMiB: number;
}

export const DEFAULT_ANALYSIS_LIMITS: AnalysisLimits = { timeMs: 10_000, memoryMiB: 1024 };

export interface AnalysisRequest {
  readonly session: string;
  /** Who asks within the session (the panel, the editor of one root): latest-wins replaces only the same lane's. */
  readonly lane?: string;
  readonly root: string;
  readonly context: PipelineContext;
  readonly reader: FileReader;
  readonly changedFiles?: readonly string[];
  readonly signal?: AbortSignal;
  /** Also build the editor index for the language features (src/editor/); it comes back as `editorJson`. */
  readonly editor?: boolean;
  /** With `lane`: the index and the model come as deltas against the lane's last ones (src/editor/indexDelta.ts, modelDelta.ts). */
  readonly editorDelta?: boolean;
  /** Resolves external includes (project, remote, template, component); without one they stay unresolved. */
  readonly fetcher?: IncludeFetcher;
  /** Also build what "Compare with GitLab" sends and compares; it comes back as `verify`. */
  readonly verify?: boolean;
}

/**
 * How a finished analysis's model travels: the host's summary with the whole model as UTF-8 JSON for the webview
 * (protocol.ts modelJson), or, for an editor request of a lane, as a ModelDelta (src/editor/modelDelta.ts, UTF-8
 * JSON) alone: its consumer decodes the whole model, so a summary beside it would only be copied between threads
 * (about a millisecond per keystroke for 1,421 jobs, half of it on the host's thread) and never read.
 */
export type ModelCarriage =
  | { readonly model: HostModel; readonly json: Uint8Array; readonly modelDelta?: undefined }
  | { readonly model?: undefined; readonly json?: undefined; readonly modelDelta: Uint8Array };

export type AnalysisOutcome =
  | ({
      readonly kind: 'done';
      readonly ms: number;
      /** The worker sent an earlier result again: every file and fetch it depended on was unchanged. */
      readonly reused?: boolean;
      readonly editorJson?: Uint8Array;
      readonly verify?: VerifyInput;
    } & ModelCarriage)
  /** A newer request for the same session took this one's place before it started. */
  | { readonly kind: 'superseded' }
  | { readonly kind: 'cancelled' }
  /** The worker was stopped: the analysis hit its time budget or its heap limit. */
  | { readonly kind: 'limit'; readonly limit: 'time' | 'memory'; readonly message: string }
  /** The engine threw, or the worker died for another reason. */
  | { readonly kind: 'failed'; readonly message: string; readonly detail?: string };
