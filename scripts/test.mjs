// `npm test`: set-up, build, lint, type checks, then the three test tiers (unit, webview, e2e), and one last line
// `N passed, N failed` over everything. `npm test -- unit|webview|e2e` (or `node scripts/test.mjs e2e`) runs one tier.
//
// Only Node built-ins are imported statically: on a fresh clone `setup()` runs `npm ci` before esbuild exists.
// Each tier is `node --test` over TypeScript test files bundled by scripts/buildTests.mjs; the TAP reporter writes to
// out/test-results/<tier>.tap, which is parsed for the counts while the spec reporter prints to the terminal.
// A failed step (build, lint, types, packaging) counts as one failure; a tier that runs no test is a failure too.
// Skipped and todo tests are not counted either way but are listed above the last line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, setup } from './setup.mjs';

const TIERS = ['unit', 'webview', 'e2e'];
const only = process.argv[2];
if (only !== undefined && !TIERS.includes(only)) {
  console.error(`unknown tier "${only}": use one of ${TIERS.join(', ')}, or nothing for everything`);
  process.exit(2);
}
process.chdir(ROOT);
const started = Date.now();
const totals = { passed: 0, failed: 0 };
const problems = [];
const warnings = [];

function banner(title) {
  console.log(`\n━━━ ${title} ${'━'.repeat(Math.max(3, 70 - title.length))}`);
}

/** Runs a command with inherited stdio; a non-zero exit is one failure. Returns true on success. */
function step(title, cmd, args, opts = {}) {
  banner(title);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  const ok = r.status === 0;
  console.log(`${ok ? '✔' : '✖'} ${title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (!ok) {
    totals.failed += 1;
    problems.push(`${title}: exit ${r.status ?? r.signal ?? r.error?.message}`);
  }
  return ok;
}

/** Counts from node's TAP reporter: the `# pass N` … lines at the end of the stream. */
function tapCounts(file) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    /* no file: nothing ran */
  }
  const n = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { pass: n('pass'), fail: n('fail'), cancelled: n('cancelled'), skipped: n('skipped'), todo: n('todo') };
}

async function tier(name) {
  const { buildTests, buildExthostSuite } = await import('./buildTests.mjs');
  banner(`${name} tier`);
  const t0 = Date.now();
  let files;
  try {
    files = await buildTests(`test/${name}`);
    if (name === 'e2e') await buildExthostSuite();
  } catch (e) {
    totals.failed += 1;
    problems.push(`${name} tier: building the tests failed: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (files.length === 0) {
    totals.failed += 1;
    problems.push(`${name} tier: no test files under test/${name}/`);
    return;
  }
  const resultsDir = join('out', 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  const tap = join(resultsDir, `${name}.tap`);
  rmSync(tap, { force: true });
  // Unit tests may run side by side; the browser tiers one file at a time (2 cores, one Chromium / code-server each).
  const concurrency = name === 'unit' ? [] : ['--test-concurrency=1'];
  const r = spawnSync(
    process.execPath,
    [
      '--test',
      ...concurrency,
      '--test-timeout=600000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { stdio: 'inherit' },
  );
  const c = tapCounts(tap);
  const failed = c.fail + c.cancelled;
  totals.passed += c.pass;
  totals.failed += failed;
  // Skipped/todo tests neither pass nor fail; they are listed so nobody mistakes a skip for a pass.
  if (c.skipped + c.todo > 0) warnings.push(`${name} tier: ${c.skipped} skipped, ${c.todo} todo (see ﹣ lines above)`);
  if (c.pass + failed + c.skipped + c.todo === 0) {
    totals.failed += 1;
    problems.push(`${name} tier: ran no tests`);
  } else if (failed > 0 || r.status !== 0) {
    if (failed === 0) totals.failed += 1; // the runner failed without a failing test (crash, bad file)
    problems.push(`${name} tier: ${c.pass} passed, ${failed} failed (node --test exit ${r.status ?? r.signal})`);
  }
  console.log(
    `${failed === 0 && r.status === 0 ? '✔' : '✖'} ${name} tier: ${c.pass} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
}

banner('setup');
setup(only === 'unit' ? 'deps' : only === 'webview' ? 'browser' : 'all');

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (only !== 'unit') step('build (node esbuild.mjs)', process.execPath, ['esbuild.mjs']);
if (!only) {
  step('lint (npm run lint)', npm, ['run', '--silent', 'lint']);
  step('type checks (npm run check-types)', npm, ['run', '--silent', 'check-types']);
}
for (const name of TIERS) {
  if (only && only !== name) continue;
  if (name === 'e2e') {
    // The e2e tier installs the packaged extension into code-server, and a test checks the package's file list.
    step('package (npm run package)', npm, ['run', '--silent', 'package']);
  }
  await tier(name);
}

banner('summary');
for (const w of warnings) console.log(`! ${w}`);
for (const p of problems) console.log(`✖ ${p}`);
console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = totals.failed > 0 ? 1 : 0;
