// Mutation survivors of src/ci/jobs/needs.ts and references.ts (docs/mutation.md, "jobs: needs, cycles, …"):
// the shapes of `needs:`/`dependencies:` as lib/gitlab/ci/config/entry/needs.rb and need.rb (with EE's BridgeHash
// and CrossProjectDependency) validate them, and the graph's trigger texts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSink } from '../../../../src/ci/diagnostics';
import { loadYaml } from '../../../../src/ci/yaml/loadYaml';
import { get } from '../../../../src/ci/yaml/node';
import type { YMap } from '../../../../src/ci/yaml/node';
import { readDependencies, readNeeds, triggerLocalFiles, triggerTarget } from '../../../../src/ci/jobs/needs';
import { job, run } from '../helpers';

function root(yaml: string): YMap {
  const r = loadYaml(yaml, 'x.yml', new DiagnosticSink()).root;
  assert.ok(r);
  return r;
}

/** readNeeds of `needs:` in `yaml`, ranges left out; the messages it reported. */
function needs(yaml: string, kind: 'job' | 'trigger' = 'job', inRule = false) {
  const sink = new DiagnosticSink();
  const location = inRule ? 'jobs:a:rules:rule:needs' : 'jobs:a:needs';
  const out = readNeeds('a', kind, get(root(yaml), 'needs'), sink, location, inRule);
  return {
    needs: out?.map(({ range: _range, ...rest }) => rest) ?? null,
    messages: sink.items.map((d) => d.message),
  };
}

const plain = (name: string) => ({ type: 'job', job: name, artifacts: true, optional: false });

test('a needs that is neither a list nor a hash, or an empty hash, is refused with no needs', () => {
  assert.deepEqual(needs('needs: {}'), { needs: [], messages: ['jobs:a:needs config can not be an empty hash'] });
  assert.deepEqual(needs('needs: 5'), { needs: [], messages: ['jobs:a:needs config can only be a hash or an array'] });
  assert.deepEqual(needs('needs: b'), { needs: [], messages: ['jobs:a:needs config can only be a hash or an array'] });
  assert.deepEqual(needs('needs: null'), { needs: null, messages: [] });
});

test('an item that is neither a string nor a hash is an unsupported type (Need::UnknownStrategy) and is dropped', () => {
  assert.deepEqual(needs('needs: [b, 3]'), {
    needs: [plain('b')],
    messages: ['jobs:a:needs:need has an unsupported type'],
  });
  assert.deepEqual(needs('needs: [[b], [c, null]]'), { needs: [plain('b'), plain('c')], messages: [] });
});

test('the kinds of need: job hash, cross-pipeline, cross-project, each with its own keys', () => {
  const r = needs(
    'needs:\n' +
      '  - { job: b, artifacts: false, optional: true }\n' +
      '  - { pipeline: $PARENT, job: gen, artifacts: false }\n' +
      '  - { project: g/p, job: build, ref: main, artifacts: true }\n',
  );
  assert.deepEqual(r.messages, []);
  assert.deepEqual(r.needs, [
    { type: 'job', job: 'b', artifacts: false, optional: true },
    { type: 'pipeline', job: 'gen', artifacts: false, optional: false, pipeline: '$PARENT' },
    { type: 'project', job: 'build', artifacts: true, optional: false, project: 'g/p', ref: 'main' },
  ]);
  // A single hash is one need (Needs#compose! flattens `[@config]`).
  assert.deepEqual(needs('needs: { job: b }'), { needs: [plain('b')], messages: [] });
});

test('a job hash allows job, artifacts, optional, parallel only; the booleans must be booleans', () => {
  assert.deepEqual(needs('needs: [{ job: b, artifacts: "false" }]').messages, [
    'jobs:a:needs:need artifacts should be a boolean value',
  ]);
  assert.deepEqual(needs('needs: [{ job: b, when: always, optional: "yes" }]'), {
    needs: [plain('b')],
    messages: [
      'jobs:a:needs:need config contains unknown keys: when',
      'jobs:a:needs:need optional should be a boolean value',
    ],
  });
  assert.deepEqual(needs('needs: [{ job: 3 }]').messages, ['jobs:a:needs:need job should be a string']);
  assert.deepEqual(needs('needs: [{ job: b }]').messages, []);
  assert.deepEqual(needs('needs: [{ job: b, parallel: 2 }]').messages, [
    'jobs:a:needs config cannot use "parallel: 2".',
  ]);
});

