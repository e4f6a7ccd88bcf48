// The hover card of a downstream pipeline (a child, a dynamic child, a multi-project pipeline), and the line that
// tells a child job's card which pipeline it belongs to. Built with createElement + textContent only.
import * as l10n from '@vscode/l10n';
import type { LayoutEdge, LayoutNode } from './layoutTypes';
import { downstreamCounts } from './labels';
import { el } from '../dom';

export function downstreamCard(card: HTMLElement, node: LayoutNode): void {
  card.replaceChildren();
  const d = node.downstream;
  if (!d) return;
  card.append(el('h2', { class: 'card-title' }, d.title));
  if (!node.inPipeline) {
    card.append(
      el('p', { class: 'excluded-reason' }, l10n.t('Not created in this pipeline: {0}', node.excludedReason ?? '')),
    );
  }
  if (d.kind === 'project') {
    card.append(
      el(
        'p',
        { class: 'muted' },
        d.ref !== undefined
          ? l10n.t(
              'A pipeline of project {0} on {1} (trigger:project). Its jobs are analysed in that project, not here.',
              d.project ?? d.label,
              d.ref,
            )
          : l10n.t(
              'A pipeline of project {0} (trigger:project). Its jobs are analysed in that project, not here.',
              d.project ?? d.label,
            ),
      ),
    );
    return;
  }
  if (!d.expandable) {
    card.append(
      el(
        'p',
        { class: 'unknown' },
        l10n.t('Unknown: {0}', d.unknown ?? l10n.t('this child pipeline was not analysed')),
      ),
    );
    return;
  }
  card.append(el('p', { class: 'muted' }, downstreamCounts(d)));
  if (d.unknown !== undefined) card.append(el('p', { class: 'unknown' }, d.unknown));
  card.append(
    el(
      'p',
      { class: 'muted' },
      d.expanded
        ? l10n.t('Expanded: click or press Enter to collapse it.')
        : l10n.t('Collapsed: click or press Enter to expand it.'),
    ),
  );
}

/** Under a child job's title: whose child pipeline it runs in. */
export function childOfLine(card: HTMLElement, node: LayoutNode): void {
  if (node.childOf === undefined) return;
  card
    .querySelector('h2.card-title')
    ?.after(el('p', { class: 'child-of' }, l10n.t('child pipeline of `{0}`', node.childOf)));
}

/** A trigger job's arrow to the pipeline it creates carries no artifacts: say what it is instead. */
export function triggerEdgeCard(card: HTMLElement, edge: LayoutEdge, from?: LayoutNode, to?: LayoutNode): void {
  card.replaceChildren();
  card.append(el('h2', { class: 'card-title' }, `${from?.label ?? edge.from} → ${to?.label ?? edge.to}`));
  const what = to?.downstream?.title ?? l10n.t('a downstream pipeline');
  card.append(el('p', { class: 'muted' }, l10n.t('triggers: {0}', what)));
}
