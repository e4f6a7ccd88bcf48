// Who can actually receive (issue 10, item 5). Sources: app/models/ci/bridge.rb (a bridge never runs on a runner),
// lib/gitlab/ci/variables/downstream/generator.rb (it forwards its sources' dotenv variables downstream with
// trigger:forward:pipeline_variables), lib/gitlab/ci/config/entry/artifacts.rb + spec R4.3 (artifacts:when decides
// whether the archive exists; reports are always uploaded), lib/gitlab/ci/config/entry/job.rb (`ignored?`: manual
// jobs may fail without blocking), lib/gitlab/ci/yaml_processor.rb (trigger:include:artifact names a job).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, job, run, sources } from './helpers';
import type { ArtifactSource } from '../../../src/ci/model';

void test('bridge.rb: a trigger job receives no files; only dotenv sources stay, said on the edge', async () => {
  const m = await run(`
files: {stage: build, script: x, artifacts: {paths: [out/]}}
vars: {stage: build, script: x, artifacts: {reports: {dotenv: v.env}}}
down: {stage: test, trigger: {include: child.yml}}
`);
  assert.deepEqual(sources(m, 'down', true), ['vars (dotenv)']);
  assert.match(
    job(m, 'down').sources[0]?.reason ?? '',
    /a trigger job downloads no files, and passes these dotenv variables downstream only with trigger:forward:pipeline_variables: true/,
  );
  assert.deepEqual(job(m, 'down').conflicts, []);
  assert.deepEqual(job(m, 'files').consumers, []);
});

void test('yaml_processor.rb: trigger:include:artifact is its own edge (child configuration), not a download', async () => {
  const m = await run(`
gen: {stage: build, script: x, artifacts: {paths: [gen.yml]}}
child: {stage: test, trigger: {include: [{artifact: gen.yml, job: gen}]}}
`);
  assert.deepEqual(errors(m), []);
  const t = job(m, 'child');
  assert.deepEqual(t.sources, []);
  assert.equal(t.configSources?.length, 1);
  assert.deepEqual(
    { ...t.configSources[0]!, at: undefined },
    {
      job: 'gen',
      artifact: 'gen.yml',
      available: true,
      reason: 'child pipeline configuration gen.yml from the artifacts of gen',
      at: undefined,
    },
  );
  assert.equal(t.configSources[0]!.at?.line, 3);
  const excluded = await run(`
gen: {stage: build, script: x, artifacts: {paths: [gen.yml]}, rules: [{if: $CI_PIPELINE_SOURCE == "schedule"}]}
child: {stage: test, trigger: {include: [{artifact: gen.yml, job: gen}]}}
`);
  assert.equal(job(excluded, 'child').configSources?.[0]?.available, false);
});

void test('artifacts.rb when: on_failure files reach only consumers that can run after a failed producer', async () => {
  const m = await run(`
p: {stage: build, script: x, artifacts: {when: on_failure, paths: [log/], reports: {dotenv: p.env}}}
ok: {stage: test, script: x}
after: {stage: test, script: x, when: always}
onfail: {stage: test, script: x, when: on_failure}
`);
  const first = (n: string): ArtifactSource => {
    const s = job(m, n).sources[0];
    assert.ok(s, `${n} has a source`);
    return s;
  };
  const [ok, after, onfail] = [first('ok'), first('after'), first('onfail')];
  assert.equal(ok.files, false);
  assert.equal(ok.dotenv, true); // reports are uploaded whatever the result
  assert.match(
    ok.reason,
    /no files: p uploads them only when it fails \(artifacts:when: on_failure\), and this job \(when: on_success\) does not run after a failed p/,
  );
  assert.equal(after.files, true);
  assert.match(
    after.reason,
    /files only when p fails \(artifacts:when: on_failure\): this job runs then \(when: always\)/,
  );
  assert.equal(onfail.files, true);
});

void test('job.rb ignored?: a producer allowed to fail (allow_failure, or manual) lets on_success consumers see its on_failure files', async () => {
  for (const extra of ['allow_failure: true', 'when: manual', 'allow_failure: {exit_codes: [2]}']) {
    const m = await run(
      `p: {stage: build, script: x, ${extra}, artifacts: {when: on_failure, paths: [log/]}}\nok: {stage: test, script: x}\n`,
    );
    const s = job(m, 'ok').sources[0]!;
    assert.equal(s.files, true, extra);
    assert.match(s.reason, /p is allowed to fail/, extra);
  }
});

void test('artifacts.rb when: always and on_success, said on the edge of consumers that run after failures', async () => {
  const m = await run(`
always: {stage: build, script: x, artifacts: {when: always, paths: [a/]}}
success: {stage: build, script: x, artifacts: {paths: [b/]}}
cleanup: {stage: test, script: x, when: always}
`);
  const [a, b] = job(m, 'cleanup').sources;
  assert.match(a?.reason ?? '', /files even when always fails \(artifacts:when: always\)/);
  assert.match(b?.reason ?? '', /files only if success succeeded \(artifacts:when: on_success\)/);
  assert.ok(a?.files && b?.files);
});

void test('jobs of one stage share their list: its reasons name no receiver, so each is true for every one of them', async () => {
  const m = await run(`
p: {stage: build, script: x, artifacts: {when: on_failure, paths: [log/]}}
first: {stage: test, script: x}
second: {stage: test, script: x}
`);
  for (const n of ['first', 'second']) {
    const reason = job(m, n).sources[0]?.reason ?? '';
    assert.match(reason, /and this job \(when: on_success\) does not run after a failed p/, n);
    assert.doesNotMatch(reason, /first|second/, n);
  }
});
