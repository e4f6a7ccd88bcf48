// The pipeline graph panel: one per window, beside the editor. Its lifecycle (open, follow the active CI file,
// revive after a reload, dispose) and the glue between its parts: the analysis session (edits → models), the
// webview channel (typed messages), and the status feed (real job statuses).
import * as vscode from 'vscode';
import type { AnalysisWorker } from '../../analysis/client';
import type { HostJob, HostModel } from '../../analysis/hostModel';
import type { IncludeFetcher } from '../../ci/include/fetcher';
import type { PipelineContext } from '../../ci/model';
import { restoreViewState } from '../../protocol';
import type { FromWebview } from '../../protocol';
import { findRootAbove, isRootCiFile, pickRoot } from '../ciRoot';
import { currentBranch } from '../gitlab/gitRepo';
import { originOfUri } from '../gitlab/includeDocuments';
import { log } from '../log';
import { isPipelineTypeSwitch, WalkthroughContext } from '../onboarding/onboardingKeys';
import { markWalkthroughStep } from '../onboarding/walkthroughProgress';
import { webviewHtml } from '../webviewHtml';
import { AnalysisSession } from './analysisSession';
import { revealJobInEditor } from './jobReveal';
import { type JobStatusSource, StatusFeed } from './statusFeed';
import { saveSvgFile } from './svgExport';
import { WebviewChannel } from './webviewChannel';

export type { JobStatusSource } from './statusFeed';

