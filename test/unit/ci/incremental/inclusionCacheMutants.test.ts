// The job inclusion cache (incremental/jobInclusionCache.ts) keys a job's inclusion on everything createRuleScope's
// `job` reads. Each sequence below changes one of those things between analyses of one session, so that a key
// missing it would hand back the earlier answer: every analysis must equal a fresh one (replay.ts), and the
// expected inclusions are GitLab's (spec R8.2–R8.5, R6.3 for the variables rules see).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editor, inPipeline, replay, type Step } from './replay';
import { mrContext } from '../helpers';

const PLAIN = 'b: {script: x}\n';

/** Each sequence with the jobs in the pipeline after each step. */
const SEQUENCES: { what: string; steps: (Step | string)[]; expected: string[][] }[] = [
  {
    what: 'a global variable the rules read (spec R6.3), also in the {value:} form',
    steps: [
      "variables: {V: '1'}\na: {script: x, rules: [{if: '$V == \"1\"'}]}\n" + PLAIN,
      "variables: {V: '2'}\na: {script: x, rules: [{if: '$V == \"1\"'}]}\n" + PLAIN,
      "variables: {V: {value: '1'}}\na: {script: x, rules: [{if: '$V == \"1\"'}]}\n" + PLAIN,
    ],
    expected: [['a:on_success', 'b:on_success'], ['b:on_success'], ['a:on_success', 'b:on_success']],
  },
  {
    what: "the job's own variables",
    steps: [
      "a: {script: x, variables: {V: '1'}, rules: [{if: '$V == \"1\"'}]}\n" + PLAIN,
      "a: {script: x, variables: {V: '2'}, rules: [{if: '$V == \"1\"'}]}\n" + PLAIN,
    ],
    expected: [['a:on_success', 'b:on_success'], ['b:on_success']],
  },
  {
    what: 'inherit:variables (spec R6.3: the job sees no global variable)',
    steps: [
      "variables: {V: '1'}\na: {script: x, rules: [{if: '$V == \"1\"'}]}\n" + PLAIN,
      "variables: {V: '1'}\na: {script: x, inherit: {variables: false}, rules: [{if: '$V == \"1\"'}]}\n" + PLAIN,
    ],
    expected: [['a:on_success', 'b:on_success'], ['b:on_success']],
  },
  {
    what: 'the rules, only and except',
    steps: [
      'a: {script: x, rules: [{if: \'$CI_COMMIT_BRANCH == "main"\'}]}\n' + PLAIN,
      'a: {script: x, rules: [{if: \'$CI_COMMIT_BRANCH == "dev"\'}]}\n' + PLAIN,
      'a: {script: x, only: [main]}\n' + PLAIN,
      'a: {script: x, only: [dev]}\n' + PLAIN,
      'a: {script: x, except: [dev]}\n' + PLAIN,
      'a: {script: x, except: [main]}\n' + PLAIN,
    ],
    expected: [
      ['a:on_success', 'b:on_success'],
      ['b:on_success'],
      ['a:on_success', 'b:on_success'],
      ['b:on_success'],
      ['a:on_success', 'b:on_success'],
      ['b:on_success'],
    ],
  },
  {
    what: "the job's when (spec R8.3: a matched rule's when defaults to the job's)",
    steps: [
      "a: {script: x, rules: [{if: '$CI_COMMIT_BRANCH'}]}\n" + PLAIN,
      "a: {script: x, when: manual, rules: [{if: '$CI_COMMIT_BRANCH'}]}\n" + PLAIN,
      "a: {script: x, when: always, rules: [{if: '$CI_COMMIT_BRANCH'}]}\n" + PLAIN,
    ],
    expected: [
      ['a:on_success', 'b:on_success'],
      ['a:manual', 'b:on_success'],
      ['a:always', 'b:on_success'],
    ],
  },
  {
    // Two matrices whose instances have the same name (`a: [x, y]`): only the values tell them apart.
    what: "a parallel:matrix instance's values",
    steps: [
      'a: {script: x, parallel: {matrix: [{P: x, Q: y}]}, rules: [{if: \'$Q == "y"\'}]}\n' + PLAIN,
      "a: {script: x, parallel: {matrix: [{P: 'x, y'}]}, rules: [{if: '$Q == \"y\"'}]}\n" + PLAIN,
    ],
    expected: [['a: [x, y]:on_success', 'b:on_success'], ['b:on_success']],
  },
  {
    // spec R8.4: without workflow:rules a job with no rules, only or except is not in a merge request pipeline.
    what: 'whether the file has workflow:rules',
    steps: [
      { files: PLAIN, context: mrContext },
      { files: `workflow: {rules: [{when: always}]}\n${PLAIN}`, context: mrContext },
      { files: PLAIN, context: mrContext },
    ],
    expected: [[], ['b:on_success'], []],
  },
  {
    what: 'the variables workflow:rules set (spec R8.2)',
    steps: [
      "workflow: {rules: [{variables: {V: '1'}}]}\na: {script: x, rules: [{if: '$V == \"1\"'}]}\n" + PLAIN,
      "workflow: {rules: [{variables: {V: '2'}}]}\na: {script: x, rules: [{if: '$V == \"1\"'}]}\n" + PLAIN,
    ],
    expected: [['a:on_success', 'b:on_success'], ['b:on_success']],
  },
  {
    what: "the pipeline's context, the project's files and the changed files",
    steps: [
      { files: 'a: {script: x, rules: [{if: \'$V == "1"\'}]}\n' + PLAIN, context: { variables: { V: '1' } } },
      { files: 'a: {script: x, rules: [{if: \'$V == "1"\'}]}\n' + PLAIN, context: { variables: { V: '2' } } },
      { files: { '.gitlab-ci.yml': 'a: {script: x, rules: [{exists: [f.txt]}]}\n' + PLAIN, 'f.txt': '' } },
      { files: { '.gitlab-ci.yml': 'a: {script: x, rules: [{exists: [f.txt]}]}\n' + PLAIN, 'g.txt': '' } },
      { files: 'a: {script: x, rules: [{changes: [src/*]}]}\n' + PLAIN, changedFiles: ['src/a'] },
      { files: 'a: {script: x, rules: [{changes: [src/*]}]}\n' + PLAIN, changedFiles: ['doc/a'] },
    ],
    expected: [
      ['a:on_success', 'b:on_success'],
      ['b:on_success'],
      ['a:on_success', 'b:on_success'],
      ['b:on_success'],
      ['a:on_success', 'b:on_success'],
      ['b:on_success'],
    ],
  },
];

