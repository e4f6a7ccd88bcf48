// Path conflicts between a job's sources (spec R7.2, R7.3): the runner extracts archives one after another
// and a later file replaces an earlier one, so when two sources declare the same or overlapping paths the
// later extracted source's copy is the likely one. "Likely": the local part of the list has no ORDER BY.
import type { ArtifactSource, PathConflict } from '../model';
import type { JobDef } from '../jobs/jobTypes';
import { alternativePairs, globIntersection, matchesGlob, meetings, type SharedPath } from './globOverlap';
import { alternativeCount, runnerRefusal } from './globSyntax';
import { outsideProject } from './outsideProject';

const GLOB = /[*?[\]{}]/;

/**
 * `./a//b/` → `a/b`; the runner treats a directory entry as everything below it. A literal path is made absolute
 * and cleaned by the runner (file_archiver.go: filepath.Abs), so `a/./b` is `a/b`, `a/../b` is `b`, and `.` or `./`
 * is the whole project directory (`**`). A glob is matched as written (only its leading `./` and doubled or
 * trailing slashes go, as before): whether the runner's glob walk cleans it is not known here.
 */
export function normalizeArtifactPath(p: string): string {
  const path = p
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/{2,}/g, '/')
    .replace(/\/+$/, '');
  if (GLOB.test(path)) return path;
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    // Above the project directory (`../x`): the runner archives nothing there; kept as written, it meets nothing.
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.length === 0 ? '**' : out.join('/');
}

/**
 * The shared part of two declarations (`out/*.txt`), or undefined when no file can be written by both, under the
 * runner's doublestar globs and directory semantics (globOverlap.ts): `out/app.log` and `out/*.txt` do not meet,
 * nor do `build/*.o` and `build/*.a`; `out/` and `out/*.bin` do.
 */
