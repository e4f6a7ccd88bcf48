// Document symbols (stages → jobs, then templates and global keywords) and workspace symbols for jobs.
import type { TopLevel } from './editorIndex';
import type { EditorModel } from './editorModel';

export interface Block {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface SymbolNode {
  name: string;
  detail: string;
  kind: 'stage' | 'job' | 'template' | 'keyword';
  /** The whole block. */
  range: Block;
  /** The name. */
  selection: Block;
  children: SymbolNode[];
}

function leaf(t: TopLevel, kind: SymbolNode['kind'], detail: string): SymbolNode {
  const selection = { line: t.line, column: t.column, endLine: t.line, endColumn: t.endColumn };
  return {
    name: t.name,
    detail,
    kind,
    range: { line: t.line, column: 1, endLine: t.endLine, endColumn: 1 },
    selection,
    children: [],
  };
}

export function documentSymbols(em: EditorModel, file: string): SymbolNode[] {
  const top = em.file(file)?.top ?? [];
  const byStage = new Map<string, SymbolNode[]>();
  const rest: SymbolNode[] = [];
  for (const t of top) {
    const job = t.kind === 'job' ? em.jobsOf(t.name)[0] : undefined;
    if (job) {
      const instances = em.jobsOf(t.name).length;
      const detail =
        `${job.inPipeline ? '' : 'not in this pipeline · '}${instances > 1 ? `${instances} instances` : job.kind === 'trigger' ? 'trigger' : ''}`.replace(
          / · $/,
          '',
        );
      byStage.set(job.stage, [...(byStage.get(job.stage) ?? []), leaf(t, 'job', detail)]);
    } else {
      rest.push(
        leaf(
          t,
          t.kind === 'keyword' ? 'keyword' : 'template',
          t.kind === 'hidden' ? 'template' : t.kind === 'keyword' ? '' : 'not a job of this pipeline',
        ),
      );
    }
  }
  const stages = em.model.stages
    .filter((s) => byStage.has(s))
    .concat([...byStage.keys()].filter((s) => !em.model.stages.includes(s)));
  const stageNodes = stages.map((s): SymbolNode => {
    const children = byStage.get(s) ?? [];
    const first = children[0]!;
    const last = children.reduce((a, c) => (c.range.endLine > a.range.endLine ? c : a), first);
    return {
      name: s,
      detail: `stage · ${children.length} job${children.length === 1 ? '' : 's'}`,
      kind: 'stage',
      range: { ...first.range, endLine: last.range.endLine },
      selection: first.selection,
      children,
    };
  });
  return [...stageNodes, ...rest];
}

export interface WorkspaceSymbol {
  name: string;
  detail: string;
  file: string;
  selection: Block;
}

/** Jobs and templates whose name contains the query's characters in order (case-insensitive), at most `max`. */
export function workspaceSymbols(em: EditorModel, query: string, max = 500): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const out: WorkspaceSymbol[] = [];
  for (const path of em.filePaths) {
    for (const t of em.file(path)?.top ?? []) {
      if (t.kind === 'keyword' || !subsequence(q, t.name.toLowerCase())) continue;
      const job = em.jobsOf(t.name)[0];
      out.push({
        name: t.name,
        detail: job ? `stage ${job.stage}` : 'template',
        file: path,
        selection: { line: t.line, column: t.column, endLine: t.line, endColumn: t.endColumn },
      });
      if (out.length >= max) return out;
    }
  }
  return out;
}

function subsequence(q: string, s: string): boolean {
  let i = 0;
  for (const c of s) if (c === q[i]) i++;
  return i >= q.length;
}
