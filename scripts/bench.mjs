// `npm run bench`: builds the bundles, then every `bench/*.bench.ts` (bundled like the tests) and
// `bench/*.bench.mjs`, and runs them one after another. Benchmarks print figures; they assert nothing.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const only = process.argv[2];
const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
if (run(['esbuild.mjs']) !== 0) process.exit(1);
const files = readdirSync('bench')
  .filter((f) => /\.bench\.(ts|mjs)$/.test(f) && (!only || f.includes(only)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== bench/${f}`);
  let entry = `bench/${f}`;
  if (f.endsWith('.ts')) {
    entry = `out/bench/${f.replace(/\.ts$/, '.js')}`;
    await esbuild.build({
      entryPoints: [`bench/${f}`],
      outfile: entry,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
  }
  if (run([entry]) !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
