// Downstream pipelines on real configurations (../shared/corpus): local children analysed with their jobs (charts
// triggers its own .gitlab-ci.yml with variables), multi-project triggers as external nodes, dynamic children and
// excluded trigger jobs with the reason, and every child bounded by GitLab's depth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import type { DownstreamPipeline, FlowModel } from '../../../src/ci/model';
import { nodeFileReader } from '../../../src/cli/nodeFileReader';
import { DOWNSTREAM_LIMITS } from '../../../src/ci/pipeline/downstream';

const CORPUS = resolve(process.env.ARTIFACT_FLOW_CORPUS ?? '../shared/corpus');

function corpus(name: string): Promise<FlowModel> {
  return analyze({ root: '.gitlab-ci.yml', reader: nodeFileReader(join(CORPUS, name)), context: defaultContext() });
}

function down(m: FlowModel, trigger: string): DownstreamPipeline {
  const d = m.downstream?.find((x) => x.trigger === trigger);
  assert.ok(d, `downstream of ${trigger}`);
  return d;
}

function depth(list: readonly DownstreamPipeline[] | undefined): number {
  return Math.max(0, ...(list ?? []).map((d) => (d.pipeline ? 1 + depth(d.pipeline.downstream) : 0)));
}

void test('charts-gitlab: each trigger-* child is the project .gitlab-ci.yml run with its trigger variables', async () => {
  const m = await corpus('gitlab-org__charts-gitlab');
  const diagnostics = m.diagnostics.length;
  const child = down(m, 'trigger-v133');
  assert.equal(child.kind, 'child');
  assert.equal(child.label, '.gitlab-ci.yml');
  assert.equal(child.pipeline?.created, true);
  assert.ok((child.pipeline?.jobs.length ?? 0) > 0);
  assert.ok((child.pipeline?.jobs.filter((j) => j.inPipeline).length ?? 0) > 0);
  assert.deepEqual(
    child.pipeline?.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  assert.equal(down(m, 'trigger_operator_test').kind, 'project');
  assert.equal(down(m, 'trigger_operator_test').project, 'gitlab-org/cloud-native/gitlab-operator');
  assert.ok(depth(m.downstream) <= DOWNSTREAM_LIMITS.maxDepth);
  assert.equal(m.diagnostics.length, diagnostics);
});

void test('gitaly, esp-idf, srsRAN: multi-project nodes, a dynamic child and excluded triggers say what they are', async () => {
  const gitaly = await corpus('gitlab-org__gitaly');
  assert.deepEqual(
    { ...down(gitaly, 'rails-specs') },
    {
      trigger: 'rails-specs',
      kind: 'project',
      label: 'gitlab-org/gitlab',
      project: 'gitlab-org/gitlab',
      // A runtime variable stays as written: GitLab expands it when the trigger job runs.
      ref: 'gitaly-ci-jobs-$CI_PIPELINE_IID',
    },
  );
  const esp = await corpus('espressif__esp-idf');
  const dynamic = down(esp, 'build_child_pipeline_buildv2');
  assert.equal(dynamic.kind, 'dynamic');
  assert.equal(dynamic.label, 'buildv2_child_pipeline.yml from generate_build_child_pipeline_buildv2');
  assert.match(dynamic.unknown ?? '', /is not in this pipeline/);
  const srs = await corpus('srsran__srsRAN_Project');
  assert.equal(down(srs, 'trigger builder').label, '.gitlab/ci/builders.yml');
  assert.ok(
    (srs.downstream ?? []).every((d) => d.pipeline !== undefined || d.unknown !== undefined || d.kind === 'project'),
  );
});
