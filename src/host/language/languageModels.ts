// The editor's analyses, one per CI root found from the YAML files the user opens: the root `.gitlab-ci.yml` and
// every local include it reaches. Providers ask `snapshot(document)`, which answers at once from the last model.
import * as vscode from 'vscode';
import type { AnalysisWorker } from '../../analysis/client';
import type { PipelineContext } from '../../ci/model';
import { findRootAbove, rootFor } from '../ciRoot';
import type { EditorModel } from '../../editor/editorModel';
import { log } from '../log';
import { defaultEditorContext, RootAnalysis, type Snapshot } from './rootAnalysis';
import type { IncludeFetcher } from '../../ci/include/fetcher';

/** At most this many roots analysed at once (a bound of this tool: each is a worker session with its caches). */
const MAX_ROOTS = 8;

export class LanguageModels implements vscode.Disposable {
  private readonly roots = new Map<string, RootAnalysis>();
  private readonly pending = new Map<string, Promise<RootAnalysis | undefined>>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly context: () => Promise<PipelineContext>;

  constructor(
    private readonly analysis: AnalysisWorker,
    projectContext?: () => Promise<Pick<PipelineContext, 'projectPath' | 'serverUrl'>>,
    private readonly includeFetcher?: () => Promise<IncludeFetcher | undefined>,
  ) {
    this.context = defaultEditorContext(projectContext);
    vscode.workspace.onDidOpenTextDocument((d) => void this.ensure(d), null, this.disposables);
    vscode.workspace.onDidChangeTextDocument(
      (e) => {
        if (e.contentChanges.length === 0) return;
        for (const r of this.roots.values()) if (r.feeds(e.document.uri)) r.noteEdit(e);
      },
      null,
      this.disposables,
    );
    for (const d of vscode.workspace.textDocuments) void this.ensure(d);
  }

  /** The last model of the root that reads this document, if any. Never waits for an analysis. */
  snapshot(doc: vscode.TextDocument): Snapshot | undefined {
    for (const r of this.roots.values()) {
      if (!r.feeds(doc.uri)) continue;
      const s = r.current(doc);
      if (s) return s;
    }
    return undefined;
  }

  /** Analyses every root again soon (the GitLab connection changed); unchanged inputs cost only a re-read. */
  reanalyseAll(): void {
    for (const r of this.roots.values()) r.schedule();
  }

  /** Every root's snapshot, for workspace symbols. */
  all(): { root: RootAnalysis; em: EditorModel | undefined }[] {
    return [...this.roots.values()].map((root) => ({ root, em: root.latest }));
  }

  /** Starts the analysis of the root above a YAML document (once per root); resolves when it has a model. */
  ensure(doc: vscode.TextDocument): Promise<RootAnalysis | undefined> {
    if (doc.languageId !== 'yaml' || (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'vscode-remote')) {
      return Promise.resolve(undefined);
    }
    const key = doc.uri.toString();
    const known = [...this.roots.values()].find((r) => r.feeds(doc.uri));
    if (known) return known.analysed.then(() => known);
    let p = this.pending.get(key);
    if (!p) {
      p = this.open(doc.uri).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  private async open(uri: vscode.Uri): Promise<RootAnalysis | undefined> {
    const rootUri = await findRootAbove(uri).catch(() => undefined);
    if (!rootUri) return undefined;
    const existing = this.roots.get(rootUri.toString());
    if (existing) return existing.analysed.then(() => existing);
    if (this.roots.size >= MAX_ROOTS) {
      log().warn(
        `language features: more than ${MAX_ROOTS} CI roots open; ${vscode.workspace.asRelativePath(rootUri)} is not analysed`,
      );
      return undefined;
    }
    const root = new RootAnalysis(await rootFor(rootUri), this.analysis, this.context, this.includeFetcher);
    this.roots.set(rootUri.toString(), root);
    root.onDidChange(() => this.changed.fire(), null, this.disposables);
    await root.start();
    return root;
  }

  dispose(): void {
    for (const r of this.roots.values()) r.dispose();
    this.roots.clear();
    this.changed.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
