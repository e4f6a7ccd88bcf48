// What the extension reads of a workspace folder's git repository: the current branch and the config text
// (for the GitLab remote). Plain files through workspace.fs; worktrees and submodules (`.git` files) followed.
import * as vscode from 'vscode';

const decoder = new TextDecoder();

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** The `.git` folder of a repository; follows a worktree/submodule `.git` file (`gitdir: …`). */
async function gitDir(folder: vscode.Uri): Promise<vscode.Uri | undefined> {
  const dotGit = vscode.Uri.joinPath(folder, '.git');
  try {
    const st = await vscode.workspace.fs.stat(dotGit);
    if (st.type & vscode.FileType.Directory) return dotGit;
  } catch {
    return undefined;
  }
  const text = await readText(dotGit);
  const m = /^gitdir:\s*(.+)$/m.exec(text ?? '');
  if (!m?.[1]) return undefined;
  const p = m[1].trim();
  return p.startsWith('/') || /^[A-Za-z]:/.test(p) ? vscode.Uri.file(p) : vscode.Uri.joinPath(folder, p);
}

/** The current branch from `.git/HEAD`; undefined when detached. */
export async function currentBranch(folder: vscode.Uri): Promise<string | undefined> {
  const dir = await gitDir(folder);
  if (!dir) return undefined;
  const head = await readText(vscode.Uri.joinPath(dir, 'HEAD'));
  return /^ref:\s*refs\/heads\/(.+)$/m.exec(head ?? '')?.[1]?.trim();
}

/** The repository's config text (a linked worktree's lives in the common dir). */
export async function gitConfigText(folder: vscode.Uri): Promise<string | undefined> {
  const dir = await gitDir(folder);
  if (!dir) return undefined;
  const text = await readText(vscode.Uri.joinPath(dir, 'config'));
  if (text !== undefined) return text;
  const common = (await readText(vscode.Uri.joinPath(dir, 'commondir')))?.trim();
  return common ? readText(vscode.Uri.joinPath(dir, common, 'config')) : undefined;
}
