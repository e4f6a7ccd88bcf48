// Hostile input: small files that expand into huge work. Each class ends with a located diagnostic and a
// bounded model (counted in jobs, links, conflicts and diagnostics), never a crash or an out-of-memory.
// Bounds are checked by sizes and counts only, never by time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import type { Diagnostic, FlowModel } from '../../../src/ci/model';
import { nodeFileReader } from '../../../src/cli/nodeFileReader';
import { matchLocalWildcard } from '../../../src/ci/include/wildcard';
import { MAX_JOBS } from '../../../src/ci/jobs/buildJobs';
import { MAX_SOURCE_LINKS } from '../../../src/ci/pipeline/evaluatePipeline';
import { MAX_OVERLAP_CHECKS } from '../../../src/ci/pipeline/conflicts';
import { braceExpansionSize } from '../../../src/ci/rules/fnmatch';
import { job, run } from './helpers';

function only(m: FlowModel, code: string): Diagnostic {
  const found = m.diagnostics.filter((d) => d.code === code);
  assert.equal(
    found.length,
    1,
    `one ${code} (have: ${m.diagnostics.map((d) => `${d.code}: ${d.message}`).join(' | ')})`,
  );
  return found[0]!;
}

const links = (m: FlowModel): number => m.jobs.reduce((n, j) => n + j.sources.length, 0);
const lines = (...xs: string[]): string => `${xs.join('\n')}\n`;

void test("parallel:matrix: 8 variables × 10 values is refused with GitLab's message before any instance is built", async () => {
  const vars = Array.from(
    { length: 8 },
    (_, i) => `        V${i}: [${Array.from({ length: 10 }, (_, k) => `v${k}`).join(', ')}]`,
  );
  const m = await run(
    lines('build:', '  script: x', '  parallel:', '    matrix:', '      -', ...vars, 'other:', '  script: y'),
  );
  const d = only(m, 'parallel-matrix');
  assert.equal(d.severity, 'error');
  assert.equal(d.message, 'jobs:build:parallel:matrix config generates too many jobs (maximum is 200)');
  assert.deepEqual([d.line, d.column], [5, 7]);
  // The rest of the model: the job stays one (unexpanded) job, the other job is untouched.
  assert.deepEqual(
    m.jobs.map((j) => j.name),
    ['build', 'other'],
  );
});

void test('parallel:matrix: 200 is allowed, 201 over two elements is not (sum of products, as GitLab counts)', async () => {
  const ok = await run(
    lines(
      'a:',
      '  script: x',
      '  parallel:',
      '    matrix:',
      `      - {X: [${Array.from({ length: 20 }, (_, i) => i).join(',')}], Y: [${Array.from({ length: 10 }, (_, i) => i).join(',')}]}`,
    ),
  );
  assert.equal(ok.jobs.length, 200);
  const over = await run(
    lines(
      'a:',
      '  script: x',
      '  parallel:',
      '    matrix:',
      `      - {X: [${Array.from({ length: 20 }, (_, i) => i).join(',')}], Y: [${Array.from({ length: 10 }, (_, i) => i).join(',')}]}`,
      '      - {Z: only}',
    ),
  );
  assert.equal(
    only(over, 'parallel-matrix').message,
    'jobs:a:parallel:matrix config generates too many jobs (maximum is 200)',
  );
  assert.equal(over.jobs.length, 1);
});

void test('needs:parallel:matrix: the same bound, with the location GitLab gives a need', async () => {
  const vars = Array.from(
    { length: 8 },
    (_, i) => `            V${i}: [${Array.from({ length: 10 }, (_, k) => `v${k}`).join(', ')}]`,
  );
  const m = await run(
    lines(
      'stages: [build, test]',
      'b:',
      '  stage: build',
      '  script: x',
      'c:',
      '  stage: test',
      '  script: y',
      '  needs:',
      '    - job: b',
      '      parallel:',
      '        matrix:',
      '          -',
      ...vars,
    ),
  );
  const d = only(m, 'parallel-matrix');
  assert.equal(d.message, 'jobs:c:needs:need:parallel:matrix config generates too many jobs (maximum is 200)');
  assert.equal(d.line, 12);
  assert.equal(d.job, 'c');
  assert.equal(m.jobs.length, 2);
});

