// Mutation survivors of src/ci/jobs/referenceChecks.ts, combinationChecks.ts and needsCycles.ts (docs/mutation.md,
// "jobs: needs, cycles, …"): yaml_processor.rb's logical validation of needs and dependencies (spec R5.1, R5.4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../helpers';

/** Each diagnostic of `yaml` as `severity code line job: message`. */
async function found(yaml: string | Record<string, string>): Promise<string[]> {
  const m = await run(yaml);
  return (
    m.diagnostics
      // Our own advice (not GitLab's validation) is left out.
      .filter((d) => d.severity !== 'info' && !['dependencies-with-needs', 'same-stage-dependency'].includes(d.code))
      .map((d) => `${d.severity} ${d.code} ${d.line} ${d.job ?? '-'}: ${d.message}`)
  );
}

const stages = 'stages: [build, test]\n';

test('dependencies: each unknown name and each later stage is reported, once per parallel job', async () => {
  assert.deepEqual(
    await found(
      stages +
        'late:\n  stage: test\n  script: x\n' +
        'a:\n  stage: build\n  parallel: 2\n  script: x\n  dependencies: [nope, gone, late]\n',
    ),
    [
      'error undefined-dependency 9 a 1/2: a 1/2 job: undefined dependency: nope',
      'error undefined-dependency 9 a 1/2: a 1/2 job: undefined dependency: gone',
      'error dependency-stage 9 a 1/2: a 1/2 job: dependency late is not defined in current or prior stages',
    ],
  );
});

test('needs: unknown names unless optional, later stages, duplicates, each once for a parallel job', async () => {
  assert.deepEqual(
    await found(
      stages +
        'late:\n  stage: test\n  script: x\n' +
        'a:\n  stage: build\n  parallel: 2\n  script: x\n' +
        '  needs: [nope, gone, { job: maybe, optional: true }, late, late, gone]\n',
    ),
    [
      'error undefined-need 9 a 1/2: a 1/2 job: undefined need: nope',
      'error undefined-need 9 a 1/2: a 1/2 job: undefined need: gone',
      'error need-stage 9 a 1/2: a 1/2 job: need late is not defined in current or prior stages',
      'error duplicate-needs 9 a 1/2: a 1/2 has the following needs duplicated: late, gone.',
    ],
  );
});

test('a need of the first stage is compared; a job in an unknown stage is not (its place is unknown)', async () => {
  const out = await found(
    stages +
      'late:\n  stage: test\n  script: x\n' +
      'first:\n  stage: build\n  script: x\n  needs: [late]\n' +
      'lost:\n  stage: nowhere\n  script: x\n  needs: [first]\n  dependencies: [first]\n',
  );
  assert.deepEqual(
    out.filter((d) => / (need|dependency)-stage /.test(d)),
    ['error need-stage 8 first: first job: need late is not defined in current or prior stages'],
  );
});

test('need names past 255 characters are too long (yaml_processor.rb), in the job and in its rules', async () => {
  const long = 'n'.repeat(256);
  const ok = 'm'.repeat(255);
  const out = await found(
    `${long}:\n  script: x\n${ok}:\n  script: x\n` +
      `a:\n  script: x\n  needs: [${long}, ${ok}]\n` +
      `b:\n  script: x\n  rules:\n    - needs: [${long}, ${ok}]\n`,
  );
  assert.deepEqual(
    out.filter((d) => d.includes('need-name-length')),
    [
      `error need-name-length 7 a: a job: need \`${long}\` name is too long (maximum is 255 characters)`,
      `error need-name-length 11 b: b job: need \`${long}\` name is too long (maximum is 255 characters)`,
    ],
  );
});

