// A dynamic child pipeline's configuration through the include fetcher (src/gitlab/includes/artifactFile.ts),
// against the GitLab API test server's single-file artifact endpoint by ref and job name: the file from the latest
// successful pipeline of the ref, nested paths, GitLab's 404 for a missing job, pipeline or file, reused for a minute only,
// offline and without a project "unavailable", bounded at the 1 MiB CI file limit; and the engine drawing it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createIncludeFetcher } from '../../../src/gitlab/includes/apiFetcher';
import { folderCache } from '../../../src/gitlab/includes/cache';
import { ARTIFACT_REUSE_MS } from '../../../src/gitlab/includes/artifactFile';
import { MAX_INCLUDE_BYTES, type IncludeFetchOptions } from '../../../src/gitlab/includes/context';
import { nodeFetch } from '../../../src/gitlab/nodeFetch';
import type { IncludeFetcher } from '../../../src/ci/include/fetcher';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import { GitLabTestServer } from '../../support/fakeGitLab/server';
import { buildZip } from '../../support/fakeGitLab/zips';
import { clientFor, tempDir, type TempDir } from '../../support/fakeGitLab/helpers';
import { memoryReader } from '../ci/helpers';

let server: GitLabTestServer;
let tmp: TempDir;
const PROJECT = 'group/sub/project';

before(async () => {
  server = await GitLabTestServer.start();
  tmp = tempDir('af-artifact-include-');
  // An older successful pipeline generated another file: the latest one by creation time is served.
  server.addPipeline({ id: 90, ref: 'main' });
  server.addJob({
    id: 9,
    name: 'generate',
    pipelineId: 90,
    archive: await buildZip([{ name: 'gen.yml', data: 'old: {script: o}\n' }]),
  });
  server.addPipeline({ id: 100, ref: 'main' });
  server.addJob({
    id: 1,
    name: 'generate',
    pipelineId: 100,
    archive: await buildZip([
      { name: 'gen.yml', data: 'one: {script: a}\ntwo: {script: b, needs: [one]}\n' },
      { name: 'ci/deep dir/child.yml', data: 'deep: {script: d}\n' },
      { name: 'big.yml', data: `# ${'x'.repeat(MAX_INCLUDE_BYTES + 100)}\n`, compress: false },
    ]),
  });
  server.addPipeline({ id: 110, ref: 'broken', status: 'failed' });
  server.addJob({
    id: 2,
    name: 'generate',
    pipelineId: 110,
    archive: await buildZip([{ name: 'gen.yml', data: 'x: {script: x}\n' }]),
  });
});
after(async () => {
  await server.close();
  tmp.cleanup();
});

function fetcher(extra: Partial<IncludeFetchOptions> = {}): IncludeFetcher {
  return createIncludeFetcher({
    client: clientFor(server).client,
    instanceUrl: server.url,
    projectPath: PROJECT,
    remoteFetch: nodeFetch,
    ...extra,
  });
}

void test('the file from the latest successful pipeline of the ref, nested paths encoded per segment', async () => {
  const f = fetcher();
  assert.ok('artifact' in f, 'the API fetcher reads artifacts');
  const got = await f.artifact('generate', 'gen.yml', 'main');
  assert.deepEqual(got, { file: { text: 'one: {script: a}\ntwo: {script: b, needs: [one]}\n', via: 'api' } });
  const deep = await f.artifact('generate', 'ci/deep dir/child.yml', 'main');
  assert.deepEqual(deep, { file: { text: 'deep: {script: d}\n', via: 'api' } });
  assert.equal(server.count(/\/jobs\/artifacts\/main\/raw\/ci\/deep%20dir\/child\.yml\?job=generate$/), 1);
});

void test("GitLab's 404 (no such file, job, or successful pipeline on the ref) is an error naming what was looked for", async () => {
  const f = fetcher();
  for (const [job, path, ref] of [
    ['generate', 'nope.yml', 'main'],
    ['other', 'gen.yml', 'main'],
    ['generate', 'gen.yml', 'broken'],
  ] as const) {
    const got = await f.artifact!(job, path, ref);
    assert.ok('error' in got, JSON.stringify(got));
    assert.equal(
      got.error,
      `\`${path}\` is not in the artifacts of the latest successful \`${job}\` job on \`${ref}\` (no such job, pipeline or file)`,
    );
  }
});

void test('reused for a minute only (a burst of keystrokes costs one request); offline or without the project it is unavailable', async () => {
  const cache = folderCache(tmp.fresh());
  // The cache stamps entries with the real clock: the fetcher's clock starts there and is moved by hand.
  let now = Date.now() - 1_000;
  const f = fetcher({ cache, now: () => now });
  const before = server.count(/\/raw\/gen\.yml/);
  const first = await f.artifact!('generate', 'gen.yml', 'main');
  now += ARTIFACT_REUSE_MS - 1;
  const again = await f.artifact!('generate', 'gen.yml', 'main');
  assert.equal(server.count(/\/raw\/gen\.yml/) - before, 1);
  assert.deepEqual(again, first);
  now += 5_000;
  await f.artifact!('generate', 'gen.yml', 'main');
  assert.equal(server.count(/\/raw\/gen\.yml/) - before, 2, 'asked again once the minute is over');
  const offline = await fetcher({ cache, offline: true }).artifact!('generate', 'gen.yml', 'main');
  assert.ok('unavailable' in offline && /never cached/.test(offline.unavailable), JSON.stringify(offline));
  const noProject = await createIncludeFetcher({
    client: clientFor(server).client,
    instanceUrl: server.url,
    remoteFetch: nodeFetch,
  }).artifact!('generate', 'gen.yml', 'main');
  assert.ok('unavailable' in noProject && /needs the project/.test(noProject.unavailable));
});

void test('bounded: a file past 1 MiB is read up to the limit plus one byte, and the engine reports it too big', async () => {
  const got = await fetcher().artifact!('generate', 'big.yml', 'main');
  assert.ok('file' in got);
  assert.equal(got.file.text.length, MAX_INCLUDE_BYTES + 1);
  const m = await analyze({
    root: '.gitlab-ci.yml',
    reader: memoryReader({
      '.gitlab-ci.yml':
        'generate: {stage: build, script: g, artifacts: {paths: [big.yml]}}\nrun: {stage: test, trigger: {include: [{artifact: big.yml, job: generate}]}}\n',
    }),
    context: defaultContext(),
    fetcher: fetcher(),
  });
  const child = m.downstream?.[0]?.pipeline;
  assert.equal(child?.created, false);
  assert.ok(
    child?.diagnostics.some((d) => d.code === 'yaml-too-big'),
    JSON.stringify(child?.diagnostics),
  );
});

void test('the engine draws the dynamic child from the fetched file', async () => {
  const m = await analyze({
    root: '.gitlab-ci.yml',
    reader: memoryReader({
      '.gitlab-ci.yml':
        'generate: {stage: build, script: g, artifacts: {paths: [gen.yml]}}\nrun: {stage: test, trigger: {include: [{artifact: gen.yml, job: generate}]}}\n',
    }),
    context: defaultContext(),
    fetcher: fetcher(),
  });
  const d = m.downstream?.[0];
  assert.equal(d?.kind, 'dynamic');
  assert.deepEqual(
    d?.pipeline?.jobs.map((j) => j.name),
    ['one', 'two'],
  );
});
