// Where a download may go. The trust rule: we only ever replace or delete a folder we created, and we
// know we created it by the marker file we leave in it. Used by the CLI and the extension alike.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ArtifactError } from './errors';

/** The marker file at the root of every download folder we create. */
export const MARKER_FILE = '.artifact-flow.json';
/** The `tool` field of our marker; a marker with another value is not ours. */
export const MARKER_TOOL = 'gitlab-artifact-flow';
const MARKER_MAX_BYTES = 64 * 1024;

/** What the marker says about the download (everything but the bookkeeping fields). */
export interface DownloadIdentity {
  readonly instance?: string;
  readonly project?: string | number;
  readonly pipeline?: string | number;
  readonly ref?: string;
  readonly jobId?: number;
  readonly jobName?: string;
}

export interface DownloadMarker extends DownloadIdentity {
  readonly tool: typeof MARKER_TOOL;
  readonly version: 1;
  /** ISO time of the extraction. */
  readonly createdAt: string;
  /** The absolute path the folder was created at: a marker copied or moved elsewhere is not valid there. */
  readonly target: string;
}

/** A folder name for a job, pipeline or ref: no separators, no characters Windows refuses, no leading dots. */
export function safeDirName(s: string): string {
  const cleaned = s
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[/\\:*?"<>|\u0000-\u001f\u007f]+/g, '_')
    .replace(/^\.+/, '_')
    .replace(/[. ]+$/, '')
    .trim();
  const short = cleaned.slice(0, 120);
  return short === '' || /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(short) ? `_${short}` : short;
}

/** Platforms whose usual file systems ignore case (and, on macOS, Unicode normalisation). */
const FOLDING = process.platform === 'darwin' || process.platform === 'win32';

/** A path key for comparisons, folded the way this platform's file system compares names. */
export function pathKey(p: string, fold = FOLDING): string {
  const abs = path.resolve(p);
  return fold ? abs.normalize('NFC').toUpperCase().toLowerCase() : abs;
}

/** True when `a` is `b` or a folder that contains `b`. */
function isSameOrAncestor(a: string, b: string): boolean {
  const ka = pathKey(a);
  const kb = pathKey(b);
  if (ka === kb) return true;
  const prefix = ka.endsWith(path.sep) ? ka : ka + path.sep;
  return kb.startsWith(prefix);
}

/** The real path of `p`: the real path of its deepest existing ancestor with the rest appended. */
export async function realPathOf(p: string): Promise<string> {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let at = abs;
  for (;;) {
    try {
      const real = await fs.promises.realpath(at);
      return rest.length === 0 ? real : path.join(real, ...rest.reverse());
    } catch {
      const up = path.dirname(at);
      if (up === at) return abs;
      rest.push(path.basename(at));
      at = up;
    }
  }
}

/** Parses a marker's text; undefined unless it is ours and names `target`. */
export function parseMarker(text: string, target: string, realTarget: string = target): DownloadMarker | undefined {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null) return undefined;
  const rec = m as Record<string, unknown>;
  if (rec['tool'] !== MARKER_TOOL || typeof rec['target'] !== 'string' || !path.isAbsolute(rec['target'])) {
    return undefined;
  }
  const named = pathKey(rec['target']);
  if (named !== pathKey(target) && named !== pathKey(realTarget)) return undefined;
  return m as DownloadMarker;
}

export function markerText(target: string, identity: DownloadIdentity, now: Date = new Date()): string {
  const marker: DownloadMarker = {
    tool: MARKER_TOOL,
    version: 1,
    ...identity,
    createdAt: now.toISOString(),
    target: path.resolve(target),
  };
  return `${JSON.stringify(marker, null, 2)}\n`;
}

/** What is at a download target now. */
export type TargetState =
  /** Nothing there: the folder will be created. */
  | { readonly kind: 'absent' }
  /** An empty folder: it will be filled (and get our marker). */
  | { readonly kind: 'empty' }
  /** A folder with our valid marker: a previous download, replaced as a whole. */
  | { readonly kind: 'ours'; readonly marker: DownloadMarker };

/** A folder that is never a download target, with words for the message (`the workspace folder`). */
export interface ProtectedFolder {
  readonly path: string;
  readonly label: string;
}

export interface TargetGuard {
  /**
   * Folders that are never a target, nor may a target contain them: the workspace folders (extension), the
   * current directory (CLI). The home folder is always protected.
   */
  readonly protect?: readonly ProtectedFolder[];
  /** Words for the message that say where the target came from, e.g. `--out` or `the folder you picked`. */
  readonly origin?: string;
}

const WHAT_TO_DO = 'Pick an empty or new folder.';

function refuse(target: string, why: string, guard: TargetGuard): ArtifactError {
  const from = guard.origin ? ` (${guard.origin})` : '';
  return new ArtifactError(
    'target',
    `Refused to download into ${target}${from}: ${why}. Nothing was changed. ${WHAT_TO_DO}`,
    `download target ${target}: ${why}`,
  );
}

