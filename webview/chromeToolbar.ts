// The toolbar's elements: the pipeline context (type, ref, target, default branch), then layout, search, zoom, fit,
// focus, export and text view. Only built here; toolbar.ts wires them to the controller.
import * as l10n from '@vscode/l10n';
import type { ContextKind } from './contextForm';
import { el } from './dom';

/** The pipeline context the graph is computed for: the form's fields, grouped in one fieldset. */
export interface ContextParts {
  kind: HTMLSelectElement;
  ref: HTMLInputElement;
  target: HTMLInputElement;
  targetLabel: HTMLLabelElement;
  defaultBranch: HTMLInputElement;
}

export interface ToolbarParts extends ContextParts {
  toolbar: HTMLDivElement;
  /** Toolbar items that may move into the overflow menu, first to move first. */
  overflowable: HTMLElement[];
  layout: HTMLSelectElement;
  search: HTMLInputElement;
  fit: HTMLButtonElement;
  zoomIn: HTMLButtonElement;
  zoomOut: HTMLButtonElement;
  exportButton: HTMLButtonElement;
  textToggle: HTMLButtonElement;
  focusToggle: HTMLButtonElement;
}

function labelled<T extends HTMLElement>(text: string, control: T): HTMLLabelElement {
  const l = el('label', { class: 'field' });
  l.append(el('span', {}, text), control);
  return l;
}

function select(id: string, options: [string, string][]): HTMLSelectElement {
  const s = el('select', { id });
  for (const [value, text] of options) s.append(el('option', { value }, text));
  return s;
}

/** The context fieldset, and the default branch's label (one of the first items to overflow). */
function buildContext(): ContextParts & { group: HTMLFieldSetElement; defaultLabel: HTMLLabelElement } {
  const kinds: [ContextKind, string][] = [
    ['branch', l10n.t('Branch')],
    ['tag', l10n.t('Tag')],
    ['mr', l10n.t('Merge request')],
    ['schedule', l10n.t('Schedule')],
  ];
  const kind = select('ctx-kind', kinds);
  const ref = el('input', { id: 'ctx-ref', type: 'text', size: '9', spellcheck: 'false', placeholder: l10n.t('ref') });
  const target = el('input', {
    id: 'ctx-target',
    type: 'text',
    size: '9',
    spellcheck: 'false',
    placeholder: l10n.t('default branch'),
  });
  const defaultBranch = el('input', {
    id: 'ctx-default',
    type: 'text',
    size: '7',
    spellcheck: 'false',
    'aria-label': l10n.t('Default branch'),
    title: l10n.t('The default branch ($CI_DEFAULT_BRANCH)'),
  });
  const defaultLabel = labelled(l10n.t('Default'), defaultBranch);
  const targetLabel = labelled(l10n.t('→ target'), target);
  const group = el('fieldset', { class: 'context', 'aria-label': l10n.t('Pipeline context') });
  group.append(
    el('legend', {}, l10n.t('Pipeline')),
    labelled(l10n.t('Type'), kind),
    labelled(l10n.t('Ref'), ref),
    targetLabel,
    defaultLabel,
  );
  return { kind, ref, target, targetLabel, defaultBranch, group, defaultLabel };
}

/** The view's buttons: zoom, fit, export, text view and focus. */
function buildButtons(): Pick<
  ToolbarParts,
  'fit' | 'zoomIn' | 'zoomOut' | 'exportButton' | 'textToggle' | 'focusToggle'
> {
  const fit = el('button', { id: 'fit', type: 'button', title: l10n.t('Fit the whole graph in view') }, l10n.t('Fit'));
  const zoomOutText = l10n.t('Zoom out');
  const zoomInText = l10n.t('Zoom in');
  const zoomOut = el('button', { id: 'zoom-out', type: 'button', title: zoomOutText, 'aria-label': zoomOutText }, '−');
  const zoomIn = el('button', { id: 'zoom-in', type: 'button', title: zoomInText, 'aria-label': zoomInText }, '+');
  const exportButton = el(
    'button',
    {
      id: 'export',
      type: 'button',
      title: l10n.t('Export the graph as an SVG file'),
      'aria-label': l10n.t('Export SVG'),
    },
    l10n.t('Export'),
  );
  const textToggle = el(
    'button',
    {
      id: 'text-toggle',
      type: 'button',
      'aria-pressed': 'false',
      title: l10n.t('Show the graph as a list of jobs and their sources'),
      'aria-label': l10n.t('Text view'),
    },
    l10n.t('Text'),
  );
  const focusToggle = el(
    'button',
    {
      id: 'focus-toggle',
      type: 'button',
      'aria-pressed': 'false',
      title: l10n.t(
        "Show only the selected job's lineage: the jobs whose artifacts reach it and the jobs its artifacts reach (F; Esc to leave)",
      ),
    },
    l10n.t('Focus'),
  );
  return { fit, zoomIn, zoomOut, exportButton, textToggle, focusToggle };
}

export function buildToolbar(): ToolbarParts {
  const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': l10n.t('Pipeline graph tools') });
  const { group, defaultLabel, ...context } = buildContext();
  const layout = select('layout', [
    ['stages', l10n.t('Stages')],
    ['needs', l10n.t('By needs')],
  ]);
  const search = el('input', {
    id: 'search',
    type: 'search',
    size: '12',
    placeholder: l10n.t('Find job'),
    'aria-label': l10n.t('Find job (Enter: go to it, Shift+Enter: focus on it)'),
    title: l10n.t('Enter goes to the first match; Shift+Enter shows only its lineage'),
    spellcheck: 'false',
  });
  const buttons = buildButtons();
  const { fit, zoomIn, zoomOut, exportButton, textToggle, focusToggle } = buttons;
  const layoutLabel = labelled(l10n.t('Layout'), layout);
  toolbar.append(group, layoutLabel, search, zoomOut, zoomIn, fit, focusToggle, exportButton, textToggle);
  // The first items to move into the "⋯" menu when the panel is narrow (see toolbarOverflow.ts).
  const overflowable = [textToggle, exportButton, defaultLabel, zoomOut, zoomIn, layoutLabel, focusToggle, fit];
  return { toolbar, overflowable, ...context, layout, search, ...buttons };
}
