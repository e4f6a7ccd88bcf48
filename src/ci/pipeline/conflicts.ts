// Path conflicts between a job's sources (spec R7.2, R7.3): the runner extracts archives one after another
// and a later file replaces an earlier one, so when two sources declare the same or overlapping paths the
// later extracted source's copy is the likely one. "Likely": the local part of the list has no ORDER BY.
import type { ArtifactSource, PathConflict } from '../model';
import type { JobDef } from '../jobs/jobTypes';
import picomatch from 'picomatch';

const GLOB = /[*?[\]{}]/;

/** `./a//b/` → `a/b`; the runner treats a directory entry as everything below it. */
export function normalizeArtifactPath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/{2,}/g, '/').replace(/\/+$/, '');
}

/** The literal folder part of a glob (`build/**\/*.o` → `build`), where overlap can be decided cheaply. */
function literalPrefix(p: string): string {
  const parts = p.split('/');
  const i = parts.findIndex((s) => GLOB.test(s));
  return i < 0 ? p : parts.slice(0, i).join('/');
}

function contains(dir: string, p: string): boolean {
  return dir === '' || p === dir || p.startsWith(`${dir}/`);
}

const matcher = new Map<string, (p: string) => boolean>();
function matches(glob: string, path: string): boolean {
  let m = matcher.get(glob);
  if (!m) {
    // The runner uses doublestar: `*` stays within a folder, `**` crosses folders; dot files are ordinary.
    m = picomatch(glob, { dot: true });
    matcher.set(glob, m);
  }
  return m(path);
}

/** A concrete path the glob matches, to test whether two globs can meet (`app-*.tgz` → `app-x.tgz`). */
function sample(glob: string): string {
  return glob.replace(/\*\*\/?/g, '').replace(/\*/g, 'x').replace(/\?/g, 'x').replace(/\[[^\]]*\]/g, 'x').replace(/\{([^,}]*)[^}]*\}/g, '$1');
}

/**
 * The path two declarations can both write, or undefined. Literal paths overlap when one contains the other
 * (a folder entry is everything below it). A glob overlaps a path it matches, or a folder its literal prefix
 * lies in; a glob starting with `**` may match anywhere. Where we cannot be sure we report the overlap: a
 * conflict shown in error costs a look, a conflict missed costs an afternoon.
 */
export function overlap(a: string, b: string): string | undefined {
  const x = normalizeArtifactPath(a);
  const y = normalizeArtifactPath(b);
  if (x === y) return x;
  const gx = GLOB.test(x);
  const gy = GLOB.test(y);
  if (!gx && !gy) return contains(x, y) ? y : contains(y, x) ? x : undefined;
  if (gx && gy) {
    const px = literalPrefix(x);
    const py = literalPrefix(y);
    if (px !== '' && py !== '') return contains(px, py) ? y : contains(py, px) ? x : undefined;
    if (x.startsWith('**') || y.startsWith('**')) return x.startsWith('**') ? y : x;
    return matches(x, sample(y)) || matches(y, sample(x)) ? y : undefined;
  }
  const [glob, literal] = gx ? [x, y] : [y, x];
  if (matches(glob, literal)) return literal;
  const prefix = literalPrefix(glob);
  if (prefix !== '' ? contains(literal, prefix) || contains(prefix, literal) : glob.startsWith('**')) return contains(literal, prefix) ? glob : literal;
  return undefined;
}

interface TrieNode { children: Map<string, TrieNode>; here: string[] }

export function findConflicts(sources: readonly ArtifactSource[], byName: ReadonlyMap<string, JobDef>): PathConflict[] {
  // 1. The same path from several sources: one group per distinct path, whatever the number of sources.
  const writers = new Map<string, string[]>();
  const untracked: string[] = [];
  for (const s of sources) {
    if (!s.files || s.scope !== 'local') continue;
    const a = byName.get(s.job)?.artifacts;
    if (!a) continue;
    if (a.untracked) untracked.push(s.job);
    for (const raw of a.paths) {
      const path = normalizeArtifactPath(raw);
      const list = writers.get(path);
      if (!list) writers.set(path, [s.job]);
      else if (list[list.length - 1] !== s.job && !list.includes(s.job)) list.push(s.job);
    }
  }
  const groups = new Map<string, Set<string>>();
  const add = (path: string, jobs: readonly string[]): void => {
    const set = groups.get(path) ?? new Set<string>();
    for (const j of jobs) set.add(j);
    groups.set(path, set);
  };
  for (const [path, jobs] of writers) if (jobs.length > 1) add(path, jobs);

  // 2. Different paths that overlap (a folder and a file in it, a glob and what it matches). Distinct paths
  // hang in a trie at their literal folder prefix; two can overlap only along one branch of it.
  const root: TrieNode = { children: new Map(), here: [] };
  for (const path of writers.keys()) {
    let node = root;
    const ancestors: TrieNode[] = [root];
    for (const seg of literalPrefix(path).split('/').filter((x) => x !== '')) {
      let next = node.children.get(seg);
      if (!next) { next = { children: new Map(), here: [] }; node.children.set(seg, next); }
      node = next;
      ancestors.push(node);
    }
    for (const other of [...ancestors.flatMap((n) => n.here), ...below(node)]) {
      const o = overlap(other, path);
      if (o === undefined) continue;
      const jobs = [...writers.get(other)!, ...writers.get(path)!];
      if (new Set(jobs).size > 1) add(o, jobs);
    }
    node.here.push(path);
  }
  if (untracked.length > 1) add('(untracked files)', untracked);

  const order = new Map(sources.map((s, i) => [s.job, i] as const));
  return [...groups.entries()].map(([path, set]) => {
    const jobs = [...set].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    return { path, jobs, likelyWinner: jobs[jobs.length - 1]! };
  });
}

function below(node: TrieNode): string[] {
  const out: string[] = [];
  const stack = [...node.children.values()];
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(...n.here);
    stack.push(...n.children.values());
  }
  return out;
}
