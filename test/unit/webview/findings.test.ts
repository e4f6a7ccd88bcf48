import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../../src/ci/model';
import {
  brokenEdges,
  conflictWhy,
  countFindings,
  diagnosticsByJob,
  findingsLabel,
  nodeDiagnostics,
} from '../../../webview/graph/findings';
import { layoutModel } from '../../../webview/graph/layout';
import { adjacency } from '../../../webview/graph/layoutQuery';
import { artifacts, job, model, range, sampleModel, source } from '../../fixtures/models/builders';

function diag(jobName: string | undefined, severity: Diagnostic['severity'], message: string, line = 1): Diagnostic {
  return { ...range(line), severity, code: 'x', message, ...(jobName === undefined ? {} : { job: jobName }) };
}

void test('diagnostics land on the card of the job they name: an instance, or a group by its name, once each', () => {
  const m = sampleModel();
  m.diagnostics = [
    diag('deploy', 'error', 'deploy job: undefined need: nope', 60),
    diag('deploy', 'warning', 'deploy job: reads $X, which will be empty here', 61),
    diag('unit', 'warning', 'unit job: something about the whole group', 20),
    diag('unit 2/2', 'warning', 'unit 2/2 job: only this instance', 21),
    diag(undefined, 'error', 'a file-level error names no job', 2),
    diag('deploy', 'info', 'deploy job: an info', 62),
  ];
  const byJob = diagnosticsByJob(m);
  const l = layoutModel(m, { mode: 'stages' });
  const node = (id: string) => l.nodes.find((n) => n.id === id)!;
  const deploy = nodeDiagnostics(node('job:deploy'), byJob);
  assert.deepEqual(
    deploy.map((d) => d.severity),
    ['error', 'warning', 'info'],
  );
  assert.deepEqual(countFindings(deploy), { errors: 1, warnings: 1 });
  assert.equal(findingsLabel(countFindings(deploy)), '1 error, 1 warning');
  assert.equal(nodeDiagnostics(node('group:unit'), byJob).length, 2);
  const open = layoutModel(m, { mode: 'stages', expanded: ['unit'] });
  const inst = (id: string) =>
    nodeDiagnostics(
      open.nodes.find((n) => n.id === id)!,
      byJob,
    ).map((d) => d.message);
  assert.deepEqual(inst('job:unit 1/2'), ['unit job: something about the whole group']);
  assert.equal(inst('job:unit 2/2').length, 2);
  assert.equal(nodeDiagnostics(node('job:compile'), byJob).length, 0);
  assert.equal(findingsLabel({ errors: 0, warnings: 0 }), '');
});

void test('a dependency that delivers nothing becomes a broken arrow from its drawn producer to the hovered consumer', () => {
  const stages = ['build', 'test'];
  const m = model(stages, [
    job('gen', 'build', stages, {
      inPipeline: false,
      excludedReason: 'rules: when: never',
      artifacts: artifacts(['a/']),
    }),
    job('unit', 'test', stages, { artifacts: artifacts(['c/']) }),
    job('cov', 'test', stages, {
      missing: [
        { job: 'gen', code: 'excluded-need', reason: 'gen is not in this pipeline' },
        { job: 'unit', code: 'same-stage-dependency', reason: 'same-stage dependency ignored' },
        { job: 'nope', code: 'undefined-need', reason: 'undefined need' },
      ],
    }),
  ]);
  const l = layoutModel(m, { mode: 'stages' });
  const a = adjacency(l);
  const jobs = new Map(m.jobs.map((j) => [j.name, j] as const));
  const broken = brokenEdges(l, jobs, 'job:cov', a.node);
  assert.deepEqual(broken.map((b) => b.from).sort(), ['job:gen', 'job:unit']);
  const gen = broken.find((b) => b.from === 'job:gen')!;
  const genNode = a.node.get('job:gen')!;
  const cov = a.node.get('job:cov')!;
  assert.equal(gen.sameColumn, false);
  assert.deepEqual(gen.points[0], { x: genNode.x + genNode.width, y: genNode.y + genNode.height / 2 });
  assert.deepEqual(gen.points[1], { x: cov.x, y: cov.y + cov.height / 2 });
  assert.equal(broken.find((b) => b.from === 'job:unit')!.sameColumn, true);
  assert.deepEqual(brokenEdges(l, jobs, 'job:unit', a.node), []);
});

void test('the conflict line says why the likely winner wins: scope, stage order, instance order, definition order', () => {
  const stages = ['build', 'test', 'deploy'];
  const consumer = (sources: ReturnType<typeof source>[], jobsIn: string[]) =>
    job('c', 'deploy', stages, {
      sources,
      conflicts: [{ path: 'out/', jobs: jobsIn, likelyWinner: jobsIn[jobsIn.length - 1]! }],
    });
  const a = job('a', 'build', stages);
  const b = job('b', 'test', stages);
  const b2 = job('b2', 'test', stages);
  const i1 = job('m 1/2', 'test', stages, { group: 'm', parallel: { index: 1, total: 2 } });
  const i2 = job('m 2/2', 'test', stages, { group: 'm', parallel: { index: 2, total: 2 } });
  const jobs = new Map([a, b, b2, i1, i2].map((j) => [j.name, j] as const));
  const c1 = consumer([source('a'), source('b')], ['a', 'b']);
  assert.equal(
    conflictWhy(c1.conflicts[0]!, c1, jobs),
    "b's archive is extracted after a's: stage order (test runs after build)",
  );
  const c2 = consumer([source('b'), source('b2')], ['b', 'b2']);
  assert.equal(
    conflictWhy(c2.conflicts[0]!, c2, jobs),
    "b2's archive is extracted after b's: definition order (both in stage test; b2 is defined later)",
  );
  const c3 = consumer([source('m 1/2'), source('m 2/2')], ['m 1/2', 'm 2/2']);
  assert.match(conflictWhy(c3.conflicts[0]!, c3, jobs), /instance order/);
  const c4 = consumer([source('b'), source('lib', { scope: 'project', project: 'g/lib' })], ['b', 'lib']);
  assert.equal(
    conflictWhy(c4.conflicts[0]!, c4, jobs),
    "lib's archive is extracted after b's: sources from another project come after those from this pipeline",
  );
});
