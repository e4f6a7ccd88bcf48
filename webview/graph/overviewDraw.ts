// The overview's drawing, in screen space: one bundle per pair of columns with its number of flows, and one block
// per column with its counts and a bar for its size. Pure DOM building from the overview model; all text is set as
// textContent.
import * as l10n from '@vscode/l10n';
import type { Overview, OverviewCell, OverviewColumn } from './overviewModel';
import { svgEl } from '../dom';

/** Counts as the rest of the panel writes them. */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Where each column's block sits, by column index. */
export type CellOf = ReadonlyMap<number, OverviewCell>;

/** Flows in and out of each column, summed over its bundles, for the blocks' counts. */
function flowTotals(o: Overview): { flowsIn: Map<number, number>; flowsOut: Map<number, number> } {
  const flowsIn = new Map<number, number>();
  const flowsOut = new Map<number, number>();
  for (const b of o.bundles) {
    flowsOut.set(b.from, (flowsOut.get(b.from) ?? 0) + b.flows);
    flowsIn.set(b.to, (flowsIn.get(b.to) ?? 0) + b.flows);
  }
  return { flowsIn, flowsOut };
}

/** The bundles between blocks, drawn first so the blocks sit above them. */
export function drawBundles(o: Overview, cellOf: CellOf): SVGGElement {
  const bundles = svgEl('g', { class: 'overview-bundles', 'aria-hidden': 'true' });
  // Past 40 bundles the counts would overlap: the width and the tooltip still tell.
  const labelled = o.bundles.length <= 40;
  for (const b of o.bundles) {
    const a = cellOf.get(b.from);
    const z = cellOf.get(b.to);
    if (!a || !z) continue;
    const x1 = a.x + a.width;
    const y1 = a.y + a.height / 2;
    const x2 = z.x;
    const y2 = z.y + z.height / 2;
    const bend = Math.max(30, Math.abs(x2 - x1) / 2);
    const g = svgEl('g', { class: 'overview-bundle', 'data-bundle': b.id, 'data-flows': String(b.flows) });
    g.append(
      svgEl('path', {
        d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
        'stroke-width': String(Math.min(12, 1.5 + 1.5 * Math.log2(b.flows))),
      }),
    );
    const title = svgEl('title');
    title.textContent = b.flows === 1 ? l10n.t('{0} flow', count(b.flows)) : l10n.t('{0} flows', count(b.flows));
    g.append(title);
    if (labelled) {
      const t = svgEl('text', { class: 'overview-count', x: String((x1 + x2) / 2), y: String((y1 + y2) / 2 + 4) });
      t.textContent = String(b.flows);
      g.append(t);
    }
    bundles.append(g);
  }
  return bundles;
}

/** The column blocks: focusable list items that say what they hold, and zoom into their column when picked. */
export function drawColumns(o: Overview, cellOf: CellOf): SVGGElement {
  const { flowsIn, flowsOut } = flowTotals(o);
  const maxJobs = Math.max(1, ...o.columns.map((c) => c.jobs));
  const blocks = svgEl('g', { class: 'overview-columns' });
  for (const c of o.columns) {
    const cell = cellOf.get(c.index);
    if (!cell) continue;
    const flows = l10n.t('flows in {0} · out {1}', count(flowsIn.get(c.index) ?? 0), count(flowsOut.get(c.index) ?? 0));
    blocks.append(columnBlock(c, cell, flows, maxJobs));
  }
  return blocks;
}

function columnBlock(c: OverviewColumn, cell: OverviewCell, flows: string, maxJobs: number): SVGGElement {
  const jobs = c.jobs === 1 ? l10n.t('{0} job', count(c.jobs)) : l10n.t('{0} jobs', count(c.jobs));
  const summary = c.excluded > 0 ? l10n.t('{0} · {1} left out', jobs, count(c.excluded)) : jobs;
  const g = svgEl('g', {
    class: 'overview-column',
    'data-column': String(c.index),
    'data-jobs': String(c.jobs),
    role: 'listitem',
    tabindex: '0',
    'aria-label': `${c.label}: ${summary}, ${flows}`,
  });
  g.append(
    svgEl('rect', {
      class: 'overview-block',
      x: String(cell.x),
      y: String(cell.y),
      width: String(cell.width),
      height: String(cell.height),
      rx: '4',
    }),
  );
  // A bar for the column's size relative to the biggest column.
  const barH = Math.max(2, ((cell.height - 52) * c.jobs) / maxJobs);
  g.append(
    svgEl('rect', {
      class: 'overview-bar',
      x: String(cell.x + 8),
      y: String(cell.y + cell.height - 6 - barH),
      width: '6',
      height: String(barH),
    }),
  );
  const text = (cls: string, y: number, value: string): void => {
    const t = svgEl('text', { class: cls, x: String(cell.x + 8), y: String(cell.y + y) });
    t.textContent = value;
    g.append(t);
  };
  text('overview-title', 17, c.label.length > 18 ? `${c.label.slice(0, 17)}…` : c.label);
  text('overview-sub', 33, summary);
  text('overview-sub', 47, flows);
  const title = svgEl('title');
  title.textContent = l10n.t('{0}: {1}; {2}. Click to zoom in.', c.label, summary, flows);
  g.append(title);
  return g;
}