for (const s of SEQUENCES) {
  void test(`job inclusion cache: ${s.what} changes the answer, never the cache's`, async () => {
    const models = await replay(s.steps);
    assert.deepEqual(models.map(inPipeline), s.expected);
  });
}

void test('job inclusion cache: one unchanged file in two contexts in turn, each gets its own answer', async () => {
  // The editor and the graph panel analyse the same definitions in two contexts (the job's latest answer is that of
  // one context: the other must not take it).
  const files = 'a: {script: x, rules: [{if: \'$CI_PIPELINE_SOURCE == "push"\'}]}\n' + PLAIN;
  const run = editor();
  const answers: string[][] = [];
  for (const context of [{}, mrContext, {}, mrContext, {}]) answers.push(inPipeline(await run({ files, context })));
  assert.deepEqual(answers, [
    ['a:on_success', 'b:on_success'],
    [],
    ['a:on_success', 'b:on_success'],
    [],
    ['a:on_success', 'b:on_success'],
  ]);
  assert.ok(run.jobInclusions.hits >= 6, `hits ${run.jobInclusions.hits}`);
});

void test('job inclusion cache: at most four contexts are kept; the oldest goes first', async () => {
  const files = "a: {script: x, rules: [{if: '$V'}]}\n" + PLAIN;
  const run = editor();
  // Five contexts, two jobs each: the first context's two entries go when the fifth comes.
  for (const v of ['1', '2', '3', '4', '5']) await run({ files, context: { variables: { V: v } } });
  assert.equal(run.jobInclusions.size, 8);
  const misses = run.jobInclusions.misses;
  // The second to fifth are still kept (answered without deciding), the first is decided again.
  for (const v of ['2', '3', '4', '5']) await run({ files, context: { variables: { V: v } } });
  assert.equal(run.jobInclusions.misses, misses);
  await run({ files, context: { variables: { V: '1' } } });
  assert.equal(run.jobInclusions.misses, misses + 2);
  assert.equal(run.jobInclusions.size, 8);
  // The least recently used goes: kept now are 3, 4, 5, 1; with 3 used again, 6 pushes out 4, not 3.
  await run({ files, context: { variables: { V: '3' } } });
  await run({ files, context: { variables: { V: '6' } } });
  assert.equal(run.jobInclusions.misses, misses + 4);
  await run({ files, context: { variables: { V: '3' } } });
  assert.equal(run.jobInclusions.misses, misses + 4);
  await run({ files, context: { variables: { V: '4' } } });
  assert.equal(run.jobInclusions.misses, misses + 6);
});

