// A column's header as the reader sees it. The layout (pure, no l10n) names its columns by kind and keeps English
// labels as data (keys, data-stage, tests); the words are translated here, when drawn: stage names are the user's
// own and pass through.
import * as l10n from '@vscode/l10n';
import type { LayoutColumn } from './layoutTypes';

export type ColumnName = Pick<LayoutColumn, 'kind' | 'label' | 'depth'>;

export function columnLabel(c: ColumnName): string {
  switch (c.kind) {
    case 'stage':
      return c.label;
    case 'external':
      return l10n.t('External');
    case 'downstream':
      return l10n.t('Downstream');
    case 'layer':
      if (c.depth === undefined) return c.label;
      return c.depth === 0 ? l10n.t('No needs') : l10n.t('Needs depth {0}', c.depth);
  }
}
