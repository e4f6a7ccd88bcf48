// `npm start`: set up, build, then open VS Code with the extension on examples/.
// - With the desktop `code` on PATH: `code --extensionDevelopmentPath=<this folder> examples/`.
// - Otherwise: a local code-server (VS Code 1.100.3, installed into .cache/ on first use) on 127.0.0.1, with the
//   extension linked from this folder (rebuild and reload the window to see a change) and examples/README.md open;
//   one short URL is printed. Ctrl+C stops it. Installer output goes to .cache/setup.log, not the terminal.
// `npm start -- --cli [PATH options…]` prints the artifact flow of the examples (or PATH) with the CLI instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER_BIN, ROOT, setup } from './setup.mjs';

const args = process.argv.slice(2);
const cli = args[0] === '--cli';
setup(cli ? 'deps' : 'code-server');
process.chdir(ROOT);
console.log('[start] building the extension…');
if (spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const examples = join(ROOT, 'examples');

if (cli) {
  const rest = args.slice(1);
  const runs =
    rest.length > 0
      ? [rest]
      : readdirSync(examples)
          .sort()
          .map((d) => join('examples', d, '.gitlab-ci.yml'))
          .filter((p) => existsSync(p))
          .map((p) => [p]);
  let status = 0;
  for (const a of runs) {
    if (rest.length === 0) console.log(`\n=== ${a[0]}`);
    status ||= spawnSync(process.execPath, [join('dist', 'cli.js'), ...a], { stdio: 'inherit' }).status ?? 1;
  }
  process.exit(status);
}

if (spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0) {
  const r = spawnSync('code', [`--extensionDevelopmentPath=${ROOT}`, examples], { stdio: 'inherit' });
  process.exit(r.status ?? 0);
}

// code-server keeps its state in .cache/start (ours: made by this script) so settings and editors survive a restart.
const state = join(ROOT, '.cache', 'start');
for (const d of ['ud/User', 'exts', 'xdg']) mkdirSync(join(state, d), { recursive: true });
const settingsFile = join(state, 'ud', 'User', 'settings.json');
let settings = {};
try {
  settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
} catch {
  /* first start, or edited by hand into invalid JSON */
}
const defaults = {
  'workbench.startupEditor': 'readme',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'git.openRepositoryInParentFolders': 'never',
};
writeFileSync(settingsFile, JSON.stringify({ ...defaults, ...settings }, null, 2));
// The extension, linked from this folder: code-server loads it like an installed one, so the URL needs no payload.
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const link = join(state, 'exts', `${manifest.publisher}.${manifest.name}-${manifest.version}`);
let linked = false;
try {
  linked = lstatSync(link).isSymbolicLink();
} catch {
  /* not there yet */
}
if (!linked && !existsSync(link)) symlinkSync(ROOT, link, 'dir');
const env = {
  ...process.env,
  XDG_DATA_HOME: join(state, 'xdg'),
  XDG_CONFIG_HOME: join(state, 'xdg'),
  XDG_CACHE_HOME: join(state, 'xdg'),
};
delete env.VSCODE_IPC_HOOK_CLI; // started from a VS Code terminal, code-server would try to reuse that window
console.log('[start] starting VS Code (code-server 4.100.3)…');
const child = spawn(
  CODE_SERVER_BIN,
  [
    '--config',
    join(state, 'config.yaml'),
    '--user-data-dir',
    join(state, 'ud'),
    '--extensions-dir',
    join(state, 'exts'),
    '--bind-addr',
    `127.0.0.1:${process.env.PORT ?? '0'}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    examples,
  ],
  { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
);

let printed = false;
const onOutput = (chunk) => {
  const text = chunk.toString();
  if (process.env.ARTIFACT_FLOW_START_VERBOSE) process.stdout.write(text);
  const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
  if (m && !printed) {
    printed = true;
    console.log(`\nGitLab Artifact Flow is running. Open  http://127.0.0.1:${m[1]}/  in a browser.`);
    console.log('examples/README.md says where to start. Ctrl+C stops the server.');
  }
};
child.stdout.on('data', onOutput);
child.stderr.on('data', onOutput);
const stop = () => {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => {
  if (!printed) {
    console.error('code-server stopped before it was ready; run with ARTIFACT_FLOW_START_VERBOSE=1 to see its log.');
  }
  process.exit(code ?? 0);
});
