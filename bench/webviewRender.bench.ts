// Pipeline panel speed in headless Chromium (the real bundle under the real CSP, via the webview test harness):
// first render (message received → two animation frames later, i.e. laid out and painted) and hover (pointerover
// handler, and to the next frame) for generated 100/500/1,500/5,000-job models and the largest corpus projects, and
// focus mode in and out (F on a job, then Esc: handler and next frame). Goals (issue 9): a 5,000-job first paint
// under 1 s, hover under 16 ms, focus in/out under 100 ms. A big layout is drawn near the view only (see
// webview/graph/visible.ts): "cards" and "arrows" give the layout's count and, in brackets, how many are drawn.
// Also the pure layout alone in Node. Figures only — nothing is asserted.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze, defaultContext } from '../src/ci/analyze';
import type { FlowModel } from '../src/ci/model';
import { nodeFileReader } from '../src/cli/nodeFileReader';
import { layoutModel } from '../webview/graph/layout';
import { generatedModel } from '../test/fixtures/models/builders';
import { WebviewHarness } from '../test/support/webviewHarness';

const CORPUS = resolve('../shared/corpus');
const RENDERS = 5;
const HOVERS = 40;
const FOCUSES = 10;
const focusRows: string[] = [];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN;
}

async function corpusModels(): Promise<{ name: string; model: FlowModel }[]> {
  let names: string[];
  try {
    names = readdirSync(CORPUS).filter((p) => statSync(join(CORPUS, p)).isDirectory());
  } catch {
    return [];
  }
  const out: { name: string; model: FlowModel }[] = [];
  for (const name of names) {
    try {
      const model = await analyze({
        root: '.gitlab-ci.yml',
        reader: nodeFileReader(join(CORPUS, name)),
        context: defaultContext(),
      });
      out.push({ name, model });
    } catch {
      // a project the engine cannot read is the engine bench's business
    }
  }
  return out.sort((a, b) => b.model.jobs.length - a.model.jobs.length).slice(0, 3);
}

// Page-side code, as strings: the bench compiles without the DOM lib.
const RENDER = `async (message) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const t0 = performance.now();
  window.postMessage(message, '*');
  await new Promise((r) => setTimeout(r, 0));
  const handled = performance.now();
  await frame(); await frame();
  return { handled: handled - t0, painted: performance.now() - t0, nodes: document.querySelectorAll('svg.graph g.node').length, edges: document.querySelectorAll('svg.graph g.edge').length };
}`;

const HOVER = `async (count) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const nodes = [...document.querySelectorAll('svg.graph g.node')];
  const handler = [], painted = [];
  for (let i = 0; i < count; i++) {
    const el = nodes[Math.floor((i * 7919) % nodes.length)];
    const t0 = performance.now();
    el.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, clientX: 100, clientY: 100 }));
    handler.push(performance.now() - t0);
    await frame();
    painted.push(performance.now() - t0);
    el.dispatchEvent(new PointerEvent('pointerout', { bubbles: true, relatedTarget: document.body }));
    await frame();
  }
  return { handler, painted };
}`;

// Focus in (F on a job with sources) and out (Esc closes the card, Esc leaves focus mode), per job: handler, next frame.
const FOCUS = `async (count) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const nodes = [...document.querySelectorAll('svg.graph g.node.job')];
  const inH = [], inP = [], outH = [], outP = [];
  for (let i = 0; i < count; i++) {
    const el = nodes[Math.floor((i * 7919) % nodes.length)];
    const job = el.getAttribute('data-job');
    el.focus();
    await frame();
    let t0 = performance.now();
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'f', bubbles: true }));
    inH.push(performance.now() - t0);
    await frame();
    inP.push(performance.now() - t0);
    const inner = document.querySelector('svg.graph g.node.focus-root') || document.activeElement;
    inner.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await frame();
    const again = document.activeElement && document.activeElement.closest ? document.activeElement.closest('g.node') : null;
    t0 = performance.now();
    (again || inner).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    outH.push(performance.now() - t0);
    await frame();
    outP.push(performance.now() - t0);
    if (document.querySelectorAll('svg.graph g.node').length !== nodes.length + document.querySelectorAll('svg.graph g.node.external').length && !job) break;
  }
  return { inH, inP, outH, outP, focusing: document.querySelector('#focus-bar').hidden === false };
}`;

