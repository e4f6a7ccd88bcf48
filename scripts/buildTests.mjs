// Bundles TypeScript test files with esbuild (one output per test file, npm packages left external)
// so node's own test runner can run them in plain Node without a TypeScript loader.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

export function findTests(dir, suffix = '.test.ts') {
  const out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p, suffix));
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

/** Builds every `*.test.ts` under `dir` into `out/<dir>/…/*.test.js`; returns the output files. */
export async function buildTests(dir, { external = [] } = {}) {
  const entries = findTests(dir);
  rmSync(join('out', dir), { recursive: true, force: true });
  if (entries.length === 0) return [];
  await esbuild.build({
    entryPoints: entries,
    outdir: join('out', dir),
    outbase: dir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    packages: 'external',
    external: ['vscode', ...external],
    logLevel: 'warning',
  });
  return entries.map((e) => join('out', dir, relative(dir, e)).replace(/\.ts$/, '.js'));
}

/**
 * Bundles the extension-host suite: `test/exthost/runner.ts` (exports `run()`) plus every `test/exthost/**\/*.test.ts`
 * into `out/test/exthost/suite.js` (cjs, `vscode` external, everything else bundled). code-server's `payload` and
 * @vscode/test-electron both load that file in the extension host and call its `run()`.
 */
export async function buildExthostSuite() {
  const dir = 'test/exthost';
  const tests = findTests(dir);
  if (tests.length === 0) throw new Error(`no ${dir}/**/*.test.ts`);
  const contents = [
    ...tests.map((t) => `import './${relative(dir, t).replace(/\\/g, '/')}';`),
    "export { run } from './runner';",
  ].join('\n');
  const outfile = join('out', dir, 'suite.js');
  await esbuild.build({
    stdin: { contents, resolveDir: dir, sourcefile: 'suite.ts', loader: 'ts' },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}
