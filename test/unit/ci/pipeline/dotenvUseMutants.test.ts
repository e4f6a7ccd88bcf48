// Answers the mutation survivors of src/ci/pipeline/dotenvUse.ts (docs/mutation.md, "pipeline: unused archives and
// dotenv use"). Expected values follow GitLab: a job receives the dotenv variables of exactly the jobs of its
// dependency list (spec R6.2; app/models/ci/build_dependencies.rb: earlier stages, or `needs` with artifacts: true,
// narrowed by `dependencies`, never across pipelines but for needs:pipeline:job, R6.6); project/pipeline variables
// beat dotenv, which beats job and global `variables:` (R6.3, lib/gitlab/ci/variables/builder.rb); the producer
// itself does not receive its own report (R6.4); two reports defining one key: the winner is unspecified (R6.2).
// Every dotenv diagnostic is compared whole: code, job, place and text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, defaultContext } from '../../../../src/ci/analyze';
import type { FlowModel } from '../../../../src/ci/model';
import { memoryReader, run } from '../helpers';

const DOTENV_CODES = new Set([
  'dotenv-variable-missing',
  'dotenv-overrides-variable',
  'variable-overrides-dotenv',
  'dotenv-collision',
]);

/** This file's diagnostics as `code job line:column message`. */
const notes = (m: FlowModel): string[] =>
  m.diagnostics
    .filter((d) => DOTENV_CODES.has(d.code))
    .map((d) => `${d.code} ${d.job ?? '-'} ${d.line}:${d.column} ${d.message}`);

/** `p` (stage build) writes A and B into its dotenv report. */
const P = `stages: [build, test]
p: {stage: build, script: ['echo A=1 >> p.env', 'echo B=2 >> p.env'], artifacts: {reports: {dotenv: p.env}}}
`;
const missing = (job: string, at: string, vars: string, producer: string, why: string): string =>
  `dotenv-variable-missing ${job} ${at} ${job} job: reads ${vars}, which the dotenv report of ${producer} defines, but ${vars} will be empty here: ${why}`;

void test('why a dotenv variable the job reads is empty: the reason its producer is not in the dependency list', async () => {
  const rows: { name: string; yaml: string; want: string[] }[] = [
    {
      // R6.6: a job left out of this pipeline type sends nothing; a stage-scheduled reader has no "missing" entry.
      name: 'producer excluded by its rules',
      yaml: `stages: [build, test]\np: {stage: build, rules: [{if: $NOPE}], script: ['echo A=1 >> p.env'], artifacts: {reports: {dotenv: p.env}}}\nc: {stage: test, script: ['echo $A']}\n`,
      want: [
        missing(
          'c',
          '3:1',
          '$A',
          'p',
          "p is not in this pipeline (rules[0]: if '$NOPE' is false for a branch pipeline); dotenv variables never cross pipelines",
        ),
      ],
    },
    {
      // R6.2: with needs, only the needed jobs (artifacts: true) send their dotenv; two keys are named together.
      name: 'needs without the producer',
      yaml: `${P}o: {stage: build, script: x}\nc: {stage: test, needs: [o], script: ['echo $A $B']}\n`,
      want: [missing('c', '4:1', '$A, $B', 'p', 'p is not in its needs with artifacts: true')],
    },
    {
      name: 'dependencies without the producer',
      yaml: `${P}o: {stage: build, script: x}\nc: {stage: test, dependencies: [o], script: ['echo $A']}\n`,
      want: [missing('c', '4:1', '$A', 'p', 'p is not in its dependencies')],
    },
    {
      // Only the same-stage q is unreachable: p's dotenv and o's files do arrive (earlier stage).
      name: 'same-stage producer beside sources that do arrive',
      yaml: `${P}o: {stage: build, script: x, artifacts: {paths: [o/]}}\nq: {stage: test, script: ['echo Q=1 >> q.env'], artifacts: {reports: {dotenv: q.env}}}\nc: {stage: test, script: ['echo $Q $A']}\n`,
      want: [missing('c', '5:1', '$Q', 'q', 'q runs in stage test, which is not before stage test')],
    },
    {
      // The explanation of p's own "missing" entry (artifacts: false), at that need, not the first entry's (o).
      name: 'the producer among several missing needs',
      yaml: `${P}o: {stage: build, script: x, rules: [{if: $NOPE}]}\nc: {stage: test, needs: [{job: o, optional: true}, {job: p, artifacts: false}], script: ['echo $A']}\n`,
      want: [
        missing(
          'c',
          '4:52',
          '$A',
          'p',
          'needs with artifacts: false: the job waits for it but downloads nothing and gets no dotenv variables',
        ),
      ],
    },
    {
      // R6.4: the producer does not receive its own report; it set the variable in its own shell.
      name: 'the producer reading its own key',
      yaml: `p: {script: ['export A=1', 'echo "A=$A" >> p.env', 'echo $A'], artifacts: {reports: {dotenv: p.env}}}\n`,
      want: [],
    },
    {
      name: 'a job that reads nothing of a producer it does not receive',
      yaml: `${P}c: {stage: build, script: ['echo $OTHER']}\n`,
      want: [],
    },
  ];
  for (const row of rows) assert.deepEqual(notes(await run(row.yaml)), row.want, row.name);
});

