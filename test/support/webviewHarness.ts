// Webview tier harness: the built webview bundle (dist/webview.js + media/pipeline.css) in headless Chromium, inside
// an HTML page with the extension's own strict CSP (default-src 'none', nonce'd scripts; see src/host/webviewHtml.ts),
// VS Code's theme variables and body class, and a stand-in `acquireVsCodeApi` that records what the page posts.
//
// Usage (one browser per test file; pages are cheap):
//
//   import { WebviewHarness } from '../support/webviewHarness';
//   let h: WebviewHarness;
//   before(async () => { h = await WebviewHarness.start(); });
//   after(async () => { await h.stop(); });
//   test('renders', async () => {
//     const v = await h.open({ theme: 'dark' });            // also 'light' | 'high-contrast'; optional `state`, `viewport`
//     await v.waitForMessage('ready');                      // FromWebview messages posted by the page, typed
//     await v.send({ type: 'didChangeModel', ... });        // a ToWebview message, delivered as VS Code does (window 'message')
//     await v.page.locator('svg.graph g.node').first().hover();   // plain Playwright on v.page
//     v.posted                                              // every message posted so far, in order
//     await v.state()                                       // the last value passed to setState (else the opened-with state)
//     await v.attributes('g.node', 'data-node')             // typed page reads without DOM types (also computedStyles)
//     await v.screenshot('graph-dark');                     // -> test-output/webview/graph-dark.png
//     assert.deepEqual(v.errors, []);                       // page errors, console errors, CSP violations
//     await v.close();
//   });
//
// The page's origin is http://127.0.0.1:<port>; only /dist/webview.js and /media/** are served from the repo.
// ARTIFACT_FLOW_WEBVIEW_BUNDLE (a path relative to the repository) serves another build of the bundle as
// /dist/webview.js, so a change can be tested without rebuilding the shared dist/ folder.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { FromWebview, ToWebview } from '../../src/protocol';
import { launchChromium } from './browser';
import { ROOT, testOutput } from './paths';
import { themeBodyClass, themeVariables } from './vscodeTheme';
import type { ThemeKind } from './vscodeTheme';
import { webviewDocument } from '../../src/webviewPage';

export type { ThemeKind } from './vscodeTheme';

export interface OpenOptions {
  /** Theme kind: sets the `--vscode-*` variables and the body class VS Code would. Default 'dark'. */
  theme?: ThemeKind;
  /** What `acquireVsCodeApi().getState()` returns (a state saved by an earlier session). Default undefined. */
  state?: unknown;
  /** Page size in CSS pixels. Default 1000 × 700. */
  viewport?: { width: number; height: number };
  /** A runtime l10n bundle, as the host passes `vscode.l10n.bundle` (a translated editor). Default none: English. */
  l10n?: Record<string, string>;
}

const BUNDLE = process.env.ARTIFACT_FLOW_WEBVIEW_BUNDLE ?? 'dist/webview.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

/** A Chromium plus a small HTTP server for the bundle. Start once per test file; open a page per test. */
export class WebviewHarness {
  private readonly pages = new Set<WebviewPage>();

  private counter = 0;

  private constructor(
    readonly browser: Browser,
    private readonly server: Server,
    readonly origin: string,
    private readonly pageHtml: Map<string, string>,
  ) {}

