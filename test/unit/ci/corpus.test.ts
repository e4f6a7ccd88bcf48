// The engine on real, large public configurations (../shared/corpus, see its MANIFEST.md): no crash, no
// configuration errors where GitLab itself would accept the file, plausible job lists and known flows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import type { FlowModel, PipelineContext } from '../../../src/ci/model';
import { nodeFileReader } from '../../../src/cli/nodeFileReader';

// CI clones the project with shared/ beside it; ARTIFACT_FLOW_CORPUS points elsewhere when it is not.
const CORPUS = resolve(process.env.ARTIFACT_FLOW_CORPUS ?? '../shared/corpus');

interface Expectation {
  /** Distinct job names before parallel expansion (MANIFEST counts, less jobs that the context's include:rules drop). */
  groups: number;
  /** Jobs after parallel/matrix expansion. */
  jobs: number;
  known: string[];
  context?: Partial<PipelineContext>;
  /** `job <- source` pairs that must appear in the job's dependency list. */
  flows?: [string, string][];
}

const EXPECT: Record<string, Expectation> = {
  GNOME__glib: {
    groups: 29,
    jobs: 29,
    known: ['style-check-advisory', 'coverage'],
    flows: [['coverage', 'fedora-x86_64']],
  },
  GNOME__mutter: {
    groups: 26,
    jobs: 26,
    known: ['build-sysext', 'test-mutter@x86_64'],
    flows: [['test-mutter@x86_64', 'build-mutter@x86_64']],
  },
  GStreamer__gstreamer: {
    groups: 36,
    jobs: 62,
    known: ['fedora amd64 docker', 'abi-check docker'],
    flows: [['abi-check docker', 'fedora amd64 docker']],
  },
  PipeWire__pipewire: { groups: 26, jobs: 66, known: ['container_ubuntu', 'container_debian: [amd64]'] },
  espressif__esp_idf: { groups: 71, jobs: 111, known: ['run-danger-mr-linter', 'fast_build_check'] },
  'f-droid__fdroidserver': { groups: 26, jobs: 26, known: ['metadata_v0', 'hooks/pre-commit'] },
  'gitlab-org__charts-gitlab': { groups: 39, jobs: 50, known: ['rubocop', 'dependency_scanning'] },
  // rails-specs is a trigger job: it waits for start-rails-specs but downloads nothing (a bridge never runs on a
  // runner; see the dedicated test below). The old flow expectation said it received its artifacts.
  'gitlab-org__gitaly': { groups: 25, jobs: 45, known: ['build: [1.20, --bundled-git]', 'rails-specs'] },
  gitlabhq__cli: {
    groups: 20,
    jobs: 20,
    known: ['windows_installer', 'build_windows'],
    flows: [['windows_installer', 'build_windows']],
  },
  'gitlabhq__gitlab-runner': {
    groups: 79,
    jobs: 125,
    known: ['helper images: [alpine alpine-pwsh ubuntu ubuntu-pwsh ubi-fips concrete]'],
  },
  gitlabhq__gitlabhq: {
    groups: 153,
    jobs: 153,
    known: ['package-and-qa', 'retrieve-tests-metadata'],
    flows: [['retrieve-tests-metadata', 'package-and-qa']],
  },
  // Analysed at its home, gitlab.com/gitlab-org/omnibus-gitlab. The old 140/143 treated $CI_SERVER_HOST as empty,
  // which GitLab never does: on gitlab.com, include:rules `$CI_SERVER_HOST == "gitlab.com" && $CI_PROJECT_PATH !=
  // $CANONICAL_PROJECT_PATH` includes gitlab-ci-config/gitlab-com.yml (YAML variables such as CANONICAL_PROJECT_PATH
  // are not visible to include:rules: lib/gitlab/ci/config/external/context.rb, spec R3.4). Elsewhere it is 140/143.
  'gitlabhq__omnibus-gitlab': {
    groups: 181,
    jobs: 189,
    known: ['RAT', 'RAT:FIPS'],
    context: { projectPath: 'gitlab-org/omnibus-gitlab', serverUrl: 'https://gitlab.com' },
  },
  mesa3d__mesa: {
    groups: 242,
    jobs: 400,
    known: ['debian/x86_64_build-base', 'debian/x86_64_build'],
    flows: [['debian/x86_64_build', 'debian/x86_64_build-base']],
  },
  ocudu__ocudu: { groups: 98, jobs: 1158, known: ['gitlab_configuration', 'smoke relwithdeb cached'] },
  qemu__qemu: {
    groups: 121,
    jobs: 121,
    known: ['build-opensbi', 'amd64-centos9-container'],
    context: { projectPath: 'qemu-project/qemu', defaultBranch: 'master', branch: 'master' },
  },
  srsran__srsRAN_Project: { groups: 209, jobs: 1421, known: ['smoke relwithdeb cached'] },
  'tezos__tezos-mirror': {
    // Which kind of merge request pipeline (detached, merged result, merge train) is unknown here: the include of
    // merge_train.yml ($CI_MERGE_REQUEST_EVENT_TYPE == "merge_train") is taken on an assumption, and its
    // datadog_pipeline_trace job is a group of its own.
    groups: 127,
    jobs: 237,
    known: [],
    context: {
      source: 'merge_request_event',
      refKind: 'mr',
      branch: 'feature',
      mrSource: 'feature',
      mrTarget: 'master',
      defaultBranch: 'master',
    },
  },
  'xen-project__xen': {
    groups: 157,
    jobs: 157,
    known: ['qemu-smoke-dom0-arm64-gcc'],
    flows: [['qemu-smoke-dom0-arm64-gcc', 'alpine-3.24-arm64-gcc']],
  },
};

