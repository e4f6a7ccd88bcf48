// Test helpers: an EditorModel of in-memory files or an example folder, built the way the worker builds it
// (the engine's parse cache recorded, then indexed), and positions found by the text they point at.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import type { PipelineContext } from '../../../src/ci/model';
import { createParseCache } from '../../../src/ci/yaml/parseCache';
import { buildEditorIndex, recordingCache } from '../../../src/editor/buildIndex';
import { EditorModel } from '../../../src/editor/editorModel';
import { memoryReader } from '../ci/helpers';
import { ROOT } from '../../support/paths';

export async function editorModel(
  files: Record<string, string>,
  ctx: Partial<PipelineContext> = {},
): Promise<EditorModel> {
  const { cache, files: recorded } = recordingCache(createParseCache());
  const model = await analyze({
    root: '.gitlab-ci.yml',
    reader: memoryReader(files),
    context: { ...defaultContext(), ...ctx },
    cache,
  });
  // Like the worker: the index travels as JSON.
  const index = JSON.parse(JSON.stringify(buildEditorIndex(recorded))) as ReturnType<typeof buildEditorIndex>;
  return new EditorModel(model, index);
}

export function folderFiles(dir: string): Record<string, string> {
  const base = join(ROOT, dir);
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(base, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(base);
  return out;
}

/** The 1-based position of the `nth` occurrence of `needle` in a file (plus `offset` characters). */
export function pos(
  files: Record<string, string>,
  file: string,
  needle: string,
  offset = 0,
  nth = 0,
): { line: number; column: number } {
  const lines = (files[file] ?? '').split('\n');
  let seen = 0;
  for (const [i, text] of lines.entries()) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(needle, from);
      if (at < 0) break;
      if (seen++ === nth) return { line: i + 1, column: at + 1 + offset };
      from = at + 1;
    }
  }
  assert.fail(`${needle} not found in ${file}`);
}

/** Applies 1-based text edits (non-overlapping) to a file's text. */
export function applyEdits(
  text: string,
  edits: readonly { line: number; column: number; endLine: number; endColumn: number; text: string }[],
): string {
  const lines = text.split('\n');
  const offset = (line: number, column: number): number =>
    lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  const sorted = [...edits].sort((a, b) => offset(b.line, b.column) - offset(a.line, a.column));
  let out = text;
  for (const e of sorted) {
    out = out.slice(0, offset(e.line, e.column)) + e.text + out.slice(offset(e.endLine, e.endColumn));
  }
  return out;
}
