// Ticks the walkthrough's steps where the user's action happens (the editor, the graph's tab, the graph panel's
// messages), so a step is ticked by doing it, not by reading it. Each action does two things:
// - sets the context key the step's `onContext:` completion event waits for (package.json), which VS Code's
//   walkthrough service sees while it runs;
// - marks the step complete through the workbench's `welcome.markStepComplete` command. The service starts only
//   when Get Started is first shown, and in VS Code 1.100 a step whose key was set before that stayed unticked (the
//   E2E saw "open a CI file" and "open the graph" unticked, even after setting the keys false and true again once
//   Get Started was open, and after a window reload; the `onCommand:` event of a command run before was lost too).
//   The command starts the service if needed and records the step as done in VS Code's own storage, whenever the
//   action happens.
import * as vscode from 'vscode';
import { log } from '../log';
import { STEP_OF_KEY, walkthroughStepId, type WalkthroughContextKey } from './onboardingKeys';

const marked = new Set<WalkthroughContextKey>();
let extensionId: string | undefined;

/** Called once on activation: the extension's id names its walkthrough's steps. */
export function initWalkthroughProgress(id: string): void {
  extensionId = id;
}

/** Ticks the step of `key`, once per window (repeating it changes nothing). */
export function markWalkthroughStep(key: WalkthroughContextKey): void {
  if (marked.has(key)) return;
  marked.add(key);
  void vscode.commands.executeCommand('setContext', key, true);
  if (extensionId === undefined) return;
  const step = walkthroughStepId(extensionId, STEP_OF_KEY[key]);
  // The walkthrough may still be registering (VS Code then throws "step which does not exist" after it has stored
  // the step as done): the tick is kept, and the failure is only worth a debug line.
  vscode.commands.executeCommand('welcome.markStepComplete', step).then(undefined, (e: unknown) => {
    log().debug(`welcome.markStepComplete ${step}: ${e instanceof Error ? e.message : String(e)}`);
  });
}
