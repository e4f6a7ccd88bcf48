// Broken input never crashes the engine: truncated and corrupted real configurations always come back as a
// model whose problems are diagnostics with a location. Seeded, so a failure can be replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { run } from './helpers';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SOURCES = [
  'examples/monorepo/.gitlab-ci.yml',
  'examples/overwrite/.gitlab-ci.yml',
  'examples/dotenv-mr/.gitlab-ci.yml',
];
const NOISE = [
  '{',
  '}',
  '[',
  ']',
  ':',
  '- ',
  '&a',
  '*a',
  '<<: *a',
  '!reference [',
  '"',
  "'",
  '\n  ',
  '\t',
  '#',
  '$[[ inputs.x ]]',
  'needs: [',
  'extends: .x',
  '|',
  '>',
];

void test('300 corrupted configurations: a model every time, every diagnostic located', async () => {
  const random = prng(20261123);
  for (let i = 0; i < 300; i++) {
    const base = readFileSync(SOURCES[i % SOURCES.length]!, 'utf8');
    let text = base;
    const edits = 1 + Math.floor(random() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random() * text.length);
      const kind = random();
      if (kind < 0.3) {
        text = text.slice(0, at);
      } // truncated save
      else if (kind < 0.6) text = text.slice(0, at) + NOISE[Math.floor(random() * NOISE.length)]! + text.slice(at);
      else text = text.slice(0, at) + text.slice(at + Math.floor(random() * 40));
    }
    const m = await run({
      '.gitlab-ci.yml': text,
      'ci/templates.yml': '.go-build: {script: [x]}\n.deploy-script: {script: [y]}\n',
      'ci/test.yml': 'unit: {script: x}\n',
    });
    assert.equal(m.schema, 1, `case ${i}`);
    for (const d of m.diagnostics) {
      assert.ok(d.line >= 1 && d.column >= 1 && d.file !== '' && d.message !== '', `case ${i}: ${JSON.stringify(d)}`);
    }
    if (!m.pipeline.created) assert.ok((m.pipeline.message ?? '') !== '', `case ${i}: a reason when no pipeline`);
  }
});
