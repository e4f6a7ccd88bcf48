// Every cache kept between analyses is exact: over a seeded sequence of random edits of four real configurations
// (../shared/corpus: gitlab-runner, omnibus-gitlab, mesa, srsRAN), in two pipeline contexts in turn, the analysis
// with the caches (parse cache with its spliced re-parses, job inclusion cache, check memo, the weak memos of
// `extends` and `!reference`, editor file indexes) gives byte for byte the model and editor index of a fresh
// analysis without any. The spliced parse alone is compared with full parses in incrementalParse.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import { JobInclusionCache } from '../../../src/ci/incremental/jobInclusionCache';
import { CheckMemo } from '../../../src/ci/incremental/checkMemo';
import { NodeIds } from '../../../src/ci/incremental/nodeIds';
import { plainKey } from '../../../src/ci/incremental/plainKey';
import { toPlain, type Scalar, type YNode } from '../../../src/ci/yaml/node';
import type { PipelineContext } from '../../../src/ci/model';
import { createParseCache } from '../../../src/ci/yaml/parseCache';
import { buildEditorIndex, FileIndexCache, recordingCache } from '../../../src/editor/buildIndex';
import { encodeModel } from '../../../src/protocol';
import { memoryReader } from './helpers';

const CORPUS = resolve(process.env.ARTIFACT_FLOW_CORPUS ?? '../shared/corpus');
const EDITS = 24;

function folder(name: string): Record<string, string> {
  const base = join(CORPUS, name);
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(base, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(base);
  return out;
}

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words a keystroke might leave in a line: rule values, `when`s, variables, job names, YAML punctuation. */
const WORDS = ['manual', 'never', 'always', 'on_success', 'main', '$CI_COMMIT_BRANCH', '"push"', 'x', '', ':', '- '];

/** One edit of one line of a YAML file: typed, deleted, duplicated, a word replaced, or a comment line added. */
function edit(text: string, next: () => number): string {
  const lines = text.split('\n');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const i = Math.floor(next() * lines.length);
  const line = lines[i] ?? '';
  switch (pick(['comment', 'delete', 'duplicate', 'word', 'append'] as const)) {
    case 'comment':
      lines.splice(i, 0, '# typed');
      break;
    case 'delete':
      lines.splice(i, 1);
      break;
    case 'duplicate':
      lines.splice(i, 0, line);
      break;
    case 'word': {
      const words = [...line.matchAll(/[\w$.-]+/g)];
      const w = words.length > 0 ? pick(words) : undefined;
      lines[i] = w ? line.slice(0, w.index) + pick(WORDS) + line.slice(w.index + w[0].length) : line;
      break;
    }
    case 'append':
      lines[i] = `${line}${pick(WORDS)}`;
      break;
  }
  return lines.join('\n');
}

const MR: Partial<PipelineContext> = { source: 'merge_request_event', refKind: 'mr', branch: 'feat', mrIid: '7' };

async function snapshot(
  files: Record<string, string>,
  context: PipelineContext,
  caches?: {
    parse: ReturnType<typeof createParseCache>;
    jobs: JobInclusionCache;
    checks: CheckMemo;
    index: FileIndexCache;
  },
): Promise<{ model: string; index: string }> {
  const recorded = recordingCache(caches?.parse ?? createParseCache());
  const model = await analyze({
    root: '.gitlab-ci.yml',
    reader: memoryReader(files),
    context,
    cache: recorded.cache,
    ...(caches ? { jobInclusions: caches.jobs, checks: caches.checks } : {}),
  });
  const index = buildEditorIndex(recorded.files, caches?.index ?? new FileIndexCache());
  return { model: new TextDecoder().decode(encodeModel(model)), index: JSON.stringify(index) };
}

for (const [name, seed] of [
  ['gitlabhq__gitlab-runner', 13],
  ['gitlabhq__omnibus-gitlab', 31],
  ['mesa3d__mesa', 47],
  ['srsran__srsRAN_Project', 53],
] as const) {
  void test(`incremental analysis equals a fresh one over ${EDITS} random edits of ${name}`, async (t) => {
    if (!existsSync(join(CORPUS, name))) {
      assert.fail(`the corpus is missing at ${CORPUS} (set ARTIFACT_FLOW_CORPUS)`);
    }
    const files = folder(name);
    const original = { ...files };
    const next = random(seed);
    const caches = {
      parse: createParseCache(),
      jobs: new JobInclusionCache(),
      checks: new CheckMemo(),
      index: new FileIndexCache(),
    };
    const yamlFiles = Object.keys(files).filter((f) => /\.ya?ml$/.test(f));
    for (let i = 0; i < EDITS; i++) {
      // Edits accumulate; every eighth step starts again from the original so later edits meet valid YAML too.
      if (i % 8 === 0) Object.assign(files, original);
      const file = yamlFiles[Math.floor(next() * yamlFiles.length)] ?? '.gitlab-ci.yml';
      files[file] = edit(files[file] ?? '', next);
      const context = { ...defaultContext(), ...(i % 3 === 2 ? MR : {}) };
      const incremental = await snapshot(files, context, caches);
      const fresh = await snapshot(files, context);
      assert.equal(incremental.model, fresh.model, `model after edit ${i} (${file})`);
      assert.equal(incremental.index, fresh.index, `editor index after edit ${i} (${file})`);
    }
    t.diagnostic(`job inclusions: ${caches.jobs.hits} reused, ${caches.jobs.misses} decided`);
    t.diagnostic(`job checks: ${caches.checks.hits} skipped, ${caches.checks.misses} run`);
    assert.ok(caches.jobs.hits > caches.jobs.misses, 'most jobs are unchanged by one edit: their inclusion is reused');
    assert.ok(
      caches.checks.hits > caches.checks.misses,
      'most jobs are unchanged by one edit: their checks are skipped',
    );
  });
}

void test('plainKey keeps apart what JSON would merge', () => {
  const distinct = [
    null,
    undefined,
    NaN,
    Infinity,
    -Infinity,
    0,
    -0,
    '0',
    'null',
    'NaN',
    false,
    'false',
    [],
    {},
    ['u'],
  ];
  const keys = distinct.map((v) => plainKey(v));
  assert.equal(new Set(keys).size, distinct.length, keys.join(' | '));
  assert.equal(plainKey({ a: [1, 'x'] }), plainKey({ a: [1, 'x'] }));
  assert.notEqual(plainKey([undefined]), plainKey([null]));
  assert.notEqual(plainKey({ 'a,b': 1 }), plainKey({ a: 1, b: 1 }));
  assert.notEqual(plainKey(['a', 'b']), plainKey(['a,b']));
  // What toPlain makes of a YAML key `__proto__` (an inherited property a reader may see) has no key: not cached.
  const inherited = Object.create({ if: '$A' }) as object;
  assert.equal(plainKey(inherited), undefined);
  assert.equal(plainKey({ rules: [inherited] }), undefined);
});

void test('a job whose rules have a __proto__ key is decided afresh every time, never from the cache', async () => {
  const yaml =
    "a:\n  script: [x]\n  rules:\n    - __proto__: { if: '$V' }\n      when: manual\nb:\n  script: [x]\n  rules: [{ if: '$V' }]\n";
  const jobs = new JobInclusionCache();
  for (const v of ['1', '1', '']) {
    const context = { ...defaultContext(), variables: { V: v } };
    const files = { '.gitlab-ci.yml': yaml };
    const cached = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context, jobInclusions: jobs });
    const fresh = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context });
    assert.deepEqual(cached, fresh);
  }
  assert.equal(jobs.hits, 1, 'only b, the second time in the same context');
});