void test("spec:inputs: more than 10,000 distinct interpolation blocks fail the file with GitLab's message", async () => {
  const blocks = Array.from({ length: 10_001 }, (_, i) => `  - "$[[ inputs.v | truncate(0,${i}) ]]"`);
  const m = await run({
    '.gitlab-ci.yml': lines('include:', '  - local: big.yml', 'keep:', '  script: x'),
    'big.yml': lines('spec:', '  inputs:', '    v:', '      default: abc', '---', 'j:', '  script:', ...blocks),
  });
  const d = only(m, 'include-inputs-limit');
  assert.equal(d.message, 'too many interpolation blocks');
  assert.equal(d.file, 'big.yml');
  assert.ok(m.diagnostics.length < 10);
});

void test('spec:inputs: text that would expand past 16 MiB is sized first and the file analysed as written', async () => {
  const uses = Array.from({ length: 200 }, (_, i) => `    - "${i} $[[ inputs.v ]]"`);
  const m = await run({
    '.gitlab-ci.yml': lines('include:', '  - local: big.yml', 'keep:', '  script: x'),
    'big.yml': lines(
      'spec:',
      '  inputs:',
      '    v:',
      `      default: "${'x'.repeat(100_000)}"`,
      '---',
      'j:',
      '  script:',
      ...uses,
    ),
  });
  const d = only(m, 'include-inputs-size');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /more than 16 MiB of text; .*\(a limit of this tool, not of GitLab\)/);
  assert.deepEqual(m.jobs.map((j) => j.name).sort(), ['j', 'keep']);
});

// GitLab checks the loaded document's size (Gitlab::Utils::DeepSize, 1 MB) before it interpolates inputs
// (Config::Yaml::Loader: MultiDocYaml#load!, then the Interpolator): this tree, 31 MB for DeepSize, never reaches
// "config too large" (includeInputsMutants.test.ts tests that bound itself).
void test('spec:inputs: an alias-multiplied tree past 500,000 nodes is too big before it is interpolated', async () => {
  const m = await run(
    lines(
      'spec:',
      '  inputs:',
      '    v:',
      '      default: a',
      '---',
      `.a: &a [${Array.from({ length: 1000 }, () => 'x').join(',')}]`,
      `.b: [${Array.from({ length: 600 }, () => '*a').join(',')}]`,
      'j:',
      '  script: "$[[ inputs.v ]]"',
    ),
  );
  assert.equal(only(m, 'yaml-too-big').message, 'The parsed YAML is too big');
});

void test('rules:exists/changes: {a,b} twenty times is not expanded; the clause is unknown and the pattern located', async () => {
  const glob = '{a,b}'.repeat(20);
  assert.equal(braceExpansionSize(glob), 1025);
  const m = await run(
    lines(
      'j:',
      '  script: x',
      '  rules:',
      `    - exists: ["${glob}"]`,
      `    - changes: ["${glob}/*.c"]`,
      '      when: manual',
    ),
  );
  const warnings = m.diagnostics.filter((d) => d.code === 'rules-glob-too-large');
  assert.equal(warnings.length, 2);
  assert.equal(warnings[0]!.line, 4);
  assert.match(warnings[0]!.message, /more than 1024 patterns; the clause is treated as unknown/);
  // Unknown, never a false exclusion: the job is included on an assumption.
  assert.equal(job(m, 'j').inPipeline, true);
  assert.ok(!m.diagnostics.some((d) => d.severity === 'error'));
});

void test('include:local wildcards: many ** groups are matched without backtracking', async () => {
  const deep = `a/${'b/'.repeat(60)}${'c'.repeat(200)}.yaml`;
  const pattern = `a/${'**/'.repeat(40)}x.yml`;
  assert.deepEqual(matchLocalWildcard(pattern, [deep, 'a/x.yml']), []);
  assert.deepEqual(matchLocalWildcard(`a/${'**'.repeat(40)}x.yml`, [deep, 'a/b/x.yml']), ['a/b/x.yml']);
  const m = await run({
    '.gitlab-ci.yml': lines('include:', `  - local: "${pattern}"`, 'j:', '  script: x'),
    [deep]: 'k: {script: x}\n',
  });
  assert.equal(only(m, 'include-wildcard-empty').line, 2);
  assert.equal(m.jobs.length, 1);
});

