// Building diagnostics. GitLab's own messages are passed in verbatim by the caller; this only attaches
// the location and a stable code.
import type { Diagnostic, Severity, SourceRange } from './model';

export function diagnostic(
  severity: Severity,
  code: string,
  message: string,
  at: SourceRange,
  job?: string,
): Diagnostic {
  const d: Diagnostic = {
    severity,
    code,
    message,
    file: at.file,
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
  };
  if (job !== undefined) d.job = job;
  return d;
}

/** A range covering the first character of a file, for problems that belong to a whole file. */
export function fileStart(file: string): SourceRange {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** Collects diagnostics and remembers whether any of them is fatal for the configuration. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  add(d: Diagnostic): void {
    // The same problem can be found twice (e.g. a shared template reached through two jobs); report it once.
    const key = `${d.severity}|${d.code}|${d.message}|${d.file}|${d.line}|${d.column}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(d);
  }

  error(code: string, message: string, at: SourceRange, job?: string): void {
    this.add(diagnostic('error', code, message, at, job));
  }
  warning(code: string, message: string, at: SourceRange, job?: string): void {
    this.add(diagnostic('warning', code, message, at, job));
  }
  info(code: string, message: string, at: SourceRange, job?: string): void {
    this.add(diagnostic('info', code, message, at, job));
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

/**
 * Passes every report on to `target` and counts them, including those the target drops as duplicates: for callers
 * that must know whether a check tried to report anything (the check memo, a rule's own errors).
 */
export class CountingSink extends DiagnosticSink {
  reports = 0;

  constructor(private readonly target: DiagnosticSink) {
    super();
  }

  override add(d: Diagnostic): void {
    this.reports++;
    this.target.add(d);
  }

  override get hasErrors(): boolean {
    return this.target.hasErrors;
  }
}

/**
 * A CountingSink that also keeps what was reported, in order: an entry whose jobs are reused reports it again
 * (incremental/entryJobs.ts), through the target's own de-duplication as the first time.
 */
export class RecordingSink extends CountingSink {
  readonly reported: Diagnostic[] = [];

  override add(d: Diagnostic): void {
    this.reported.push({ ...d }); // a copy: the target's own item may be changed by whoever holds the model
    super.add(d);
  }
}
