// Host → webview messages, each handled once; the `never` check makes a new message type fail to compile until
// it is handled here.
import type { ToWebview } from '../src/protocol';
import type { Controller } from './controller';
import type { Toolbar } from './toolbar';

export function handleHostMessage(msg: ToWebview, c: Controller, toolbar: Toolbar): void {
  switch (msg.type) {
    case 'didChangeModel':
      c.acceptModel(msg);
      toolbar.fillContextForm();
      c.render();
      return;
    case 'revealJob':
      c.onRevealJob(msg.job);
      return;
    case 'focusJob':
      c.enterFocus(msg.job, { takeFocus: false });
      return;
    case 'requestSvg':
      c.store.post({ type: 'exportSvg', requestId: msg.requestId, svg: c.scene.exportSvg() });
      return;
    case 'didChangeJobStatuses':
      c.onStatuses(msg.statuses);
      return;
    default: {
      const unhandled: never = msg;
      c.store.post({
        type: 'log',
        level: 'warn',
        message: `unknown message ${JSON.stringify(unhandled).slice(0, 200)}`,
      });
    }
  }
}
