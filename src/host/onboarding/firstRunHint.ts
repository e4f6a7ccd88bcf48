// The first-run hint: one status-bar item, shown only when the workspace has a .gitlab-ci.yml and the pipeline graph
// was never opened (remembered in globalState, so it never comes back once the graph has been seen). No notification:
// a newcomer who ignores it is not interrupted. It also sets the context keys the walkthrough's steps complete on.
import * as vscode from 'vscode';
import { Commands } from '../../commands';
import { GRAPH_OPENED_KEY, isCiFileName, isGraphViewType, shouldShowHint, WalkthroughContext } from './onboardingKeys';
import { markWalkthroughStep } from './walkthroughProgress';

/** Finding one CI file is bounded: one result, a few seconds, node_modules skipped. */
const FIND_TIMEOUT_MS = 5000;

export class FirstRunHint implements vscode.Disposable {
  private item: vscode.StatusBarItem | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;

  constructor(private readonly state: vscode.Memento) {
    this.subscriptions.push(
      vscode.window.tabGroups.onDidChangeTabs(() => this.checkGraphTabs()),
      vscode.window.onDidChangeActiveTextEditor((e) => this.checkCiEditor(e)),
    );
    this.checkCiEditor(vscode.window.activeTextEditor);
    this.checkGraphTabs();
    if (!this.graphEverOpened()) void this.showIfCiFile();
  }

  private graphEverOpened(): boolean {
    return this.state.get<boolean>(GRAPH_OPENED_KEY, false);
  }

  private async showIfCiFile(): Promise<void> {
    const cancel = new vscode.CancellationTokenSource();
    const timer = setTimeout(() => cancel.cancel(), FIND_TIMEOUT_MS);
    try {
      const found = await vscode.workspace.findFiles(
        '**/{.gitlab-ci.yml,.gitlab-ci.yaml}',
        '**/node_modules/**',
        1,
        cancel.token,
      );
      if (
        this.disposed ||
        !shouldShowHint({ graphEverOpened: this.graphEverOpened(), workspaceHasCiFile: found.length > 0 })
      ) {
        return;
      }
      this.item = vscode.window.createStatusBarItem(
        'gitlabArtifactFlow.firstRunHint',
        vscode.StatusBarAlignment.Left,
        0,
      );
      this.item.name = vscode.l10n.t('GitLab Artifact Flow: first-run hint');
      this.item.text = `$(type-hierarchy) ${vscode.l10n.t('Pipeline graph')}`;
      this.item.tooltip = hintTooltip();
      this.item.accessibilityInformation = {
        label: vscode.l10n.t('Open the pipeline graph of this GitLab CI configuration'),
      };
      this.item.command = {
        command: Commands.openGraph,
        title: vscode.l10n.t('Open Pipeline Graph'),
        arguments: found,
      };
      this.item.show();
    } finally {
      clearTimeout(timer);
      cancel.dispose();
    }
  }

  private checkGraphTabs(): void {
    const open = vscode.window.tabGroups.all.some((g) =>
      g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && isGraphViewType(t.input.viewType)),
    );
    if (!open) return;
    markWalkthroughStep(WalkthroughContext.graphOpened);
    this.item?.dispose();
    this.item = undefined;
    if (!this.graphEverOpened()) void this.state.update(GRAPH_OPENED_KEY, true);
  }

  private checkCiEditor(editor: vscode.TextEditor | undefined): void {
    if (editor && isCiFileName(editor.document.uri.path)) {
      markWalkthroughStep(WalkthroughContext.ciFileOpened);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.item?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

function hintTooltip(): vscode.MarkdownString {
  const md = new vscode.MarkdownString(
    vscode.l10n.t(
      'See which artifacts and dotenv variables each job receives: [open the pipeline graph]({0}) or [take the tour]({1}).',
      `command:${Commands.openGraph}`,
      `command:${Commands.openWalkthrough}`,
    ),
  );
  md.isTrusted = { enabledCommands: [Commands.openGraph, Commands.openWalkthrough] };
  return md;
}
