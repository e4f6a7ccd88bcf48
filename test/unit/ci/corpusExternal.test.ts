// Three corpus projects (../shared/corpus) with their external includes resolved: fixture copies of the files they
// include from other projects (test/fixtures/external, see its README) are served by the GitLab API test server and
// read through the real include fetcher (src/gitlab/includes) — `include:project` at a commit and at the default
// branch, `include:remote` (no token), `include:component` at a tag with inputs. With them, every `extends` resolves:
// no `extends-unresolved`, no `job-incomplete`, and each fetched file is recorded under its origin label.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import type { FlowModel } from '../../../src/ci/model';
import { GitLabClient } from '../../../src/gitlab/client';
import { nodeFetch } from '../../../src/gitlab/nodeFetch';
import { createIncludeFetcher } from '../../../src/gitlab/includes/apiFetcher';
import { nodeFileReader } from '../../../src/cli/nodeFileReader';
import { CiFilesServer } from '../../support/fakeGitLab/ciFiles';

const CORPUS = resolve(process.env.ARTIFACT_FLOW_CORPUS ?? '../shared/corpus');
const FIXTURES = resolve('test/fixtures/external');
const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');

// The ci-templates commits the corpus names (GStreamer's and PipeWire's `ref:`, mutter's raw URLs).
const GSTREAMER_REF = 'e0b27048d7ba881e3bfec48f4f7cba6504a7472e';
const PIPEWIRE_REF = 'ef5e4669b7500834a17ffe9277e15fbb6d977fff';
const MUTTER_FEDORA = '145b1bc7ef1702d2bd71584010d7113c6786a506';
const MUTTER_FAIRY = '34f4ade99434043f88e164933f570301fd18b125';
const CITEMPLATES_SHA = '34b9e482270922469e3548dad2de97725337dbe8';
const RELEASE_SERVICE_SHA = 'd'.repeat(40);
const SYSEXT = 'gitlab.gnome.org/GNOME/citemplates/gnomeos-build-sysext@1.0.0-alpha.1';

const FDO = 'gitlab.freedesktop.org/freedesktop/ci-templates/templates';
const distros = (...names: string[]): Record<string, string> =>
  Object.fromEntries(names.map((n) => [`templates/${n}.yml`, fixture(`${FDO}/${n}.yml`)]));

let server: CiFilesServer | undefined;
async function serve(): Promise<CiFilesServer> {
  if (server) return server;
  const s = await CiFilesServer.start();
  s.projects.push({
    id: 1,
    path: 'freedesktop/ci-templates',
    defaultBranch: 'master',
    refs: { master: PIPEWIRE_REF },
    commits: [
      { sha: GSTREAMER_REF, files: distros('fedora', 'debian') },
      { sha: PIPEWIRE_REF, files: distros('fedora', 'ubuntu', 'alpine', 'debian') },
    ],
    public: true,
  });
  s.projects.push({
    id: 2,
    path: 'Infrastructure/openshift-images/gnome-release-service',
    defaultBranch: 'main',
    refs: { main: RELEASE_SERVICE_SHA },
    commits: [
      {
        sha: RELEASE_SERVICE_SHA,
        files: {
          'ci-templates/release-module.yml': fixture(
            'gitlab.gnome.org/Infrastructure/openshift-images/gnome-release-service/ci-templates/release-module.yml',
          ),
        },
      },
    ],
    public: true,
  });
  s.projects.push({
    id: 3,
    path: 'GNOME/citemplates',
    defaultBranch: 'master',
    refs: { master: CITEMPLATES_SHA, '1.0.0-alpha.1': CITEMPLATES_SHA },
    releases: [{ tag: '1.0.0-alpha.1', releasedAt: '2024-11-20T00:00:00Z' }],
    commits: [
      {
        sha: CITEMPLATES_SHA,
        files: {
          'templates/gnomeos-build-sysext.yml': fixture(
            'gitlab.gnome.org/GNOME/citemplates/templates/gnomeos-build-sysext.yml',
          ),
        },
      },
    ],
    public: true,
  });
  const raw = `/gitlab.freedesktop.org/freedesktop/ci-templates/-/raw`;
  s.remoteFiles.set(`${raw}/${MUTTER_FEDORA}/templates/fedora.yml`, fixture(`${FDO}/fedora.yml`));
  s.remoteFiles.set(`${raw}/${MUTTER_FAIRY}/templates/ci-fairy.yml`, fixture(`${FDO}/ci-fairy.yml`));
  server = s;
  return s;
}
after(async () => {
  await server?.close(); // fails the run if the remote origin ever saw a token
});

/**
 * The project analysed as if on `instance`: the client and the fetcher are the product's, told the real instance
 * URL (so component addresses and token rules are checked against it); only the transport is pointed at the test
 * server — the instance's API at its API origin, every other https host at its remote origin, path kept.
 */
