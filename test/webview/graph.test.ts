// The pipeline graph webview in headless Chromium (real bundle, real CSP): what a person sees and does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowModel } from '../../src/ci/model';
import type { ToWebview, ViewState } from '../../src/protocol';
import { layoutModel } from '../../webview/graph/layout';
import { arrowProblems, extractDrawn } from '../support/arrowGeometry';
import { mustBeDrawn, viewBox } from '../support/viewCoverage';
import { WebviewHarness } from '../support/webviewHarness';
import type { ThemeKind, WebviewPage } from '../support/webviewHarness';
import { generatedModel, job, sampleModel, source, XSS_NAME } from '../fixtures/models/builders';

let h: WebviewHarness;
before(async () => {
  h = await WebviewHarness.start();
});
after(async () => {
  await h.stop();
});

function modelMessage(
  model: FlowModel | null,
  banner: Extract<ToWebview, { type: 'didChangeModel' }>['banner'] = null,
): ToWebview {
  return {
    type: 'didChangeModel',
    model,
    banner,
    rootLabel: '.gitlab-ci.yml',
    rootUri: 'file:///project/.gitlab-ci.yml',
  };
}

async function openWith(model: FlowModel, options: { theme?: ThemeKind; state?: unknown } = {}): Promise<WebviewPage> {
  const v = await h.open(options);
  await v.waitForMessage('ready');
  await v.send(modelMessage(model));
  await v.page.locator('svg.graph g.node').first().waitFor();
  return v;
}

interface ElementLike {
  getAttribute(name: string): string | null;
}

/** An attribute of every element the selector matches (tests compile without the DOM lib). */
function attrs(v: WebviewPage, selector: string, name: string): Promise<(string | null)[]> {
  return v.page
    .locator(selector)
    .evaluateAll((els, n) => els.map((e) => (e as unknown as ElementLike).getAttribute(n)), name);
}

function node(v: WebviewPage, job: string): ReturnType<WebviewPage['page']['locator']> {
  return v.page.locator(`svg.graph g.node[data-job="${job.replace(/"/g, '\\"')}"]`);
}

