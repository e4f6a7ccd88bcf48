// A hint, not a warning: a stage-scheduled job downloads every archive of every earlier stage (spec R5.3.1: no
// `needs`, `dependencies` absent), which costs time on every run. When nothing in the job's own configuration names
// any path of what it receives, `dependencies: []` may be what the author meant. That is a guess about scripts —
// a program the script runs may read the files without naming them — so it is only `info`, its message says so,
// and it is given only when the whole job is visible: no unresolved include, no unresolved `!reference`, no
// `untracked` or whole-workspace archive among the sources, no dotenv variables (which `dependencies: []` would
// also stop), and no path whose every part is a wildcard.
import type { DiagnosticSink } from '../diagnostics';
import type { BuiltJobs } from '../jobs/buildJobs';
import type { JobDef } from '../jobs/jobTypes';
import type { FlowJob } from '../model';
import { get, type YNode } from '../yaml/node';

export const UNUSED_ARCHIVES = 'unused-archives';
/** The hints past MAX_UNUSED_HINTS, counted in one (not fixable: it names no single job). */
export const UNUSED_ARCHIVES_MORE = 'unused-archives-more';
/** How many producers and paths the message names before "…". */
const NAMED = 3;
/** Hints given per analysis: more would bury the Problems list (the rest are counted in one more hint). */
export const MAX_UNUSED_HINTS = 10;
/** Path tokens looked up in job texts per analysis (a bound: a thousand jobs × a thousand archives is hostile). */
const MAX_LOOKUPS = 200_000;

export function hintUnusedArchives(built: BuiltJobs, flow: readonly FlowJob[], sink: DiagnosticSink): void {
  const flowByName = new Map(flow.map((f) => [f.name, f] as const));
  // Global variables can hold a path a script uses as `$VAR`: their text counts as the job's.
  const globalText = strings(built.variables).join('\n');
  const budget = { lookups: MAX_LOOKUPS };
  const verdicts = new Map<string, { job: JobDef; hint: string | undefined }[]>();
  for (const job of built.jobs) {
    const f = flowByName.get(job.name);
    if (!f?.inPipeline || budget.lookups <= 0) continue;
    const list = verdicts.get(job.group) ?? [];
    list.push({ job, hint: hintFor(job, f, flowByName, globalText, budget) });
    verdicts.set(job.group, list);
  }
  // Parallel copies share one configuration: one hint for the group, only when it holds for every copy.
  const hinted = [...verdicts.values()].filter((list) => list.every((v) => v.hint !== undefined));
  for (const list of hinted.slice(0, MAX_UNUSED_HINTS)) {
    const first = list[0];
    if (first?.hint) sink.info(UNUSED_ARCHIVES, first.hint, first.job.keyRange, first.job.name);
  }
  const more = hinted.length - MAX_UNUSED_HINTS;
  const last = hinted[MAX_UNUSED_HINTS - 1]?.[0];
  if (more > 0 && last) {
    sink.info(
      UNUSED_ARCHIVES_MORE,
      `${count(more, 'more job')} also download${more === 1 ? 's' : ''} archives that nothing in ${more === 1 ? 'its' : 'their'} configuration names; only the first ${MAX_UNUSED_HINTS} are marked.`,
      last.job.keyRange,
    );
  }
  if (budget.lookups <= 0) {
    sink.info(
      UNUSED_ARCHIVES_MORE,
      `Not every job was checked for archives it downloads without naming them: the check stops after ${MAX_LOOKUPS.toLocaleString('en-US')} path lookups (a limit of this tool).`,
      built.jobs[0]?.keyRange ?? { file: '', line: 1, column: 1, endLine: 1, endColumn: 1 },
    );
  }
}

function hintFor(
  job: JobDef,
  flow: FlowJob,
  flowByName: ReadonlyMap<string, FlowJob>,
  globalText: string,
  budget: { lookups: number },
): string | undefined {
  // Only a stage-scheduled job with the default dependency list (a rule's needs make it DAG-scheduled too).
  const dag = job.needs !== null || flow.needs !== undefined;
  if (job.kind !== 'job' || dag || job.dependencies !== null) return undefined;
  const received = flow.sources.filter((s) => s.files);
  if (received.length === 0 || flow.sources.some((s) => s.dotenv || s.scope !== 'local' || s.via !== 'stage')) {
    return undefined;
  }
  if (!scriptsVisible(job.node)) return undefined;
  const paths: string[] = [];
  for (const s of received) {
    const a = flowByName.get(s.job)?.artifacts;
    if (!a || a.untracked) return undefined;
    paths.push(...a.paths);
  }
  const text = `${strings(job.node).join('\n')}\n${globalText}`;
  for (const p of paths) {
    const tokens = tokensOf(p);
    budget.lookups -= tokens.length;
    if (budget.lookups < 0 || tokens.length === 0 || tokens.some((t) => text.includes(t))) return undefined;
  }
  const producers = [...new Set(received.map((s) => s.job))];
  const uniquePaths = [...new Set(paths)];
  return (
    `${job.name} downloads the archives of ${count(producers.length, 'job')} of earlier stages ` +
    `(${named(producers)}), but nothing in its configuration names any of their paths (${named(uniquePaths)}). ` +
    'If its scripts do not use these files, `dependencies: []` skips the download. ' +
    'This is a guess from the script text: a program the script runs may still read them.'
  );
}

/** Every script line is plain text: no `!reference` left unresolved (its lines are unknown). */
function scriptsVisible(node: YNode): boolean {
  for (const key of ['script', 'before_script', 'after_script']) {
    if (hasRef(get(node, key))) return false;
  }
  return get(node, 'script') !== undefined;
}

function hasRef(node: YNode | undefined, depth = 0): boolean {
  if (node === undefined) return false;
  if (node.kind === 'ref' || depth > 20) return true;
  if (node.kind === 'seq') return node.items.some((i) => hasRef(i, depth + 1));
  if (node.kind === 'map') return node.entries.some((e) => hasRef(e.value, depth + 1));
  return false;
}

/** Every string and key in a tree (where a path could be named). */
function strings(node: YNode | undefined, out: string[] = [], depth = 0): string[] {
  if (node === undefined || depth > 50) return out;
  switch (node.kind) {
    case 'scalar':
      if (node.value !== null) out.push(String(node.value));
      break;
    case 'seq':
      for (const i of node.items) strings(i, out, depth + 1);
      break;
    case 'map':
      for (const e of node.entries) {
        out.push(e.key);
        strings(e.value, out, depth + 1);
      }
      break;
    default:
      break;
  }
  return out;
}

/**
 * What naming a path looks like: each literal part of it (`build`, `app.tar.gz`), the literal pieces of a part with
 * wildcards (`.deb` of `*.deb`), and the names of variables in it. Generous on purpose: any match means "used".
 * Empty when the path is only wildcards or the workspace itself — then anything may be used.
 */
function tokensOf(path: string): string[] {
  const tokens: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.' || part === '..') continue;
    for (const v of part.matchAll(/\$\{?(\w+)\}?/g)) if (v[1]) tokens.push(v[1]);
    const literal = part.replace(/\$\{?\w+\}?/g, '*');
    tokens.push(...literal.split(/[*?[\]{}]+/).filter((piece) => piece.length >= 2));
  }
  // Pieces made only of dots, dashes and underscores name nothing.
  return tokens.filter((t) => !/^[.\-_]+$/.test(t));
}

function named(xs: readonly string[]): string {
  return xs.length > NAMED ? `${xs.slice(0, NAMED).join(', ')}, …` : xs.join(', ');
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
