// The "downloads archives it never uses" hint (src/ci/pipeline/unusedArchives.ts): given only for a
// stage-scheduled job whose whole configuration is visible and names none of the received paths, as `info`,
// saying it is a guess; never when a path, a variable holding one or a wildcard piece of it appears, nor when the
// job chose its sources, receives dotenv variables or an untracked archive, or a script is an unresolved !reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowModel } from '../../../src/ci/model';
import { run } from './helpers';

const hints = (m: FlowModel): string[] =>
  m.diagnostics.filter((d) => d.code === 'unused-archives').map((d) => `${d.job}@${d.line}:${d.severity}`);

const build =
  'stages: [build, test]\nbuild:\n  stage: build\n  script: [make]\n  artifacts:\n    paths: [out/bin/, dist/*.tar.gz]\n';

void test('a stage-scheduled job that names none of the received paths gets an info hint that says it is a guess', async () => {
  const m = await run(`${build}lint:\n  stage: test\n  script: [npm run lint]\n`);
  assert.deepEqual(hints(m), ['lint@7:info']);
  const d = m.diagnostics.find((x) => x.code === 'unused-archives');
  assert.match(d?.message ?? '', /downloads the archives of 1 job of earlier stages \(build\)/);
  assert.match(d?.message ?? '', /out\/bin\/, dist\/\*\.tar\.gz/);
  assert.match(d?.message ?? '', /`dependencies: \[\]`/);
  assert.match(d?.message ?? '', /a guess/);
});

void test('no hint when the job names a received path, a piece of a wildcard path, or a variable that holds one', async () => {
  for (const script of ['ls out', 'cp x.tar.gz /tmp', 'tar xf dist/a.tar.gz', 'ls $WHERE']) {
    const m = await run(`${build}variables:\n  WHERE: out/bin\nt:\n  stage: test\n  script: ['${script}']\n`);
    assert.deepEqual(hints(m), [], script);
  }
});

void test('no hint when the job chose its sources, or would lose dotenv variables, or receives an untracked archive', async () => {
  const cases = [
    `${build}t:\n  stage: test\n  dependencies: [build]\n  script: [x]\n`,
    `${build}t:\n  stage: test\n  dependencies: []\n  script: [x]\n`,
    `${build}t:\n  stage: test\n  needs: [build]\n  script: [x]\n`,
    'stages: [build, test]\nb:\n  stage: build\n  script: [make]\n  artifacts:\n    paths: [out/]\n    reports: { dotenv: v.env }\nt:\n  stage: test\n  script: [x]\n',
    'stages: [build, test]\nb:\n  stage: build\n  script: [make]\n  artifacts:\n    untracked: true\nt:\n  stage: test\n  script: [x]\n',
    'stages: [build, test]\nb:\n  stage: build\n  script: [make]\n  artifacts:\n    paths: ["**"]\nt:\n  stage: test\n  script: [x]\n',
  ];
  for (const yaml of cases) assert.deepEqual(hints(await run(yaml)), [], yaml);
});

void test('no hint when a script is an unresolved !reference or an include is not resolved', async () => {
  const ref = await run(`${build}t:\n  stage: test\n  script: [!reference [.missing, script]]\n`);
  assert.deepEqual(hints(ref), []);
  const include = await run(`include: { project: g/p, file: /x.yml }\n${build}t:\n  stage: test\n  script: [x]\n`);
  assert.deepEqual(hints(include), []);
});

void test('one hint for a parallel job, on its key', async () => {
  const m = await run(`${build}t:\n  stage: test\n  parallel: 3\n  script: [x]\n`);
  assert.deepEqual(hints(m), ['t 1/3@7:info']);
});

void test('at most ten hints, the rest counted in one more; the work is bounded on a hostile pipeline', async () => {
  const tests = Array.from({ length: 25 }, (_, i) => `t${i}:\n  stage: test\n  script: [x]\n`).join('');
  const m = await run(`${build}${tests}`);
  assert.equal(hints(m).length, 10);
  const more = m.diagnostics.filter((d) => d.code === 'unused-archives-more');
  assert.equal(more.length, 1);
  assert.match(more[0]?.message ?? '', /^15 more jobs also download archives/);
  assert.equal(more[0]?.severity, 'info');

  // 400 producers × 600 consumers: the lookups stop at their bound and say so.
  const producers = Array.from(
    { length: 400 },
    (_, i) => `b${i}: {stage: build, script: x, artifacts: {paths: [p${i}/]}}`,
  );
  const consumers = Array.from({ length: 600 }, (_, i) => `c${i}: {stage: test, script: x}`);
  const big = await run(['stages: [build, test]', ...producers, ...consumers].join('\n'));
  const notes = big.diagnostics.filter((d) => d.code.startsWith('unused-archives'));
  assert.ok(notes.length <= 12, `${notes.length} notes`);
  assert.ok(notes.some((d) => /the check stops after 200,000 path lookups/.test(d.message)));
});