void test('the job inclusion cache stays within its bound', async () => {
  const files = {
    '.gitlab-ci.yml': Array.from(
      { length: 30 },
      (_, i) => `j${i}:\n  script: [x]\n  rules: [{ if: '$V == "${i}"' }]\n`,
    ).join(''),
  };
  const jobs = new JobInclusionCache(10);
  for (let round = 0; round < 3; round++) {
    const context = { ...defaultContext(), variables: { V: String(round) } };
    const cached = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context, jobInclusions: jobs });
    const fresh = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context });
    assert.deepEqual(cached, fresh);
    assert.ok(jobs.size <= 10, `size ${jobs.size}`);
  }
});

void test('structural ids: equal ids only for trees toPlain makes equal (random trees), and none for __proto__', () => {
  const next = random(7);
  const range = { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 1 };
  const scalars: Scalar[] = ['1', 1, true, 'true', null, 'null', NaN, '', 0, -0, '0'];
  const tree = (depth: number): YNode => {
    const r = next();
    if (depth > 2 || r < 0.5) {
      return { kind: 'scalar', value: scalars[Math.floor(next() * scalars.length)] ?? null, range };
    }
    if (r < 0.55) return { kind: 'ref', items: null, range };
    if (r < 0.75) {
      return { kind: 'seq', items: [tree(depth + 1), tree(depth + 1)].slice(0, 1 + Math.floor(next() * 2)), range };
    }
    const keys = ['a', 'b', '1'];
    const n = 1 + Math.floor(next() * 3);
    return {
      kind: 'map',
      entries: Array.from({ length: n }, () => ({
        key: keys[Math.floor(next() * 3)] ?? 'a',
        keyRange: range,
        value: tree(depth + 1),
      })),
      range,
    };
  };
  const ids = new NodeIds();
  const trees = Array.from({ length: 400 }, () => tree(0));
  let equalPairs = 0;
  for (const a of trees) {
    for (const b of trees) {
      if (ids.idOf(a) !== ids.idOf(b)) continue;
      equalPairs++;
      assert.deepEqual(toPlain(a), toPlain(b));
      assert.equal(plainKey(toPlain(a)), plainKey(toPlain(b)));
    }
  }
  assert.ok(equalPairs > trees.length, 'some different objects share an id');
  // A copy made anew (as merging does) has the id of the original.
  const original = trees.find((t) => t.kind === 'map')!;
  assert.equal(ids.idOf(JSON.parse(JSON.stringify(original)) as YNode), ids.idOf(original));
  const proto: YNode = { kind: 'map', entries: [{ key: '__proto__', keyRange: range, value: original }], range };
  assert.equal(ids.idOf(proto), undefined);
  assert.equal(ids.idOf({ kind: 'seq', items: [proto], range }), undefined);
});