void test("include count and depth: a 200-file chain stops at GitLab's 150 with its message", async () => {
  const files: Record<string, string> = { '.gitlab-ci.yml': lines('include: c0.yml', 'j:', '  script: x') };
  for (let i = 0; i < 200; i++) files[`c${i}.yml`] = lines(`include: c${i + 1}.yml`, `j${i}:`, '  script: x');
  const m = await run(files);
  const d = only(m, 'include-limit');
  assert.equal(d.message, 'Maximum of 150 nested includes are allowed!');
  assert.equal(d.file, 'c149.yml');
  const many = await run(
    lines(
      'include:',
      ...Array.from({ length: 151 }, (_, i) => `  - remote: https://example.com/${i}.yml`),
      'j:',
      '  script: x',
    ),
  );
  assert.equal(only(many, 'include-limit').message, 'Maximum of 150 nested includes are allowed!');
});

void test('many globs: 2,000 artifact globs with distinct literal prefixes are never compared pairwise', async () => {
  const producers = Array.from(
    { length: 2000 },
    (_, i) => `p${i}: {stage: build, script: x, artifacts: {paths: ["out/job-${i}-*/*.bin"]}}`,
  );
  const m = await run(lines('stages: [build, test]', ...producers, 'c: {stage: test, script: x}'));
  assert.equal(job(m, 'c').sources.length, 2000);
  assert.deepEqual(job(m, 'c').conflicts, []);
  assert.ok(!m.diagnostics.some((d) => d.code === 'conflicts-partial'));
});

void test('many globs: 2,000 globs in one folder stop at the checked-pairs cap and say so', async () => {
  const producers = Array.from(
    { length: 2000 },
    (_, i) => `p${i}: {stage: build, script: x, artifacts: {paths: ["out/*-${i}.bin"]}}`,
  );
  const m = await run(lines('stages: [build, test]', ...producers, 'c: {stage: test, script: x}'));
  const d = only(m, 'conflicts-partial');
  assert.equal(d.severity, 'info');
  assert.equal(d.job, 'c');
  const entries = job(m, 'c').conflicts.reduce((n, c) => n + c.jobs.length, 0);
  assert.ok(entries <= 2 * MAX_OVERLAP_CHECKS + 2000, `${entries} conflict entries`);
});

void test('many producers × consumers: source links are capped with a warning, not millions of edges', async () => {
  const build = Array.from(
    { length: 1200 },
    (_, i) => `b${i}: {stage: build, script: x, artifacts: {paths: [b${i}.txt]}}`,
  );
  // Every test job receives every build job: 1,440,000 links from 170 KB of YAML, in four files (in one file
  // GitLab refuses it: DeepSize counts 1.9 MB of Ruby objects; each file here is well within its 1 MB).
  const tests = Array.from({ length: 1200 }, (_, i) => `t${i}: {stage: test, script: x}`);
  const deploy = Array.from({ length: 1200 }, (_, i) => `d${i}: {stage: deploy, script: x, needs: [b${i}]}`);
  const m = await run({
    '.gitlab-ci.yml': lines('stages: [build, test, deploy]', 'include: [b1.yml, b2.yml, t.yml]', ...deploy),
    'b1.yml': lines(...build.slice(0, 600)),
    'b2.yml': lines(...build.slice(600)),
    't.yml': lines(...tests),
  });
  const d = only(m, 'too-many-sources');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /more than 500,000 source links \(a limit of this tool, not of GitLab/);
  assert.ok(links(m) <= MAX_SOURCE_LINKS);
  assert.equal(m.jobs.length, 3600);
  assert.ok(m.diagnostics.length < 20);
});

void test('huge job counts: 60 × parallel: 200 stops at 10,000 instances; later names are not false errors', async () => {
  const jobs = Array.from({ length: 60 }, (_, i) => `j${i}: {script: x, parallel: 200}`);
  const m = await run(lines(...jobs, 'last: {stage: deploy, script: x, needs: [j59]}'));
  const d = only(m, 'too-many-jobs');
  assert.equal(d.severity, 'warning');
  assert.equal(d.job, 'j50');
  assert.equal(d.line, 51);
  assert.equal(m.jobs.length, MAX_JOBS);
  assert.ok(
    !m.diagnostics.some((x) => x.severity === 'error'),
    m.diagnostics
      .filter((x) => x.severity === 'error')
      .map((x) => x.message)
      .join(' | '),
  );
});

