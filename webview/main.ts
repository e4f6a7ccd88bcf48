// Webview entry: builds the panel and wires its parts. The view state and the host link live in the ViewStore,
// the drawn graph in the Scene, the view in the Camera, the behaviour in the Controller; the toolbar, the graph's
// pointer and keyboard input and the host's messages each bind in their own module.
import * as l10n from '@vscode/l10n';
import type { ToWebview, ViewState } from '../src/protocol';
import { Camera } from './camera';
import { buildChrome } from './chrome';
import { Controller } from './controller';
import { ensureDefs } from './graph/render';
import { Highlighter } from './graph/interaction';
import { OverviewLayer } from './graph/overview';
import { bindGraphInput } from './graphInput';
import { Hover } from './hover';
import { configureL10n } from './l10n';
import { handleHostMessage } from './messages';
import { Scene } from './scene';
import { Toolbar } from './toolbar';
import { ViewStore } from './viewStore';
import { signalFirstJobHover } from './walkthroughSignals';

function start(): void {
  const store = new ViewStore(acquireVsCodeApi<ViewState>());
  const app = document.getElementById('app');
  if (!app) throw new Error('missing #app');
  // Before anything is drawn: every string below is looked up in the bundle as it is made.
  const l10nProblem = configureL10n(app);
  app.setAttribute('aria-label', l10n.t('Pipeline artifact-flow graph')); // the page's English one, translated
  const ui = buildChrome(app);
  ensureDefs(ui.svg);
  const highlighter = new Highlighter(ui.overlay, ui.overlayLayer);
  let controller: Controller | null = null;
  const overview = new OverviewLayer(
    ui.svg,
    ui.graph,
    (x, y) => camera.lookAt(x, y),
    (index) => {
      const column = scene.layout?.columns.find((x) => x.index === index);
      if (!column) return;
      hover.clear();
      camera.zoomToColumn(column);
    },
  );
  const camera = new Camera(ui.svg, ui.viewport, ui.graph, store, (t) => {
    highlighter.setTransform(`translate(${t.x},${t.y}) scale(${t.k})`);
    controller?.onMove(t);
  });
  const scene = new Scene(ui.svg, ui.viewport, highlighter, store, () => ({
    t: store.state.transform,
    size: camera.view,
    overview: overview.isActive,
  }));
  const hover = new Hover(ui.card, highlighter, scene);
  signalFirstJobHover(ui.card, hover, store);
  const c = new Controller(ui, store, scene, camera, hover, overview);
  controller = c;
  camera.restore();
  const toolbar = new Toolbar(ui, c);
  bindGraphInput(ui.svg, c);
  window.addEventListener('message', (event: MessageEvent<ToWebview>) => handleHostMessage(event.data, c, toolbar));
  window.addEventListener('resize', () => {
    camera.remeasure();
    if (!camera.userMoved) c.fit();
  });
  window.addEventListener('error', (e) =>
    store.post({ type: 'log', level: 'error', message: String(e.message).slice(0, 4000) }),
  );
  if (l10nProblem !== undefined) store.post({ type: 'log', level: 'error', message: l10nProblem });
  store.post({ type: 'ready', context: store.state.context, root: store.state.root });
}

start();