/**
 * Refuses `dir` when it is a protected folder (a workspace folder, the current directory, the home folder)
 * or contains one, comparing both the paths as given and their real paths (symlinks resolved).
 */
export async function checkNotProtected(dir: string, guard: TargetGuard = {}): Promise<void> {
  const abs = path.resolve(dir);
  const real = await realPathOf(abs);
  const protect: ProtectedFolder[] = [...(guard.protect ?? []), { path: os.homedir(), label: 'your home folder' }];
  for (const p of protect) {
    const realP = await realPathOf(p.path);
    for (const [t, q] of [
      [abs, path.resolve(p.path)],
      [real, realP],
    ] as const) {
      if (pathKey(t) === pathKey(q)) throw refuse(abs, `it is ${p.label} itself`, guard);
      if (isSameOrAncestor(t, q)) throw refuse(abs, `it contains ${p.label} (${p.path})`, guard);
    }
  }
}

/**
 * Decides whether `target` may receive a download, without changing anything. Throws an ArtifactError
 * (kind `target`) for a protected folder or a parent of one, a symlink, a file, or a non-empty folder
 * without our valid marker.
 */
export async function checkDownloadTarget(target: string, guard: TargetGuard = {}): Promise<TargetState> {
  const abs = path.resolve(target);
  const real = await realPathOf(abs);
  await checkNotProtected(abs, guard);
  let st: fs.Stats;
  try {
    st = await fs.promises.lstat(abs);
  } catch (e) {
    // ENOTDIR: a parent is a file, so nothing is there; creating the folder will fail with its own clear error.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    throw refuse(abs, `it cannot be inspected (${(e as NodeJS.ErrnoException).code ?? String(e)})`, guard);
  }
  if (st.isSymbolicLink()) throw refuse(abs, 'it is a symbolic link', guard);
  if (!st.isDirectory()) throw refuse(abs, 'it is an existing file, not a folder', guard);
  if (await isEmptyDir(abs)) return { kind: 'empty' };
  const marker = await readMarker(abs, real);
  if (!marker) {
    throw refuse(
      abs,
      `it is a folder that is not empty and was not created by a download (no valid ${MARKER_FILE})`,
      guard,
    );
  }
  return { kind: 'ours', marker };
}

async function isEmptyDir(dir: string): Promise<boolean> {
  const d = await fs.promises.opendir(dir);
  try {
    return (await d.read()) === null;
  } finally {
    await d.close().catch(() => undefined);
  }
}

async function readMarker(dir: string, realDir: string): Promise<DownloadMarker | undefined> {
  const file = path.join(dir, MARKER_FILE);
  try {
    const st = await fs.promises.lstat(file);
    if (!st.isFile() || st.size > MARKER_MAX_BYTES) return undefined;
    return parseMarker(await fs.promises.readFile(file, 'utf8'), dir, realDir);
  } catch {
    return undefined;
  }
}

/**
 * A relative folder setting (e.g. `.gitlab-artifacts`) resolved inside `root`. Refuses absolute paths, `..`
 * and symlinks that lead out of `root` (by real path). `setting` names the setting in the message.
 */
export async function folderInside(root: string, relative: string, setting: string): Promise<string> {
  const trimmed = relative.trim();
  const bad = (why: string): ArtifactError =>
    new ArtifactError(
      'target',
      `The setting ${setting} (${JSON.stringify(relative)}) ${why}. Use a folder inside the workspace, such as ".gitlab-artifacts".`,
      `${setting}=${JSON.stringify(relative)}: ${why}`,
    );
  if (path.isAbsolute(trimmed) || path.win32.isAbsolute(trimmed) || /^[A-Za-z]:/.test(trimmed)) {
    throw bad('is an absolute path');
  }
  const segs = trimmed.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segs.includes('..')) throw bad('leads out of the workspace (..)');
  const joined = path.join(root, ...segs);
  const [realRoot, realJoined] = [await realPathOf(root), await realPathOf(joined)];
  if (!isSameOrAncestor(realRoot, realJoined)) {
    throw bad(`leads out of the workspace through a symbolic link (to ${realJoined})`);
  }
  return joined;
}

/** The parent folders of `dir` that do not exist yet, deepest last (to remove them again after a failure). */
export async function missingAncestors(dir: string): Promise<string[]> {
  const out: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    try {
      await fs.promises.lstat(at);
      return out;
    } catch {
      out.unshift(at);
      const up = path.dirname(at);
      if (up === at) return out;
      at = up;
    }
  }
}

/** Removes the folders `missingAncestors` listed, deepest first, each only while it is empty. */
export async function removeIfEmpty(dirs: readonly string[]): Promise<void> {
  for (const d of [...dirs].reverse()) {
    try {
      await fs.promises.rmdir(d);
    } catch {
      return; // not empty (someone else's file) or already gone: stop, never force
    }
  }
}
