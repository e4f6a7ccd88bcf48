// `npm start`: set up (npm dependencies), build, then show the artifact flow of every example pipeline with the CLI.
// `npm start -- PATH [options]` runs the CLI on PATH instead. (Placeholder until `npm start` opens VS Code on examples/.)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, setup } from './setup.mjs';

setup('deps');
process.chdir(ROOT);
if (spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const args = process.argv.slice(2);
const runs = args.length > 0
  ? [args]
  : readdirSync('examples').sort().map((d) => join('examples', d, '.gitlab-ci.yml')).filter((p) => existsSync(p)).map((p) => [p]);
let status = 0;
for (const a of runs) {
  if (args.length === 0) console.log(`\n=== ${a[0]}`);
  const r = spawnSync(process.execPath, [join('dist', 'cli.js'), ...a], { stdio: 'inherit' });
  status ||= r.status ?? 1;
}
process.exitCode = status;
