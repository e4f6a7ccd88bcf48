// Onboarding for a first-time user: the walkthrough (package.json `contributes.walkthroughs`, VS Code's Get Started),
// the command that opens it again, and the first-run hint. Runtime strings go through vscode.l10n.
import * as vscode from 'vscode';
import { Commands } from '../../commands';
import { reportError } from '../errors';
import { FirstRunHint } from './firstRunHint';
import { WALKTHROUGH_ID } from './onboardingKeys';
import { initWalkthroughProgress } from './walkthroughProgress';

export function registerOnboarding(context: vscode.ExtensionContext): vscode.Disposable[] {
  // Before the first-run hint: it may tick a step at once (a CI file already open).
  initWalkthroughProgress(context.extension.id);
  return [
    vscode.commands.registerCommand(Commands.openWalkthrough, async () => {
      try {
        await vscode.commands.executeCommand(
          'workbench.action.openWalkthrough',
          `${context.extension.id}#${WALKTHROUGH_ID}`,
          false,
        );
      } catch (e) {
        await reportError(vscode.l10n.t('Open the Get Started walkthrough'), e);
      }
    }),
    new FirstRunHint(context.globalState),
  ];
}