void test('checks that found something run again at every analysis, at the positions of that analysis', async () => {
  const jobs =
    "ok:\n  script: [x]\n  rules: [{ if: '$A' }]\nbad:\n  script: [x]\n  when: sometimes\n  rules: [{ if: '$A ==' }]\n";
  const checks = new CheckMemo();
  for (const prefix of ['', '# one line\n', '# two\n# lines\n']) {
    const files = { '.gitlab-ci.yml': prefix + jobs };
    const context = defaultContext();
    const cached = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context, checks });
    const fresh = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context });
    assert.deepEqual(cached, fresh);
    assert.ok(
      fresh.diagnostics.some((d) => d.code === 'rules-if-syntax' && d.line === 7 + prefix.split('\n').length - 1),
    );
  }
  // `ok` is skipped by all three checks after the first analysis; `bad` by the reference checks only (its rules
  // and keys have findings, so they are checked every time).
  assert.equal(checks.hits, 8);
  assert.equal(checks.misses, 10);
});

void test('the check memo stays within its bound', async () => {
  const checks = new CheckMemo(10);
  for (let round = 0; round < 3; round++) {
    const files = {
      '.gitlab-ci.yml': Array.from(
        { length: 30 },
        (_, i) => `j${i}:\n  script: [x]\n  when: ${round === 1 ? 'manual' : 'always'}\n`,
      ).join(''),
    };
    const context = defaultContext();
    const cached = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context, checks });
    const fresh = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context });
    assert.deepEqual(cached, fresh);
    assert.ok(checks.size <= 10, `size ${checks.size}`);
  }
});

void test("structural ids keep apart what scalarString or a key's type tells apart", () => {
  const range = { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 1 };
  const ids = new NodeIds();
  const variants: YNode[] = [
    { kind: 'scalar', value: 1, range },
    { kind: 'scalar', value: 1, float: true, range },
    { kind: 'scalar', value: 9007199254740992, range },
    { kind: 'scalar', value: 9007199254740992, ruby: '9007199254740993', range },
    { kind: 'scalar', value: 'a', range },
    { kind: 'scalar', value: 'a', symbol: true, range },
    { kind: 'ref', items: null, range },
    { kind: 'ref', items: [{ kind: 'scalar', value: '.a', range }], range },
    { kind: 'ref', items: null, scalar: '.a', range },
    { kind: 'map', entries: [{ key: 'true', keyRange: range, value: { kind: 'scalar', value: 1, range } }], range },
    {
      kind: 'map',
      entries: [{ key: 'true', keyKind: 'bool', keyRange: range, value: { kind: 'scalar', value: 1, range } }],
      range,
    },
  ];
  assert.equal(new Set(variants.map((v) => ids.idOf(v))).size, variants.length);
});

void test('reference checks: a parallel job needs a job that one edit defines and the next removes again', async () => {
  const base = 'p:\n  parallel: 2\n  script: [x]\n  needs: [nope]\nq:\n  script: [x]\n  needs: [p]\n';
  const checks = new CheckMemo();
  for (const yaml of [base, `${base}nope:\n  script: [x]\n`, base, `# moved\n${base}`, base]) {
    const files = { '.gitlab-ci.yml': yaml };
    const context = defaultContext();
    const cached = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context, checks });
    const fresh = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context });
    assert.deepEqual(cached, fresh);
  }
  assert.ok(checks.hits > 0);
});

void test("reference checks: a job named like another job's parallel instance is never answered from the memo", async () => {
  const base = "b:\n  parallel: 2\n  script: [x]\n'b 1/2':\n  script: [x]\n  needs: [NEEDS]\n";
  const checks = new CheckMemo();
  for (const needs of ['nope', 'b', 'nope', 'b']) {
    const files = { '.gitlab-ci.yml': base.replace('NEEDS', needs) };
    const context = defaultContext();
    const cached = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context, checks });
    const fresh = await analyze({ root: '.gitlab-ci.yml', reader: memoryReader(files), context });
    assert.deepEqual(cached, fresh);
  }
});
