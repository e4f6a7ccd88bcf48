// The bars between the toolbar and the graph: the focus bar (whose lineage is shown, and the way out), the note when
// most jobs are left out of the chosen pipeline, and the banner for the model's errors and warnings.
import * as l10n from '@vscode/l10n';
import { el } from './dom';

export interface NoteParts {
  /** Shown in focus mode: whose lineage this is, and the way out. */
  focusBar: HTMLDivElement;
  focusText: HTMLSpanElement;
  focusExit: HTMLButtonElement;
  /** One line when most jobs are left out of the chosen pipeline: why, and what to do. */
  excludedNote: HTMLDivElement;
  excludedText: HTMLSpanElement;
  excludedAction: HTMLButtonElement;
  banner: HTMLDivElement;
}

/** All three start hidden: the controller shows them when there is something to say. */
export function buildNotes(): NoteParts {
  const focusBar = el('div', { id: 'focus-bar', class: 'note focus-bar', role: 'status', hidden: '' });
  const focusText = el('span', { class: 'note-text' });
  const focusExit = el(
    'button',
    { id: 'focus-exit', type: 'button', title: l10n.t('Show the whole pipeline again (Esc)') },
    l10n.t('Show all'),
  );
  focusBar.append(focusText, focusExit);
  const excludedNote = el('div', { id: 'excluded-note', class: 'note excluded-note', role: 'status', hidden: '' });
  const excludedText = el('span', { class: 'note-text' });
  const excludedAction = el(
    'button',
    { id: 'excluded-action', type: 'button', title: l10n.t('Pick the pipeline type and ref these jobs run in') },
    l10n.t('Change pipeline…'),
  );
  excludedNote.append(excludedText, excludedAction);
  const banner = el('div', { id: 'banner', class: 'banner', role: 'alert', hidden: '' });
  return { focusBar, focusText, focusExit, excludedNote, excludedText, excludedAction, banner };
}
