// Static reading of dotenv variables (spec R6): which keys a job's script writes into its dotenv report
// (`echo "KEY=value" >> build.env`), and which `$KEY`s a job's script reads. A prediction, labelled as one:
// it explains the classic "why is $BUILD_VERSION empty" without running anything.
import type { YMap } from '../yaml/node';
import { flattenSeq, get, scalarString } from '../yaml/node';

const SCRIPT_KEYS = ['before_script', 'script', 'after_script'];
const WRITE = /(?:echo|printf)\s+(?:-[a-z]+\s+)?["']?([A-Za-z_][A-Za-z0-9_]*)=[^>]*>>?\s*["']?([^\s"';|&)]+)/g;
const TEE = /(?:echo|printf)\s+(?:-[a-z]+\s+)?["']?([A-Za-z_][A-Za-z0-9_]*)=.*\|\s*tee\s+(?:-a\s+)?["']?([^\s"';|&)]+)/g;
const READ = /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g;

export function scriptLines(job: YMap): string[] {
  return SCRIPT_KEYS.flatMap((k) => flattenSeq(get(job, k), 10).map((n) => scalarString(n) ?? '')).filter((l) => l !== '');
}

function basename(p: string): string {
  return p.replace(/^.*\//, '');
}

/** Keys the script writes into one of the job's dotenv report files, in first-written order. */
export function predictDotenvKeys(job: YMap, dotenvFiles: readonly string[]): string[] {
  if (dotenvFiles.length === 0) return [];
  const targets = new Set(dotenvFiles.map(basename));
  const keys: string[] = [];
  for (const line of scriptLines(job)) {
    for (const re of [WRITE, TEE]) {
      for (const m of line.matchAll(re)) {
        const [key, file] = [m[1] ?? '', (m[2] ?? '').replace(/^\$\{?CI_PROJECT_DIR\}?\//, '')];
        if (targets.has(basename(file)) && !keys.includes(key)) keys.push(key);
      }
    }
  }
  return keys;
}

/** Variables the job's scripts read (`$KEY`, `${KEY}`), for matching against predicted dotenv keys. */
export function readVariables(job: YMap): Set<string> {
  const out = new Set<string>();
  for (const line of scriptLines(job)) for (const m of line.matchAll(READ)) out.add(m[1] ?? '');
  return out;
}