void test('one warning per job group and producer: a parallel job once, each other job its own', async () => {
  const m = await run(`stages: [build, test]
q: {stage: test, script: ['echo Q=1 >> q.env'], artifacts: {reports: {dotenv: q.env}}}
c: {stage: test, parallel: 2, script: ['echo $Q']}
d: {stage: test, script: ['echo $Q']}
`);
  const why = 'q runs in stage test, which is not before stage test';
  assert.deepEqual(notes(m), [missing('c 1/2', '3:1', '$Q', 'q', why), missing('d', '4:1', '$Q', 'q', why)]);
});

/** a and b (stage build) both write V and W; b also writes X. */
const AB = `stages: [build, test]
a: {stage: build, script: ['echo V=a >> a.env', 'echo W=a >> a.env'], artifacts: {reports: {dotenv: a.env}}}
b: {stage: build, script: ['echo V=b >> b.env', 'echo W=b >> b.env', 'echo X=b >> b.env'], artifacts: {reports: {dotenv: b.env}}}
`;
const beats = 'dotenv variables beat job and global variables';
const collision = (job: string, at: string, key: string): string =>
  `dotenv-collision ${job} ${at} ${job} job: $${key} comes from the dotenv reports of a and b; GitLab does not specify which value wins`;

void test('R6.3: dotenv replaces global and job variables; each key once per job group, at its variables', async () => {
  const m = await run(`${AB}variables: {V: global}
c:
  stage: test
  parallel: 2
  variables: {W: own}
  script: [echo]
d: {stage: test, script: [echo]}
`);
  assert.deepEqual(notes(m), [
    // X has no YAML value: nothing to replace.
    `dotenv-overrides-variable c 1/2 8:3 c 1/2 job: $V from the dotenv report of a, b replaces the YAML value "global" (${beats})`,
    `dotenv-overrides-variable c 1/2 8:3 c 1/2 job: $W from the dotenv report of a, b replaces the YAML value "own" (${beats})`,
    collision('c 1/2', '5:1', 'V'),
    collision('c 1/2', '5:1', 'W'),
    // d has no `variables:` of its own: the place is its key.
    `dotenv-overrides-variable d 10:1 d job: $V from the dotenv report of a, b replaces the YAML value "global" (${beats})`,
    collision('d', '10:1', 'V'),
    collision('d', '10:1', 'W'),
  ]);
});

void test('R6.3: a project or pipeline variable beats every dotenv report that defines the key', async () => {
  const m = await run(`${AB}c: {stage: test, script: [echo]}\n`, { variables: { V: 'u', X: 'u' } });
  const user = (key: string, from: string): string =>
    `variable-overrides-dotenv c 4:1 c job: $${key} is set as a project/pipeline variable, which beats the dotenv report of ${from}: the dotenv value is not used`;
  assert.deepEqual(notes(m), [
    user('V', 'a, b'),
    user('X', 'b'),
    collision('c', '4:1', 'V'),
    collision('c', '4:1', 'W'),
  ]);
});

void test("needs:pipeline:job: the parent's job sends its dotenv, not this file's job of the same name", async () => {
  // build_dependencies.rb cross_pipeline (spec R6.2): c receives the parent's gen (V), not the child's own gen (V,
  // W): $V is not empty, and W comes from no report c receives, so its YAML value stands.
  const files = {
    '.gitlab-ci.yml':
      "stages: [build, test]\ngen: {stage: build, script: ['echo V=p >> g.env'], artifacts: {reports: {dotenv: g.env}}}\nkid: {stage: test, trigger: {include: child.yml}}\n",
    'child.yml':
      "stages: [build, test]\ngen: {stage: build, script: ['echo V=c >> c.env', 'echo W=c >> c.env'], artifacts: {reports: {dotenv: c.env}}}\nc: {stage: test, needs: [{pipeline: $PARENT_PIPELINE_ID, job: gen}], variables: {W: yaml}, script: ['echo $V $W']}\n",
  };
  const m = await analyze({ root: 'child.yml', reader: memoryReader(files), context: defaultContext() });
  assert.deepEqual(
    m.jobs.find((j) => j.name === 'c')?.sources.map((s) => `${s.scope}:${s.job}`),
    ['parent:gen'],
  );
  assert.deepEqual(notes(m), []);
});
