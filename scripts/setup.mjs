// Installs what the build and the test tiers need on a fresh Debian machine, and does nothing when all is there.
// Uses only Node's built-in modules: it runs before `npm install` has put anything in node_modules.
//
//   node scripts/setup.mjs [deps|browser|code-server|all]      (default: all)
//
// - deps:        the project's npm dependencies (`npm ci`) when node_modules is missing or stale.
// - browser:     deps + Debian's chromium (the webview tier).
// - code-server: browser + ripgrep + libkrb5-dev + code-server 4.100.3 in .cache/code-server/ (the e2e tier).
// Debian packages are installed with apt-get when running as root; otherwise the script says what to install and fails.
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.100.3';
/** code-server's cache folder: outside everything vsce packs (see .vscodeignore) and ignored by git. */
export const CODE_SERVER_DIR = join(ROOT, '.cache', 'code-server');
export const CODE_SERVER_BIN = join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
export const CHROMIUM = '/usr/bin/chromium';
const MARKER = join(CODE_SERVER_DIR, 'installed.json');
/** @vscode/ripgrep version code-server 4.100.3 depends on, and the asset its postinstall looks for. */
const RIPGREP_PKG = '1.15.11';
const RIPGREP_ASSET = `ripgrep-v13.0.0-10-${arch() === 'arm64' ? 'aarch64' : 'x86_64'}-unknown-linux-musl.tar.gz`;

const APT = {
  browser: [{ pkg: 'chromium', check: () => existsSync(CHROMIUM) }],
  'code-server': [
    { pkg: 'ripgrep', check: () => existsSync('/usr/bin/rg') },
    { pkg: 'libkrb5-dev', check: () => dpkgInstalled('libkrb5-dev') },
  ],
};

function log(msg) {
  console.log(`[setup] ${msg}`);
}

function fail(msg) {
  console.error(`[setup] ERROR: ${msg}`);
  process.exit(1);
}

/** Every installer's own output goes here, not to the terminal; a failure prints its tail. */
export const SETUP_LOG = join(ROOT, '.cache', 'setup.log');

function sh(cmd, args, opts = {}) {
  mkdirSync(dirname(SETUP_LOG), { recursive: true });
  appendFileSync(SETUP_LOG, `\n$ ${cmd} ${args.join(' ')}   (${new Date().toISOString()})\n`);
  const fd = openSync(SETUP_LOG, 'a');
  let r;
  try {
    r = spawnSync(cmd, args, { stdio: ['ignore', fd, fd], ...opts });
  } finally {
    closeSync(fd);
  }
  if (r.error) fail(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = readFileSync(SETUP_LOG, 'utf8').split('\n').slice(-40).join('\n');
    fail(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}. Last lines of ${SETUP_LOG}:\n${tail}`);
  }
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** `flock /tmp/npm.lock npm …` when flock exists: several people may run npm in this tree at once. */
function npm(args, opts = {}) {
  if (hasCommand('flock')) sh('flock', ['/tmp/npm.lock', 'npm', ...args], opts);
  else sh('npm', args, opts);
}

export function ensureDeps() {
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  // Only a missing install triggers `npm ci` (which replaces node_modules): several people share this tree.
  if (existsSync(installed) && existsSync(join(ROOT, 'node_modules', '.bin', 'esbuild'))) return;
  log(`installing npm dependencies (${existsSync(lock) ? 'npm ci' : 'npm install'}; log in ${SETUP_LOG})…`);
  npm([existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: ROOT });
}

export function ensureApt(groups) {
  const missing = groups
    .flatMap((g) => APT[g] ?? [])
    .filter((p) => !p.check())
    .map((p) => p.pkg);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !hasCommand('apt-get')) {
    fail(
      `missing Debian packages: ${missing.join(' ')}.\n  Install them first, e.g.: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n  (this script installs them itself only when run as root on a machine with apt-get)`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')} (log in ${SETUP_LOG})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  sh('apt-get', ['update', '-q'], { env });
  sh('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
}

function codeServerInstalled() {
  try {
    const marker = JSON.parse(readFileSync(MARKER, 'utf8'));
    const pkg = JSON.parse(readFileSync(join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'package.json'), 'utf8'));
    return marker.version === CODE_SERVER_VERSION && pkg.version === CODE_SERVER_VERSION && existsSync(CODE_SERVER_BIN);
  } catch {
    return false;
  }
}

/** Installs code-server into .cache/code-server/ exactly as ../shared/guide/e2e-code-server.md §1 does. */
export function ensureCodeServer() {
  if (codeServerInstalled()) return;
  const started = Date.now();
  log(
    `installing code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR} (about 90 s, once per machine; log in ${SETUP_LOG})…`,
  );
  // No marker means no install or a broken one (a failed postinstall leaves packages behind): start clean.
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  writeFileSync(
    join(CODE_SERVER_DIR, 'package.json'),
    `${JSON.stringify({ name: 'gitlab-artifact-flow-e2e-host', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2)}\n`,
  );
  // @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the asset: seed it with Debian's rg.
  const rgCache = join(tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PKG}`);
  if (!existsSync(join(rgCache, RIPGREP_ASSET))) {
    mkdirSync(rgCache, { recursive: true });
    const t = mkdtempSync(join(tmpdir(), 'rg-'));
    cpSync('/usr/bin/rg', join(t, 'rg'));
    sh('tar', ['czf', join(rgCache, RIPGREP_ASSET), '-C', t, 'rg']);
    rmSync(t, { recursive: true, force: true });
  }
  const env = {
    ...process.env,
    npm_config_unsafe_perm: 'true', // as root, code-server's postinstall.sh refuses to run without it
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`; a ~/.npmrc with yes=false cancels it
  };
  delete env.npm_config_ignore_scripts;
  npm(['install', '--foreground-scripts', '--no-audit', '--no-fund', '--no-package-lock'], {
    cwd: CODE_SERVER_DIR,
    env,
  });
  // --config and XDG_* keep code-server from writing ~/.config/code-server/config.yaml (guide pitfall 7).
  const scratch = mkdtempSync(join(tmpdir(), 'gaf-cs-version-'));
  const v = spawnSync(CODE_SERVER_BIN, ['--config', join(scratch, 'config.yaml'), '--version'], {
    encoding: 'utf8',
    env: { ...process.env, XDG_DATA_HOME: scratch, XDG_CONFIG_HOME: scratch, XDG_CACHE_HOME: scratch },
  });
  rmSync(scratch, { recursive: true, force: true });
  if (v.status !== 0 || !v.stdout.includes(`${CODE_SERVER_VERSION} `)) {
    fail(`code-server --version failed:\n${v.stdout}${v.stderr}`);
  }
  writeFileSync(MARKER, `${JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() })}\n`);
  log(
    `code-server ${v.stdout.trim().split('\n').pop() ?? ''} installed in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

/** @param {'deps'|'browser'|'code-server'|'all'} level */
export function setup(level = 'all') {
  const groups = level === 'deps' ? [] : level === 'browser' ? ['browser'] : ['browser', 'code-server'];
  ensureApt(groups);
  ensureDeps();
  if (groups.includes('code-server')) ensureCodeServer();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const level = process.argv[2] ?? 'all';
  if (!['deps', 'browser', 'code-server', 'all'].includes(level)) {
    fail(`unknown level "${level}" (deps|browser|code-server|all)`);
  }
  setup(level);
  log('ready');
}
