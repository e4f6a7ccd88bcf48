// The pipeline graph panel: one per window, beside the editor. It follows the active CI file, re-analyses on
// edits (debounced, unsaved buffers included), publishes diagnostics, and keeps the last good graph on errors.
import * as vscode from 'vscode';
import type { AnalysisWorker } from '../analysis/client';
import type { HostJob, HostModel } from '../analysis/hostModel';
import { defaultContext } from '../ci/analyze';
import type { PipelineContext } from '../ci/model';
import { isFromWebview, restoreViewState } from '../protocol';
import type { Banner, DidChangeJobStatusesMessage, FromWebview, JobStatusInfo, ToWebview } from '../protocol';
import { findRootAbove, isRootCiFile, pickRoot, rootFor } from './ciRoot';
import type { CiRoot } from './ciRoot';
import { publishDiagnostics, toRange } from './diagnostics';
import { log, showError } from './log';
import { jobAtLine, present } from './modelStatus';
import { webviewHtml } from './webviewHtml';
import { WorkspaceReader } from './workspaceReader';

const debounceMs = 150;
/** Model updates (edits) refetch the job statuses at most this often; a connection change always refetches. */
const statusMaxAgeMs = 30_000;

/** Where the job cards' real statuses come from (the GitLab connection); structural so the panel stays testable. */
export interface JobStatusSource {
  readonly onDidChange: vscode.Event<void>;
  /** Undefined when not connected or there is no pipeline; must not touch the network when not connected. */
  jobCards(signal?: AbortSignal): Promise<{ pipelineId: number; ref?: string; cards: Record<string, JobStatusInfo> } | undefined>;
}

export interface PanelServices {
  extensionUri: vscode.Uri;
  diagnostics: vscode.DiagnosticCollection;
  /** Runs the engine off the extension host's main thread, bounded in time and memory. */
  analysis: AnalysisWorker;
  statuses?: JobStatusSource;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')] };
}

export class PipelinePanel {
  static readonly viewType = 'gitlabArtifactFlow.graph';
  static current: PipelinePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private root: CiRoot | undefined;
  private reader: WorkspaceReader | undefined;
  private context: PipelineContext = defaultContext();
  private contextChosen = false;
  private lastGood: HostModel | null = null;
  /** lastGood as the worker encoded it: what the webview is sent (see protocol.ts modelJson). */
  private lastGoodJson: Uint8Array | undefined;
  private ciFiles = new Set<string>();
  private ready = false;
  private pending: ToWebview[] = [];
  private lastModelMessage: ToWebview | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private selectionTimer: ReturnType<typeof setTimeout> | undefined;
  private readerSubscription: vscode.Disposable | undefined;
  private generation = 0;
  private editorColumn: vscode.ViewColumn = vscode.ViewColumn.One;
  private nextRequest = 1;
  private readonly svgRequests = new Map<number, (svg: string | undefined) => void>();
  /** Resolves when the first analysis after a root change has been posted (tests and commands await it). */
  private analysed: Promise<void> = Promise.resolve();
  /** The worker keeps parsed files per session (an edit re-parses only the file that changed). */
  private session = '';
  private static sessions = 0;
  private lastStatusesMessage: DidChangeJobStatusesMessage | undefined;
  private statusFetch: AbortController | undefined;
  private statusFetchedAt = 0;
  private lastStatusError: string | undefined;

  static async createOrShow(services: PanelServices, target?: vscode.Uri): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const file = target ?? (editor && editor.document.uri.scheme !== 'untitled' ? editor.document.uri : undefined);
    const column = editor?.viewColumn ?? vscode.ViewColumn.One;
    let rootUri = file ? await findRootAbove(file) : undefined;
    const current = PipelinePanel.current;
    if (current) {
      if (file && current.ciFiles.has(file.toString())) rootUri = current.root?.uri;
      current.editorColumn = column;
      current.panel.reveal(vscode.ViewColumn.Beside, true);
      if (rootUri && rootUri.toString() !== current.root?.uri.toString()) await current.setRoot(rootUri);
      return;
    }
    rootUri ??= await pickRoot();
    const panel = vscode.window.createWebviewPanel(PipelinePanel.viewType, 'Pipeline Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(services.extensionUri));
    const p = new PipelinePanel(panel, services);
    p.editorColumn = column;
    if (rootUri) await p.setRoot(rootUri);
    else p.post({ type: 'didChangeModel', model: null, banner: { severity: 'info', message: 'No .gitlab-ci.yml found in this workspace.', stale: false }, rootLabel: '', rootUri: '' });
  }

