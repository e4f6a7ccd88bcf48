// E2E harness: a real VS Code (code-server 4.100.3, installed by scripts/setup.mjs into .cache/code-server/) started
// per test file on 127.0.0.1 with temporary user-data, extensions and XDG folders, driven by Playwright + Chromium.
// See ../shared/guide/e2e-code-server.md for the recipe; the pitfall numbers below refer to it.
//
// Usage (one code-server + one workbench page per test file; keep the steps as separate test()s):
//
//   import { CodeServer } from '../support/codeServer';
//   let cs: CodeServer; let wb: Workbench;
//   before(async () => {
//     cs = await CodeServer.start({ workspace: 'examples/basic' });   // copies the folder; installs dist-vsix/*.vsix
//     wb = await cs.openWorkbench();                                 // Chromium page, waits for the explorer
//   });
//   after(async () => { await cs.stop(); });                           // closes Chromium, kills the process group
//   test('open the graph', async () => {
//     await wb.runCommand('GitLab Artifact Flow: Open Pipeline Graph');   // F1 palette, with the retry of pitfall 8
//     const view = wb.webview();                                     // FrameLocator inside iframe.webview.ready → #active-frame
//     await view.locator('svg.graph').waitFor();
//     await wb.screenshot('graph-open');                             // -> test-output/e2e/graph-open.png
//   });
//
// Also: `cs.workspace` (the temp copy; read files the extension wrote there), `wb.page` (the Playwright page: menus,
// notifications `wb.notification(text)`, menus `wb.menuItem(name)`), `wb.openFile('.gitlab-ci.yml')` (Quick Open),
// `cs.log()` (server log), `cs.runExtensionTests(suitePath)` (the
// extension-host suite via the `payload` URL parameter; see test/e2e/exthost.test.ts).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { CODE_SERVER_BIN, CODE_SERVER_VERSION, ROOT, testOutput, VSIX } from './paths';

export interface StartOptions {
  /** Folder to open, relative to the repo root or absolute. It is copied to a temp folder first. Default 'examples/basic'. */
  workspace?: string;
  /**
   * How the extension gets in: 'vsix' installs dist-vsix/gitlab-artifact-flow.vsix (`npm run package` makes it;
   * the e2e tier does that first), 'folder' copies the repo's package.json + package.nls.json + dist/ + media/ into the extensions
   * folder, 'none' installs nothing (for extensionDevelopmentPath runs). Default 'vsix'.
   */
  install?: 'vsix' | 'folder' | 'none';
  /** Extra user settings, merged over the quiet defaults below. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
}

/** Settings that keep the workbench quiet and deterministic (pitfall 9: reduceMotion). */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'workbench.reduceMotion': 'on',
};

/** For tests that type YAML into the editor: no auto-indent, auto-closing or suggestions getting in the way. */
export const TYPING_SETTINGS = {
  'workbench.editor.enablePreview': false,
  'editor.autoIndent': 'none',
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
} as const;