test('a hash with neither job nor project is EE Need::BridgeHash: only `pipeline`, a required string', () => {
  // FOSS has no strategy for it (`has an unsupported type`); EE's BridgeHash takes every hash without job and project.
  assert.deepEqual(needs('needs: [{ artifacts: true }]'), {
    needs: [],
    messages: [
      'jobs:a:needs:need config contains unknown keys: artifacts',
      'jobs:a:needs:need pipeline should be a string',
      "jobs:a:needs:need pipeline can't be blank",
      'jobs:a:needs config uses invalid types: bridge',
    ],
  });
});

test('a status-mirroring need (`pipeline` without `job`) allows only `pipeline` (EE Need::BridgeHash)', () => {
  assert.deepEqual(needs('needs: { pipeline: g/up }', 'trigger'), {
    needs: [{ type: 'bridge', job: '', artifacts: true, optional: false, pipeline: 'g/up' }],
    messages: [],
  });
  assert.deepEqual(needs('needs: [{ pipeline: g/up, artifacts: true }]', 'trigger').messages, [
    'jobs:a:needs:need config contains unknown keys: artifacts',
  ]);
  // `pipeline` with `job` is a cross-pipeline need: `artifacts` is one of its keys.
  assert.deepEqual(needs('needs: [{ pipeline: g/up, job: j, artifacts: true }]').messages, []);
});

test('allowed types: a runner job takes job and cross_dependency, a trigger job and bridge, a rule only job', () => {
  assert.deepEqual(needs('needs: [b, { pipeline: g/up }]').messages, [
    'jobs:a:needs config uses invalid types: bridge',
  ]);
  assert.deepEqual(
    needs('needs: [b, { pipeline: $P, job: j }, { project: g/p, job: j, ref: main }]', 'trigger').messages,
    ['jobs:a:needs config uses invalid types: cross_dependency'],
  );
  assert.deepEqual(needs('needs: [b, { pipeline: g/up }]', 'trigger').messages, []);
  assert.deepEqual(needs('needs: [b, { job: c }]', 'job', true).messages, []);
  assert.deepEqual(needs('needs: [b, { pipeline: $P, job: j }]', 'job', true).messages, [
    'jobs:a:rules:rule:needs config uses invalid types: cross_dependency',
  ]);
  assert.deepEqual(needs('needs: [{ project: g/p, job: j, ref: main }]').messages, []);
});

const many = (n: number, item: (i: number) => string): string =>
  'needs:\n' + Array.from({ length: n }, (_, i) => `  - ${item(i)}\n`).join('');

test('at most 5 needs:pipeline:job and at most 5 needs:project entries, counted apart; job needs do not count', () => {
  const pipeline = (i: number): string => `{ pipeline: "$P${i}", job: j }`;
  const project = (i: number): string => `{ project: g/p${i}, job: j, ref: main }`;
  const limit = 'jobs:a:needs config must be less than or equal to 5';
  assert.deepEqual(needs(many(10, (i) => (i < 5 ? pipeline(i) : project(i)))).messages, []);
  assert.deepEqual(needs(many(6, pipeline)).messages, [limit]);
  assert.deepEqual(needs(many(6, project)).messages, [limit]);
  assert.deepEqual(needs(many(8, (i) => `j${i}`)).messages, []);
});

test('dependencies: an array of strings; what is not a string is refused and left out', () => {
  const deps = (yaml: string) => {
    const sink = new DiagnosticSink();
    const out = readDependencies('a', get(root(yaml), 'dependencies'), sink);
    return { names: out?.map((d) => d.name) ?? null, messages: sink.items.map((d) => d.message) };
  };
  const refused = ['jobs:a dependencies should be an array of strings'];
  assert.deepEqual(deps('dependencies: [b, c]'), { names: ['b', 'c'], messages: [] });
  assert.deepEqual(deps('dependencies: [b, 3, [c]]'), { names: ['b'], messages: refused });
  assert.deepEqual(deps('dependencies: b'), { names: [], messages: refused });
  assert.deepEqual(deps('dependencies: null'), { names: null, messages: [] });
});

test('the trigger text shown in the graph', () => {
  const target = (yaml: string): string | undefined => triggerTarget(root(yaml));
  assert.equal(target('script: x'), undefined);
  assert.equal(target('trigger: g/downstream'), 'g/downstream');
  assert.equal(target('trigger: { project: g/p, branch: main }'), 'g/p');
  assert.equal(target('trigger: { strategy: depend }'), undefined);
  assert.equal(target('trigger: { include: [] }'), undefined);
  assert.equal(
    target(
      'trigger:\n  include:\n    - a.yml\n    - local: b.yml\n    - { artifact: gen.yml, job: g }\n' +
        '    - { project: g/x, file: f.yml }\n    - template: T.yml\n',
    ),
    'a.yml, b.yml, gen.yml, g/x, include',
  );
});

