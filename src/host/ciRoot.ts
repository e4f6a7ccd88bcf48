// Which pipeline a file belongs to: the root `.gitlab-ci.yml` and the project folder its paths are relative to.
import * as vscode from 'vscode';

export interface CiRoot {
  /** The project folder (the git repository root when there is one, else the CI file's folder). */
  base: vscode.Uri;
  /** The root configuration file. */
  uri: vscode.Uri;
  /** Its repository-relative path, as the engine wants it. */
  path: string;
}

export function isRootCiFile(uri: vscode.Uri): boolean {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return name === '.gitlab-ci.yml' || name.endsWith('.gitlab-ci.yml') || name === '.gitlab-ci.yaml';
}

function parent(uri: vscode.Uri): vscode.Uri | undefined {
  const i = uri.path.lastIndexOf('/');
  if (i <= 0) return undefined;
  return uri.with({ path: uri.path.slice(0, i) });
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The root for a CI file: the project folder is the nearest ancestor holding `.git` inside the workspace folder. */
export async function rootFor(file: vscode.Uri): Promise<CiRoot> {
  const folder = vscode.workspace.getWorkspaceFolder(file);
  let dir = parent(file);
  const fileDir = dir;
  while (dir && folder && dir.path.length >= folder.uri.path.length) {
    if (await exists(vscode.Uri.joinPath(dir, '.git'))) break;
    dir = dir.path === folder.uri.path ? undefined : parent(dir);
  }
  const base = dir ?? fileDir ?? file;
  const prefix = base.path.endsWith('/') ? base.path : `${base.path}/`;
  return {
    base,
    uri: file,
    path: file.path.startsWith(prefix)
      ? file.path.slice(prefix.length)
      : file.path.slice(file.path.lastIndexOf('/') + 1),
  };
}

/** The nearest `.gitlab-ci.yml` at or above a file (for an included file opened before its root). */
export async function findRootAbove(file: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (isRootCiFile(file)) return file;
  const folder = vscode.workspace.getWorkspaceFolder(file);
  let dir = parent(file);
  while (dir && folder && dir.path.length >= folder.uri.path.length) {
    const candidate = vscode.Uri.joinPath(dir, '.gitlab-ci.yml');
    if (await exists(candidate)) return candidate;
    dir = dir.path === folder.uri.path ? undefined : parent(dir);
  }
  return undefined;
}

/** A root to open when nothing is active: the only CI file of the workspace, or the user's pick. */
export async function pickRoot(): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles('**/.gitlab-ci.yml', '**/node_modules/**', 50);
  found.sort((a, b) => a.path.split('/').length - b.path.split('/').length || a.path.localeCompare(b.path));
  if (found.length <= 1) return found[0];
  const pick = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: vscode.l10n.t('Which pipeline?') },
  );
  return pick?.uri;
}
