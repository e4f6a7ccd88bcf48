// Positions between a keystroke and the next model: later lines move with inserted and deleted lines, edited
// lines drop out, and entries keep the old start that the model's ranges use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shiftFileIndex, shiftLine } from '../../../src/editor/lineShift';
import { EditorModel } from '../../../src/editor/editorModel';
import { editorModel, folderFiles, pos } from './helpers';
import { hoverAt } from '../../../src/editor/hover';

void test('shiftLine: lines after an insertion move down, after a deletion up; touched lines are unknown', () => {
  const insertTwo = [{ startLine: 3, endLine: 3, insertedBreaks: 2 }];
  assert.equal(shiftLine(2, [insertTwo]), 2);
  assert.equal(shiftLine(3, [insertTwo]), undefined);
  assert.equal(shiftLine(5, [insertTwo]), 7);
  const deleteTwo = [{ startLine: 4, endLine: 6, insertedBreaks: 0 }];
  assert.equal(shiftLine(10, [deleteTwo]), 8);
  assert.equal(shiftLine(10, [insertTwo, deleteTwo]), 10);
  // Two edits of one event are both against the text before it.
  assert.equal(
    shiftLine(10, [
      [
        { startLine: 1, endLine: 1, insertedBreaks: 1 },
        { startLine: 5, endLine: 5, insertedBreaks: 1 },
      ],
    ]),
    12,
  );
});

void test('a hover still answers at the moved place after lines are inserted above, before the next model', async () => {
  const files = folderFiles('examples/monorepo');
  const em = await editorModel(files);
  const events = [[{ startLine: 1, endLine: 1, insertedBreaks: 3 }]];
  const index = {
    ...em.index,
    files: em.index.files.map((f) => (f.file === '.gitlab-ci.yml' ? shiftFileIndex(f, events) : f)),
  };
  const moved = new EditorModel(em.model, index);
  const p = pos(files, '.gitlab-ci.yml', '- version', 3);
  assert.ok(!(hoverAt(moved, '.gitlab-ci.yml', p.line, p.column)?.markdown ?? '').includes('needs: version'));
  const h = hoverAt(moved, '.gitlab-ci.yml', p.line + 3, p.column);
  assert.match(h?.markdown ?? '', /`package`: brings dotenv `\$VERSION` from `version`/);
  const key = pos(files, '.gitlab-ci.yml', 'package:');
  assert.match(hoverAt(moved, '.gitlab-ci.yml', key.line + 3, 2)?.markdown ?? '', /\*\*package\*\*/);
});