async function main(): Promise<void> {
  const cases: { name: string; model: FlowModel }[] = [
    ...[100, 500, 1500, 5000].map((n) => ({ name: `generated ${n}`, model: generatedModel(n) })),
    ...(await corpusModels()).map((c) => ({ name: `corpus ${c.name}`, model: c.model })),
  ];
  console.log(
    `Chromium headless, 1000×700. Render: median of ${RENDERS} fresh pages (message → handled / → 2 frames). Hover: ${HOVERS} nodes, median and p95.`,
  );
  console.log(
    'model                                  jobs   cards (drawn)  arrows (drawn)  layout ms  handled ms  painted ms  hover ms (p95)  hover→frame ms (p95)',
  );
  const h = await WebviewHarness.start();
  try {
    for (const c of cases) {
      const layoutTimes: number[] = [];
      let full = { nodes: 0, edges: 0 };
      for (let i = 0; i < RENDERS; i++) {
        const t0 = performance.now();
        const l = layoutModel(c.model, { mode: 'stages' });
        layoutTimes.push(performance.now() - t0);
        full = { nodes: l.nodes.length, edges: l.edges.length };
      }
      const handled: number[] = [];
      const painted: number[] = [];
      let counts = { nodes: 0, edges: 0 };
      let hover: { handler: number[]; painted: number[] } = { handler: [], painted: [] };
      let focus: { inH: number[]; inP: number[]; outH: number[]; outP: number[]; focusing: boolean } = {
        inH: [],
        inP: [],
        outH: [],
        outP: [],
        focusing: false,
      };
      for (let i = 0; i < RENDERS; i++) {
        const v = await h.open();
        await v.waitForMessage('ready');
        const message = {
          type: 'didChangeModel',
          model: c.model,
          banner: null,
          rootLabel: '.gitlab-ci.yml',
          rootUri: 'file:///bench/.gitlab-ci.yml',
        };
        const r = await v.page.evaluate<{ handled: number; painted: number; nodes: number; edges: number }>(
          `(${RENDER})(${JSON.stringify(message)})`,
        );
        handled.push(r.handled);
        painted.push(r.painted);
        counts = { nodes: r.nodes, edges: r.edges };
        if (i === RENDERS - 1 && r.nodes > 0) {
          hover = await v.page.evaluate<typeof hover>(`(${HOVER})(${HOVERS})`);
          focus = await v.page.evaluate<typeof focus>(`(${FOCUS})(${FOCUSES})`);
        }
        if (v.errors.length > 0) console.log(`  page errors: ${v.errors.join('; ')}`);
        await v.close();
      }
      const f = (n: number, w: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a').padStart(w);
      focusRows.push(
        `${c.name.slice(0, 36).padEnd(36)}${f(median(focus.inH), 10)} (${f(p95(focus.inH), 6)})${f(median(focus.inP), 10)} (${f(p95(focus.inP), 6)})${f(median(focus.outH), 10)} (${f(p95(focus.outH), 6)})${f(median(focus.outP), 10)} (${f(p95(focus.outP), 6)})${focus.focusing ? '  (still focusing!)' : ''}`,
      );
      console.log(
        `${c.name.slice(0, 36).padEnd(36)}${String(c.model.jobs.length).padStart(7)}${String(full.nodes).padStart(8)} (${String(counts.nodes).padStart(5)})${String(full.edges).padStart(8)} (${String(counts.edges).padStart(5)})${f(median(layoutTimes), 11)}${f(median(handled), 12)}${f(median(painted), 12)}${f(median(hover.handler), 10)} (${f(p95(hover.handler), 5)})${f(median(hover.painted), 12)} (${f(p95(hover.painted), 6)})`,
      );
    }
    console.log(`\nFocus mode: ${FOCUSES} jobs, F then Esc Esc; median (p95) ms.`);
    console.log('model                                  in handler   in→frame  out handler  out→frame');
    for (const row of focusRows) console.log(row);
  } finally {
    await h.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
