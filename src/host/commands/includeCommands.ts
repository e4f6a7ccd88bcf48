// Clear Include Cache, the include status item's "try again now", and opening a fetched include at a line
// (hover links): the external includes' commands.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../commands';
import { folderCache } from '../../gitlab/includes/cache';
import type { GitLabConnection } from '../gitlab/connection';
import { includeDocumentUri } from '../gitlab/includeDocuments';
import type { CommandSpec } from './registry';

/** The entry names the include cache writes (cache.ts): nothing else in the folder is counted or removed. */
const ENTRY = /^[0-9a-f]{64}\.json$/;
const KINDS = ['content', 'resolved'];

/** How many entries the cache holds; undefined when a part of it is a symbolic link (then it is not ours to clear). */
async function cacheEntries(dir: string): Promise<number | undefined> {
  let count = 0;
  for (const part of [dir, ...KINDS.map((k) => join(dir, k))]) {
    const stat = await lstat(part).catch(() => undefined);
    if (stat?.isSymbolicLink()) return undefined;
  }
  for (const kind of KINDS) {
    const names = await readdir(join(dir, kind)).catch(() => [] as string[]);
    count += names.filter((n) => ENTRY.test(n)).length;
  }
  return count;
}

async function clearIncludeCache(connection: GitLabConnection): Promise<void> {
  // The folder is inside this extension's global storage, which no one else writes to.
  const dir = connection.includes.cacheDir();
  const entries = await cacheEntries(dir);
  if (entries === undefined) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('The include cache {0} contains a symbolic link: nothing was deleted.', dir),
    );
    return;
  }
  if (entries === 0) {
    connection.refetchIncludes();
    void vscode.window.showInformationMessage(vscode.l10n.t('The include cache is already empty.'));
    return;
  }
  const clear = vscode.l10n.t('Clear Include Cache');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete the {0} cached answers for external includes?', entries),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Only the copies of project, template, remote and component files fetched from GitLab (and the refs they resolved to) are deleted, from this extension\'s storage. Your GitLab token, settings, downloaded artifacts and workspace files are kept. Includes are fetched again at the next analysis when GitLab can be reached; until then they are "not resolved".',
      ),
    },
    clear,
  );
  if (answer !== clear) return;
  const removed = await folderCache(dir).clear();
  connection.refetchIncludes();
  void vscode.window.showInformationMessage(vscode.l10n.t('Deleted {0} cached include answers.', removed));
}

/** `{ origin, line }` (1-based): the read-only document of a fetched file, with the cursor on that line. */
async function openInclude(arg: unknown): Promise<void> {
  const { origin, line } = (typeof arg === 'object' && arg !== null ? arg : {}) as { origin?: unknown; line?: unknown };
  if (typeof origin !== 'string') return;
  const uri = includeDocumentUri(origin);
  if (!uri) return;
  const at = typeof line === 'number' && line >= 1 ? new vscode.Position(Math.floor(line) - 1, 0) : undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, at ? { selection: new vscode.Range(at, at) } : {});
}

export function includeCommands(connection: GitLabConnection): CommandSpec[] {
  return [
    {
      id: Commands.clearIncludeCache,
      title: vscode.l10n.t('Clear Include Cache'),
      run: () => clearIncludeCache(connection),
    },
    {
      id: Commands.retryIncludes,
      title: vscode.l10n.t('Fetch External Includes Again'),
      run: () => Promise.resolve(connection.refetchIncludes()),
    },
    { id: Commands.openInclude, title: vscode.l10n.t('Open Fetched Include'), run: openInclude },
  ];
}
