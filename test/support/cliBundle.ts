// The CLI bundle as esbuild.mjs builds dist/cli.js, built to a private path so parallel test runs don't clash.
import { join } from 'node:path';
import * as esbuild from 'esbuild';

/** Builds src/cli/main.ts into `dir`/cli.js and returns that path. */
export async function buildCliBundle(dir: string): Promise<string> {
  const cli = join(dir, 'cli.js');
  await esbuild.build({
    entryPoints: ['src/cli/main.ts'],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    logLevel: 'silent',
  });
  return cli;
}
