// One CI root's analysis for the editor's language features: the root `.gitlab-ci.yml`, the reader of its
// project (editor buffers first), the project folder's worker session (shared with the graph panel, so the same
// root and context is analysed once for both: src/analysis/inputMemo.ts), debounced re-analysis on edits of the files that feed
// it, and the last good EditorModel. Providers read `current()`, which never waits: between a keystroke and the
// next model, the edited file's index is moved by the edits made since (src/editor/lineShift.ts).
import * as vscode from 'vscode';
import type { AnalysisWorker } from '../../analysis/client';
import { defaultContext } from '../../ci/analyze';
import type { FileReader } from '../../ci/fileReader';
import type { PipelineContext } from '../../ci/model';
import type { EditorIndex } from '../../editor/editorIndex';
import { EditorModel } from '../../editor/editorModel';
import { DeltaReceiver, type IndexDelta } from '../../editor/indexDelta';
import { ModelDeltaReceiver, type ModelDelta } from '../../editor/modelDelta';
import { shiftFileIndex, type ChangeEvent } from '../../editor/lineShift';
import type { CiRoot } from '../ciRoot';
import { log } from '../log';
import { WorkspaceReader } from '../workspaceReader';
import type { IncludeFetcher } from '../../ci/include/fetcher';

/** Short: the worker queue is latest-wins, so typing never piles up analyses. */
const DEBOUNCE_MS = 75;
let sessions = 0;

export interface Snapshot {
  readonly em: EditorModel;
  /** The file's repository-relative path. */
  readonly file: string;
  /** The file changed since the model was made (positions were moved; diagnostics are not fixable). */
  readonly stale: boolean;
}

interface Analysed {
  readonly em: EditorModel;
  /** The document version each open file had when the worker read it. */
  readonly versions: ReadonlyMap<string, number>;
}

export class RootAnalysis implements vscode.Disposable {
  readonly reader: WorkspaceReader;
  private readonly session: string;
  /** This root's requests replace only its own queued ones (not the panel's, nor another root's). */
  private readonly lane = `editor-${++sessions}`;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last: Analysed | undefined;
  /** Change events per open file since the last model's read, tagged with the version they produced. */
  private readonly edits = new Map<string, { version: number; event: ChangeEvent }[]>();
  private readonly shifted = new Map<string, { version: number; em: EditorModel }>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** A new model arrived (CodeLens refreshes on it). */
  readonly onDidChange = this.changed.event;
  /** Resolves when the latest scheduled analysis is done (tests and the bench await it). */
  analysed: Promise<void> = Promise.resolve();
  /** How long the last analysis took, in the worker and decoding on this thread. */
  lastTimings = { workerMs: 0, decodeMs: 0 };
  /** The editor index arrives as a delta against the last one received (only the edited file's index travels). */
  private readonly received = new DeltaReceiver();
  /** So does the model (only the jobs whose JSON changed travel and are parsed here). */
  private readonly receivedModel = new ModelDeltaReceiver();
  /** The receiver lost track (it should not happen): the next analysis asks for the whole index. */
  private wantWhole = false;

  constructor(
    readonly root: CiRoot,
    private readonly analysis: AnalysisWorker,
    private readonly context: () => Promise<PipelineContext>,
    private readonly includeFetcher?: () => Promise<IncludeFetcher | undefined>,
  ) {
    this.reader = new WorkspaceReader(root.base);
    this.session = analysis.acquireSession(root.base.toString());
    this.reader.onDidChangeFiles((c) => {
      if (c.kind !== 'change' || this.feeds(c.uri)) this.schedule();
    });
  }

  /** Whether a file is one of this root's CI files (the root, or a file the last model read). */
  feeds(uri: vscode.Uri): boolean {
    if (uri.toString() === this.root.uri.toString()) return true;
    const file = this.reader.relativeOf(uri);
    return file !== undefined && this.last?.em.file(file) !== undefined;
  }

  /** An edit of one of the open CI files: remember how it moves lines, and analyse again soon. */
  noteEdit(e: vscode.TextDocumentChangeEvent): void {
    const file = this.reader.relativeOf(e.document.uri);
    if (file === undefined) return;
    const event = e.contentChanges.map((c) => ({
      startLine: c.range.start.line + 1,
      endLine: c.range.end.line + 1,
      insertedBreaks: c.text.split('\n').length - 1,
    }));
    this.edits.set(file, [...(this.edits.get(file) ?? []), { version: e.document.version, event }]);
    this.schedule();
  }

  schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.analysed = this.run();
    }, DEBOUNCE_MS);
  }

  /** Analyses now (the first time a file of this root is opened). */
  start(): Promise<void> {
    this.analysed = this.run();
    return this.analysed;
  }

  /** The last model as it was made (for workspace symbols), if any. */
  get latest(): EditorModel | undefined {
    return this.last?.em;
  }

  /** The last model, with the document's edits since then applied to its positions. Never waits. */
  current(doc: vscode.TextDocument): Snapshot | undefined {
    const last = this.last;
    const file = this.reader.relativeOf(doc.uri);
    if (!last || file === undefined || !last.em.file(file)) return undefined;
    const read = last.versions.get(file);
    if (read === undefined || read === doc.version) {
      return { em: last.em, file, stale: read !== undefined && read !== doc.version };
    }
    const cached = this.shifted.get(file);
    if (cached?.version === doc.version) return { em: cached.em, file, stale: true };
    const events = (this.edits.get(file) ?? []).filter((x) => x.version > read).map((x) => x.event);
    const index: EditorIndex = {
      ...last.em.index,
      files: last.em.index.files.map((f) => (f.file === file ? shiftFileIndex(f, events) : f)),
    };
    const em = new EditorModel(last.em.model, index);
    this.shifted.set(file, { version: doc.version, em });
    return { em, file, stale: true };
  }

  private async run(): Promise<void> {
    const versions = new Map<string, number>();
    const reader = this.recordingReader(versions);
    const context = await this.context();
    const fetcher = await this.includeFetcher?.().catch(() => undefined);
    const outcome = await this.analysis.analyze({
      session: this.session,
      lane: this.lane,
      root: this.root.path,
      reader,
      context,
      editor: true,
      editorDelta: !this.wantWhole,
      ...(fetcher ? { fetcher } : {}),
    });
    // An editor request of a lane always gets the index and the model as deltas (src/analysis/worker.ts).
    if (outcome.kind !== 'done' || !outcome.editorJson || !outcome.modelDelta) {
      if (outcome.kind === 'failed' || outcome.kind === 'limit') {
        log().warn(`language features: ${this.root.path}: ${outcome.message}`);
      }
      return;
    }
    const t0 = performance.now();
    const decoder = new TextDecoder();
    const model = this.receivedModel.decode(JSON.parse(decoder.decode(outcome.modelDelta)) as ModelDelta);
    const index = this.received.decode(JSON.parse(decoder.decode(outcome.editorJson)) as EditorIndex | IndexDelta);
    this.wantWhole = index === undefined || model === undefined;
    if (!index || !model) {
      this.schedule();
      return;
    }
    this.lastTimings = { workerMs: outcome.ms, decodeMs: performance.now() - t0 };
    // A model that lost every job (a half-typed edit that breaks the YAML) keeps the last good one, like the panel;
    // its positions keep following the edits.
    if (model.jobs.length === 0 && (this.last?.em.model.jobs.length ?? 0) > 0) return;
    this.last = { em: new EditorModel(model, index), versions };
    this.shifted.clear();
    for (const [file, list] of this.edits) {
      const read = versions.get(file);
      const kept = read === undefined ? [] : list.filter((x) => x.version > read);
      if (kept.length > 0) this.edits.set(file, kept);
      else this.edits.delete(file);
    }
    this.changed.fire();
  }

  /** The project's reader, remembering the version of each open document it serves. */
  private recordingReader(versions: Map<string, number>): FileReader {
    return {
      read: (path) => {
        const uri = this.reader.uriOf(path);
        const doc = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        // Recorded before the read: the reader takes an open document's text synchronously, at this version.
        if (doc) versions.set(path, doc.version);
        return this.reader.read(path);
      },
      list: () => this.reader.list(),
    };
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.analysis.releaseSession(this.root.base.toString());
    this.reader.dispose();
    this.changed.dispose();
  }
}

export function defaultEditorContext(
  projectContext?: () => Promise<Pick<PipelineContext, 'projectPath' | 'serverUrl'>>,
): () => Promise<PipelineContext> {
  return async () => ({ ...((await projectContext?.().catch(() => ({}))) ?? {}), ...defaultContext() });
}