void test('renders one node per layout node and one edge per producer/consumer pair, matching the model', async () => {
  const m = sampleModel();
  const v = await openWith(m);
  const expected = layoutModel(m, { mode: 'stages' });
  assert.equal(await v.page.locator('svg.graph g.node').count(), expected.nodes.length);
  assert.equal(await v.page.locator('svg.graph g.edge').count(), expected.edges.length);
  assert.equal(
    await v.page.locator('svg.graph g.node.job').count(),
    expected.nodes.filter((n) => n.kind !== 'external').length,
  );
  assert.equal(await v.page.locator('svg.graph g.node.external').count(), 2);
  // Files, dotenv and both are different edge classes; the legend names them.
  assert.equal(await v.page.locator('g.edge.dotenv[data-edge="job:version->group:e2e"]').count(), 1);
  assert.equal(await v.page.locator('g.edge.files[data-edge="job:compile->group:unit"]').count(), 1);
  assert.equal(await v.page.locator('g.edge.both').count(), 1);
  assert.match(await v.page.locator('.legend').innerText(), /files \(archive\)[\s\S]*dotenv variables/);
  // Stage columns in GitLab's order.
  const stages = await attrs(v, 'g.column', 'data-stage');
  assert.deepEqual(stages, ['External', 'build', 'test', 'deploy', '.post']);
  // The excluded job is ghosted and says why.
  const lint = node(v, 'lint');
  assert.match((await lint.getAttribute('class')) ?? '', /excluded/);
  assert.match((await lint.getAttribute('aria-label')) ?? '', /excluded: rules: no rule matched/);
  // Right-click context for VS Code's webview/context menu.
  assert.deepEqual(JSON.parse((await node(v, 'compile').getAttribute('data-vscode-context')) ?? '{}'), {
    webviewSection: 'job',
    jobName: 'compile',
    preventDefaultContextMenuItems: true,
  });
  await v.screenshot('graph-sample-dark');
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('hovering a job lights its sources and consumers, dims the rest, and the card explains each source', async () => {
  const v = await openWith(sampleModel());
  await node(v, 'package').hover();
  const card = v.page.locator('#card');
  await card.waitFor({ state: 'visible' });
  const text = await card.innerText();
  for (const expected of [
    'package',
    'Receives from 5 sources',
    'compile',
    'files: bin/, dist/app.js',
    'dependencies: compile',
    '.gitlab-ci.yml:50',
    'dotenv: build.env (VERSION, BUILD_ID)',
    'Does not receive',
    'lint is not in this pipeline',
    'coverage/: from unit 1/2, unit 2/2; likely winner unit 2/2',
    'paths: release.tar.gz',
    'expire_in: 30 days',
    'Used by 1: deploy',
  ]) {
    assert.ok(text.includes(expected), `card lacks "${expected}":\n${text}`);
  }
  // The overlay dims the graph and redraws the hovered job, its sources and its consumers on top.
  const overlay = v.page.locator('svg.graph-overlay');
  assert.match((await overlay.getAttribute('class')) ?? '', /active/);
  const lit = (id: string): ReturnType<WebviewPage['page']['locator']> =>
    overlay.locator(`g.node[data-lit-node="${id}"]`);
  assert.match((await lit('job:compile').getAttribute('class')) ?? '', /lit-source/);
  assert.match((await lit('group:unit').getAttribute('class')) ?? '', /lit-source/);
  assert.match((await lit('job:deploy').getAttribute('class')) ?? '', /lit-consumer/);
  assert.match((await lit('job:package').getAttribute('class')) ?? '', /lit-focus/);
  assert.equal(await lit('job:notify').count(), 0);
  assert.equal(await overlay.locator('g.edge:not(.broken)').count(), 5); // compile, docs, version, unit → package → deploy
  // lint, excluded from this pipeline, delivers nothing: a broken arrow from its ghosted card.
  assert.deepEqual(await attrs(v, 'svg.graph-overlay g.edge.broken', 'data-from'), ['job:lint']);
  assert.equal(await overlay.locator('[data-vscode-context], [tabindex], [data-job]').count(), 0);
  await v.screenshot('graph-hover-dark');
  // Moving away clears the highlight.
  await v.page.mouse.move(2, 690);
  await card.waitFor({ state: 'hidden' });
  assert.doesNotMatch((await overlay.getAttribute('class')) ?? '', /active/);
  assert.equal(await overlay.locator('g.node').count(), 0);
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('hovering an edge shows what travels on it', async () => {
  const v = await openWith(sampleModel());
  const edge = v.page.locator('g.edge[data-edge="job:version->group:e2e"] path.edge-hit');
  const box = await edge.boundingBox();
  assert.ok(box);
  // Hover the middle of the curve's bounding box: for a gently sloped link the path passes near it.
  await edge.hover({ force: true });
  const card = v.page.locator('#card');
  await card.waitFor({ state: 'visible' });
  const text = await card.innerText();
  assert.match(text, /version → e2e/);
  assert.match(text, /dotenv: build\.env/);
  assert.match(text, /version → e2e: \[chrome\]/);
  await v.close();
});

void test('a job in the pipeline only on an assumption is drawn dotted and its card says why', async () => {
  const m = sampleModel();
  const why =
    'defined in ci/docs.yml, which is included on an assumption: its include:rules cannot be decided statically';
  m.jobs = m.jobs.map((j) => (j.name === 'docs' ? { ...j, assumed: why } : j));
  const v = await openWith(m);
  const docs = node(v, 'docs');
  assert.match((await docs.getAttribute('class')) ?? '', /\bassumed\b/);
  assert.match(
    (await docs.getAttribute('aria-label')) ?? '',
    /in this pipeline on an assumption: defined in ci\/docs\.yml/,
  );
  assert.doesNotMatch((await node(v, 'compile').getAttribute('class')) ?? '', /assumed/);
  await docs.hover();
  const card = v.page.locator('#card');
  await card.waitFor({ state: 'visible' });
  assert.equal(await card.locator('.assumed-reason').innerText(), `In this pipeline on an assumption: ${why}`);
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('a job named like HTML renders as text, everywhere', async () => {
  let dialogs = 0;
  const v = await h.open();
  v.page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await v.waitForMessage('ready');
  await v.send(modelMessage(sampleModel()));
  const xss = node(v, XSS_NAME);
  await xss.waitFor();
  assert.equal(await xss.locator('text.label').textContent(), `${XSS_NAME.slice(0, 25)}…`);
  assert.equal(await xss.locator('title').textContent(), XSS_NAME);
  await xss.hover();
  await v.page.locator('#card').waitFor({ state: 'visible' });
  assert.equal(await v.page.locator('#card h2').textContent(), XSS_NAME);
  assert.match(await v.page.locator('#card').innerText(), /paths: <b>bold<\/b>\.txt/);
  await v.page.locator('#text-toggle').click();
  assert.match(await v.page.locator('#text-view').innerText(), /<img src=x onerror=alert\(1\)>/);
  assert.equal(await v.page.locator('img, b').count(), 0);
  assert.equal(dialogs, 0);
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('keyboard: arrows move across jobs, Enter reveals, Space expands a group, Shift+F10 opens the context menu', async () => {
  const v = await openWith(sampleModel());
  await v.page.evaluate(() => {
    const w = globalThis as unknown as {
      __menus: string[];
      addEventListener(
        t: string,
        f: (e: { target: { closest(s: string): { getAttribute(n: string): string | null } | null } }) => void,
      ): void;
    };
    w.__menus = [];
    w.addEventListener('contextmenu', (e) => {
      w.__menus.push(e.target.closest('g.node')?.getAttribute('data-job') ?? '');
    });
  });
  const focused = (): Promise<string | null> =>
    v.page.evaluate(
      () =>
        (
          globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }
        ).document.activeElement?.getAttribute('data-job') ?? null,
    );
  // Tab order: the graph has exactly one tab stop (roving tabindex).
  assert.equal(await v.page.locator('svg.graph g.node[tabindex="0"]').count(), 1);
  await node(v, 'compile').focus();
  assert.equal(await focused(), 'compile');
  assert.match(await v.page.locator('#card').innerText(), /Uploads[\s\S]*bin\//);
  await v.page.keyboard.press('ArrowDown');
  assert.equal(await focused(), 'version');
  await v.page.keyboard.press('ArrowRight');
  const right = await focused();
  assert.ok(right !== null && right !== 'version');
  assert.equal(await node(v, right).getAttribute('tabindex'), '0');
  await v.page.keyboard.press('ArrowLeft');
  await v.page.keyboard.press('Enter');
  const reveal = await v.waitForMessage('revealJob');
  assert.ok(['compile', 'version', 'docs'].includes(reveal.job));
  await node(v, 'unit').focus();
  await v.page.keyboard.press('Space');
  await node(v, 'unit 1/2').waitFor();
  assert.equal(await node(v, 'unit').count(), 0);
  assert.deepEqual(((await v.state()) as ViewState).expanded, ['unit']);
  await v.page.keyboard.press('Shift+F10');
  assert.deepEqual(await v.page.evaluate(() => (globalThis as unknown as { __menus: string[] }).__menus), [
    await focused(),
  ]);
  assert.deepEqual(v.errors, []);
  await v.close();
});

void test('click reveals the job; the badge expands and collapses a group', async () => {
  const v = await openWith(sampleModel());
  await node(v, 'deploy').click();
  assert.equal((await v.waitForMessage('revealJob')).job, 'deploy');
  await node(v, 'e2e').locator('text.badge').click();
  await node(v, 'e2e: [firefox]').waitFor();
  assert.equal(await v.page.locator('svg.graph g.node.instance').count(), 2);
  await node(v, 'e2e: [firefox]').locator('text.badge').click();
  await node(v, 'e2e').waitFor();
  assert.equal(await v.page.locator('svg.graph g.node.instance').count(), 0);
  await v.close();
});

void test('the pipeline-context selector posts setContext (merge request vs branch)', async () => {
  const v = await openWith(sampleModel());
  assert.equal(await v.page.locator('#ctx-kind').inputValue(), 'branch');
  assert.equal(await v.page.locator('#ctx-ref').inputValue(), 'main');
  await v.page.locator('#ctx-ref').fill('feature/x');
  await v.page.locator('#ctx-kind').selectOption('mr');
  const msg = await v.waitForMessage('setContext');
  assert.equal(msg.context.source, 'merge_request_event');
  assert.equal(msg.context.refKind, 'mr');
  assert.equal(msg.context.mrSource, 'feature/x');
  assert.equal(msg.context.mrTarget, 'main');
  assert.equal(((await v.state()) as ViewState).context?.refKind, 'mr');
  await v.close();
});

void test('an update keeps element identity, zoom and selection; an error banner keeps the last graph', async () => {
  const m = sampleModel();
  const v = await openWith(m);
  await node(v, 'compile').click();
  await v.page.evaluate(() => {
    (
      globalThis as unknown as { document: { querySelector(s: string): { __mark?: number } | null } }
    ).document.querySelector('g.node[data-job="compile"]')!.__mark = 42;
  });
  const before = await v.page.locator('g.viewport').getAttribute('transform');
  const next = sampleModel();
  const stages = next.stages;
  next.jobs.push(job('smoke', 'deploy', stages, { sources: [source('compile')] }));
  await v.send(modelMessage(next));
  await node(v, 'smoke').waitFor();
  assert.equal(
    await v.page.evaluate(
      () =>
        (
          globalThis as unknown as { document: { querySelector(s: string): { __mark?: number } | null } }
        ).document.querySelector('g.node[data-job="compile"]')?.__mark,
    ),
    42,
  );
  assert.equal(await v.page.locator('g.viewport').getAttribute('transform'), before);
  assert.match((await node(v, 'compile').getAttribute('class')) ?? '', /selected/);
  // The host keeps the last good model and adds a stale error banner.
  await v.send(
    modelMessage(next, {
      severity: 'error',
      message: '(.gitlab-ci.yml): did not find expected key',
      location: '.gitlab-ci.yml:12',
      stale: true,
    }),
  );
  const banner = v.page.locator('#banner');
  await banner.waitFor({ state: 'visible' });
  assert.match(await banner.innerText(), /did not find expected key[\s\S]*\.gitlab-ci\.yml:12[\s\S]*last graph/);
  assert.equal(await node(v, 'smoke').count(), 1);
  await v.send(modelMessage(next));
  await banner.waitFor({ state: 'hidden' });
  await v.screenshot('graph-updated-dark');
  await v.close();
});

void test('search highlights matches; layout mode, search and context persist through setState', async () => {
  const v = await openWith(sampleModel());
  await v.page.locator('#search').fill('e2e');
  assert.equal(await v.page.locator('g.node.match').count(), 1);
  assert.match((await v.page.locator('svg.graph').getAttribute('class')) ?? '', /searching/);
  await v.page.locator('#layout').selectOption('needs');
  await v.page.waitForFunction(
    () => (globalThis as unknown as { __harnessState?: { layout?: string } }).__harnessState?.layout === 'needs',
  );
  const labels = await attrs(v, 'g.column', 'data-stage');
  assert.ok(labels.includes('No needs'));
  const saved = (await v.state()) as ViewState;
  assert.equal(saved.search, 'e2e');
  await v.close();
  const again = await openWith(sampleModel(), { state: saved });
  assert.equal(await again.page.locator('#layout').inputValue(), 'needs');
  assert.equal(await again.page.locator('#search').inputValue(), 'e2e');
  assert.equal(await again.page.locator('g.node.match').count(), 1);
  await again.close();
});

void test('text alternative and SVG export', async () => {
  const v = await openWith(sampleModel());
  await v.page.locator('#text-toggle').click();
  const text = await v.page.locator('#text-view').innerText();
  assert.match(text, /Jobs \(12\)/);
  assert.match(
    text,
    /package — stage deploy, in pipeline[\s\S]*compile: files \(bin\/, dist\/app\.js\), via dependencies/,
  );
  assert.match(text, /lint — stage test, excluded: rules/);
  await v.page.locator('#export').click();
  const exported = await v.waitForMessage('exportSvg');
  assert.equal(exported.requestId, null);
  assert.match(exported.svg, /^<svg/);
  assert.ok(exported.svg.includes('compile'));
  assert.ok(!exported.svg.includes('data-vscode-context'));
  await v.send({ type: 'requestSvg', requestId: 7 });
  await v.page.waitForTimeout(50);
  assert.ok(v.posted.some((m) => m.type === 'exportSvg' && m.requestId === 7));
  await v.close();
});

for (const theme of ['dark', 'light', 'high-contrast'] as ThemeKind[]) {
  void test(`screenshot in the ${theme} theme with a hovered job`, async () => {
    const v = await openWith(sampleModel(), { theme });
    await node(v, 'package').hover();
    await v.page.locator('#card').waitFor({ state: 'visible' });
    await v.screenshot(`graph-${theme}`);
    assert.deepEqual(v.errors, []);
    await v.close();
  });
}

void test('a generated 1,500-job model draws every card and arrow in view (and no more than a part of the rest)', async () => {
  const m = generatedModel(1500);
  const v = await openWith(m);
  const l = layoutModel(m, { mode: 'stages' });
  const must = mustBeDrawn(l, await viewBox(v.page));
  const drawn = new Set(await attrs(v, 'svg.graph g.node', 'data-node'));
  const drawnEdges = new Set(await attrs(v, 'svg.graph g.edge', 'data-edge'));
  assert.ok(must.nodes.length > 10);
  assert.deepEqual(
    must.nodes.filter((id) => !drawn.has(id)),
    [],
  );
  assert.deepEqual(
    must.edges.filter((id) => !drawnEdges.has(id)),
    [],
  );
  assert.ok(drawn.size < l.nodes.length / 2, `${drawn.size} of ${l.nodes.length} cards drawn`);
  const view = await viewBox(v.page);
  assert.deepEqual(
    arrowProblems(await v.page.locator('svg.graph').evaluate(extractDrawn), {
      view: { x: view.x0, y: view.y0, width: view.x1 - view.x0, height: view.y1 - view.y0 },
    }),
    [],
  );
  // Opened at a readable scale (top-left corner); Fit shows all of it.
  const before = await v.page.locator('g.viewport').getAttribute('transform');
  assert.match(before ?? '', /scale\(0\.55\)/);
  await v.page.locator('#fit').click();
  const fitted = await v.page.locator('g.viewport').getAttribute('transform');
  assert.notEqual(fitted, before);
  await v.page.locator('#zoom-in').click();
  assert.notEqual(await v.page.locator('g.viewport').getAttribute('transform'), fitted);
  await v.page.locator('#fit').click();
  // Fitted, the whole graph would be unreadable: the overview stands in for it (see focus.test.ts).
  assert.match((await v.page.locator('svg.graph').getAttribute('class')) ?? '', /overview/);
  // Find job jumps to a card at a readable scale, out of the overview.
  const target = l.nodes.filter((n) => n.kind === 'job')[200]!;
  await v.page.locator('#search').fill(target.jobs[0]!);
  await v.page.locator('#search').press('Enter');
  await v.page.waitForFunction(
    () =>
      (
        globalThis as unknown as {
          document: { querySelector(s: string): { classList: { contains(c: string): boolean } } | null };
        }
      ).document
        .querySelector('svg.graph')
        ?.classList.contains('overview') === false,
  );
  await v.page.locator('#search').fill('');
  await node(v, target.jobs[0]!).hover();
  await v.page.locator('#card').waitFor({ state: 'visible' });
  await v.screenshot('graph-1500');
  assert.deepEqual(v.errors, []);
  await v.close();
});
