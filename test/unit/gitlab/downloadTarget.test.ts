// The target rule on its own: which folders a download may fill or replace, and where settings may point.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  checkDownloadTarget,
  checkNotProtected,
  folderInside,
  MARKER_TOOL,
  markerText,
  parseMarker,
  safeDirName,
} from '../../../src/gitlab/downloadTarget';
import { ArtifactError } from '../../../src/gitlab/errors';
import { terminalSafe } from '../../../src/gitlab/terminalText';
import { tempDir, type TempDir } from '../../support/fakeGitLab/helpers';

let tmp: TempDir;
before(() => {
  tmp = tempDir('af-target-');
});
after(() => tmp.cleanup());

async function refusal(p: Promise<unknown>): Promise<ArtifactError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ArtifactError && e.kind === 'target', String(e));
    return e;
  }
  assert.fail('expected a refusal');
}

void test('absent, empty and our own previous download are accepted', async () => {
  const ws = tmp.fresh();
  assert.deepEqual(await checkDownloadTarget(join(ws, 'new', 'deeper')), { kind: 'absent' });
  mkdirSync(join(ws, 'empty'));
  assert.deepEqual(await checkDownloadTarget(join(ws, 'empty')), { kind: 'empty' });
  mkdirSync(join(ws, 'ours'));
  writeFileSync(join(ws, 'ours', '.artifact-flow.json'), markerText(join(ws, 'ours'), { jobId: 3 }));
  writeFileSync(join(ws, 'ours', 'a.txt'), 'a');
  const state = await checkDownloadTarget(join(ws, 'ours'));
  assert.equal(state.kind, 'ours');
  assert.equal(state.kind === 'ours' ? state.marker.jobId : undefined, 3);
});

void test('the workspace folder, its parents, the home folder, files and foreign folders are refused', async () => {
  const ws = tmp.fresh();
  mkdirSync(join(ws, 'src'));
  writeFileSync(join(ws, 'src', 'x.ts'), '');
  writeFileSync(join(ws, 'file'), '');
  const guard = { protect: [{ path: ws, label: 'the workspace folder ws' }], origin: 'the folder you picked' };
  assert.match(
    (await refusal(checkDownloadTarget(ws, guard))).message,
    /\(the folder you picked\): it is the workspace folder ws itself\. Nothing was changed\. Pick an empty or new folder\./,
  );
  assert.match((await refusal(checkDownloadTarget(dirname(ws), guard))).message, /it contains the workspace folder ws/);
  assert.match((await refusal(checkDownloadTarget(homedir(), guard))).message, /it is your home folder itself/);
  assert.match(
    (await refusal(checkDownloadTarget(join(ws, 'src'), guard))).message,
    /not empty and was not created by a download/,
  );
  assert.match((await refusal(checkDownloadTarget(join(ws, 'file'), guard))).message, /an existing file/);
  // A symlink to the workspace is the workspace.
  const other = tmp.fresh();
  symlinkSync(ws, join(other, 'alias'));
  assert.match(
    (await refusal(checkNotProtected(join(other, 'alias'), guard))).message,
    /it is the workspace folder ws itself/,
  );
  await checkNotProtected(join(ws, 'src'), guard); // inside the workspace is fine
});

void test('a marker is ours only with our tool id and this very path', () => {
  const t = '/x/y/out';
  assert.ok(parseMarker(markerText(t, {}), t));
  assert.equal(parseMarker(markerText('/x/y/elsewhere', {}), t), undefined);
  assert.equal(parseMarker(JSON.stringify({ tool: 'other', target: t }), t), undefined);
  assert.equal(parseMarker(JSON.stringify({ tool: MARKER_TOOL, target: 'out' }), t), undefined, 'relative target');
  assert.equal(parseMarker('not json', t), undefined);
  assert.equal(parseMarker('null', t), undefined);
});

void test('artifactsFolder resolves inside the workspace; .., absolute paths and symlinks out are refused naming the setting', async () => {
  const ws = tmp.fresh();
  const setting = 'gitlabArtifactFlow.artifactsFolder';
  assert.equal(await folderInside(ws, '.gitlab-artifacts', setting), join(ws, '.gitlab-artifacts'));
  assert.equal(await folderInside(ws, 'out/arts/', setting), join(ws, 'out', 'arts'));
  for (const [value, why] of [
    ['../outside', /leads out of the workspace \(\.\.\)/],
    ['a/../../b', /leads out/],
    ['/tmp/x', /absolute path/],
    ['C:\\x', /absolute path/],
  ] as const) {
    const e = await refusal(folderInside(ws, value, setting));
    assert.match(
      e.message,
      new RegExp(
        `The setting ${setting.replace(/\./g, '\\.')} \\(${JSON.stringify(value).replace(/[.\\/()[\]]/g, '\\$&')}\\)`,
      ),
    );
    assert.match(e.message, why);
  }
  const outside = tmp.fresh();
  symlinkSync(outside, join(ws, 'escape'));
  assert.match((await refusal(folderInside(ws, 'escape/arts', setting))).message, /through a symbolic link/);
});

void test('safeDirName: one safe segment for any job or ref name', () => {
  assert.equal(safeDirName('build 2/3'), 'build 2_3');
  assert.equal(safeDirName('..'), '_');
  assert.equal(safeDirName('.hidden'), '_hidden');
  assert.equal(safeDirName('rspec: [a, b]'), 'rspec_ [a, b]');
  assert.equal(safeDirName('CON'), '_CON');
  assert.equal(safeDirName('name. '), 'name');
  assert.equal(safeDirName(''), '_');
  assert.equal(safeDirName('x'.repeat(300)).length, 120);
});

void test('terminalSafe removes escape sequences, control characters and bidi overrides but keeps lines', () => {
  assert.equal(terminalSafe('a\u001b[31mred\u001b[0m b'), 'ared b');
  assert.equal(terminalSafe('t\u001b]0;title\u0007x'), 'tx');
  assert.equal(terminalSafe('c\u009b2Jd'), 'cd');
  assert.equal(terminalSafe('line1\nline2\tend\r'), 'line1\nline2\tend?');
  assert.equal(terminalSafe('x\u202eevil'), 'x?evil');
});