test('the repository files a trigger runs as a child pipeline: strings and `local:`, never URLs', () => {
  const files = (yaml: string): string[] => triggerLocalFiles(root(yaml));
  assert.deepEqual(
    files(
      'trigger:\n  include:\n    - /a.yml\n    - //ci/b.yml\n    - local: c/d.yml\n    - https://x/y.yml\n' +
        '    - HTTP://z/w.yml\n    - ci/http:x.yml\n    - { project: g/p, file: f.yml }\n',
    ),
    ['a.yml', 'ci/b.yml', 'c/d.yml', 'ci/http:x.yml'],
  );
  assert.deepEqual(files('trigger: g/p'), []);
});

test('needs of a parallel job: names expand to instances; an instance name as written stays itself', async () => {
  const m = await run(
    'b:\n  parallel: 2\n  script: x\n  artifacts: { paths: [o] }\n' +
      'c:\n  parallel: { matrix: [{ V: [x, y] }] }\n  script: x\n  artifacts: { paths: [o] }\n' +
      'a:\n  script: x\n  needs: [b, { job: c, parallel: { matrix: [{ V: y }] } }]\n' +
      'd:\n  parallel: { matrix: [{ V: [x, y] }] }\n  script: x\n' +
      '  needs: [b, { job: c, parallel: { matrix: [{ V: "$[[  matrix.V  ]]" }] } }]\n' +
      'e:\n  script: x\n  needs: [{ job: c, parallel: { matrix: [{ V: "$[[ matrix.V ]]" }] } }]\n',
  );
  assert.deepEqual(job(m, 'a').needs, ['b 1/2', 'b 2/2', 'c: [y]']);
  assert.deepEqual(job(m, 'd: [x]').needs, ['b 1/2', 'b 2/2', 'c: [x]']);
  assert.deepEqual(job(m, 'd: [y]').needs, ['b 1/2', 'b 2/2', 'c: [y]']);
  // A job without a matrix of its own has no value to put there: the name stays as written, and needs nothing.
  assert.ok(m.diagnostics.some((d) => d.message === 'e job: undefined need: c: [$[[ matrix.V ]]]'));
});

test('each shape problem has its own code, and lists are joined with a comma', () => {
  const codes = (yaml: string, kind: 'job' | 'trigger' = 'job', inRule = false): string[] => {
    const sink = new DiagnosticSink();
    readNeeds('a', kind, get(root(yaml), 'needs'), sink, 'jobs:a:needs', inRule);
    return sink.items.map((d) => `${d.code}: ${d.message}`);
  };
  assert.deepEqual(codes('needs: {}'), ['needs-shape: jobs:a:needs config can not be an empty hash']);
  assert.deepEqual(codes('needs: 5'), ['needs-shape: jobs:a:needs config can only be a hash or an array']);
  assert.deepEqual(codes('needs: [3]'), ['needs-shape: jobs:a:needs:need has an unsupported type']);
  assert.deepEqual(codes('needs: [{ job: 3 }]'), ['needs-shape: jobs:a:needs:need job should be a string']);
  assert.deepEqual(codes('needs: [{ job: b, when: x, tags: y, artifacts: 1 }]'), [
    'needs-keys: jobs:a:needs:need config contains unknown keys: when, tags',
    'needs-boolean: jobs:a:needs:need artifacts should be a boolean value',
  ]);
  assert.deepEqual(codes('needs: [{ job: b, parallel: 2 }]'), [
    'needs-parallel: jobs:a:needs config cannot use "parallel: 2".',
  ]);
  assert.deepEqual(codes('needs: [{ pipeline: g/up }, { pipeline: $P, job: j }]', 'job', true), [
    'needs-type: jobs:a:needs config uses invalid types: bridge, cross_dependency',
  ]);
  assert.deepEqual(codes(many(6, (i) => `{ pipeline: "$P${i}", job: j }`)), [
    'needs-cross-limit: jobs:a:needs config must be less than or equal to 5',
  ]);
  const sink = new DiagnosticSink();
  readDependencies('a', get(root('dependencies: b'), 'dependencies'), sink);
  assert.deepEqual(
    sink.items.map((d) => d.code),
    ['dependencies-shape'],
  );
});
