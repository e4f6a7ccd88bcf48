// A GitLab request the user can cancel, without a notification for every quick one.
import * as vscode from 'vscode';

/** How long a request runs before it gets a notification with a Cancel button (quick ones show none). */
const CANCEL_AFTER_MS = 800;

/**
 * Runs a GitLab request that the user can cancel: the status bar shows it at once and, when it takes longer
 * than CANCEL_AFTER_MS, a progress notification with a Cancel button appears (every request also has the
 * client's connect and idle timeouts). Undefined when the user cancelled; errors pass through.
 */
export async function cancellable<T>(title: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  const ac = new AbortController();
  const work = fn(ac.signal);
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), CANCEL_AFTER_MS);
  });
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, async () => {
    if (await Promise.race([settled.then(() => false), slow])) {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (_progress, token) => {
          const sub = token.onCancellationRequested(() => ac.abort());
          try {
            await settled;
          } finally {
            sub.dispose();
          }
        },
      );
    }
  });
  clearTimeout(timer);
  try {
    return await work;
  } catch (e) {
    if (ac.signal.aborted) return undefined;
    throw e;
  }
}