export interface PanelServices {
  extensionUri: vscode.Uri;
  diagnostics: vscode.DiagnosticCollection;
  /** Runs the engine off the extension host's main thread, bounded in time and memory. */
  analysis: AnalysisWorker;
  statuses?: JobStatusSource;
  /** The GitLab project and instance of the workspace's remote, for CI_PROJECT_* / CI_SERVER_* in rules. */
  projectContext?: () => Promise<Pick<PipelineContext, 'projectPath' | 'serverUrl'>>;
  /** External includes through the GitLab connection (undefined when not connected). */
  includeFetcher?: () => Promise<IncludeFetcher | undefined>;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class PipelinePanel {
  static readonly viewType = 'gitlabArtifactFlow.graph';
  static current: PipelinePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly channel: WebviewChannel;
  private readonly session: AnalysisSession;
  private readonly statusFeed: StatusFeed;
  private contextChosen = false;
  private editorColumn: vscode.ViewColumn = vscode.ViewColumn.One;
  private selectionTimer: ReturnType<typeof setTimeout> | undefined;

  static async createOrShow(services: PanelServices, target?: vscode.Uri): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const file = target ?? (editor && editor.document.uri.scheme !== 'untitled' ? editor.document.uri : undefined);
    const column = editor?.viewColumn ?? vscode.ViewColumn.One;
    let rootUri = file ? await findRootAbove(file) : undefined;
    const current = PipelinePanel.current;
    if (current) {
      if (file && current.session.ciFiles.has(file.toString())) rootUri = current.session.rootUri;
      current.editorColumn = column;
      current.panel.reveal(vscode.ViewColumn.Beside, true);
      if (rootUri && rootUri.toString() !== current.session.rootUri?.toString()) await current.setRoot(rootUri);
      return;
    }
    rootUri ??= await pickRoot();
    const panel = vscode.window.createWebviewPanel(
      PipelinePanel.viewType,
      vscode.l10n.t('Pipeline Graph'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(services.extensionUri),
    );
    const p = new PipelinePanel(panel, services);
    p.editorColumn = column;
    if (rootUri) await p.setRoot(rootUri);
    else {
      p.channel.post({
        type: 'didChangeModel',
        model: null,
        banner: {
          severity: 'info',
          message: vscode.l10n.t('No .gitlab-ci.yml found in this workspace.'),
          stale: false,
        },
        rootLabel: '',
        rootUri: '',
      });
    }
  }

  /** Re-creates the panel after a window reload, from the webview's saved state. */
  static async revive(panel: vscode.WebviewPanel, services: PanelServices, state: unknown): Promise<void> {
    panel.webview.options = webviewOptions(services.extensionUri);
    const p = new PipelinePanel(panel, services);
    const saved = restoreViewState(state);
    if (saved.context) {
      p.session.context = saved.context;
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

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly services: PanelServices,
  ) {
    PipelinePanel.current = this;
    this.channel = new WebviewChannel(panel.webview, (m) => this.onMessage(m));
    this.statusFeed = new StatusFeed(services.statuses, (m) => this.channel.post(m));
    this.session = new AnalysisSession({
      analysis: services.analysis,
      diagnostics: services.diagnostics,
      post: (m) => this.channel.post(m),
      onAnalysed: () => this.statusFeed.refreshIfStale(),
      onCiFilesChanged: (files) => updateContextKey(files),
      gitBranch: (folder) => currentBranch(folder),
      ...(services.projectContext ? { projectContext: services.projectContext } : {}),
      ...(services.includeFetcher ? { includeFetcher: services.includeFetcher } : {}),
    });
    panel.webview.html = webviewHtml(panel.webview, services.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'icon.svg');
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => this.channel.receive(m), null, this.disposables);
    panel.onDidChangeViewState(
      (e) => {
        // A hidden webview is destroyed (no retainContextWhenHidden); it re-sends `ready` when shown again.
        if (!e.webviewPanel.visible) this.channel.hidden();
      },
      null,
      this.disposables,
    );
    vscode.window.onDidChangeActiveTextEditor(
      (editor) => {
        if (editor) void this.follow(editor);
      },
      null,
      this.disposables,
    );
    vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e), null, this.disposables);
    services.statuses?.onDidChange(
      () => {
        void this.statusFeed.refresh();
        // A token or target change can resolve (or un-resolve) external includes.
        if (services.includeFetcher) this.session.schedule();
      },
      null,
      this.disposables,
    );
  }

  /** The model currently drawn (what the host keeps of it), for commands such as Reveal Job and the tests. */
  get model(): HostModel | null {
    return this.session.model;
  }

  whenAnalysed(): Promise<void> {
    return this.session.analysed;
  }

  /** Job statuses as of now (tests and commands await it). */
  whenStatusesRefreshed(): Promise<void> {
    return this.statusFeed.refresh();
  }

  async setRoot(uri: vscode.Uri): Promise<void> {
    this.panel.title = vscode.l10n.t('Pipeline: {0}', vscode.workspace.asRelativePath(uri));
    await this.session.setRoot(uri);
  }

  /**
   * The cursor moved in a CI file, however it moved (typing, clicks, Go to Line, Go to Symbol, Reveal Job): select
   * the job it is in (the graph centres it if it is out of view). Debounced, so a run of moves posts once.
   */
  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    const uri = e.textEditor.document.uri;
    if (!this.session.ciFiles.has(uri.toString()) && originOfUri(uri) === undefined) return;
    if (this.selectionTimer !== undefined) clearTimeout(this.selectionTimer);
    this.selectionTimer = setTimeout(() => {
      this.selectionTimer = undefined;
      const line = e.selections[0]?.active.line;
      const job = line === undefined ? undefined : this.session.jobAt(uri, line + 1);
      if (job !== undefined) this.channel.post({ type: 'revealJob', job });
    }, 250);
  }

  private async follow(editor: vscode.TextEditor): Promise<void> {
    const uri = editor.document.uri;
    if (editor.viewColumn !== undefined) this.editorColumn = editor.viewColumn;
    if (this.session.ciFiles.has(uri.toString()) || !isRootCiFile(uri)) return;
    if (uri.toString() !== this.session.rootUri?.toString()) await this.setRoot(uri);
  }

  private onMessage(m: FromWebview): void {
    switch (m.type) {
      case 'ready':
        if (m.context && !this.contextChosen) {
          this.contextChosen = true;
          this.session.setContext(m.context, false);
        }
        this.statusFeed.refreshIfStale();
        return;
      case 'revealJob':
        void this.revealJob(m.job, m.pipeline);
        return;
      case 'copyJobName':
        void vscode.env.clipboard.writeText(m.job);
        return;
      case 'setContext':
        if (isPipelineTypeSwitch(this.session.context, m.context)) {
          markWalkthroughStep(WalkthroughContext.pipelineTypeSwitched);
        }
        this.contextChosen = true;
        this.session.setContext(m.context, true);
        return;
      case 'jobHovered':
        markWalkthroughStep(WalkthroughContext.jobHovered);
        return;
      case 'exportSvg':
        // A reply to requestSvg is taken by the channel; this is the panel's own Export SVG button.
        void this.saveSvg(m.svg);
        return;
      case 'log':
        log()[m.level](`[webview] ${m.message}`);
        return;
      default: {
        const never: never = m;
        log().warn(`Ignored an unknown webview message ${JSON.stringify(never)}`);
      }
    }
  }

  /** A job of the graph; with `pipeline` (a downstream path), a job of that child pipeline. */
  findJob(name: string, pipeline?: string): HostJob | undefined {
    return this.session.findJob(name, pipeline);
  }

  /**
   * Opens the job's definition in the editor column last used (see jobReveal.ts). A child pipeline's job is found
   * by its frame's path in the model the host holds, never by a file named by the webview.
   */
  async revealJob(name: string, pipeline?: string): Promise<void> {
    const job = this.findJob(name, pipeline);
    await revealJobInEditor(name, job, (file) => this.session.uriOf(file), this.editorColumn, pipeline);
  }

  /** Shows only the job's lineage in the graph (focus mode), e.g. for the editor's CodeLens. */
  focusJob(name: string): void {
    this.channel.post({ type: 'focusJob', job: name });
  }

  /** Asks the webview for the SVG of the whole graph (undefined if it does not answer in 10 s). */
  requestSvg(): Promise<string | undefined> {
    return this.channel.requestSvg();
  }

  /** Saves an SVG of the graph where the user picks, starting in the project folder (see svgExport.ts). */
  async saveSvg(svg: string): Promise<void> {
    await saveSvgFile(svg, this.session.base ?? vscode.workspace.workspaceFolders?.[0]?.uri);
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  private dispose(): void {
    if (PipelinePanel.current === this) PipelinePanel.current = undefined;
    if (this.selectionTimer !== undefined) clearTimeout(this.selectionTimer);
    this.session.dispose();
    this.statusFeed.dispose();
    this.channel.dispose();
    this.services.diagnostics.clear();
    updateContextKey(new Set());
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** `resourcePath in gitlabArtifactFlow.ciFiles` shows the editor-title button on included files too. */
function updateContextKey(files: ReadonlySet<string>): void {
  const paths = [...files].flatMap((s) => {
    const u = vscode.Uri.parse(s);
    return [u.fsPath, u.path];
  });
  void vscode.commands.executeCommand('setContext', 'gitlabArtifactFlow.ciFiles', [...new Set(paths)]);
}