  /** Re-creates the panel after a window reload, from the webview's saved state. */
  static async revive(panel: vscode.WebviewPanel, services: PanelServices, state: unknown): Promise<void> {
    panel.webview.options = webviewOptions(services.extensionUri);
    const p = new PipelinePanel(panel, services);
    const saved = restoreViewState(state);
    if (saved.context) {
      p.context = saved.context;
      p.contextChosen = true;
    }
    let rootUri: vscode.Uri | undefined;
    if (saved.root) {
      try {
        const uri = vscode.Uri.parse(saved.root, true);
        if (vscode.workspace.getWorkspaceFolder(uri) && isRootCiFile(uri)) rootUri = uri;
      } catch (e) {
        log().warn('Ignoring a malformed saved root', e);
      }
    }
    const editor = vscode.window.activeTextEditor?.document.uri;
    rootUri ??= editor ? await findRootAbove(editor) : undefined;
    rootUri ??= (await vscode.workspace.findFiles('**/.gitlab-ci.yml', '**/node_modules/**', 1))[0];
    if (rootUri) await p.setRoot(rootUri);
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly services: PanelServices) {
    PipelinePanel.current = this;
    panel.webview.html = webviewHtml(panel.webview, services.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'icon.svg');
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), null, this.disposables);
    panel.onDidChangeViewState((e) => {
      // A hidden webview is destroyed (no retainContextWhenHidden); it re-sends `ready` when shown again.
      if (!e.webviewPanel.visible) this.ready = false;
    }, null, this.disposables);
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && this.ciFiles.has(e.document.uri.toString())) this.schedule();
    }, null, this.disposables);
    vscode.workspace.onDidCloseTextDocument((d) => {
      // Closing an unsaved buffer reverts to the disk version.
      if (this.ciFiles.has(d.uri.toString())) this.schedule();
    }, null, this.disposables);
    vscode.window.onDidChangeActiveTextEditor((editor) => { if (editor) void this.follow(editor); }, null, this.disposables);
    vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e), null, this.disposables);
    services.statuses?.onDidChange(() => void this.refreshStatuses(), null, this.disposables);
  }

  /**
   * Fetches the chosen pipeline's job statuses and posts them (null when not connected). Only the newest
   * request counts; failures go to the log (once per distinct error), never to a notification.
   */
  private async refreshStatuses(): Promise<void> {
    const source = this.services.statuses;
    if (!source) return;
    this.statusFetch?.abort();
    const controller = new AbortController();
    this.statusFetch = controller;
    this.statusFetchedAt = Date.now();
    try {
      const r = await source.jobCards(controller.signal);
      if (controller.signal.aborted || this.statusFetch !== controller) return;
      this.lastStatusError = undefined;
      this.post({ type: 'didChangeJobStatuses', statuses: r ? { pipelineId: r.pipelineId, ...(r.ref ? { ref: r.ref } : {}), jobs: r.cards } : null });
    } catch (e) {
      if (controller.signal.aborted) return;
      const message = e instanceof Error ? e.message : String(e);
      if (message !== this.lastStatusError) log().warn(`Could not load the pipeline's job statuses: ${message}`);
      this.lastStatusError = message;
    } finally {
      if (this.statusFetch === controller) this.statusFetch = undefined;
    }
  }

  /** Job statuses as of now (tests and commands await it). */
  whenStatusesRefreshed(): Promise<void> {
    return this.refreshStatuses();
  }

  /** The cursor moved in a CI file: select the job it is in (the graph centres it if it is out of view). */
  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    const uri = e.textEditor.document.uri;
    if (!this.ciFiles.has(uri.toString()) || e.kind === vscode.TextEditorSelectionChangeKind.Command) return;
    if (this.selectionTimer !== undefined) clearTimeout(this.selectionTimer);
    this.selectionTimer = setTimeout(() => {
      this.selectionTimer = undefined;
      const file = this.reader?.relativeOf(uri);
      const line = e.selections[0]?.active.line;
      if (file === undefined || line === undefined || !this.lastGood) return;
      const job = jobAtLine(this.lastGood.jobs, file, line + 1);
      if (job !== undefined) this.post({ type: 'revealJob', job });
    }, 250);
  }

  /** Disk changes: a CI file changed outside an editor, or files appeared/disappeared (wildcards, rules:exists). */
  private onFileChange(change: { uri: vscode.Uri; kind: 'create' | 'change' | 'delete' }): void {
    const key = change.uri.toString();
    if (change.kind !== 'change') {
      this.schedule();
      return;
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (this.ciFiles.has(key) && !open?.isDirty) this.schedule();
  }

  /** The model currently drawn (for commands such as Reveal Job and the tests). */
  get model(): HostModel | null {
    return this.lastGood;
  }

  whenAnalysed(): Promise<void> {
    return this.analysed;
  }

  private async follow(editor: vscode.TextEditor): Promise<void> {
    const uri = editor.document.uri;
    if (editor.viewColumn !== undefined) this.editorColumn = editor.viewColumn;
    if (this.ciFiles.has(uri.toString()) || !isRootCiFile(uri)) return;
    if (uri.toString() !== this.root?.uri.toString()) await this.setRoot(uri);
  }

  async setRoot(uri: vscode.Uri): Promise<void> {
    const root = await rootFor(uri);
    this.root = root;
    if (this.reader?.base.toString() !== root.base.toString()) {
      this.readerSubscription?.dispose();
      this.reader?.dispose();
      this.reader = new WorkspaceReader(root.base);
      if (this.session) this.services.analysis.dropSession(this.session);
      this.session = `panel-${++PipelinePanel.sessions}`;
      this.readerSubscription = this.reader.onDidChangeFiles((c) => this.onFileChange(c));
    }
    this.lastGood = null;
    this.lastGoodJson = undefined;
    this.ciFiles = new Set([uri.toString()]);
    this.panel.title = `Pipeline: ${vscode.workspace.asRelativePath(uri)}`;
    this.updateContextKey();
    this.analysed = this.run();
    await this.analysed;
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.analysed = this.run();
    }, debounceMs);
  }

  private async run(): Promise<void> {
    const root = this.root;
    const reader = this.reader;
    if (!root || !reader) return;
    const generation = ++this.generation;
    const outcome = await this.services.analysis.analyze({ session: this.session, root: root.path, reader, context: this.context });
    if (generation !== this.generation) return; // a newer edit already started another analysis
    switch (outcome.kind) {
      case 'superseded':
      case 'cancelled':
        return;
      case 'failed':
        showError('Could not analyse the pipeline configuration', new Error(outcome.detail ?? outcome.message));
        this.postModel(this.lastGoodJson, { severity: 'error', message: 'The analysis failed; see the log (GitLab Artifact Flow output).', stale: this.lastGood !== null }, root.uri);
        return;
      case 'limit': {
        const setting = outcome.limit === 'time' ? 'analysisTimeLimitSeconds' : 'analysisMemoryLimitMiB';
        log().warn(`${root.path}: ${outcome.message} (gitlabArtifactFlow.${setting})`);
        // With a last good graph the webview adds "Showing the last graph that could be computed" (stale).
        this.postModel(this.lastGoodJson, { severity: 'error', message: `${outcome.message} The limit is the setting gitlabArtifactFlow.${setting}.`, stale: this.lastGood !== null }, root.uri);
        return;
      }
      case 'done':
        break;
    }
    const model = outcome.model;
    log().debug(`analysed ${root.path}: ${model.jobs.length} jobs, ${model.diagnostics.length} diagnostics in ${Math.round(outcome.ms)} ms (worker)`);
    this.ciFiles = new Set([root.uri.toString(), ...model.includes.flatMap((i) => i.files).map((f) => reader.uriOf(f)?.toString()).filter((s): s is string => s !== undefined)]);
    this.updateContextKey();
    publishDiagnostics(this.services.diagnostics, model, (f) => reader.uriOf(f));
    const shown = present(model, this.lastGood);
    const json = (m: HostModel | null): Uint8Array | undefined => (m === model ? outcome.json : m === this.lastGood ? this.lastGoodJson : undefined);
    const shownJson = json(shown.model);
    const goodJson = json(shown.good);
    this.lastGood = shown.good;
    this.lastGoodJson = goodJson;
    this.postModel(shownJson, shown.banner, root.uri);
    // Statuses change while a pipeline runs: a model update refreshes them when they are older than statusMaxAgeMs.
    if (this.statusFetch === undefined && Date.now() - this.statusFetchedAt > statusMaxAgeMs) void this.refreshStatuses();
  }

  /** Posts a model (the bytes the worker encoded: the host never serialises a model itself) with its banner. */
  private postModel(json: Uint8Array | undefined, banner: Banner | null, rootUri: vscode.Uri): void {
    const base = { type: 'didChangeModel' as const, model: null, banner, rootLabel: vscode.workspace.asRelativePath(rootUri), rootUri: rootUri.toString() };
    this.post(json ? { ...base, modelJson: json } : base);
  }

  private updateContextKey(): void {
    // `resourcePath in gitlabArtifactFlow.ciFiles` shows the editor-title button on included files too.
    const paths = [...this.ciFiles].flatMap((s) => { const u = vscode.Uri.parse(s); return [u.fsPath, u.path]; });
    void vscode.commands.executeCommand('setContext', 'gitlabArtifactFlow.ciFiles', [...new Set(paths)]);
  }

  private post(message: ToWebview): void {
    if (message.type === 'didChangeModel' || message.type === 'didChangeJobStatuses') {
      if (message.type === 'didChangeModel') this.lastModelMessage = message;
      else this.lastStatusesMessage = message;
      // Only the latest model (and the latest statuses) matter: drop queued older ones.
      this.pending = this.pending.filter((m) => m.type !== message.type);
    }
    if (!this.ready) {
      this.pending.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private onMessage(raw: unknown): void {
    if (!isFromWebview(raw)) {
      log().warn('Ignored a malformed message from the webview');
      return;
    }
    const m: FromWebview = raw;
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        if (m.context && !this.contextChosen) {
          this.context = m.context;
          this.contextChosen = true;
          this.schedule();
        }
        // A re-created webview (shown again after being hidden) gets the current model again.
        if (this.lastModelMessage && !this.pending.some((p) => p.type === 'didChangeModel')) this.pending.unshift(this.lastModelMessage);
        if (this.lastStatusesMessage && !this.pending.some((p) => p.type === 'didChangeJobStatuses')) this.pending.push(this.lastStatusesMessage);
        for (const p of this.pending.splice(0)) void this.panel.webview.postMessage(p);
        if (this.statusFetch === undefined && Date.now() - this.statusFetchedAt > statusMaxAgeMs) void this.refreshStatuses();
        break;
      }
      case 'revealJob':
        void this.revealJob(m.job);
        break;
      case 'copyJobName':
        void vscode.env.clipboard.writeText(m.job);
        break;
      case 'setContext':
        this.context = m.context;
        this.contextChosen = true;
        this.analysed = this.run();
        break;
      case 'exportSvg': {
        const waiting = m.requestId === null ? undefined : this.svgRequests.get(m.requestId);
        if (waiting && m.requestId !== null) {
          this.svgRequests.delete(m.requestId);
          waiting(m.svg);
        } else {
          void this.saveSvg(m.svg);
        }
        break;
      }
      case 'log':
        log()[m.level](`[webview] ${m.message}`);
        break;
    }
  }

  findJob(name: string): HostJob | undefined {
    const jobs = this.lastGood?.jobs ?? [];
    return jobs.find((j) => j.name === name) ?? jobs.find((j) => j.group === name);
  }

  async revealJob(name: string): Promise<void> {
    const job = this.findJob(name);
    const uri = job && this.reader?.uriOf(job.file);
    if (!job || !uri) {
      void vscode.window.showWarningMessage(`Job "${name}" is not in the current pipeline graph.`);
      return;
    }
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const range = toRange(job.range);
      await vscode.window.showTextDocument(doc, { viewColumn: this.editorColumn, selection: range, preserveFocus: false });
    } catch (e) {
      showError(`Could not open ${job.file}`, e);
    }
  }

  /** Asks the webview for the SVG of the whole graph (undefined if it does not answer in 10 s). */
  requestSvg(): Promise<string | undefined> {
    const requestId = this.nextRequest++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.svgRequests.delete(requestId); resolve(undefined); }, 10_000);
      this.svgRequests.set(requestId, (svg) => { clearTimeout(timer); resolve(svg); });
      this.post({ type: 'requestSvg', requestId });
    });
  }

  async saveSvg(svg: string): Promise<void> {
    const base = this.root?.base ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      ...(base ? { defaultUri: vscode.Uri.joinPath(base, 'pipeline-artifact-flow.svg') } : {}),
      filters: { 'SVG image': ['svg'] },
      title: 'Export Pipeline Graph as SVG',
    });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg));
      log().info(`Exported the graph to ${target.toString()}`);
    } catch (e) {
      showError('Could not write the SVG file', e);
    }
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  private dispose(): void {
    if (PipelinePanel.current === this) PipelinePanel.current = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.selectionTimer !== undefined) clearTimeout(this.selectionTimer);
    this.readerSubscription?.dispose();
    this.statusFetch?.abort();
    for (const resolve of this.svgRequests.values()) resolve(undefined);
    this.svgRequests.clear();
    this.reader?.dispose();
    if (this.session) this.services.analysis.dropSession(this.session);
    this.services.diagnostics.clear();
    void vscode.commands.executeCommand('setContext', 'gitlabArtifactFlow.ciFiles', []);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
