// Layout phase 2, arrows: one edge per (producer card, consumer card) carrying every source relation between them;
// a source in a parent pipeline or another project gets an external card of its own.
import type { ArtifactSource, FlowModel } from '../../src/ci/model';
import type { LayoutEdge, LayoutNode, Metrics } from './layoutTypes';

export interface Arrows {
  /** In the order the model first names them (the ordering phase depends on it); routes are left empty. */
  edges: LayoutEdge[];
  /** External cards, sorted by id. */
  externals: LayoutNode[];
}

export function externalId(s: ArtifactSource): string {
  return `ext:${s.scope}:${s.project ?? ''}:${s.ref ?? ''}:${s.job}`;
}

function externalCard(source: ArtifactSource, id: string, m: Metrics): LayoutNode {
  const ext: NonNullable<LayoutNode['external']> = {
    scope: source.scope === 'parent' ? 'parent' : 'project',
    job: source.job,
  };
  if (source.project !== undefined) ext.project = source.project;
  if (source.ref !== undefined) ext.ref = source.ref;
  const label =
    source.scope === 'parent' ? `${source.job} (parent pipeline)` : `${source.project ?? '?'}: ${source.job}`;
  return {
    id,
    kind: 'external',
    label,
    jobs: [],
    stage: '',
    column: 0,
    order: 0,
    x: 0,
    y: 0,
    width: m.nodeWidth,
    height: m.nodeHeight,
    inPipeline: true,
    trigger: false,
    external: ext,
  };
}

/**
 * `nodeOfJob` comes from the cards phase. Sources that bring neither files nor dotenv are left out unless
 * `showEmptySources`; a source whose producer is not drawn, or that is the consumer's own card, gets no edge.
 */
export function layoutEdges(
  model: FlowModel,
  nodeOfJob: ReadonlyMap<string, string>,
  showEmptySources: boolean,
  m: Metrics,
): Arrows {
  const edges = new Map<string, LayoutEdge>();
  const externals = new Map<string, LayoutNode>();
  for (const job of model.jobs) {
    const to = nodeOfJob.get(job.name);
    if (to === undefined) continue;
    for (const source of job.sources) {
      if (!showEmptySources && !source.files && !source.dotenv) continue;
      let from: string | undefined;
      if (source.scope === 'local') {
        from = nodeOfJob.get(source.job);
      } else {
        from = externalId(source);
        if (!externals.has(from)) externals.set(from, externalCard(source, from, m));
      }
      if (from === undefined || from === to) continue;
      const id = `${from}->${to}`;
      let edge = edges.get(id);
      if (!edge) {
        edge = {
          id,
          from,
          to,
          files: false,
          dotenv: false,
          items: [],
          points: [
            { x: 0, y: 0 },
            { x: 0, y: 0 },
          ],
          sameColumn: false,
        };
        edges.set(id, edge);
      }
      edge.files ||= source.files;
      edge.dotenv ||= source.dotenv;
      edge.items.push({ consumer: job.name, source });
    }
  }
  const sortedExternals = [...externals.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { edges: [...edges.values()], externals: sortedExternals };
}
