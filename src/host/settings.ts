// The one place the extension reads its settings (validated, typed: see settingsSchema.ts).
import * as vscode from 'vscode';
import { resolveSettings, SETTINGS_SECTION, type Settings } from './settingsSchema';

export { SETTINGS_SECTION, type Settings } from './settingsSchema';

/** The current settings; `scope` picks a folder's resource settings in a multi-root workspace. */
export function readSettings(scope?: vscode.Uri): Settings {
  const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return resolveSettings((key) => cfg.get(key));
}

/** Fires when any of the extension's settings change. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SETTINGS_SECTION)) listener();
  });
}