void test('job inclusion cache: past its bound it starts afresh, and still answers as a fresh analysis', async () => {
  const files = Array.from({ length: 6 }, (_, i) => `j${i}: {script: x, rules: [{if: '$V == "${i}"'}]}\n`).join('');
  const run = editor({ maxInclusions: 4 });
  for (const v of ['0', '1', '0', '5']) {
    const m = await run({ files, context: { variables: { V: v } } });
    assert.deepEqual(inPipeline(m), [`j${v}:on_success`]);
    assert.ok(run.jobInclusions.size <= 4, `size ${run.jobInclusions.size}`);
  }
});

void test('job inclusion cache: workflow:rules added after an unchanged job (the same definition) change its answer', async () => {
  // b's definition is kept (the entry after it is the one parsed again), and the workflow variables are the same
  // (none): only the workflow-rules flag tells the answers apart (spec R8.4).
  const run = editor();
  const answers: string[][] = [];
  const two = `${PLAIN}c: {script: x}\n`;
  for (const files of [two, `${two}workflow: {rules: [{when: always}]}\n`, two]) {
    answers.push(inPipeline(await run({ files, context: mrContext })));
  }
  assert.deepEqual(answers, [[], ['b:on_success', 'c:on_success'], []]);
});

void test('job inclusion cache: values with no exact key (a __proto__ key) are never one cached answer', async () => {
  // toPlain makes a `__proto__` key an inherited property (nodeIds.ts gives such a value no id): the global or
  // workflow variables, or a job's rules, holding one are decided afresh, never answered for another value.
  const rules = 'rules: [{if: \'$V == "1"\'}]';
  await replay([
    `variables: {__proto__: p, V: '1'}\na: {script: x, ${rules}}\n${PLAIN}`,
    `variables: {__proto__: p, V: '2'}\na: {script: x, ${rules}}\n${PLAIN}`,
    `workflow: {rules: [{variables: {__proto__: p, V: '1'}}]}\na: {script: x, ${rules}}\n${PLAIN}`,
    `workflow: {rules: [{variables: {__proto__: p, V: '2'}}]}\na: {script: x, ${rules}}\n${PLAIN}`,
  ]);
  // Two jobs of one analysis whose rules have no key, one in and one out; then the first one's rules change.
  const proto = (v: string): string => `rules: [{if: '$CI_COMMIT_BRANCH == "${v}"', variables: {__proto__: p}}]`;
  const models = await replay([
    `a: {script: x, ${proto('main')}}\nc: {script: x, ${proto('dev')}}\n${PLAIN}`,
    `a: {script: x, ${proto('dev')}}\nc: {script: x, ${proto('dev')}}\n${PLAIN}`,
  ]);
  assert.deepEqual(models.map(inPipeline), [['a:on_success', 'b:on_success'], ['b:on_success']]);
});

void test("job inclusion cache: a job's five node ids are kept apart (1 and 24 is not 12 and 4)", async () => {
  // Structural ids are numbered in the order a fresh cache meets new shapes: c's variables value and mapping are 0
  // and 1, its rule 2 and 3, its rules 4; d's seven values 5–11 and its mapping 12; then a's rule, its eight
  // variables, their mapping, the rule and a's rules 13–24. a's variables are c's (1). Joined without a separator,
  // a's ids (variables 1, rules 24) would read like those of the next a (variables shaped like d's, 12; rules like
  // c's, 4), and the first answer would be handed back.
  const c = "c: {script: x, variables: {Q: q}, rules: [{if: '$Q'}]}\n";
  const d = `d: {script: x, variables: {${[5, 6, 7, 8, 9, 10, 11].map((i) => `D${i}: d${i}`).join(', ')}}}\n`;
  const ruleVars = [14, 15, 16, 17, 18, 19, 20, 21].map((i) => `E${i}: e${i}`).join(', ');
  const first = `a: {script: x, variables: {Q: q}, rules: [{if: '$Q == "q"', variables: {${ruleVars}}}]}\n`;
  const dVars = [5, 6, 7, 8, 9, 10, 11].map((i) => `D${i}: d${i}`).join(', ');
  const second = `a: {script: x, variables: {${dVars}}, rules: [{if: '$Q'}]}\n`;
  const run = editor();
  const models = [await run(c + d + first), await run(c + d + second)];
  assert.deepEqual(
    models.map((m) => inPipeline(m).filter((j) => j.startsWith('a:'))),
    [['a:on_success'], []],
  );
});
