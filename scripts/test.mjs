// `npm test`: set-up, build, lint, type checks, then the test tiers. Pass a tier name to run only that tier.
import { spawnSync } from 'node:child_process';
import { buildTests } from './buildTests.mjs';

const only = process.argv[2];
function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (!only || only === 'unit') {
  const files = await buildTests('test/unit');
  run(process.execPath, ['--test', '--test-reporter=spec', ...files]);
}
