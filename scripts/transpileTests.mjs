// Transpiles the sources and the unit tests file by file (esbuild, no bundling, inline source maps) into one folder,
// keeping the tree: out/<x>/js/src/ci/analyze.js, out/<x>/js/test/unit/ci/…test.js. Each source file is then one
// module at run time, which is what coverage (scripts/coverage.mjs) and mutation testing (stryker.config.mjs, whose
// buildCommand runs this in Stryker's sandbox on the mutated sources) need.
// Usage: node scripts/transpileTests.mjs <outDir>
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { findTests } from './buildTests.mjs';

/** Transpiles into `outDir` (emptied first), relative to the current directory. */
export async function transpileTests(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  const sources = ['src', 'webview', 'test/unit', 'test/support', 'test/fixtures']
    .flatMap((d) => findTests(d, '.ts'))
    .filter((f) => !f.endsWith('.d.ts'));
  await esbuild.build({
    entryPoints: sources,
    outdir: outDir,
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // import() of an extension-less path would go through the ESM resolver: make it a require(), as in the bundles.
    sourcemap: 'inline',
    supported: { 'dynamic-import': false },
    logLevel: 'warning',
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node scripts/transpileTests.mjs <outDir>');
    process.exit(2);
  }
  await transpileTests(outDir);
}