test("rules' needs: unknown names per rule, later stages, duplicates per rule; cross-pipeline entries are not local", async () => {
  const out = await found(
    stages +
      'late:\n  stage: test\n  script: x\n' +
      'a:\n  stage: build\n  script: x\n  rules:\n' +
      '    - if: $A\n      needs: [nope, gone, { job: maybe, optional: true }, late, late]\n' +
      '    - needs: [nope, late, late]\n',
  );
  assert.deepEqual(out, [
    'error undefined-need 10 a: a job: undefined need: nope',
    'error undefined-need 10 a: a job: undefined need: gone',
    'error need-stage 10 a: a job: need late is not defined in current or prior stages',
    'error duplicate-needs 9 a: a has the following needs duplicated: late.',
    'error undefined-need 11 a: a job: undefined need: nope',
    'error need-stage 11 a: a job: need late is not defined in current or prior stages',
    'error duplicate-needs 11 a: a has the following needs duplicated: late.',
  ]);
  const cross = await found('a:\n  script: x\n  rules:\n    - needs: [{ pipeline: $P, job: gen }]\n');
  assert.equal(cross.length, 1);
  assert.match(cross[0]!, /config uses invalid types: cross_dependency$/);
});

test('with an include not resolved offline, an unknown name is a warning that says why', async () => {
  const out = await found(
    'include:\n  - project: g/shared\n    file: ci.yml\n' +
      'a:\n  script: x\n  needs: [nope]\n  dependencies: [nope]\n',
  );
  const suffix = ' (it may be defined in an include that is not resolved offline)';
  assert.ok(out.includes(`warning undefined-need 6 a: a job: undefined need: nope${suffix}`), out.join('\n'));
  assert.ok(out.includes(`warning undefined-dependency 7 a: a job: undefined dependency: nope${suffix}`));
});

test('dependencies with needs: each must be a job need; only cross-pipeline needs are "the same pipeline" error', async () => {
  assert.deepEqual(
    await found(
      'b:\n  script: x\n  artifacts: { paths: [o] }\nc:\n  script: x\n  artifacts: { paths: [o] }\n' +
        'a:\n  script: x\n  needs: [b, { pipeline: $P, job: c }]\n  dependencies: [b, c, d]\n',
    ),
    [
      'error undefined-dependency 10 a: a job: undefined dependency: d',
      'error dependencies-needs 10 a: jobs:a dependencies the c, d should be part of needs',
    ],
  );
  assert.deepEqual(
    await found(
      'c:\n  script: x\n  artifacts: { paths: [o] }\n' +
        'A:\n  script: x\n  needs: [{ pipeline: $P, job: c }]\n  dependencies: [c]\n',
    ),
    ['error dependencies-needs 7 A: jobs:a needs corresponding to dependencies must be from the same pipeline'],
  );
  // `dependencies: []` and an absent needs skip the check.
  assert.deepEqual(
    await found(
      'c:\n  script: x\na:\n  script: x\n  needs: [c]\n  dependencies: []\nb:\n  script: x\n  dependencies: [c]\n',
    ),
    [],
  );
});

test('trigger:include: at most 3 entries; an artifact job must exist in this or an earlier stage', async () => {
  const include = (items: string[]): string => 'trigger:\n    include:\n' + items.map((i) => `      - ${i}\n`).join('');
  assert.deepEqual(await found(`t:\n  ${include(['a.yml', 'b.yml', 'local: c.yml'])}`), []);
  assert.deepEqual(await found(`t:\n  ${include(['a.yml', 'b.yml', 'c.yml', 'd.yml'])}`), [
    'error trigger-include 4 t: jobs:t:trigger:include config is too long (maximum is 3)',
  ]);
  assert.deepEqual(
    await found(
      stages +
        'gen:\n  stage: test\n  script: x\n  artifacts: { paths: [g.yml] }\n' +
        `t:\n  stage: build\n  ${include(['{ artifact: g.yml, job: gen }', '{ artifact: h.yml, job: nope }'])}`,
    ),
    [
      'error trigger-include-job-stage 10 t: t job: dependency gen is not defined in current or prior stages',
      'error trigger-include-undefined-job 11 t: t job: undefined dependency: nope',
    ],
  );
  // validate_dynamic_child_pipeline_dependencies! checks every entry that has a `job`, with an artifact or not.
  assert.deepEqual(await found(`t:\n  ${include(['{ local: child.yml, job: nope }'])}`), [
    'error trigger-include-undefined-job 4 t: t job: undefined dependency: nope',
  ]);
});

