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

/**
 * The characters before the first glob character (`out/app-*.tgz` → `out/app-`); a literal path is its own
 * prefix. Everything a declaration writes starts with it (a folder entry only adds to the end), so two
 * declarations can share a path only when one's prefix starts the other's.
 */
function charPrefix(p: string): string {
  const i = p.search(GLOB);
  return i < 0 ? p : p.slice(0, i);
}

/** Pairwise overlap checks one job's conflict search may make; past it the search stops and says so. */
export const MAX_OVERLAP_CHECKS = 200_000;
/** Candidate pairs one search may walk (most are skipped cheaply: the same producer on both sides). */
const MAX_CANDIDATE_PAIRS = 5_000_000;

export interface ConflictSearch {
  conflicts: PathConflict[];
  /** True when the search stopped at MAX_OVERLAP_CHECKS: more conflicts may exist. */
  partial: boolean;
}

export function findConflicts(sources: readonly ArtifactSource[], byName: ReadonlyMap<string, JobDef>): ConflictSearch {
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

  // 2. Different paths that overlap (a folder and a file in it, a glob and what it matches). Sorted by their
  // literal prefix, the paths whose prefix starts with p's follow p in one run: only those pairs are compared,
  // never two unrelated folders or `build-1-*` against `build-2-*`.
  const entries = [...writers.entries()].map(([path, jobs], index) => ({ path, jobs, index, prefix: charPrefix(path) }));
  entries.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : a.index - b.index));
  const found: { later: number; earlier: number; path: string; jobs: string[] }[] = [];
  let checks = 0;
  let pairs = 0;
  let partial = false;
  search: for (let i = 0; i < entries.length; i++) {
    const x = entries[i]!;
    for (let j = i + 1; j < entries.length; j++) {
      const y = entries[j]!;
      if (!y.prefix.startsWith(x.prefix)) break;
      if (++pairs > MAX_CANDIDATE_PAIRS) { partial = true; break search; }
      // Paths of one single producer cannot conflict with each other.
      if (x.jobs.length === 1 && y.jobs.length === 1 && x.jobs[0] === y.jobs[0]) continue;
      if (++checks > MAX_OVERLAP_CHECKS) { partial = true; break search; }
      const [earlier, later] = x.index < y.index ? [x, y] : [y, x];
      const o = overlap(earlier.path, later.path);
      if (o === undefined) continue;
      const jobs = [...earlier.jobs, ...later.jobs];
      if (new Set(jobs).size > 1) found.push({ later: later.index, earlier: earlier.index, path: o, jobs });
    }
  }
  // Report in declaration order, as a reader meets the paths.
  found.sort((a, b) => a.later - b.later || a.earlier - b.earlier);
  for (const f of found) add(f.path, f.jobs);
  if (untracked.length > 1) add('(untracked files)', untracked);

  const order = new Map(sources.map((s, i) => [s.job, i] as const));
  const conflicts = [...groups.entries()].map(([path, set]) => {
    const jobs = [...set].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    return { path, jobs, likelyWinner: jobs[jobs.length - 1]! };
  });
  return { conflicts, partial };
}
