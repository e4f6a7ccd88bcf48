// Sums Stryker's JSON reports (reports/mutation/*.json, one per folder run: see stryker.config.mjs) into one table per
// folder of src/ci. A file measured by several reports counts once, from the newest report (a re-run of one file
// replaces its figures; nothing is counted twice).
//
// Usage: node scripts/mutationSummary.mjs [--survivors] [reportDir]   (from the repository root)
//   --survivors   also lists the surviving and uncovered mutants, grouped by mutator and file (the classes that
//                 docs/mutation.md answers with a test or a reason).
// The score is Stryker's: (killed + timeout) / (killed + timeout + survived + no coverage); compile and runtime
// errors and ignored mutants are not counted.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const survivors = args.includes('--survivors');
const dir = args.find((a) => !a.startsWith('--')) ?? join('reports', 'mutation');

/** @type {Map<string, {report: string, mtime: number, mutants: {mutatorName: string, status: string, replacement?: string, location: {start: {line: number, column: number}}}[], source: string}>} */
const files = new Map();
let reports;
try {
  reports = readdirSync(dir).filter((f) => f.endsWith('.json'));
} catch {
  console.error(
    `no reports in ${dir}: run e.g. MUTATION_REPORT=rules npm run mutation -- --mutate 'src/ci/rules/**/*.ts'`,
  );
  process.exit(2);
}
for (const name of reports) {
  const p = join(dir, name);
  const mtime = statSync(p).mtimeMs;
  let report;
  try {
    report = JSON.parse(readFileSync(p, 'utf8'));
  } catch {
    console.error(`skipped ${p}: not JSON`);
    continue;
  }
  if (!report || typeof report.files !== 'object') continue;
  for (const [file, f] of Object.entries(report.files)) {
    const seen = files.get(file);
    if (!seen || seen.mtime < mtime) files.set(file, { report: name, mtime, mutants: f.mutants, source: f.source });
  }
}

/** `src/ci/rules/refs.ts` → `rules`; `src/ci/analyze.ts` → `(top level)`. */
function folderOf(file) {
  const rest = file.replace(/\\/g, '/').replace(/^src\/ci\//, '');
  const slash = rest.indexOf('/');
  return slash < 0 ? '(top level)' : rest.slice(0, slash);
}

/** How many source files each folder has now, so a folder measured only in part says so (`1/12`). */
const onDisk = new Map();
for (const f of readdirSync(join('src', 'ci'), { recursive: true })) {
  const rel = `src/ci/${String(f).replace(/\\/g, '/')}`;
  if (!rel.endsWith('.ts') || rel.endsWith('.d.ts')) continue;
  onDisk.set(folderOf(rel), (onDisk.get(folderOf(rel)) ?? 0) + 1);
}

const COUNTED = ['Killed', 'Timeout', 'Survived', 'NoCoverage'];
const folders = new Map();
for (const [file, f] of files) {
  const key = folderOf(file);
  const row = folders.get(key) ?? {
    files: 0,
    Killed: 0,
    Timeout: 0,
    Survived: 0,
    NoCoverage: 0,
    other: 0,
    newest: 0,
    oldest: Infinity,
  };
  row.files++;
  row.newest = Math.max(row.newest, f.mtime);
  row.oldest = Math.min(row.oldest, f.mtime);
  for (const m of f.mutants) {
    if (COUNTED.includes(m.status)) row[m.status]++;
    else row.other++;
  }
  folders.set(key, row);
}

const score = (r) => {
  const detected = r.Killed + r.Timeout;
  const valid = detected + r.Survived + r.NoCoverage;
  return valid === 0 ? NaN : (100 * detected) / valid;
};
const day = (ms) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const header = [
  'folder',
  'files measured',
  'mutants',
  'killed',
  'timeout',
  'survived',
  'no cov',
  'other',
  'score',
  'measured (UTC)',
];
const rows = [...folders].sort(([a], [b]) => a.localeCompare(b));
const total = { files: 0, Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0, newest: 0, oldest: Infinity };
for (const [, r] of rows) {
  for (const k of Object.keys(total)) {
    if (k === 'newest') total.newest = Math.max(total.newest, r.newest);
    else if (k === 'oldest') total.oldest = Math.min(total.oldest, r.oldest);
    else total[k] += r[k];
  }
}
const line = (name, r) => [
  name,
  name === 'all measured'
    ? `${r.files}/${[...onDisk.values()].reduce((a, b) => a + b, 0)}`
    : `${r.files}/${onDisk.get(name) ?? '?'}`,
  r.Killed + r.Timeout + r.Survived + r.NoCoverage + r.other,
  r.Killed,
  r.Timeout,
  r.Survived,
  r.NoCoverage,
  r.other,
  `${score(r).toFixed(1)} %`,
  r.oldest === r.newest ? day(r.newest) : `${day(r.oldest)} … ${day(r.newest)}`,
];
const table = [header, ...rows.map(([n, r]) => line(n, r)), line('all measured', total)];
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map((h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
for (const r of table.slice(1)) console.log(`| ${r.join(' | ')} |`);
console.log(`\n${files.size} files from ${reports.length} report(s) in ${dir}`);

if (survivors) {
  /** mutator → file → [line: original → replacement] */
  const classes = new Map();
  for (const [file, f] of files) {
    const lines = f.source.split('\n');
    for (const m of f.mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const byFile = classes.get(m.mutatorName) ?? new Map();
      const list = byFile.get(file) ?? [];
      const at = m.location.start.line;
      const code = (lines[at - 1] ?? '').trim().slice(0, 100);
      list.push(
        `${m.status === 'NoCoverage' ? 'no cov ' : ''}${at}: ${code}  ⇒  ${(m.replacement ?? '').slice(0, 60)}`,
      );
      byFile.set(file, list);
      classes.set(m.mutatorName, byFile);
    }
  }
  const sorted = [...classes].sort(([, a], [, b]) => [...b.values()].flat().length - [...a.values()].flat().length);
  for (const [mutator, byFile] of sorted) {
    console.log(`\n## ${mutator} (${[...byFile.values()].flat().length})`);
    for (const [file, list] of byFile) {
      console.log(`  ${file}`);
      for (const l of list) console.log(`    ${l}`);
    }
  }
}