  static async start(): Promise<WebviewHarness> {
    const pageHtml = new Map<string, string>();
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const html = pageHtml.get(url.pathname);
      if (html !== undefined) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(html);
        return;
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end(); // the browser asks on its own; a webview has none
        return;
      }
      const rel = normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, '');
      if (rel !== 'dist/webview.js' && !rel.startsWith('media/')) {
        res.writeHead(404).end();
        return;
      }
      readFile(join(ROOT, rel === 'dist/webview.js' ? BUNDLE : rel)).then(
        (body) => {
          res.writeHead(200, {
            'content-type': TYPES[rel.slice(rel.lastIndexOf('.'))] ?? 'application/octet-stream',
            'cache-control': 'no-store',
          });
          res.end(body);
        },
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let browser: Browser;
    try {
      browser = await launchChromium();
    } catch (e) {
      server.close();
      throw e;
    }
    return new WebviewHarness(browser, server, origin, pageHtml);
  }

  /** Opens the webview in a new page and waits until its script has run (DOMContentLoaded). */
  async open(options: OpenOptions = {}): Promise<WebviewPage> {
    const theme = options.theme ?? 'dark';
    const path = `/webview-${++this.counter}.html`;
    this.pageHtml.set(path, pageHtml(this.origin, theme, options.state, options.l10n));
    const page = await this.browser.newPage({ viewport: options.viewport ?? { width: 1000, height: 700 } });
    const v = new WebviewPage(page, () => this.pages.delete(v));
    this.pages.add(v);
    await v.attach();
    await page.goto(`${this.origin}${path}`, { waitUntil: 'domcontentloaded' });
    return v;
  }

  /** Closes every page, the browser and the server. */
  async stop(): Promise<void> {
    for (const v of [...this.pages]) await v.close();
    await this.browser.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** One webview page. `page` is the Playwright page; everything else is the VS Code side of the conversation. */
export class WebviewPage {
  /** Messages the webview posted with `acquireVsCodeApi().postMessage`, in order. */
  readonly posted: FromWebview[] = [];
  /** Uncaught page errors, console.error output and CSP violations. A healthy webview leaves this empty. */
  readonly errors: string[] = [];
  private waiters: { match: (m: FromWebview) => boolean; resolve: (m: FromWebview) => void }[] = [];

  constructor(
    readonly page: Page,
    private readonly onClose: () => void,
  ) {}

  /** @internal Wires the page's bindings; called by WebviewHarness.open before navigation. */
  async attach(): Promise<void> {
    this.page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    this.page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console.error: ${m.text()} (${m.location().url})`);
    });
    await this.page.exposeBinding('__harnessPost', (_source, json: string) => {
      const msg = JSON.parse(json) as FromWebview;
      this.posted.push(msg);
      this.waiters = this.waiters.filter((w) => (w.match(msg) ? (w.resolve(msg), false) : true));
    });
    await this.page.exposeBinding('__harnessError', (_source, text: string) => {
      this.errors.push(text);
    });
  }

  /** Resolves with the first posted message of `type` (already posted or still to come); rejects after `timeoutMs`. */
  waitForMessage<T extends FromWebview['type']>(
    type: T,
    timeoutMs = 10_000,
  ): Promise<Extract<FromWebview, { type: T }>> {
    type M = Extract<FromWebview, { type: T }>;
    const match = (m: FromWebview): m is M => m.type === type;
    const seen = this.posted.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<M>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no '${type}' message from the webview within ${timeoutMs} ms; posted: ${JSON.stringify(this.posted.map((m) => m.type))}; errors: ${JSON.stringify(this.errors)}`,
            ),
          ),
        timeoutMs,
      );
      timer.unref();
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as M);
        },
      });
    });
  }

  /** Delivers a host → webview message the way VS Code does: a `message` event on the webview's window. */
  async send(message: ToWebview): Promise<void> {
    await this.sendRaw(message);
  }

  /** Like send, for anything (malformed messages, to test the webview's guards). */
  async sendRaw(message: unknown): Promise<void> {
    // Tests compile without the DOM lib, so page-side globals are typed by hand here.
    await this.page.evaluate((m) => {
      (globalThis as unknown as { postMessage(m: unknown, target: string): void }).postMessage(m, '*');
    }, message);
  }

  /** What the webview's first `getState()` returned (the state it restored from), or undefined if it never asked. */
  async firstStateRead(): Promise<unknown> {
    return this.page.evaluate(() => (globalThis as unknown as { __harnessFirstRead?: unknown }).__harnessFirstRead);
  }

  /** The webview's saved state: the last value it passed to `setState`, else the `state` it was opened with. */
  async state(): Promise<unknown> {
    return this.page.evaluate(() => (globalThis as unknown as { __harnessState?: unknown }).__harnessState);
  }

  /**
   * Attribute `name` of every element matching `selector` (null where absent). Tests compile without the DOM lib,
   * so reading the page through these helpers (or Playwright's locator API) avoids untyped `document` code.
   */
  async attributes(selector: string, name: string): Promise<(string | null)[]> {
    return this.page
      .locator(selector)
      .evaluateAll(
        (els: unknown[], n: string) =>
          (els as { getAttribute(a: string): string | null }[]).map((e) => e.getAttribute(n)),
        name,
      );
  }

  /** The computed value of CSS `property` for every element matching `selector`. */
  async computedStyles(selector: string, property: string): Promise<string[]> {
    return this.page.locator(selector).evaluateAll((els: unknown[], p: string) => {
      const g = globalThis as unknown as { getComputedStyle(e: unknown): { getPropertyValue(name: string): string } };
      return els.map((e) => g.getComputedStyle(e).getPropertyValue(p).trim());
    }, property);
  }

  /** Saves a PNG of the page as test-output/webview/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    const path = join(testOutput('webview'), `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  async close(): Promise<void> {
    this.onClose();
    if (!this.page.isClosed()) await this.page.close();
  }
}

/** The extension's own page and CSP (src/webviewPage.ts), with the nonce'd stand-in for VS Code's webview API in front of the bundle. */
function pageHtml(origin: string, theme: ThemeKind, state: unknown, l10n?: Record<string, string>): string {
  const vars = Object.entries(themeVariables[theme]);
  // The stand-in runs before the bundle. JSON in a <script> is escaped so no `</script>` can end it early.
  const config = JSON.stringify({
    state: state ?? null,
    hasState: state !== undefined,
    vars,
    bodyClass: themeBodyClass[theme],
    theme,
  }).replace(/</g, '\\u003c');
  const prelude = `(() => {
  const config = ${config};
  const root = document.documentElement;
  for (const [name, value] of config.vars) root.style.setProperty('--vscode-' + name, value);
  document.body.classList.add(config.bodyClass);
  document.body.dataset.vscodeThemeKind = config.bodyClass;
  document.body.dataset.vscodeThemeName = config.theme;
  document.addEventListener('securitypolicyviolation', (e) => window.__harnessError('csp: ' + e.violatedDirective + ' blocked ' + e.blockedURI));
  let state = config.hasState ? config.state : undefined;
  window.__harnessState = state;
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: (message) => { window.__harnessPost(JSON.stringify(message)); },
      getState: () => { if (!('__harnessFirstRead' in window)) window.__harnessFirstRead = state; return state; },
      setState: (s) => { state = s; window.__harnessState = s; return s; },
    });
  };
})();`;
  return webviewDocument({
    cspSource: origin,
    nonce: randomBytes(16).toString('base64'),
    styleHref: `${origin}/media/pipeline.css`,
    scriptSrc: `${origin}/dist/webview.js`,
    prelude,
    ...(l10n ? { l10nBundle: l10n } : {}),
  });
}