// Short waits stay ref'd: an unref'd one inside after() would let node exit before stop() finishes.
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class CodeServer {
  private browser: Browser | undefined;
  private stopped = false;

  private constructor(
    /** Temp root: ud/ (user data), exts/, xdg/, ws/, cs.log. Deleted by stop(). */
    readonly root: string,
    /** The workspace folder code-server opens (a temp copy). */
    readonly workspace: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {}

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Installs the extension, starts code-server and waits until it listens (no browser yet: see openWorkbench). */
  static async start(options: StartOptions = {}): Promise<CodeServer> {
    if (!existsSync(CODE_SERVER_BIN)) {
      throw new Error(
        `code-server ${CODE_SERVER_VERSION} is not installed at ${CODE_SERVER_BIN}: run \`node scripts/setup.mjs\``,
      );
    }
    const root = mkdtempSync(join(tmpdir(), 'gaf-e2e-'));
    const dirs = { ud: join(root, 'ud'), exts: join(root, 'exts'), xdg: join(root, 'xdg'), ws: join(root, 'ws') };
    for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
    // The window is a remote one (the extension host runs in code-server): VS Code reads a machine-scoped setting
    // (the extension's limits, includeRefreshMinutes) from the remote's Machine settings and may ignore its User
    // value — after a reload it did, intermittently. Both files hold the test's settings, as a user would set them.
    const settingsJson = JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2);
    for (const scope of ['User', 'Machine']) {
      mkdirSync(join(dirs.ud, scope), { recursive: true });
      writeFileSync(join(dirs.ud, scope, 'settings.json'), settingsJson);
    }
    const source = options.workspace ?? 'examples/basic';
    const sourceDir = isAbsolute(source) ? source : join(ROOT, source);
    if (!existsSync(sourceDir)) throw new Error(`workspace ${sourceDir} does not exist`);
    cpSync(sourceDir, dirs.ws, { recursive: true });

    // Pitfall 7: keep code-server out of ~/.config and ~/.local, and never "open in an existing instance".
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_DATA_HOME: dirs.xdg,
      XDG_CONFIG_HOME: dirs.xdg,
      XDG_CACHE_HOME: dirs.xdg,
      ...options.env,
    };
    delete env.VSCODE_IPC_HOOK_CLI;
    const common = ['--config', join(root, 'config.yaml'), '--user-data-dir', dirs.ud, '--extensions-dir', dirs.exts];

    const install = options.install ?? 'vsix';
    if (install === 'vsix') {
      if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` first`);
      await run(CODE_SERVER_BIN, [...common, '--install-extension', VSIX], env, join(root, 'install.log'));
    } else if (install === 'folder') {
      const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        publisher: string;
        name: string;
        version: string;
      };
      const target = join(dirs.exts, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
      for (const part of ['package.json', 'package.nls.json', 'dist', 'media']) {
        cpSync(join(ROOT, part), join(target, part), { recursive: true });
      }
    }

    const logFile = join(root, 'cs.log');
    const child = spawn(
      CODE_SERVER_BIN,
      [
        ...common,
        '--bind-addr',
        '127.0.0.1:0',
        '--auth',
        'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        dirs.ws,
      ],
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    ); // detached: its own process group (pitfall 11)
    let log = '';
    const onData = (b: Buffer): void => {
      log += b.toString();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not listen within 60 s:\n${log}`)), 60_000);
      timer.unref(); // pitfall 10
      const check = (): void => {
        const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
        if (m?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code}) before listening:\n${log}`));
      });
    });
    // Keep writing the log to a file (read it with log()).
    writeFileSync(logFile, log);
    child.stdout?.off('data', onData);
    child.stderr?.off('data', onData);
    const append = (b: Buffer): void => {
      try {
        writeFileSync(logFile, b, { flag: 'a' });
      } catch {
        /* root gone after stop */
      }
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    return new CodeServer(root, dirs.ws, port, child);
  }

  /** code-server's log so far (useful in assertion messages). */
  log(): string {
    try {
      return readFileSync(join(this.root, 'cs.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** The extension's own log (Output → "GitLab Artifact Flow") of every window so far, oldest first. */
  extensionLog(): string {
    const logs = join(this.root, 'ud', 'logs');
    if (!existsSync(logs)) return '';
    return readdirSync(logs, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('GitLab Artifact Flow.log'))
      .sort()
      .map((f) => `--- ${f}\n${readFileSync(join(logs, f), 'utf8')}`)
      .join('\n');
  }

  /** The workbench URL for the workspace; `payload` is VS Code's list of [key, value] pairs (see runExtensionTests). */
  url(payload?: [string, string][]): string {
    let u = `${this.origin}/?folder=${encodeURIComponent(this.workspace)}`;
    if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return u;
  }

  /** A `vscode-remote://` URI for a path on this machine (what the payload parameter takes). */
  remoteUri(path: string): string {
    return `vscode-remote://127.0.0.1:${this.port}${path}`;
  }

  private async newPage(): Promise<Page> {
    this.browser ??= await launchChromium();
    const context = await this.browser.newContext({ viewport: { width: 1400, height: 900 } });
    return context.newPage();
  }

  /** Opens the workbench in Chromium and waits until the explorer lists `readyFile` (the remote file system is live). */
  async openWorkbench(options: { readyFile?: string } = {}): Promise<Workbench> {
    const page = await this.newPage();
    await page.goto(this.url());
    const wb = new Workbench(page, this);
    await wb.waitReady(options.readyFile ?? firstEntry(this.workspace));
    return wb;
  }

  /**
   * Runs the extension-host suite (a bundle exporting `run()`, e.g. out/test/exthost/suite.js) inside the real
   * remote extension host, with the repo loaded as the extension under development. Resolves with the code the
   * workbench passes to `codeAutomationExit` (0: run() resolved; 1: it threw) and the page's console output.
   * Start this CodeServer with `install: 'none'`.
   */
  async runExtensionTests(suitePath: string, timeoutMs = 180_000): Promise<{ code: number; console: string[] }> {
    const page = await this.newPage();
    const lines: string[] = [];
    page.on('console', (m) => lines.push(m.text()));
    let timer: NodeJS.Timeout | undefined;
    const exit = new Promise<number>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the extension-host suite did not finish within ${timeoutMs} ms:\n${lines.join('\n')}`)),
        timeoutMs,
      );
      timer.unref();
      void page.exposeFunction('codeAutomationExit', (code: number) => {
        resolve(code);
      });
    });
    await page.goto(
      this.url([
        ['extensionDevelopmentPath', this.remoteUri(ROOT)],
        ['extensionTestsPath', this.remoteUri(isAbsolute(suitePath) ? suitePath : join(ROOT, suitePath))],
      ]),
    );
    try {
      return { code: await exit, console: lines };
    } finally {
      clearTimeout(timer);
      await page.close().catch(() => undefined);
    }
  }

  /** Closes Chromium, kills code-server's process group and waits for it, then deletes the temp root. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.browser?.close().catch(() => undefined);
    const pid = this.child.pid;
    this.child.stdout?.removeAllListeners('data');
    this.child.stderr?.removeAllListeners('data');
    if (pid !== undefined) {
      // The process group (pitfall 11) plus every descendant, in case one left the group.
      const pids = [pid, ...descendants(pid)];
      signal(pid, pids, 'SIGTERM');
      // Its children (extension host, file watcher, pty host) take 1–3 s to exit.
      for (let i = 0; i < 80 && anyAlive(pids); i++) await sleep(100);
      if (anyAlive(pids)) {
        signal(pid, pids, 'SIGKILL');
        for (let i = 0; i < 20 && anyAlive(pids); i++) await sleep(100);
      }
    }
    const keep = join(testOutput('e2e'), `code-server-${basename(this.root)}.log`);
    try {
      cpSync(join(this.root, 'cs.log'), keep);
    } catch {
      /* no log */
    }
    rmSync(this.root, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** The workbench page in Chromium, with helpers for what a person does. */
export class Workbench {
  constructor(
    readonly page: Page,
    readonly server: CodeServer,
  ) {}

  /** Waits for the workbench and for the explorer to show `fileName` (explorer ready = remote FS live). */
  async waitReady(fileName: string, timeoutMs = 90_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    await this.page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: fileName })
      .first()
      .waitFor({ timeout: timeoutMs });
  }

  /**
   * Runs a command by its palette title ("Category: Title"). Pitfall 8: right after start-up the extension's commands
   * may not be registered yet and the palette's list never refreshes, so close it and try again until the row shows.
   */
  async runCommand(title: string, attempts = 10): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    for (let i = 1; i <= attempts; i++) {
      // Right after a window reload a restored editor or panel can take the focus and close the palette as it
      // opens: every step of an attempt may fail, and the next attempt starts over.
      const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      try {
        await this.page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill('>', { timeout: 5_000 });
        await this.page.keyboard.type(title);
        await row.waitFor({ state: 'visible', timeout: 1_500 });
        await this.page.keyboard.press('Enter');
        await input.waitFor({ state: 'hidden', timeout: 10_000 });
        return;
      } catch {
        await this.page.keyboard.press('Escape');
        await sleep(500);
      }
    }
    await this.screenshot(`command-missing-${title.replace(/[^A-Za-z0-9]+/g, '-')}`).catch(() => undefined);
    throw new Error(`command "${title}" never showed in the command palette (${attempts} attempts)`);
  }

  /**
   * Opens a workspace file in an editor through Quick Open (Ctrl+P) and waits for its tab.
   * `path` is relative to the workspace, e.g. '.gitlab-ci.yml' or 'ci/build.yml'.
   */
  async openFile(path: string): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget input');
    const name = path.split('/').pop() ?? path;
    // Right after a click into a webview, VS Code moves the focus into the webview a moment later, which can swallow
    // the key or close Quick Open as it opens: every step of an attempt may fail, and the next attempt starts over.
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.page.keyboard.press('Control+P');
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        await input.fill(path, { timeout: 5_000 });
        await row.waitFor({ state: 'visible', timeout: 20_000 });
        break;
      } catch (e) {
        if (attempt === 4) throw e;
        await this.page.keyboard.press('Escape');
        await sleep(500);
      }
    }
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 10_000 });
    const tab = this.page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).first();
    await tab.waitFor({ timeout: 20_000 });
    return tab;
  }

  /** The active webview's own document (inside `iframe.webview.ready` → `#active-frame`). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  /** A notification toast containing `text`. */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.notification-toast', { hasText: text });
  }

  /** A menu item of the workbench's context menu (webview context menus are drawn by the workbench, not the iframe). */
  menuItem(name: string): Locator {
    return this.page.getByRole('menuitem', { name });
  }

  /** Saves test-output/e2e/<name>.png (the iframes' contents included) and returns the path. */
  async screenshot(name: string): Promise<string> {
    const path = join(testOutput('e2e'), `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}

function firstEntry(dir: string): string {
  if (existsSync(join(dir, '.gitlab-ci.yml'))) return '.gitlab-ci.yml';
  throw new Error(`${dir} has no .gitlab-ci.yml: pass openWorkbench({ readyFile }) with a name the explorer shows`);
}

/** Every live descendant of `pid`, from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const ppid = procStat(Number(name))?.ppid;
    if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  const out: number[] = [];
  const queue = [pid];
  for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** State and parent of a process, or undefined when it is gone. */
function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

function signal(pgid: number, pids: number[], sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    /* group gone */
  }
  for (const p of pids) {
    try {
      process.kill(p, sig);
    } catch {
      /* gone */
    }
  }
}

/** True while any of the processes exists and is not a zombie (zombies are reaped later by init). */
function anyAlive(pids: number[]): boolean {
  return pids.some((p) => {
    const st = procStat(p);
    return st !== undefined && st.state !== 'Z';
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      writeFileSync(logFile, out);
      if (code === 0) resolve();
      else reject(new Error(`${basename(cmd)} ${args.join(' ')} exited with ${code}:\n${out}`));
    });
  });
}