test('cycles: a self-dependency; a cross-pipeline need of the same name is none', async () => {
  assert.deepEqual(await found('a:\n  script: x\n  needs: [b, a]\nb:\n  script: x\n'), [
    'error needs-cycle 3 a: The pipeline has circular dependencies: self-dependency: a',
  ]);
  assert.deepEqual(await found('a:\n  script: x\n  needs: [{ pipeline: $P, job: a }]\n'), []);
});

test('cycles: the component in TSort order, reported at its first job', async () => {
  assert.deepEqual(
    await found(
      'z:\n  script: x\na:\n  script: x\n  needs: [c]\nb:\n  script: x\n  needs: [a]\nc:\n  script: x\n  needs: [b]\n',
    ),
    ['error needs-cycle 5 a: The pipeline has circular dependencies: topological sort failed: ["a", "c", "b"]'],
  );
  assert.deepEqual(await found('a:\n  script: x\n  needs: [b]\nb:\n  script: x\n  needs: [a]\n'), [
    'error needs-cycle 3 a: The pipeline has circular dependencies: topological sort failed: ["a", "b"]',
  ]);
});

test('no cycle in a DAG whose later job needs a finished one (a cross edge is not a back edge)', async () => {
  assert.deepEqual(
    await found('r:\n  script: x\n  needs: [q, p]\np:\n  script: x\n  needs: [q]\nq:\n  script: x\n'),
    [],
  );
  assert.deepEqual(
    await found(
      'a:\n  script: x\nb:\n  script: x\n  needs: [a]\nc:\n  script: x\n  needs: [b, a]\nd:\n  script: x\n  needs: [c]\n',
    ),
    [],
  );
});

test('each problem is reported once per name: two names, two reports', async () => {
  const long = (c: string): string => c.repeat(256);
  const out = await found(
    stages +
      `${long('x')}:\n  stage: build\n  script: x\n${long('y')}:\n  stage: build\n  script: x\n` +
      'l1:\n  stage: test\n  script: x\n  artifacts: { paths: [g.yml] }\n' +
      'l2:\n  stage: test\n  script: x\n  artifacts: { paths: [g.yml] }\n' +
      `a:\n  stage: build\n  script: x\n  needs: [${long('x')}, ${long('y')}, l1, l2]\n  dependencies: [l1, l2]\n` +
      `b:\n  stage: build\n  script: x\n  rules:\n    - needs: [${long('x')}, ${long('y')}]\n` +
      't:\n  stage: build\n  trigger:\n    include:\n' +
      '      - { artifact: g.yml, job: l1 }\n      - { artifact: g.yml, job: l2 }\n' +
      '      - { artifact: g.yml, job: n1 }\n      - { artifact: g.yml, job: n2 }\n',
  );
  const count = (code: string, job: string): number =>
    out.filter((d) => d.includes(` ${code} `) && d.includes(` ${job}: `)).length;
  assert.equal(count('need-name-length', 'a'), 2);
  assert.equal(count('need-name-length', 'b'), 2);
  assert.equal(count('need-stage', 'a'), 2);
  assert.equal(count('dependency-stage', 'a'), 2);
  assert.equal(count('trigger-include-job-stage', 't'), 2);
  assert.equal(count('trigger-include-undefined-job', 't'), 2);
});

test('a job of the first stage (.pre) needing a later one is reported; needs: [] skips the combination check', async () => {
  assert.deepEqual(
    await found('p:\n  stage: .pre\n  script: x\n  needs: [b]\n  dependencies: [b]\nb:\n  script: x\n'),
    [
      'error dependency-stage 5 p: p job: dependency b is not defined in current or prior stages',
      'error need-stage 4 p: p job: need b is not defined in current or prior stages',
    ],
  );
  assert.deepEqual(
    await found('c:\n  stage: .pre\n  script: x\na:\n  script: x\n  needs: []\n  dependencies: [c]\n'),
    [],
  );
});

test('a trigger:include entry with artifact but no job names no job (no undefined dependency)', async () => {
  const out = await found('t:\n  trigger:\n    include:\n      - { artifact: g.yml }\n');
  assert.ok(!out.some((d) => d.includes('undefined')), out.join('\n'));
});