function run(dir: string, ctx: Partial<PipelineContext> = {}): Promise<FlowModel> {
  return analyze({ root: '.gitlab-ci.yml', reader: nodeFileReader(dir), context: { ...defaultContext(), ...ctx } });
}

void test('the corpus is present beside the project', () => {
  assert.ok(
    existsSync(join(CORPUS, 'MANIFEST.md')),
    `expected the shared corpus at ${CORPUS} (set ARTIFACT_FLOW_CORPUS to its folder)`,
  );
});

for (const [folder, e] of Object.entries(EXPECT)) {
  const name = folder === 'espressif__esp_idf' ? 'espressif__esp-idf' : folder;
  void test(`corpus ${name}: no crash, no errors, plausible jobs and flows`, async () => {
    const m = await run(join(CORPUS, name), e.context);
    const errs = m.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}: ${d.message}`);
    assert.deepEqual(errs, [], 'configuration errors');
    assert.equal(new Set(m.jobs.map((j) => j.group)).size, e.groups, 'job groups');
    assert.equal(m.jobs.length, e.jobs, 'jobs after parallel expansion');
    const names = new Set(m.jobs.map((j) => j.name));
    for (const k of e.known) assert.ok(names.has(k), `known job ${k}`);
    for (const [consumer, producer] of e.flows ?? []) {
      const j = m.jobs.find((x) => x.name === consumer);
      assert.ok(
        j?.sources.some((s) => s.job === producer),
        `${consumer} receives artifacts from ${producer}`,
      );
    }
    // Every diagnostic points into a file of the project.
    for (const d of m.diagnostics) assert.ok(d.line >= 1 && d.file.length > 0, `${d.code} has a location`);
    // The model is plain JSON.
    assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
  });
}

void test('corpus xen: needs:project entries are cross-project sources with their variables expanded', async () => {
  const m = await run(join(CORPUS, 'xen-project__xen'));
  const j = m.jobs.find((x) => x.name === 'qemu-smoke-dom0-arm64-gcc');
  const ext = j?.sources.filter((s) => s.scope === 'project') ?? [];
  assert.ok(ext.length > 0);
  for (const s of ext) {
    assert.ok(
      !s.job.includes('$') && !(s.project ?? '').includes('$') && !(s.ref ?? '').includes('$'),
      JSON.stringify(s),
    );
  }
  // Cross-project sources are extracted after local ones (spec R7.1).
  const firstExternal = j!.sources.findIndex((s) => s.scope !== 'local');
  assert.ok(j!.sources.slice(firstExternal).every((s) => s.scope !== 'local'));
});

// The old expectation ("a branch push is rejected") held only with $CI_PROJECT_NAMESPACE empty, which GitLab
// never has: workflow:rules[20] creates the pipeline for a push to master in the tezos namespace.
void test('corpus tezos: a push to master is created in the tezos namespace, rejected in a fork, assumed when the namespace is unknown', async () => {
  const home = await run(join(CORPUS, 'tezos__tezos-mirror'), {
    branch: 'master',
    defaultBranch: 'master',
    projectPath: 'tezos/tezos',
  });
  assert.deepEqual(home.pipeline, { created: true });
  const fork = await run(join(CORPUS, 'tezos__tezos-mirror'), {
    branch: 'master',
    defaultBranch: 'master',
    projectPath: 'someone/tezos',
  });
  assert.equal(fork.pipeline.created, false);
  const unknown = await run(join(CORPUS, 'tezos__tezos-mirror'), { branch: 'master', defaultBranch: 'master' });
  assert.equal(unknown.pipeline.created, true);
  assert.match(
    unknown.pipeline.assumed ?? '',
    /workflow:rules\[20\]: assumed: .*depends on \$CI_PROJECT_NAMESPACE, which is not known here/,
  );
});

void test('corpus gitaly: the trigger job rails-specs waits for start-rails-specs and receives no files (Ci::Bridge)', async () => {
  const m = await run(join(CORPUS, 'gitlab-org__gitaly'));
  const j = m.jobs.find((x) => x.name === 'rails-specs');
  assert.equal(j?.kind, 'trigger');
  assert.deepEqual(j?.needs, ['start-rails-specs']);
  assert.ok(j?.sources.every((s) => !s.files));
});
