// Survivors of pipeline/outsideProject.ts (docs/mutation.md, "the eighth session's files"): where gitlab-runner's
// processPath puts an artifacts:paths entry's base (doublestar.SplitPattern: the text before the last `/` ahead of
// the first unescaped glob character; filepath.Abs then cleans it), and whether that base is outside the project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../helpers';

/** How the entry is warned: `above`, `absolute`, or '' when the runner archives from inside the project. */
async function outside(entry: string): Promise<string> {
  const m = await run(`a: {script: x, artifacts: {paths: [${JSON.stringify(entry)}]}}\n`);
  const w = m.diagnostics.find((d) => d.code === 'artifact-path-refused')?.message ?? '';
  return / lies above the project directory/.test(w) ? 'above' : / is an absolute path/.test(w) ? 'absolute' : '';
}

void test('the base is cleaned as filepath.Abs does: `.` and empty parts are nothing, `..` goes up', async () => {
  assert.equal(await outside('./../x/*'), 'above');
  assert.equal(await outside('a//../../x'), 'above');
  assert.equal(await outside('a/./../x'), '');
  assert.equal(await outside('../x'), 'above');
  assert.equal(await outside('/out'), 'absolute');
  // No `/`: the base is `.` (a file named `...` is inside).
  assert.equal(await outside('...'), '');
});

void test('the base ends before the first glob character, whatever follows it; `\\` escapes one', async () => {
  for (const entry of ['a/*/../../../x', 'a/?/../../../x', 'a/[b]/../../../x', 'a/{b,c}/../../../x']) {
    assert.equal(await outside(entry), '', entry);
  }
  // An escaped `*` is no glob character: the base runs on and goes above.
  assert.equal(await outside('\\*/../../x'), 'above');
});

void test('an entry with a variable is not judged: the runner expands it first', async () => {
  assert.equal(await outside('/builds/$CI_PROJECT_PATH/out'), '');
  assert.equal(await outside('$X/../../y'), '');
});
