// Which ref Compare with GitLab simulates a push pipeline on: the one asked for; else the working copy's branch
// when GitLab has it; else the default branch, saying why. Our pipeline context is that same push.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { GitLabClient } from '../../../src/gitlab/client';
import { nodeFetch } from '../../../src/gitlab/nodeFetch';
import { chooseRef, pushContext } from '../../../src/gitlab/verify/refChoice';
import { CiFilesServer } from '../../support/fakeGitLab/ciFiles';

let server: CiFilesServer | undefined;
after(async () => {
  await server?.close();
});

async function setup(): Promise<{ s: CiFilesServer; client: GitLabClient }> {
  const s = (server ??= await CiFilesServer.start());
  if (s.projects.length === 0) {
    const sha = 'e'.repeat(40);
    s.projects.push({
      id: 5,
      path: 'grp/app',
      defaultBranch: 'trunk',
      refs: { trunk: sha, feature: sha, 'v2.0': sha },
      releases: [{ tag: 'v2.0', releasedAt: '2026-01-01T00:00:00Z' }],
      commits: [{ sha, files: {} }],
    });
  }
  const client = new GitLabClient({
    instanceUrl: s.url,
    token: { get: () => Promise.resolve(s.token) },
    fetch: nodeFetch,
    retries: 0,
  });
  return { s, client };
}

void test('the working copy branch when GitLab has it, else the default branch with a note', async () => {
  const { client } = await setup();
  assert.deepEqual(await chooseRef(client, 'grp/app', { name: 'feature', kind: 'branch', explicit: false }), {
    ref: 'feature',
    refKind: 'branch',
    defaultBranch: 'trunk',
  });
  const unpushed = await chooseRef(client, 'grp/app', { name: 'local-only', kind: 'branch', explicit: false });
  assert.equal(unpushed.ref, 'trunk');
  assert.match(unpushed.note ?? '', /local-only is not on GitLab .* default branch trunk/);
  assert.deepEqual(await chooseRef(client, 'grp/app', undefined), {
    ref: 'trunk',
    refKind: 'branch',
    defaultBranch: 'trunk',
  });
});

void test('an explicit ref or tag is used as given, and our context is that push', async () => {
  const { client } = await setup();
  const tag = await chooseRef(client, 'grp/app', { name: 'v2.0', kind: 'tag', explicit: true });
  assert.deepEqual(tag, { ref: 'v2.0', refKind: 'tag', defaultBranch: 'trunk' });
  assert.deepEqual(pushContext(tag, 'grp/app', 'https://gitlab.example.com'), {
    source: 'push',
    refKind: 'tag',
    tag: 'v2.0',
    defaultBranch: 'trunk',
    variables: {},
    projectPath: 'grp/app',
    serverUrl: 'https://gitlab.example.com',
  });
});

void test('a project GitLab does not show is an error, not a silent default', async () => {
  const { client } = await setup();
  await assert.rejects(chooseRef(client, 'grp/hidden', undefined), /404/);
});