void test('YAML alias bomb and deep nesting: GitLab\'s "The parsed YAML is too big", located', async () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) {
    bomb.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array.from({ length: 10 }, () => `*${String.fromCharCode(96 + i)}`).join(',')}]`,
    );
  }
  const m = await run(lines(...bomb, 'j: {script: x}'));
  const d = only(m, 'yaml-too-big');
  assert.equal(d.message, 'The parsed YAML is too big');
  assert.ok(d.line > 1);
  const deep = await run(`j: {script: x, variables: {A: ${'['.repeat(5000)}${']'.repeat(5000)}}}\n`);
  assert.equal(only(deep, 'yaml-too-big').message, 'The parsed YAML is too big');
  const nested = await run(`${Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} x\n`);
  assert.equal(only(nested, 'yaml-too-big').message, 'The parsed YAML is too big');
});

function project(): string {
  const base = mkdtempSync(join(tmpdir(), 'af-hostile-'));
  const dir = join(base, 'project');
  mkdirSync(dir);
  writeFileSync(join(base, 'outside.yml'), 'stolen: {script: x}\n');
  return dir;
}

const cli = (dir: string, root = '.gitlab-ci.yml'): Promise<FlowModel> =>
  analyze({ root, reader: nodeFileReader(dir), context: defaultContext() });

void test('paths outside the project: .. and symlinks (file or folder) leading out are refused where included', async () => {
  const dir = project();
  mkdirSync(join(dir, 'ci'));
  symlinkSync(join(dir, '..', 'outside.yml'), join(dir, 'ci', 'link.yml'));
  symlinkSync(join(dir, '..'), join(dir, 'up'));
  writeFileSync(
    join(dir, '.gitlab-ci.yml'),
    lines(
      'include:',
      '  - local: ../outside.yml',
      '  - local: ci/link.yml',
      '  - local: up/outside.yml',
      'j: {script: x}',
    ),
  );
  const m = await cli(dir);
  const refused = m.diagnostics.filter((d) => d.code === 'file-refused');
  assert.deepEqual(
    refused.map((d) => [d.line, d.message]),
    [
      [2, 'Local file `../outside.yml` is not read: the path leaves the project folder'],
      [3, 'Local file `ci/link.yml` is not read: it is a symbolic link to a file outside the project folder'],
      [4, 'Local file `up/outside.yml` is not read: it is a symbolic link to a file outside the project folder'],
    ],
  );
  assert.deepEqual(
    m.jobs.map((j) => j.name),
    ['j'],
  );
  // The listing never enters the symlinked folder.
  const files = await nodeFileReader(dir).list();
  assert.ok(!files.some((f) => f.startsWith('up/')), files.join(', '));
});

void test('FIFOs, /dev/zero and oversized files are refused without being opened for a blocking read', async () => {
  const dir = project();
  execFileSync('mkfifo', [join(dir, 'pipe.yml')]);
  symlinkSync('/dev/zero', join(dir, 'zero.yml'));
  writeFileSync(join(dir, 'big.yml'), `a: "${'x'.repeat(1024 * 1024)}"\n`);
  writeFileSync(
    join(dir, '.gitlab-ci.yml'),
    lines('include:', '  - local: pipe.yml', '  - local: zero.yml', '  - local: big.yml', 'j: {script: x}'),
  );
  const m = await cli(dir);
  assert.deepEqual(
    m.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.line, d.message]),
    [
      [2, 'Local file `pipe.yml` is not read: it is not a regular file (a FIFO, socket or device)'],
      [3, 'Local file `zero.yml` is not read: it is a symbolic link to a file outside the project folder'],
      [4, 'The parsed YAML is too big'],
    ],
  );
  const fifoRoot = await cli(dir, 'pipe.yml');
  assert.equal(only(fifoRoot, 'file-refused').line, 1);
});
