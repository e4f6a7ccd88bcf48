import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  normalizeInstanceUrl,
  parseGitConfigRemotes,
  parseRemoteUrl,
  remoteFromGitConfig,
} from '../../../src/gitlab/remote';

void test('parses https, ssh, scp-like remotes with subgroups, ports and .git', () => {
  const cases: [string, string, string][] = [
    ['https://gitlab.com/group/project.git', 'https://gitlab.com', 'group/project'],
    ['https://gitlab.com/group/sub/deeper/project', 'https://gitlab.com', 'group/sub/deeper/project'],
    ['https://user:secret@gitlab.example.com:8443/g/p.git', 'https://gitlab.example.com:8443', 'g/p'],
    ['http://gitlab.local/g/p/', 'http://gitlab.local', 'g/p'],
    ['ssh://git@gitlab.example.com:2222/group/sub/project.git', 'https://gitlab.example.com', 'group/sub/project'],
    ['ssh://gitlab.example.com/group/project', 'https://gitlab.example.com', 'group/project'],
    ['git+ssh://git@gitlab.example.com/group/project.git', 'https://gitlab.example.com', 'group/project'],
    ['git@gitlab.com:group/sub/project.git', 'https://gitlab.com', 'group/sub/project'],
    ['gitlab.example.com:group/project', 'https://gitlab.example.com', 'group/project'],
    ['git@gitlab.com:My-Group/my.project.git', 'https://gitlab.com', 'My-Group/my.project'],
  ];
  for (const [url, instanceUrl, projectPath] of cases) {
    assert.deepEqual(parseRemoteUrl(url), { instanceUrl, projectPath }, url);
  }
});

void test('rejects remotes that are not GitLab project URLs', () => {
  for (const url of [
    '',
    'C:\\repo',
    '/srv/git/project.git',
    'https://gitlab.com/onlyone',
    'file:///tmp/x/y',
    'git@host:../../etc',
    'https://h/a/../b',
  ]) {
    assert.equal(parseRemoteUrl(url), undefined, url);
  }
});

void test('never keeps credentials from an https remote', () => {
  const r = parseRemoteUrl('https://oauth2:glpat-SECRET@gitlab.com/g/p.git');
  assert.ok(r);
  assert.ok(!JSON.stringify(r).includes('SECRET'));
});

void test('reads remotes from .git/config text and prefers origin', () => {
  const cfg = `[core]
\trepositoryformatversion = 0
[remote "upstream"]
\turl = git@gitlab.com:upstream/project.git
\tfetch = +refs/heads/*:refs/remotes/upstream/*
[remote "origin"]
\turl = https://gitlab.example.com:8443/team/sub/project.git
[branch "main"]
\tremote = origin
`;
  assert.deepEqual(
    parseGitConfigRemotes(cfg).map((r) => r.name),
    ['upstream', 'origin'],
  );
  assert.deepEqual(remoteFromGitConfig(cfg), {
    instanceUrl: 'https://gitlab.example.com:8443',
    projectPath: 'team/sub/project',
  });
  assert.deepEqual(remoteFromGitConfig(cfg, 'gitlab.com'), {
    instanceUrl: 'https://gitlab.com',
    projectPath: 'upstream/project',
  });
  assert.equal(remoteFromGitConfig('[core]\n\tbare = false\n'), undefined);
});

void test('normalises a user-entered instance URL', () => {
  assert.equal(normalizeInstanceUrl('gitlab.example.com/'), 'https://gitlab.example.com');
  assert.equal(normalizeInstanceUrl('https://example.com/gitlab/'), 'https://example.com/gitlab');
  assert.equal(normalizeInstanceUrl('https://u:p@example.com'), undefined);
  assert.equal(normalizeInstanceUrl(''), undefined);
});
