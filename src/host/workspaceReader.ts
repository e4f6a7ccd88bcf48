// The engine's FileReader inside VS Code: open editor buffers first (so unsaved edits count), the disk second.
// The file list comes from `workspace.findFiles`, cached until a watcher sees a file created or deleted.
// Reads obey the same rules as the CLI's: nothing outside the project folder (`..`, symlinks leading out), only
// regular files, at most GitLab's 1 MiB per configuration file; a refusal becomes a diagnostic where included.
import * as vscode from 'vscode';
import { ReadRefused, type FileReader } from '../ci/fileReader';
import { isOrigin } from '../ci/include/fetcher';
import { nodeFileReader, READER_LIMITS } from '../cli/nodeFileReader';

const maxFiles = 200_000;
const excluded = '{**/node_modules/**,**/.git/**}';

export class WorkspaceReader implements FileReader, vscode.Disposable {
  private listing: Promise<string[]> | undefined;
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly decoder = new TextDecoder();

  /** `base` is the project folder: repository-relative paths resolve against it. */
  private readonly changed = new vscode.EventEmitter<{ uri: vscode.Uri; kind: 'create' | 'change' | 'delete' }>();
  /** A file under the project folder was created, changed or deleted on disk. */
  readonly onDidChangeFiles = this.changed.event;

  private readonly disk: FileReader;

  constructor(readonly base: vscode.Uri) {
    this.disk = nodeFileReader(base.fsPath);
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, '**/*'));
    this.watcher.onDidCreate((uri) => {
      this.listing = undefined;
      this.changed.fire({ uri, kind: 'create' });
    });
    this.watcher.onDidDelete((uri) => {
      this.listing = undefined;
      this.changed.fire({ uri, kind: 'delete' });
    });
    this.watcher.onDidChange((uri) => {
      this.changed.fire({ uri, kind: 'change' });
    });
  }

  /** The URI of a repository-relative path, or undefined for a path that tries to leave the project. */
  uriOf(path: string): vscode.Uri | undefined {
    // A file fetched from GitLab (`project:grp/lib@main:/ci/x.yml`) is not in the workspace.
    if (isOrigin(path)) return undefined;
    const parts = path
      .replace(/^\/+/, '')
      .split('/')
      .filter((p) => p !== '' && p !== '.');
    if (parts.some((p) => p === '..')) return undefined;
    return vscode.Uri.joinPath(this.base, ...parts);
  }

  /** The repository-relative path of a URI inside the project. */
  relativeOf(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== this.base.scheme || uri.authority !== this.base.authority) return undefined;
    const prefix = this.base.path.endsWith('/') ? this.base.path : `${this.base.path}/`;
    return uri.path.startsWith(prefix) ? uri.path.slice(prefix.length) : undefined;
  }

  async read(path: string): Promise<string | undefined> {
    const uri = this.uriOf(path);
    if (!uri) throw new ReadRefused(path, 'outside-project', 'the path leaves the project folder');
    const key = uri.toString();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (doc) {
      const text = doc.getText();
      if (text.length > READER_LIMITS.maxFileBytes) {
        throw new ReadRefused(path, 'too-large', `it is larger than ${READER_LIMITS.maxFileBytes} bytes`);
      }
      return text;
    }
    // On disk: the CLI's reader, which checks symlinks (realpath), file types and sizes before reading.
    if (this.base.scheme === 'file') return this.disk.read(path);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if ((stat.type & vscode.FileType.File) === 0) return undefined;
      if ((stat.type & vscode.FileType.SymbolicLink) !== 0) {
        throw new ReadRefused(
          path,
          'outside-project',
          'it is a symbolic link (not followed in a remote or virtual workspace)',
        );
      }
      if (stat.size > READER_LIMITS.maxFileBytes) {
        throw new ReadRefused(path, 'too-large', `it is larger than ${READER_LIMITS.maxFileBytes} bytes`);
      }
      return this.decoder.decode(await vscode.workspace.fs.readFile(uri));
    } catch (e) {
      if (
        e instanceof vscode.FileSystemError &&
        (e.code === 'FileNotFound' || e.code === 'FileIsADirectory' || e.code === 'EntryNotFound')
      ) {
        return undefined;
      }
      throw e;
    }
  }

  list(): Promise<string[]> {
    const listing =
      this.listing ??
      Promise.resolve(
        vscode.workspace.findFiles(new vscode.RelativePattern(this.base, '**/*'), excluded, maxFiles),
      ).then((uris) =>
        uris
          .map((u) => this.relativeOf(u))
          .filter((p): p is string => p !== undefined)
          .sort(),
      );
    this.listing = listing;
    return listing;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