export function overlap(a: string, b: string): string | undefined {
  return globIntersection(normalizeArtifactPath(a), normalizeArtifactPath(b))?.shape;
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

/**
 * Pairwise overlap checks one job's conflict search may make; past it the search stops and says so. A check is one
 * pair of paths: two entries with `{a,b}` groups count each pair of their alternatives, an exclude with groups each
 * of its alternatives matched (both sized before they are built).
 */
export const MAX_OVERLAP_CHECKS = 200_000;
/** Candidate pairs one search may walk (most are skipped cheaply: the same producer on both sides). */
const MAX_CANDIDATE_PAIRS = 5_000_000;

export interface ConflictSearch {
  conflicts: PathConflict[];
  /** True when the search stopped at MAX_OVERLAP_CHECKS (or an exclude passed MAX_BELOW): more may exist. */
  partial: boolean;
}

/** What the local file sources declare: each normalized path with its writers, in declaration order. */
interface Declarations {
  writers: Map<string, string[]>;
  untracked: string[];
  excludes: Map<string, string[]>;
}

/**
 * Whether a job really writes a concrete file, given its artifacts:exclude. False too when the check would pass
 * our bound (the budget then says the search is partial, so a conflict it hides is said to be possibly missing).
 */
type Writes = (job: string, witness: string) => boolean;

/** The checks spent by one search, whether one was refused for want of budget, whether MAX_BELOW cut a depth. */
interface Budget {
  used: number;
  out: boolean;
  deep?: boolean;
}

/** Spends n checks; false (and the search partial) when they pass MAX_OVERLAP_CHECKS. */
function spend(budget: Budget, n: number): boolean {
  budget.used += n;
  if (budget.used > MAX_OVERLAP_CHECKS) budget.out = true;
  return !budget.out;
}

/** One search's way of weighing a shared path: who really writes a file, the work spent, how deep to look. */
interface Search {
  writes: Writes;
  budget: Budget;
  /** Levels below a shared folder for the deep file candidates (depthPastExcludes). */
  below: number;
}

/** What is left of the budget: the cap a glob's alternatives are counted to. */
const left = (budget: Budget): number => Math.max(0, MAX_OVERLAP_CHECKS - budget.used);

/** A pair of different paths that can write a common file (declaration indexes of both). */
interface Overlap {
  later: number;
  earlier: number;
  path: string;
  jobs: string[];
}

export function findConflicts(sources: readonly ArtifactSource[], byName: ReadonlyMap<string, JobDef>): ConflictSearch {
  const { writers, untracked, excludes } = declarations(sources, byName);
  const budget: Budget = { used: 0, out: false };
  const below = depthPastExcludes(excludes);
  if (below === undefined) budget.deep = true;
  const search: Search = { writes: excludedBy(excludes, budget), budget, below: below ?? MAX_BELOW };
  const groups = new Map<string, Set<string>>();
  const add = (path: string, jobs: readonly string[]): void => {
    const set = groups.get(path) ?? new Set<string>();
    for (const j of jobs) set.add(j);
    groups.set(path, set);
  };
  // 1. The same path from several sources: one group per distinct path, whatever the number of sources.
  for (const [path, jobs] of writers) {
    if (jobs.length < 2) continue;
    const real = jobs.some((j) => excludes.has(j)) ? samePathWriters(path, jobs, search) : jobs;
    if (real.length > 1) add(path, real);
  }
  // 2. Different paths that can write a common file, reported in declaration order, as a reader meets the paths.
  const found = overlappingPaths(writers, search);
  found.sort((a, b) => a.later - b.later || a.earlier - b.earlier);
  for (const f of found) add(f.path, f.jobs);
  if (untracked.length > 1) add('(untracked files)', untracked);

  const order = new Map(sources.map((s, i) => [s.job, i] as const));
  const conflicts = [...groups.entries()].map(([path, set]) => {
    const jobs = [...set].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    return { path, jobs, likelyWinner: jobs[jobs.length - 1]! };
  });
  return { conflicts, partial: budget.out || budget.deep === true };
}

/**
 * artifacts:exclude removes each matching path from that job's archive (file_archiver.go isExcluded:
 * doublestar.Match on each walked path, spec R4.2): a job whose exclude matches the shared file does not write it.
 * An exclude with `{a,b}` groups spends one check per alternative; past the budget the job counts as not writing.
 */
function excludedBy(excludes: ReadonlyMap<string, string[]>, budget: Budget): Writes {
  return (job, file) =>
    !(excludes.get(job) ?? []).some((g) => {
      const n = alternativeCount(g, MAX_OVERLAP_CHECKS);
      if (n > 1 && !spend(budget, n)) return true;
      return matchesGlob(g, file, n);
    });
}

/** Who of the writers of one path really writes a file of it, its excludes applied (each alternative's witness). */
function samePathWriters(path: string, jobs: readonly string[], { writes, budget, below }: Search): string[] {
  const n = alternativePairs(path, path, left(budget));
  if (!spend(budget, n)) return [];
  return bestWriters(meetings(path, path, n), jobs, writes, below)?.jobs ?? [];
}

/**
 * The files to try as the one two entries both write: the witness, and when both write everything below it and
 * its name does not look like a file's (`app.log`), files below it. The runner matches an exclude against each
 * walked path, not recursively (file_archiver.go isExcluded; GitLab's docs: `binaries/**` excludes a folder's
 * contents): `exclude: [out]` drops the folder entry `out` but archives `out/x`. An exclude without `**` matches
 * paths of its own depth only, so a file `below` levels down (deeper than every exclude) escapes all of those;
 * one with `**` is tried on a few names, short and long, so a `?` or a class rarely takes them all.
 */
function candidates({ witness, below: both }: SharedPath, below: number): string[] {
  const name = witness.slice(witness.lastIndexOf('/') + 1);
  if (!both || FILE_LIKE.test(name)) return [witness];
  return [witness, `${witness}/x`, ...BELOW_NAMES.map((n) => `${witness}/${Array<string>(below).fill(n).join('/')}`)];
}

/** A name with an extension after some text (`app.log`, not `.cache`): taken as a file, not a folder to walk. */
const FILE_LIKE = /^[^.].*\.[^.]+$/;
const BELOW_NAMES = ['x', 'q7', 'zz-z', '_'];

/**
 * Levels below a shared folder deeper than any exclude reaches without `**` (its `/` counted, braces and all), at
 * most MAX_BELOW; undefined past it: an exclude that deep (none real) could take the deep files too, so the search
 * then says it is partial.
 */
function depthPastExcludes(excludes: ReadonlyMap<string, string[]>): number | undefined {
  let most = 1;
  for (const list of excludes.values()) for (const g of list) most = Math.max(most, g.split('/').length);
  // The shared path has a part at least, so `most` levels below it is deeper than every such exclude.
  return most <= MAX_BELOW ? most : undefined;
}
const MAX_BELOW = 64;

/**
 * Among the shared files of each meeting pair of alternatives, the first written by the most distinct jobs (at
 * least two): those jobs and the pair's shape; undefined when excludes leave every shared file to one job.
 */
function bestWriters(
  shared: Iterable<SharedPath>,
  jobs: readonly string[],
  writes: Writes,
  below: number,
): { jobs: string[]; shape: string } | undefined {
  let best: { jobs: string[]; shape: string; size: number } | undefined;
  for (const s of shared) {
    for (const file of candidates(s, below)) {
      const real = jobs.filter((job) => writes(job, file));
      const size = new Set(real).size;
      if (size > 1 && size > (best?.size ?? 0)) best = { jobs: real, shape: s.shape, size };
      if (size === new Set(jobs).size) return best;
    }
  }
  return best && { jobs: best.jobs, shape: best.shape };
}

/** The paths, untracked flags and excludes of the sources that bring files from this pipeline. */
function declarations(sources: readonly ArtifactSource[], byName: ReadonlyMap<string, JobDef>): Declarations {
  const writers = new Map<string, string[]>();
  const untracked: string[] = [];
  const excludes = new Map<string, string[]>();
  for (const s of sources) {
    if (!s.files || s.scope !== 'local') continue;
    const a = byName.get(s.job)?.artifacts;
    if (!a) continue;
    if (a.exclude.length > 0) excludes.set(s.job, a.exclude.map(normalizeArtifactPath));
    if (a.untracked) untracked.push(s.job);
    for (const raw of a.paths) {
      // doublestar.Glob refuses the entry on every runner (globSyntax.ts), or its base is outside the project
      // directory (outsideProject.ts): the runner archives nothing for it.
      if (runnerRefusal(raw)?.where === 'all' || outsideProject(raw)) continue;
      const path = normalizeArtifactPath(raw);
      const list = writers.get(path);
      if (!list) writers.set(path, [s.job]);
      else if (list[list.length - 1] !== s.job && !list.includes(s.job)) list.push(s.job);
    }
  }
  return { writers, untracked, excludes };
}

/**
 * Different paths that can write a common file. Sorted by their literal prefix, the paths whose prefix starts
 * with p's follow p in one run: only those pairs are compared, never two unrelated folders or `build-1-*`
 * against `build-2-*`. Bounded by MAX_CANDIDATE_PAIRS and MAX_OVERLAP_CHECKS; `partial` says it stopped.
 */
function overlappingPaths(writers: ReadonlyMap<string, string[]>, { writes, budget, below }: Search): Overlap[] {
  const entries = [...writers.entries()].map(([path, jobs], index) => ({
    path,
    jobs,
    index,
    prefix: charPrefix(path),
  }));
  entries.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : a.index - b.index));
  const found: Overlap[] = [];
  let pairs = 0;
  for (let i = 0; i < entries.length; i++) {
    const x = entries[i]!;
    for (let j = i + 1; j < entries.length; j++) {
      const y = entries[j]!;
      if (!y.prefix.startsWith(x.prefix)) break;
      if (++pairs > MAX_CANDIDATE_PAIRS) {
        budget.out = true;
        return found;
      }
      // Paths of one single producer cannot conflict with each other.
      if (x.jobs.length === 1 && y.jobs.length === 1 && x.jobs[0] === y.jobs[0]) continue;
      const [earlier, later] = x.index < y.index ? [x, y] : [y, x];
      // Sized before it is built: each pair of brace alternatives is a check.
      const n = alternativePairs(earlier.path, later.path, left(budget));
      if (!spend(budget, n)) return found;
      // The likely winner is chosen among the sources that really write the shared file.
      const jobs = [...earlier.jobs, ...later.jobs];
      const shared = bestWriters(meetings(earlier.path, later.path, n), jobs, writes, below);
      if (shared) found.push({ later: later.index, earlier: earlier.index, path: shared.shape, jobs: shared.jobs });
      if (budget.out) return found;
    }
  }
  return found;
}
