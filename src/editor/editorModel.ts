// One analysis as the editor's providers read it: the FlowModel and the editor index, with the lookups every
// provider shares (built once per model, on first use). Pure: tested in plain Node, used by the host's providers.
import type { FlowJob, FlowModel } from '../ci/model';
import type { EditorIndex, FileIndex, Occurrence, Span, TopLevel } from './editorIndex';

export interface Located<T> {
  file: string;
  item: T;
}

export class EditorModel {
  private readonly files: Map<string, FileIndex>;
  private groups: Map<string, FlowJob[]> | undefined;
  private byName: Map<string, FlowJob> | undefined;
  private defs: Map<string, Located<TopLevel>[]> | undefined;
  private uses: Map<string, Located<Occurrence>[]> | undefined;
  private parents: Map<string, string[]> | undefined;

  constructor(
    readonly model: FlowModel,
    readonly index: EditorIndex,
  ) {
    this.files = new Map(index.files.map((f) => [f.file, f]));
  }

  file(path: string): FileIndex | undefined {
    return this.files.get(path);
  }

  get filePaths(): string[] {
    return [...this.files.keys()];
  }

  /** The jobs of the pipeline a top-level key defines (parallel instances share one key). */
  jobsOf(group: string): FlowJob[] {
    if (!this.groups) {
      this.groups = new Map();
      for (const j of this.model.jobs) this.groups.set(j.group, [...(this.groups.get(j.group) ?? []), j]);
    }
    return this.groups.get(group) ?? [];
  }

  job(name: string): FlowJob | undefined {
    this.byName ??= new Map(this.model.jobs.map((j) => [j.name, j]));
    return this.byName.get(name) ?? this.jobsOf(name)[0];
  }

  /** Where a top-level key is written (a job may be written in several files: GitLab merges them). */
  definitions(name: string): Located<TopLevel>[] {
    if (!this.defs) {
      this.defs = new Map();
      for (const f of this.files.values()) {
        for (const t of f.top) this.defs.set(t.name, [...(this.defs.get(t.name) ?? []), { file: f.file, item: t }]);
      }
    }
    return this.defs.get(name) ?? [];
  }

  /** Every occurrence naming `name`, of any kind, in every file. */
  occurrencesOf(name: string): Located<Occurrence>[] {
    if (!this.uses) {
      this.uses = new Map();
      for (const f of this.files.values()) {
        for (const o of f.occurrences) {
          const list = this.uses.get(o.name);
          if (list) list.push({ file: f.file, item: o });
          else this.uses.set(o.name, [{ file: f.file, item: o }]);
        }
      }
    }
    return this.uses.get(name) ?? [];
  }

  /** The occurrence under a 1-based position, if any. */
  occurrenceAt(path: string, line: number, column: number): Occurrence | undefined {
    const list = this.files.get(path)?.occurrences ?? [];
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = list[mid]!;
      if (o.line < line || (o.line === line && o.endColumn < column)) lo = mid + 1;
      else if (o.line > line || o.column > column) hi = mid - 1;
      else return o;
    }
    return undefined;
  }

  /** The top-level key whose name is under a 1-based position, if any. */
  keyAt(path: string, line: number, column: number): TopLevel | undefined {
    return this.files.get(path)?.top.find((t) => t.line === line && t.column <= column && column <= t.endColumn);
  }

  /** The top-level block a line is in. */
  blockAt(path: string, line: number): TopLevel | undefined {
    return this.files.get(path)?.top.find((t) => t.line <= line && line <= t.endLine);
  }

  /** Top-level keys that extend `name`, directly or through other templates (cycles stop). */
  extenders(name: string): string[] {
    const out: string[] = [];
    const queue = [name];
    const seen = new Set(queue);
    while (queue.length > 0) {
      const target = queue.shift()!;
      for (const u of this.occurrencesOf(target)) {
        if (u.item.kind !== 'extends' || seen.has(u.item.owner)) continue;
        seen.add(u.item.owner);
        out.push(u.item.owner);
        queue.push(u.item.owner);
      }
    }
    return out;
  }

  /** The keys `name` extends, nearest first, transitively (cycles stop). */
  ancestors(name: string): string[] {
    if (!this.parents) {
      this.parents = new Map();
      for (const f of this.files.values()) {
        for (const o of f.occurrences) {
          if (o.kind === 'extends') this.parents.set(o.owner, [...(this.parents.get(o.owner) ?? []), o.name]);
        }
      }
    }
    const out: string[] = [];
    const queue = [...(this.parents.get(name) ?? [])];
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (next === name || out.includes(next)) continue;
      out.push(next);
      queue.push(...(this.parents.get(next) ?? []));
    }
    return out;
  }

  /** The jobs a top-level key affects: itself when it is a job, or every job that extends it. */
  affectedJobs(owner: string): FlowJob[] {
    const own = this.jobsOf(owner);
    if (own.length > 0) return own;
    return this.extenders(owner).flatMap((n) => this.jobsOf(n));
  }
}

export function sameStart(
  a: { line: number; column: number } | undefined,
  b: { line: number; column: number; file?: string },
): boolean {
  return a !== undefined && a.line === b.line && a.column === b.column;
}

export function spanText(s: Span): string {
  return `${s.line}:${s.column}`;
}
