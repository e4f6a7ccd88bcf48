// One analysis session of the panel: the root CI file, the reader of its project (editor buffers first), the
// pipeline context, the files that feed it, and the debounced runs of the worker that turn edits into model
// messages. It keeps the last good model, so a broken edit or a stopped analysis never empties the graph.
// The worker session is the project folder's, shared with the editor's language features (client.ts).
import * as vscode from 'vscode';
import type { AnalysisWorker } from '../../analysis/client';
import { findHostJob, type HostJob, type HostModel } from '../../analysis/hostModel';
import { defaultContext } from '../../ci/analyze';
import type { IncludeFetcher } from '../../ci/include/fetcher';
import type { PipelineContext } from '../../ci/model';
import type { Banner, DidChangeModelMessage } from '../../protocol';
import { rootFor, type CiRoot } from '../ciRoot';
import { publishDiagnostics } from '../diagnostics';
import { reportError } from '../errors';
import { log } from '../log';
import { originOfUri } from '../gitlab/includeDocuments';
import { type BannerTexts, jobAtLine, present } from '../modelStatus';
import { WorkspaceReader } from '../workspaceReader';

const debounceMs = 150;

/** The graph banner's own words, localised (modelStatus.ts is pure and takes them). */
function bannerTexts(): BannerTexts {
  return {
    invalid: vscode.l10n.t('The configuration is invalid'),
    notCreated: vscode.l10n.t('GitLab would not create this pipeline'),
    withMore: (message, others) => vscode.l10n.t('{0} (and {1} more in the Problems panel)', message, others),
  };
}
let sessions = 0;

export interface SessionServices {
  readonly analysis: AnalysisWorker;
  readonly diagnostics: vscode.DiagnosticCollection;
  /** Where a model message goes (the webview channel). */
  readonly post: (m: DidChangeModelMessage) => void;
  /** After every model (statuses may be stale), and after the set of CI files changed. */
  readonly onAnalysed: () => void;
  readonly onCiFilesChanged: (files: ReadonlySet<string>) => void;
  /** The repository's current branch (a merge-request context picked in the panel defaults to it). */
  readonly gitBranch?: (folder: vscode.Uri) => Promise<string | undefined>;
  /** Resolves external includes through the GitLab connection; undefined: they stay "not resolved". */
  readonly includeFetcher?: () => Promise<IncludeFetcher | undefined>;
  /** What the workspace's GitLab remote tells of the project (CI_PROJECT_* and CI_SERVER_* for rules). */
  readonly projectContext?: () => Promise<Pick<PipelineContext, 'projectPath' | 'serverUrl'>>;
}

export class AnalysisSession implements vscode.Disposable {
  private root: CiRoot | undefined;
  private reader: WorkspaceReader | undefined;
  private readerSubscription: vscode.Disposable | undefined;
  /** The worker keeps parsed files per session (an edit re-parses only the file that changed). */
  private session = '';
  /** The project folder whose shared session this panel holds (released when it moves or closes). */
  private sessionKey: string | undefined;
  /** This panel's requests replace only its own queued ones, not the editor's. */
  private readonly lane = `panel-${++sessions}`;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastGood: HostModel | null = null;
  /** lastGood as the worker encoded it: what the webview is sent (see protocol.ts modelJson). */
  private lastGoodJson: Uint8Array | undefined;
  private files = new Set<string>();
  /** The repository's branch as of the last analysis (read from .git/HEAD with each run). */
  private branch: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  context: PipelineContext = defaultContext();
  /** Resolves when the latest scheduled analysis has been posted (tests and commands await it). */
  analysed: Promise<void> = Promise.resolve();

  constructor(private readonly services: SessionServices) {
    vscode.workspace.onDidChangeTextDocument(
      (e) => {
        if (e.contentChanges.length > 0 && this.files.has(e.document.uri.toString())) this.schedule();
      },
      null,
      this.disposables,
    );
    // Closing an unsaved buffer reverts to the disk version.
    vscode.workspace.onDidCloseTextDocument(
      (d) => {
        if (this.files.has(d.uri.toString())) this.schedule();
      },
      null,
      this.disposables,
    );
  }

  get rootUri(): vscode.Uri | undefined {
    return this.root?.uri;
  }

  get base(): vscode.Uri | undefined {
    return this.root?.base;
  }

  /** The CI files that feed the graph (the root and its local includes), as URI strings. */
  get ciFiles(): ReadonlySet<string> {
    return this.files;
  }

  get model(): HostModel | null {
    return this.lastGood;
  }

  /** Starts over on another root CI file; resolves when its first analysis has been posted. */
  async setRoot(uri: vscode.Uri): Promise<void> {
    const root = await rootFor(uri);
    this.root = root;
    if (this.reader?.base.toString() !== root.base.toString()) {
      this.readerSubscription?.dispose();
      this.reader?.dispose();
      this.reader = new WorkspaceReader(root.base);
      if (this.sessionKey !== undefined) this.services.analysis.releaseSession(this.sessionKey);
      this.sessionKey = root.base.toString();
      this.session = this.services.analysis.acquireSession(this.sessionKey);
      this.readerSubscription = this.reader.onDidChangeFiles((c) => this.onFileChange(c));
    }
    this.lastGood = null;
    this.lastGoodJson = undefined;
    this.setFiles(new Set([uri.toString()]));
    this.analysed = this.run();
    await this.analysed;
  }

  setContext(context: PipelineContext, now: boolean): void {
    this.context = context;
    if (now) this.analysed = this.run();
    else this.schedule();
  }

  schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.analysed = this.run();
    }, debounceMs);
  }

  jobAt(uri: vscode.Uri, line: number): string | undefined {
    // A fetched include's read-only document names its file by origin label, as the model's jobs do.
    const file = originOfUri(uri) ?? this.reader?.relativeOf(uri);
    return file === undefined || !this.lastGood ? undefined : jobAtLine(this.lastGood.jobs, file, line);
  }

  /** A job of the graph by name; with `pipeline`, a job of the child pipeline at that downstream path. */
  findJob(name: string, pipeline?: string): HostJob | undefined {
    return findHostJob(this.lastGood, name, pipeline);
  }

  uriOf(file: string): vscode.Uri | undefined {
    return this.reader?.uriOf(file);
  }

  /** Disk changes: a CI file changed outside an editor, or files appeared/disappeared (wildcards, rules:exists). */
  private onFileChange(change: { uri: vscode.Uri; kind: 'create' | 'change' | 'delete' }): void {
    const key = change.uri.toString();
    if (change.kind !== 'change') {
      this.schedule();
      return;
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (this.files.has(key) && !open?.isDirty) this.schedule();
  }

  private setFiles(files: Set<string>): void {
    this.files = files;
    this.services.onCiFilesChanged(files);
  }

  private async run(): Promise<void> {
    const root = this.root;
    const reader = this.reader;
    if (!root || !reader) return;
    const generation = ++this.generation;
    // The remote's project and instance, unless the user's context says otherwise: rules on CI_PROJECT_PATH or
    // CI_SERVER_HOST are then decided instead of assumed.
    const known = (await this.services.projectContext?.().catch(() => ({}))) ?? {};
    this.branch = await this.services.gitBranch?.(root.base).catch(() => undefined);
    const context: PipelineContext = { ...known, ...this.context };
    const fetcher = await this.services.includeFetcher?.().catch(() => undefined);
    const outcome = await this.services.analysis.analyze({
      session: this.session,
      lane: this.lane,
      root: root.path,
      reader,
      context,
      ...(fetcher ? { fetcher } : {}),
    });
    if (generation !== this.generation) return; // a newer edit already started another analysis
    switch (outcome.kind) {
      case 'superseded':
      case 'cancelled':
        return;
      case 'failed':
        void reportError(
          vscode.l10n.t('Could not analyse the pipeline configuration'),
          new Error(outcome.detail ?? outcome.message),
        );
        this.postFailure(vscode.l10n.t('The analysis failed; see the log (GitLab Artifact Flow output).'), root.uri);
        return;
      case 'limit': {
        const setting = outcome.limit === 'time' ? 'analysisTimeLimitSeconds' : 'analysisMemoryLimitMiB';
        log().warn(`${root.path}: ${outcome.message} (gitlabArtifactFlow.${setting})`);
        this.postFailure(
          vscode.l10n.t('{0} The limit is the setting {1}.', outcome.message, `gitlabArtifactFlow.${setting}`),
          root.uri,
        );
        return;
      }
      case 'done':
        break;
      default: {
        const never: never = outcome;
        throw new Error(`unknown outcome ${JSON.stringify(never)}`);
      }
    }
    const model = outcome.model;
    if (!model) {
      // Only an editor request of a lane gets its model as a delta alone; the panel never makes one.
      this.postFailure(vscode.l10n.t('Internal error: the analysis came back without its model.'), root.uri);
      return;
    }
    log().debug(
      `analysed ${root.path}: ${model.jobs.length} jobs, ${model.diagnostics.length} diagnostics in ${Math.round(outcome.ms)} ms (worker${outcome.reused ? ', result shared with the editor' : ''})`,
    );
    const included = model.includes
      .flatMap((i) => i.files)
      .map((f) => reader.uriOf(f)?.toString())
      .filter((s): s is string => s !== undefined);
    this.setFiles(new Set([root.uri.toString(), ...included]));
    publishDiagnostics(this.services.diagnostics, model, (f) => reader.uriOf(f));
    const shown = present(model, this.lastGood, bannerTexts());
    const json = (m: HostModel | null): Uint8Array | undefined =>
      m === model ? outcome.json : m === this.lastGood ? this.lastGoodJson : undefined;
    const shownJson = json(shown.model);
    this.lastGoodJson = json(shown.good);
    this.lastGood = shown.good;
    this.postModel(shownJson, shown.banner, root.uri);
    this.services.onAnalysed();
  }

  /** An analysis that gave no model: the last good graph (if any) stays, under an error banner saying why. */
  private postFailure(message: string, rootUri: vscode.Uri): void {
    // With a last good graph the webview adds "Showing the last graph that could be computed" (stale).
    this.postModel(this.lastGoodJson, { severity: 'error', message, stale: this.lastGood !== null }, rootUri);
  }

  /** Posts a model (the bytes the worker encoded: the host never serialises a model itself) with its banner. */
  private postModel(json: Uint8Array | undefined, banner: Banner | null, rootUri: vscode.Uri): void {
    const base = {
      type: 'didChangeModel' as const,
      model: null,
      banner,
      rootLabel: vscode.workspace.asRelativePath(rootUri),
      rootUri: rootUri.toString(),
      gitBranch: this.branch ?? null,
    };
    this.services.post(json ? { ...base, modelJson: json } : base);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.readerSubscription?.dispose();
    this.reader?.dispose();
    if (this.sessionKey !== undefined) this.services.analysis.releaseSession(this.sessionKey);
    this.sessionKey = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
