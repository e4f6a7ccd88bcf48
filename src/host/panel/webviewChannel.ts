// The typed channel to the graph webview: nothing is posted before the webview says `ready`; the latest model
// and the latest statuses win over older queued ones and are sent again when a hidden webview is re-created;
// requests (the SVG export) get a reply or time out; everything the webview sends passes the protocol's guard.
import type * as vscode from 'vscode';
import { isFromWebview } from '../../protocol';
import type { FromWebview, ToWebview } from '../../protocol';
import { log } from '../log';

type Latest = Extract<ToWebview, { type: 'didChangeModel' | 'didChangeJobStatuses' }>;

export class WebviewChannel {
  private ready = false;
  private pending: ToWebview[] = [];
  private readonly latest = new Map<Latest['type'], Latest>();
  private nextRequest = 1;
  private readonly svgRequests = new Map<number, (svg: string | undefined) => void>();

  /** `onMessage` gets every valid message except the replies this channel handles itself. */
  constructor(
    private readonly webview: vscode.Webview,
    private readonly onMessage: (m: FromWebview) => void,
  ) {}

  /** Wire to `webview.onDidReceiveMessage`. */
  receive(raw: unknown): void {
    if (!isFromWebview(raw)) {
      log().warn('Ignored a malformed message from the webview');
      return;
    }
    if (raw.type === 'ready') {
      this.ready = true;
      // A re-created webview (shown again after being hidden) gets the current model and statuses again.
      for (const type of ['didChangeJobStatuses', 'didChangeModel'] as const) {
        const m = this.latest.get(type);
        if (m && !this.pending.some((p) => p.type === type)) this.pending.unshift(m);
      }
      this.onMessage(raw);
      for (const p of this.pending.splice(0)) void this.webview.postMessage(p);
      return;
    }
    if (raw.type === 'exportSvg' && raw.requestId !== null) {
      const waiting = this.svgRequests.get(raw.requestId);
      this.svgRequests.delete(raw.requestId);
      if (waiting) {
        waiting(raw.svg);
        return;
      }
    }
    this.onMessage(raw);
  }

  /** The webview was hidden: VS Code destroys it (no retainContextWhenHidden) and it will say `ready` again. */
  hidden(): void {
    this.ready = false;
  }

  post(message: ToWebview): void {
    if (message.type === 'didChangeModel' || message.type === 'didChangeJobStatuses') {
      this.latest.set(message.type, message);
      // Only the latest model (and the latest statuses) matter: drop queued older ones.
      this.pending = this.pending.filter((m) => m.type !== message.type);
    }
    if (!this.ready) {
      this.pending.push(message);
      return;
    }
    void this.webview.postMessage(message);
  }

  /** Asks the webview for the SVG of the whole graph (undefined if it does not answer in 10 s). */
  requestSvg(): Promise<string | undefined> {
    const requestId = this.nextRequest++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.svgRequests.delete(requestId);
        resolve(undefined);
      }, 10_000);
      this.svgRequests.set(requestId, (svg) => {
        clearTimeout(timer);
        resolve(svg);
      });
      this.post({ type: 'requestSvg', requestId });
    });
  }

  dispose(): void {
    for (const resolve of this.svgRequests.values()) resolve(undefined);
    this.svgRequests.clear();
  }
}
