// Keeps the toolbar on one row: items that do not fit move, in a fixed order, into a "⋯" menu at the end of the
// row, and come back when the panel is wide enough. They keep their ids and listeners (they are moved, not copied).
import * as l10n from '@vscode/l10n';
import { el } from './dom';

export class ToolbarOverflow {
  readonly button: HTMLButtonElement;
  readonly menu: HTMLDivElement;
  private readonly homes = new Map<HTMLElement, Comment>();

  /** `items`: what may leave the row, first to leave first. */
  constructor(
    private readonly toolbar: HTMLElement,
    private readonly items: HTMLElement[],
  ) {
    const wrap = el('div', { class: 'more' });
    this.button = el(
      'button',
      {
        id: 'more',
        type: 'button',
        'aria-haspopup': 'true',
        'aria-expanded': 'false',
        'aria-controls': 'more-menu',
        title: l10n.t('More tools'),
        'aria-label': l10n.t('More tools'),
      },
      '⋯',
    );
    this.menu = el('div', { id: 'more-menu', class: 'more-menu', hidden: '' });
    wrap.append(this.button, this.menu);
    toolbar.append(wrap);
    for (const item of items) {
      const home = document.createComment('toolbar item');
      item.before(home);
      this.homes.set(item, home);
    }
    this.button.addEventListener('click', () => this.open(this.menu.hidden));
    this.menu.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.open(false);
        this.button.focus();
      }
    });
    // A button in the menu did its work: close the menu.
    this.menu.addEventListener('click', (e) => {
      if ((e.target as Element).closest('button')) this.open(false);
    });
    document.addEventListener('pointerdown', (e) => {
      if (!wrap.contains(e.target as Node)) this.open(false);
    });
    new ResizeObserver(() => this.fit()).observe(document.body);
  }

  open(open: boolean): void {
    this.menu.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
    if (open) this.menu.querySelector<HTMLElement>('button, input, select')?.focus();
  }

  /** Puts every item back, then moves items out until the row fits (or nothing is left to move). */
  fit(): void {
    for (const item of this.items) this.homes.get(item)?.after(item);
    this.button.parentElement!.hidden = true;
    const fits = (): boolean => this.toolbar.scrollHeight <= this.rowHeight() + 1;
    if (fits()) {
      this.open(false);
      return;
    }
    this.button.parentElement!.hidden = false;
    for (const item of this.items) {
      if (fits()) break;
      this.menu.append(item);
    }
  }

  /** One row: the tallest control plus the toolbar's own padding and border. */
  private rowHeight(): number {
    const cs = getComputedStyle(this.toolbar);
    const pad = parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom) + parseFloat(cs.borderBottomWidth || '0');
    let tallest = 0;
    for (const c of this.toolbar.querySelectorAll<HTMLElement>('input, select, button')) {
      if (!this.menu.contains(c)) tallest = Math.max(tallest, c.offsetHeight);
    }
    return tallest + pad;
  }
}
