// Static reading of dotenv variables (spec R6): which keys a job's script writes into its dotenv report
// (`echo "KEY=value" >> build.env`), and which `$KEY`s a job's script reads. A prediction, labelled as one:
// it explains the classic "why is $BUILD_VERSION empty" without running anything.
import type { YMap } from '../yaml/node';
import { flattenSeq, get, scalarString } from '../yaml/node';
import { DOTENV_LIMITS, parseDotenv } from '../dotenv';

const SCRIPT_KEYS = ['before_script', 'script', 'after_script'];
const WRITE = /(?:echo|printf)\s+(?:-[a-z]+\s+)?["']?([A-Za-z_][A-Za-z0-9_]*)=[^>]*>>?\s*["']?([^\s"';|&)]+)/g;
const TEE =
  /(?:echo|printf)\s+(?:-[a-z]+\s+)?["']?([A-Za-z_][A-Za-z0-9_]*)=.*\|\s*tee\s+(?:-a\s+)?["']?([^\s"';|&)]+)/g;
const READ = /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g;

export function scriptLines(job: YMap): string[] {
  return SCRIPT_KEYS.flatMap((k) => flattenSeq(get(job, k), 10).map((n) => scalarString(n) ?? '')).filter(
    (l) => l !== '',
  );
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

/** `echo …`/`printf …` redirected (`>` or `>>`) into a file: the echoed text and the target, any text. */
const ANY_WRITE =
  /(?:^|[;&|]\s*|\s)(echo|printf)((?:\s+-[a-zA-Z]+)*)(?:\s+(.*?))?\s*(>>?)\s*["']?([^\s"';|&)]+)["']?\s*$/;

/**
 * A script line's commands: split at `;`, `&&`, `||`, `|`, `(` and `)` outside quotes, `$(…)` and backquotes, so a
 * write's target ends there (`echo "x" >> build.env; echo done`). A lone `&` is left alone (`2>&1`).
 */
function shellCommands(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quote = '';
  let depth = 0; // open `$(` and the parentheses inside it (`$((1+2))`)
  let backquote = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = '';
    } else if (c === '\\') i++;
    else if (c === '$' && line[i + 1] === '(') {
      depth++;
      i++;
    } else if (c === '(' && depth > 0) depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (c === '`') backquote = !backquote;
    else if (quote === '"' || depth > 0 || backquote) {
      if (c === '"' && depth === 0 && !backquote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ';' || c === '|' || c === '(' || c === ')' || (c === '&' && line[i + 1] === '&')) {
      out.push(line.slice(start, i));
      if (line[i + 1] === c && c !== ';' && c !== '(' && c !== ')') i++;
      start = i + 1;
    }
  }
  out.push(line.slice(start));
  return out;
}

/** The text an `echo`/`printf` argument list prints, when it is literal; undefined when it cannot be known. */
function echoed(command: string, flags: string, args: string | undefined): { text: string; literal: boolean } {
  let text = (args ?? '').trim();
  const quoted = /^(["'])(.*)\1$/.exec(text);
  if (quoted) text = quoted[2] ?? '';
  // Variables, command substitutions and escapes make the value unknown (its key usually stays readable).
  const literal = !/[$`\\]/.test(text) || (quoted?.[1] === "'" && !text.includes('\\'));
  // printf's format ends its line with `\n`; `echo -n` writes no newline (rare in reports: not followed).
  if (command === 'printf') text = text.replace(/\\n$/, '');
  void flags;
  return { text, literal };
}

export interface DotenvRejection {
  /** GitLab's message (app/services/ci/parse_dotenv_artifact_service.rb and Ci::JobVariable's validations). */
  message: string;
  /** The script line that makes it so. */
  line: string;
}

/**
 * Whether GitLab would reject the job's dotenv report, judged from what its script writes into the report files
 * (parse_dotenv_artifact_service.rb: every line `KEY=VALUE`, so an empty or `#` line is "Invalid Format"; keys of
 * letters, digits and `_` only; at most 20 variables; under 5,120 bytes). Only writes we can read count: a value
 * from a variable keeps its key checkable, but then the size is unknown and not judged. One bad line rejects the
 * whole report: none of its variables reach anyone.
 */
export function predictDotenvRejection(
  job: YMap,
  dotenvFiles: readonly string[],
  limits = DOTENV_LIMITS,
): DotenvRejection | undefined {
  if (dotenvFiles.length === 0) return undefined;
  const targets = new Set(dotenvFiles.map(basename));
  const lines: { text: string; from: string }[] = [];
  let sizeKnown = true;
  let unknownLines = false;
  for (const line of scriptLines(job)) {
    for (const part of line.split('\n').flatMap((l) => shellCommands(l).map((c) => ({ c, l })))) {
      const m = ANY_WRITE.exec(part.c.trim());
      if (!m) continue;
      const file = (m[5] ?? '').replace(/^\$\{?CI_PROJECT_DIR\}?\//, '');
      if (!targets.has(basename(file))) continue;
      const e = echoed(m[1] ?? 'echo', m[2] ?? '', m[3]);
      if (!e.literal) sizeKnown = false;
      // `>` starts the file again; a literal value stands in for an unknown one (only its key is judged).
      if (m[4] === '>') {
        lines.length = 0;
        unknownLines = false;
      }
      const eq = e.text.indexOf('=');
      // What the shell writes is unknown when quotes remain inside the text (`"A"=1`), or when a variable, a command
      // or an escape is part of the key or there is no `=` at all (`echo "$LINE"` may print any lines).
      if (/["']/.test(e.text) || (!e.literal && (eq < 0 || /[$`\\]/.test(e.text.slice(0, eq))))) {
        unknownLines = true;
        continue;
      }
      const text = e.literal ? e.text : `${e.text.slice(0, eq)}=x`;
      lines.push({ text, from: part.l.trim() });
    }
  }
  // With lines we cannot read, only a line that is wrong by itself rejects the report for sure.
  if (unknownLines) {
    const alone = { ...limits, maxBytes: Number.POSITIVE_INFINITY, maxVariables: Number.POSITIVE_INFINITY };
    for (const l of lines) {
      const r = parseDotenv(`${l.text}\n`, alone);
      if (!r.ok) return { message: r.error, line: l.from };
    }
    return undefined;
  }
  if (lines.length === 0) return undefined;
  const body = `${lines.map((l) => l.text).join('\n')}\n`;
  const r = parseDotenv(body, sizeKnown ? limits : { ...limits, maxBytes: Number.POSITIVE_INFINITY });
  if (r.ok) return undefined;
  const culprit =
    lines.find((l) => !parseDotenv(`${l.text}\n`, { ...limits, maxBytes: Number.POSITIVE_INFINITY }).ok) ??
    lines[lines.length - 1]!;
  return { message: r.error, line: culprit.from };
}
