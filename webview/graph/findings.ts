// Findings on the graph, pure (no DOM): which diagnostics belong to which card, the dependencies a job expects but
// does not get (drawn as broken arrows on hover), and why a path conflict's likely winner wins.
import * as l10n from '@vscode/l10n';
import type { Diagnostic, FlowJob, FlowModel, MissingSource, PathConflict } from '../../src/ci/model';
import type { GraphLayout, LayoutNode, Point } from './layoutTypes';

/** Diagnostics by the job they name (`Diagnostic.job`: an instance name or the job's name before expansion). */
export function diagnosticsByJob(model: FlowModel): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const d of model.diagnostics) {
    if (d.job === undefined) continue;
    (out.get(d.job) ?? out.set(d.job, []).get(d.job)!).push(d);
  }
  return out;
}

/** A node's diagnostics: those naming any of its jobs or its group, once each. */
export function nodeDiagnostics(node: LayoutNode, byJob: ReadonlyMap<string, Diagnostic[]>): Diagnostic[] {
  if (node.kind === 'external') return [];
  const names = new Set(node.jobs);
  if (node.group !== undefined) names.add(node.group);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const name of names) {
    for (const d of byJob.get(name) ?? []) {
      const key = `${d.severity}|${d.code}|${d.message}|${d.file}:${d.line}:${d.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return out.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

export interface FindingCounts {
  errors: number;
  warnings: number;
}

export function countFindings(ds: readonly Diagnostic[]): FindingCounts {
  let errors = 0;
  let warnings = 0;
  for (const d of ds) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

export function findingsLabel(c: FindingCounts): string {
  const parts: string[] = [];
  if (c.errors > 0) parts.push(c.errors === 1 ? l10n.t('{0} error', c.errors) : l10n.t('{0} errors', c.errors));
  if (c.warnings > 0) {
    parts.push(c.warnings === 1 ? l10n.t('{0} warning', c.warnings) : l10n.t('{0} warnings', c.warnings));
  }
  return parts.join(', ');
}

/** A dependency that delivers nothing, drawn from its (drawn) producer to the hovered consumer. */
export interface BrokenEdge {
  id: string;
  from: string;
  to: string;
  items: MissingSource[];
  points: Point[];
  sameColumn: boolean;
}

/**
 * The hovered node's `missing` entries whose producer has a card (an excluded job, a same-stage dependency, a need
 * with `artifacts: false`, …), one per producer node, routed like an ordinary arrow. Producers with no card (an
 * undefined need) are only listed in the hover card.
 */
export function brokenEdges(
  layout: GraphLayout,
  jobs: ReadonlyMap<string, FlowJob>,
  nodeId: string,
  nodeById: ReadonlyMap<string, LayoutNode>,
): BrokenEdge[] {
  const to = nodeById.get(nodeId);
  if (!to || to.kind === 'external') return [];
  const byProducer = new Map<string, BrokenEdge>();
  for (const name of to.jobs) {
    for (const m of jobs.get(name)?.missing ?? []) {
      const fromId = layout.nodeOfJob.get(m.job);
      const from = fromId === undefined ? undefined : nodeById.get(fromId);
      if (!from || from.id === to.id) continue;
      let e = byProducer.get(from.id);
      if (!e) {
        const ay = from.y + from.height / 2;
        const by = to.y + to.height / 2;
        const forward = from.column < to.column;
        e = {
          id: `${from.id}-x->${to.id}`,
          from: from.id,
          to: to.id,
          items: [],
          sameColumn: !forward,
          points: forward
            ? [
                { x: from.x + from.width, y: ay },
                { x: to.x, y: by },
              ]
            : [
                { x: from.x + from.width, y: ay },
                { x: to.x + to.width, y: by },
              ],
        };
        byProducer.set(from.id, e);
      }
      if (!e.items.some((x) => x.job === m.job && x.code === m.code)) e.items.push(m);
    }
  }
  return [...byProducer.values()];
}

/**
 * Why the likely winner of a path conflict wins: it is extracted after the copy before it. GitLab extracts local
 * sources first, then parent-pipeline ones, then other projects'; local ones by stage, then by creation order
 * (definition order, instances in place of their job). See the semantics spec, R7.1–R7.3.
 */
export function conflictWhy(c: PathConflict, job: FlowJob, jobs: ReadonlyMap<string, FlowJob>): string {
  const winner = c.likelyWinner;
  const others = c.jobs.filter((j) => j !== winner);
  const runnerUp = others[others.length - 1];
  if (runnerUp === undefined) return '';
  const w = job.sources.find((s) => s.job === winner);
  const r = job.sources.find((s) => s.job === runnerUp);
  const head = l10n.t("{0}'s archive is extracted after {1}'s", winner, runnerUp);
  const scopeRank = { local: 0, parent: 1, project: 2 } as const;
  const scopeName = {
    local: l10n.t('this pipeline'),
    parent: l10n.t('the parent pipeline'),
    project: l10n.t('another project'),
  } as const;
  if (w && r && w.scope !== r.scope) {
    return scopeRank[w.scope] < scopeRank[r.scope]
      ? l10n.t(
          '{0}: sources from {1} come after those from {2} (unexpected)',
          head,
          scopeName[w.scope],
          scopeName[r.scope],
        )
      : l10n.t('{0}: sources from {1} come after those from {2}', head, scopeName[w.scope], scopeName[r.scope]);
  }
  const wj = jobs.get(winner);
  const rj = jobs.get(runnerUp);
  if (!wj || !rj) return l10n.t('{0}: extraction order', head);
  if (wj.stageIndex !== rj.stageIndex) {
    return l10n.t('{0}: stage order ({1} runs after {2})', head, wj.stage, rj.stage);
  }
  if (wj.group === rj.group && wj.parallel && rj.parallel) {
    return l10n.t('{0}: instance order (both are instances of {1}, {2} is created later)', head, wj.group, winner);
  }
  return l10n.t('{0}: definition order (both in stage {1}; {2} is defined later)', head, wj.stage, winner);
}
