// The host ↔ webview contract. Pure: no `vscode`, no DOM, so both bundles and the unit tests import it.
// Messages are tagged with `type`; each direction is one discriminated union. The host treats everything the
// webview sends as untrusted and only acts on values that pass `isFromWebview`.
import type { FlowModel, PipelineContext } from './ci/model';
import { isDownstreamPath, isJobName, isPipelineContext, isRecord, isString, limits } from './protocolGuards';

export type LayoutMode = 'stages' | 'needs';

/** Shown above the graph. `stale` means the graph is the last good model, not the current text. */
export interface Banner {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Where the problem is, as `file:line`, when known. */
  location?: string;
  stale: boolean;
}

/** What the webview persists with `setState` (and the serializer hands back after a reload). */
export interface ViewState {
  version: 1;
  transform: { x: number; y: number; k: number };
  /** The selected (focused) job name, or null. */
  selected: string | null;
  layout: LayoutMode;
  /** Parallel/matrix groups shown expanded, by group name. */
  expanded: string[];
  /** The pipeline context the user picked; null until they pick one (the host then uses its default). */
  context: PipelineContext | null;
  search: string;
  /** The text alternative (job list) is open. */
  textView: boolean;
  /** The root CI file's URI the panel showed, so a restored panel can find it again. */
  root: string | null;
  /** Focus mode: the job (or group) whose lineage alone is shown; null shows the whole pipeline. */
  focus: string | null;
  /** Stage columns shown collapsed into one summary card, by stage name. */
  collapsedStages: string[];
  /**
   * Downstream pipelines whose expansion the user flipped from the default (collapsed above 12 jobs, else
   * expanded), by their node id (`downstreamPath`). Added within version 1: an older state restores as none.
   */
  downstreamToggled: string[];
}

// ---------------------------------------------------------------- host → webview

/**
 * A new model (or the same model with a new banner). `model` is null until the first good analysis. The host
 * sends a big model as `modelJson` (UTF-8 JSON bytes made by the analysis worker) with `model: null`: VS Code
 * passes byte arrays through without encoding them again, so the extension host never spends its own thread
 * serialising a model that can run to tens of megabytes. `modelOf` reads either form.
 */
export interface DidChangeModelMessage {
  type: 'didChangeModel';
  model: FlowModel | null;
  modelJson?: Uint8Array;
  banner: Banner | null;
  /** The root file as shown to the user (workspace-relative). */
  rootLabel: string;
  /** The root file's URI, kept in the view state so a restored panel reopens the same pipeline. */
  rootUri: string;
  /**
   * The workspace's current git branch (null: detached or unknown), when the host knows it. A merge request context
   * picked in the panel then defaults to it as the source branch, with the default branch as the target.
   */
  gitBranch?: string | null;
}
/** The model as UTF-8 JSON bytes (what `modelJson` carries). */
export function encodeModel(model: FlowModel): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(model));
}

/** The model a didChangeModel message carries, in either form; null when it carries none. */
export function modelOf(message: DidChangeModelMessage): FlowModel | null {
  if (message.model) return message.model;
  if (message.modelJson instanceof Uint8Array) {
    return JSON.parse(new TextDecoder().decode(message.modelJson)) as FlowModel;
  }
  return null;
}

/** Select and scroll to a job (e.g. after the editor's cursor moved into its definition). */
export interface RevealJobInGraphMessage {
  type: 'revealJob';
  job: string;
}
/** Enter focus mode on a job (its lineage only), e.g. from the editor's CodeLens. */
export interface FocusJobMessage {
  type: 'focusJob';
  job: string;
}
/** Ask the webview for its SVG (the "Export Graph as SVG" command); it answers with `exportSvg`. */
export interface RequestSvgMessage {
  type: 'requestSvg';
  requestId: number;
}

/** A real job of the chosen GitLab pipeline, as the graph's job cards show it (plain JSON). */
export interface JobStatusInfo {
  jobId: number;
  /** GitLab's job status: success, failed, running, pending, manual, skipped, canceled, created, … */
  status: string;
  /** Artifact archive size in bytes; absent when there is no archive. */
  artifactsSize?: number;
  /** ISO time when the artifacts expire; absent when they are kept (or there is no archive). */
  expiresAt?: string;
  /** Why there is no archive to download (expired, still running, none). */
  noArchiveReason?: string;
}

/** The chosen (or latest) pipeline's jobs by name. */
export interface PipelineStatuses {
  pipelineId: number;
  /** The pipeline's branch or tag, when GitLab tells. */
  ref?: string;
  jobs: Record<string, JobStatusInfo>;
}

/** Real job statuses for the job cards; null when not connected to GitLab or there is no pipeline. */
export interface DidChangeJobStatusesMessage {
  type: 'didChangeJobStatuses';
  statuses: PipelineStatuses | null;
}

export type ToWebview =
  DidChangeModelMessage | RevealJobInGraphMessage | RequestSvgMessage | DidChangeJobStatusesMessage | FocusJobMessage;

// ---------------------------------------------------------------- webview → host