async function analyseAt(project: string, instance: string, projectPath: string): Promise<FlowModel> {
  const s = await serve();
  const client = new GitLabClient({
    instanceUrl: instance,
    token: { get: () => Promise.resolve(s.token) },
    fetch: (url, init) => nodeFetch(url.replace(instance, s.url), init),
    retries: 0,
  });
  const fetcher = createIncludeFetcher({
    client,
    instanceUrl: instance,
    projectPath,
    remoteFetch: (url, init) => nodeFetch(url.replace(/^https:\/\//, `${s.remoteUrl}/`), init),
  });
  return analyze({
    root: '.gitlab-ci.yml',
    reader: nodeFileReader(join(CORPUS, project)),
    context: { ...defaultContext(), serverUrl: instance, projectPath },
    fetcher,
  });
}

function assertComplete(m: FlowModel): void {
  const bad = m.diagnostics.filter((d) =>
    ['extends-unresolved', 'job-incomplete', 'include-unresolved', 'include-external'].includes(d.code),
  );
  assert.deepEqual(
    bad.map((d) => `${d.code}: ${d.message}`),
    [],
  );
  assert.deepEqual(
    m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
}

const fetched = (m: FlowModel): string[] =>
  m.includes
    .filter((i) => i.kind !== 'local')
    .map((i) => `${i.kind} ${i.resolved ? 'resolved' : 'UNRESOLVED'} ${i.files.join(' ')}`)
    .sort();

void test('GNOME mutter: remote fdo templates, a project file at the default branch, a component with inputs', async () => {
  const m = await analyseAt('GNOME__mutter', 'https://gitlab.gnome.org', 'GNOME/mutter');
  assertComplete(m);
  assert.equal(new Set(m.jobs.map((j) => j.group ?? j.name)).size, 26);
  assert.equal(m.jobs.length, 26);
  assert.deepEqual(fetched(m), [
    `component resolved component:${SYSEXT}`,
    `project resolved project:infrastructure/openshift-images/gnome-release-service@main:/ci-templates/release-module.yml`,
    `remote resolved remote:https://gitlab.freedesktop.org/freedesktop/ci-templates/-/raw/${MUTTER_FEDORA}/templates/fedora.yml`,
    `remote resolved remote:https://gitlab.freedesktop.org/freedesktop/ci-templates/-/raw/${MUTTER_FAIRY}/templates/ci-fairy.yml`,
  ]);
  // The component's job, completed by mutter's own `build-sysext:` (before_script, tags), keeps the
  // component's script, stage and artifacts, interpolated with the inputs mutter passes.
  const sysext = m.jobs.find((j) => j.name === 'build-sysext');
  assert.ok(sysext);
  // Defined in both, the job is placed where mutter writes it (its own file wins the position).
  assert.equal(sysext.file, '.gitlab-ci.yml');
  assert.equal(sysext.stage, 'build');
  assert.deepEqual(sysext.artifacts?.paths, ['extension.sysext.raw']);
  assert.equal(m.includes.find((i) => i.kind === 'component')?.version, '1.0.0-alpha.1');
});

void test('GStreamer: freedesktop/ci-templates fedora and debian at the commit the project pins', async () => {
  const m = await analyseAt('GStreamer__gstreamer', 'https://gitlab.freedesktop.org', 'gstreamer/gstreamer');
  assertComplete(m);
  assert.equal(m.jobs.length, 62);
  assert.deepEqual(fetched(m), [
    `project resolved project:freedesktop/ci-templates@${GSTREAMER_REF}:/templates/debian.yml`,
    `project resolved project:freedesktop/ci-templates@${GSTREAMER_REF}:/templates/fedora.yml`,
  ]);
  assert.ok(m.includes.filter((i) => i.kind === 'project').every((i) => i.sha === GSTREAMER_REF));
});

void test('PipeWire: four ci-templates files at the commit a YAML anchor names', async () => {
  const m = await analyseAt('PipeWire__pipewire', 'https://gitlab.freedesktop.org', 'pipewire/pipewire');
  assertComplete(m);
  assert.equal(m.jobs.length, 66);
  assert.deepEqual(
    fetched(m),
    ['alpine', 'debian', 'fedora', 'ubuntu'].map(
      (d) => `project resolved project:freedesktop/ci-templates@${PIPEWIRE_REF}:/templates/${d}.yml`,
    ),
  );
});

void test('a job defined only in a fetched file carries its origin label and its line in the fetched text', async () => {
  const s = await serve();
  const instance = 'https://gitlab.gnome.org';
  const client = new GitLabClient({
    instanceUrl: instance,
    token: { get: () => Promise.resolve(s.token) },
    fetch: (url, init) => nodeFetch(url.replace(instance, s.url), init),
    retries: 0,
  });
  const fetcher = createIncludeFetcher({ client, instanceUrl: instance, remoteFetch: nodeFetch });
  const m = await analyze({
    root: '.gitlab-ci.yml',
    reader: {
      read: (p) =>
        Promise.resolve(
          p === '.gitlab-ci.yml'
            ? `include:\n  - component: ${SYSEXT}\n    inputs: {job-name: sysext-only, job-stage: test}\nafter: {stage: test, needs: [sysext-only], script: ls extension.sysext.raw}\n`
            : undefined,
        ),
      list: () => Promise.resolve(['.gitlab-ci.yml']),
    },
    context: { ...defaultContext(), serverUrl: instance },
    fetcher,
  });
  assertComplete(m);
  const job = m.jobs.find((j) => j.name === 'sysext-only');
  assert.ok(job);
  assert.equal(job.file, `component:${SYSEXT}`);
  assert.equal(job.line, 16);
  assert.equal(job.stage, 'test');
  // Its artifacts reach the local job that needs it.
  assert.deepEqual(
    m.jobs.find((j) => j.name === 'after')?.sources.map((x) => x.job),
    ['sysext-only'],
  );
});
