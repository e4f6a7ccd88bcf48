// The webview's one link to VS Code: the view state it persists (zoom, selection, layout, focus, …) and the
// messages it posts to the host.
import { restoreViewState } from '../src/protocol';
import type { FromWebview, ViewState } from '../src/protocol';
import type { LayoutOptions } from './graph/layoutTypes';
import type { WebviewApi } from 'vscode-webview';

/** A persisted list of names with `item` added, or removed when it was there (expanded groups, collapsed stages, …). */
export function flipped(list: readonly string[], item: string): string[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** What the persisted view decides about the layout: mode, expanded groups, collapsed stages, flipped frames. */
export function layoutOptionsOf(s: ViewState): LayoutOptions {
  return {
    mode: s.layout,
    expanded: s.expanded,
    collapsedStages: s.collapsedStages,
    downstreamToggled: s.downstreamToggled,
  };
}

export class ViewStore {
  /** Mutated in place by the controller; persisted by `save`/`saveSoon`. */
  readonly state: ViewState;
  private timer: number | undefined;

  constructor(private readonly api: WebviewApi<ViewState>) {
    this.state = restoreViewState(api.getState());
  }

  post(message: FromWebview): void {
    this.api.postMessage(message);
  }

  save(): void {
    if (this.timer !== undefined) window.clearTimeout(this.timer);
    this.timer = undefined;
    this.api.setState(this.state);
  }

  /** Zoom and pan fire per frame: persist them at most every 200 ms. */
  saveSoon(): void {
    this.timer ??= window.setTimeout(() => {
      this.timer = undefined;
      this.api.setState(this.state);
    }, 200);
  }
}
