// `npm run mutation` (outside `npm test`: slow): Stryker mutates src/ci, the engine, and runs the unit tests of
// test/unit/ci against each mutant. Stryker copies the project into .stryker-tmp/, instruments the sources there, and
// runs `buildCommand` once: the sources and tests are transpiled file by file into out/mutation/js/ (see
// scripts/transpileTests.mjs), whose test files the tap runner starts one `node` process each (node:test prints TAP).
// One file: `npm run mutation -- --mutate src/ci/rules/refs.ts`. Report: reports/mutation/mutation.html and .json.
// Folder by folder (a whole run takes hours on two cores): MUTATION_REPORT=rules names the reports (and the sandbox,
// so runs never share one) reports/mutation/rules.{html,json}; `node scripts/mutationSummary.mjs` sums the JSON
// reports into a table per folder. docs/mutation.md has the figures and how to reproduce them.
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** Names this run's reports; only letters, digits, '-' and '_' (it becomes a file name). */
const report = /^[\w-]+$/.test(process.env.MUTATION_REPORT ?? '') ? process.env.MUTATION_REPORT : 'mutation';

/**
 * With ARTIFACT_FLOW_CORPUS set to the corpus's absolute path (the test processes inherit it), the tests of the
 * incremental engine, which compare it with fresh analyses over the corpus, run too: `src/ci/incremental` is
 * measured that way. The other corpus tests are slow smoke tests and stay out.
 */
const corpus = process.env.ARTIFACT_FLOW_CORPUS && isAbsolute(process.env.ARTIFACT_FLOW_CORPUS);

/**
 * MUTATION_TESTS, a regular expression, keeps only the test files whose path matches it. For folders that nearly
 * every analysis test reaches (src/ci/pipeline): with the tap runner a "test" is a whole test file, so each mutant
 * would start dozens of test processes. A narrower set gives a lower score, never a higher one (docs/mutation.md).
 */
const only = process.env.MUTATION_TESTS ? new RegExp(process.env.MUTATION_TESTS) : undefined;

/** The transpiled test/unit/ci tests, without those that read ../shared/corpus (found by what they read). */
function unitCiTests() {
  const dir = 'test/unit/ci';
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)).replace(/\\/g, '/'))
    .filter((f) => f.endsWith('.test.ts'))
    .filter(
      (f) =>
        !/ARTIFACT_FLOW_CORPUS|shared\/corpus/.test(readFileSync(f, 'utf8')) || (corpus && /\/incremental/.test(f)),
    )
    .filter((f) => !only || only.test(f))
    .map((f) => `out/mutation/js/${f.replace(/\.ts$/, '.js')}`)
    .sort();
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['src/ci/**/*.ts'],
  testRunner: 'tap',
  // Not the tests that read the corpus (corpus, verifyCorpus, incremental, …): they analyse large real-world
  // configurations (smoke tests, slow per mutant) and read ../shared/corpus relative to the working directory, which
  // in the sandbox is somewhere else (the incremental ones run when ARTIFACT_FLOW_CORPUS is set, see above).
  tap: { testFiles: unitCiTests() },
  buildCommand: 'node scripts/transpileTests.mjs out/mutation/js',
  coverageAnalysis: 'perTest',
  // The machine is shared: one test process at a time.
  concurrency: 1,
  timeoutMS: 20000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${report}.html` },
  jsonReporter: { fileName: `reports/mutation/${report}.json` },
  // What the sandbox does not need (the code-server cache alone is hundreds of MB).
  ignorePatterns: [
    '.cache',
    'dist',
    'dist-vsix',
    'out',
    'test-output',
    'reports',
    'bench',
    'test/e2e',
    'test/webview',
    'test/exthost',
    'test/desktop',
  ],
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: report === 'mutation' ? '.stryker-tmp' : `.stryker-tmp/${report}`,
};
