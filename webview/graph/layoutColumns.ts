// Layout phase 3, columns: GitLab's stages in their order ("stages"), or dependency depth ("needs": a card sits one
// column right of the deepest job it needs or takes artifacts from). External cards get a column of their own, first.
import type { FlowModel } from '../../src/ci/model';
import type { LayoutMode } from '../../src/protocol';
import type { LayoutColumn, LayoutEdge, LayoutNode } from './layoutTypes';

export interface ColumnInput {
  model: FlowModel;
  /** Job and group cards (not external ones). */
  cards: readonly LayoutNode[];
  edges: readonly LayoutEdge[];
  nodeOfJob: ReadonlyMap<string, string>;
  mode: LayoutMode;
  collapsedStages: ReadonlySet<string>;
  hasExternals: boolean;
  columnWidth: number;
}

export interface Columns {
  /** Index order; `x` is left at zero for the placement phase. */
  columns: LayoutColumn[];
  /** Card id → column index (external cards are in column 0 when there are any). */
  columnOf: Map<string, number>;
}

export function layoutColumns(input: ColumnInput): Columns {
  const columns: LayoutColumn[] = [];
  const columnOf = new Map<string, number>();
  const offset = input.hasExternals ? 1 : 0;
  const width = input.columnWidth;
  if (offset) columns.push({ index: 0, kind: 'external', label: 'External', x: 0, width });
  if (input.mode === 'stages') {
    const used = new Set(input.cards.map((n) => n.stage));
    const stages = input.model.stages.filter((s) => used.has(s));
    for (const s of used) if (!stages.includes(s)) stages.push(s);
    const indexOf = new Map(stages.map((s, i) => [s, i] as const));
    stages.forEach((s, i) =>
      columns.push({
        index: i + offset,
        kind: 'stage',
        label: s,
        x: 0,
        width,
        collapsed: input.collapsedStages.has(s),
      }),
    );
    for (const n of input.cards) columnOf.set(n.id, (indexOf.get(n.stage) ?? 0) + offset);
    return { columns, columnOf };
  }
  const layer = needsLayers(input.cards, input.edges, needsPreds(input.model, input.nodeOfJob));
  let max = -1;
  for (const n of input.cards) {
    const l = layer.get(n.id) ?? 0;
    columnOf.set(n.id, l + offset);
    max = Math.max(max, l);
  }
  for (let i = 0; i <= max; i++) {
    columns.push({
      index: i + offset,
      kind: 'layer',
      label: i === 0 ? 'No needs' : `Needs depth ${i}`,
      depth: i,
      x: 0,
      width,
    });
  }
  return { columns, columnOf };
}

/**
 * What a card waits for: the jobs it `needs` (with or without artifacts), for DAG-scheduled jobs. Cards
 * whose jobs have no `needs:` are absent; they are placed after their artifact producers instead.
 */
export function needsPreds(model: FlowModel, nodeOfJob: ReadonlyMap<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const job of model.jobs) {
    const to = nodeOfJob.get(job.name);
    if (to === undefined || job.needs === undefined) continue;
    const list = out.get(to) ?? [];
    for (const n of job.needs) {
      const from = nodeOfJob.get(n);
      if (from !== undefined && from !== to && !list.includes(from)) list.push(from);
    }
    out.set(to, list);
  }
  return out;
}

/** Longest-path layering: a card sits one layer right of its deepest need (or artifact producer). Cycles are cut. */
export function needsLayers(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  needs: ReadonlyMap<string, string[]>,
): Map<string, number> {
  const ids = new Set(nodes.map((n) => n.id));
  const preds = new Map<string, string[]>(
    [...needs].filter(([id]) => ids.has(id)).map(([id, list]) => [id, list.filter((p) => ids.has(p))]),
  );
  for (const e of edges) {
    if (!ids.has(e.from) || !ids.has(e.to) || needs.has(e.to)) continue;
    const list = preds.get(e.to) ?? [];
    list.push(e.from);
    preds.set(e.to, list);
  }
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  // Iterative DFS so a 1,500-deep chain cannot overflow the stack.
  for (const n of nodes) {
    if (layer.has(n.id)) continue;
    const stack: { id: string; i: number }[] = [{ id: n.id, i: 0 }];
    visiting.add(n.id);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const ps = preds.get(top.id) ?? [];
      if (top.i < ps.length) {
        const p = ps[top.i++]!;
        if (!layer.has(p) && !visiting.has(p)) {
          visiting.add(p);
          stack.push({ id: p, i: 0 });
        }
        continue;
      }
      let l = 0;
      for (const p of ps) {
        const pl = layer.get(p);
        if (pl !== undefined) l = Math.max(l, pl + 1);
      }
      layer.set(top.id, l);
      visiting.delete(top.id);
      stack.pop();
    }
  }
  return layer;
}