/** The webview script is running; the host may post. Carries the context restored from the webview state. */
export interface ReadyMessage {
  type: 'ready';
  context: PipelineContext | null;
  root: string | null;
}
/** Open the job's definition in the editor. */
export interface RevealJobMessage {
  type: 'revealJob';
  job: string;
  /**
   * A job of a child pipeline: the downstream path of its frame (`downstreamPath`); absent for the parent's own
   * jobs. The host looks the job up in the model it holds under that path, never trusting a file from the webview.
   */
  pipeline?: string;
}
/** Recompute with this pipeline context. */
export interface SetContextMessage {
  type: 'setContext';
  context: PipelineContext;
}
export interface CopyJobNameMessage {
  type: 'copyJobName';
  job: string;
}
/** The serialized SVG; `requestId` answers a `requestSvg`, null when the user pressed the panel's export button. */
export interface ExportSvgMessage {
  type: 'exportSvg';
  requestId: number | null;
  svg: string;
}
/** A job's hover card was shown (pointer or keyboard focus) for the first time in this webview: the walkthrough's step. */
export interface JobHoveredMessage {
  type: 'jobHovered';
}
/** A webview-side failure worth logging. */
export interface LogMessage {
  type: 'log';
  level: 'info' | 'warn' | 'error';
  message: string;
}

export type FromWebview =
  | ReadyMessage
  | RevealJobMessage
  | SetContextMessage
  | CopyJobNameMessage
  | ExportSvgMessage
  | JobHoveredMessage
  | LogMessage;

// ---------------------------------------------------------------- validation (the field guards: protocolGuards.ts)

export { downstreamPath, isDownstreamPath, isPipelineContext, isPipelineSource, limits } from './protocolGuards';

/** The host's gate for webview input: true only for a well-formed `FromWebview` message. */
export function isFromWebview(x: unknown): x is FromWebview {
  if (!isRecord(x) || typeof x.type !== 'string') return false;
  switch (x.type) {
    case 'ready':
      return (x.context === null || isPipelineContext(x.context)) && (x.root === null || isString(x.root, limits.text));
    case 'revealJob':
      return isJobName(x.job) && (!('pipeline' in x) || x.pipeline === undefined || isDownstreamPath(x.pipeline));
    case 'copyJobName':
      return isJobName(x.job);
    case 'setContext':
      return isPipelineContext(x.context);
    case 'exportSvg':
      return (
        (x.requestId === null || (typeof x.requestId === 'number' && Number.isInteger(x.requestId))) &&
        isString(x.svg, limits.svg) &&
        x.svg.trimStart().startsWith('<svg')
      );
    case 'jobHovered':
      return true;
    case 'log':
      return (x.level === 'info' || x.level === 'warn' || x.level === 'error') && isString(x.message);
    default:
      return false;
  }
}

/** A sane default view state; `restoreViewState` fills missing or malformed fields from it. */
export function defaultViewState(): ViewState {
  return {
    version: 1,
    transform: { x: 0, y: 0, k: 1 },
    selected: null,
    layout: 'stages',
    expanded: [],
    context: null,
    search: '',
    textView: false,
    root: null,
    focus: null,
    collapsedStages: [],
    downstreamToggled: [],
  };
}

function finite(x: unknown, fallback: number): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : fallback;
}

/** Reads a persisted view state defensively (it may come from an older version or be absent). */
export function restoreViewState(x: unknown): ViewState {
  const d = defaultViewState();
  if (!isRecord(x) || x.version !== 1) return d;
  const t = isRecord(x.transform) ? x.transform : {};
  const k = finite(t.k, 1);
  return {
    version: 1,
    transform: { x: finite(t.x, 0), y: finite(t.y, 0), k: k > 0 ? k : 1 },
    selected: isJobName(x.selected) ? x.selected : null,
    layout: x.layout === 'needs' ? 'needs' : 'stages',
    expanded: Array.isArray(x.expanded) ? x.expanded.filter((g): g is string => isJobName(g)) : [],
    context: isPipelineContext(x.context) ? x.context : null,
    search: isString(x.search, limits.name) ? x.search : '',
    textView: x.textView === true,
    root: isString(x.root) ? x.root : null,
    focus: isJobName(x.focus) ? x.focus : null,
    collapsedStages: Array.isArray(x.collapsedStages) ? x.collapsedStages.filter((g): g is string => isJobName(g)) : [],
    downstreamToggled: Array.isArray(x.downstreamToggled)
      ? x.downstreamToggled.filter((g): g is string => isDownstreamPath(g)).slice(0, limits.toggled)
      : [],
  };
}

/**
 * The `data-vscode-context` payload on a job node; the `webview/context` menu's `when` clauses read it. A job of a
 * child pipeline is a `childJob` with its frame's `pipeline` path: it offers Reveal Job and Copy Job Name, not the
 * GitLab artifact commands (they look jobs up in the parent pipeline).
 */
export type JobMenuContext =
  | { webviewSection: 'job'; jobName: string; preventDefaultContextMenuItems: true }
  | { webviewSection: 'childJob'; jobName: string; pipeline: string; preventDefaultContextMenuItems: true };

/** The argument VS Code passes to a `webview/context` command: the node's context merged with `webview`. */
export function jobNameFromMenuArg(x: unknown): string | undefined {
  if (!isRecord(x) || x.webviewSection !== 'job') return undefined;
  return isJobName(x.jobName) ? x.jobName : undefined;
}

/** A job the menu was opened on, in the parent pipeline (`pipeline` absent) or in a child pipeline. */
export interface JobRef {
  job: string;
  pipeline?: string;
}

/** Reveal Job and Copy Job Name read any job card's menu argument, a child pipeline's jobs' included. */
export function jobRefFromMenuArg(x: unknown): JobRef | undefined {
  if (!isRecord(x)) return undefined;
  if (x.webviewSection === 'job') return isJobName(x.jobName) ? { job: x.jobName } : undefined;
  if (x.webviewSection !== 'childJob') return undefined;
  return isJobName(x.jobName) && isDownstreamPath(x.pipeline) ? { job: x.jobName, pipeline: x.pipeline } : undefined;
}
