// The editor index walks only the top-level entries an edit re-parsed (src/editor/indexFile.ts keeps each kept
// entry's names): after edits of every kind, the index equals the index of the same text parsed afresh, aliases
// across entries included, and an unchanged entry is not walked again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import { createParseCache } from '../../../src/ci/yaml/parseCache';
import { indexFile } from '../../../src/editor/indexFile';

const FILE = 'ci.yml';

const BASE = [
  '.needs: &deps [build]',
  'stages: [build, test]',
  'build:',
  '  stage: build',
  '  script: [make, echo $VERSION]',
  '  artifacts: {paths: [out/]}',
  'test:',
  '  stage: test',
  '  needs: *deps',
  '  script:',
  '    - ./run $VERSION',
  'lint:',
  '  stage: test',
  '  needs: *deps',
  '  dependencies: [build]',
  '  extends: .base',
  '  script: [!reference [.base, script]]',
  '.base:',
  '  script: [echo]',
  '',
].join('\n');

/** The index of `text` through a parse cache that splices (as the worker's), and of a fresh parse. */
function both(cache: ReturnType<typeof createParseCache>, text: string): { spliced: string; fresh: string } {
  let parsed = cache.get(FILE, text);
  if (!parsed) {
    parsed = { loaded: loadYaml(text, FILE, new DiagnosticSink()), diagnostics: [] };
    cache.set(FILE, text, parsed);
  }
  const fresh = loadYaml(text, FILE, new DiagnosticSink());
  return {
    spliced: JSON.stringify(indexFile(FILE, text, parsed.loaded.root)),
    fresh: JSON.stringify(indexFile(FILE, text, fresh.root)),
  };
}

void test('after each edit the index equals a fresh one: a character, a line, an alias use, an anchor', () => {
  const cache = createParseCache();
  const edits = [
    BASE,
    BASE.replace('./run $VERSION', './run $VERSION x'), // a character inside a job
    BASE.replace('lint:\n', 'lint:\n  # note\n'), // a line: every later entry moves
    BASE.replace('  needs: *deps\n  dependencies', '  needs: [build]\n  dependencies'), // an alias dropped
    BASE.replace('&deps [build]', '&deps [build, lint]'), // the anchor itself
    BASE.replace('.base:\n  script: [echo]', '.base:\n  script: [echo $OTHER]'), // the last entry
    `# top\n${BASE}`,
    BASE,
  ];
  for (const [i, text] of edits.entries()) {
    const { spliced, fresh } = both(cache, text);
    assert.equal(spliced, fresh, `edit ${i}`);
  }
});

void test('an entry an edit did not touch keeps its names; an alias reaching another entry is listed once', () => {
  const cache = createParseCache();
  const first = cache.get(FILE, BASE) ?? { loaded: loadYaml(BASE, FILE, new DiagnosticSink()), diagnostics: [] };
  cache.set(FILE, BASE, first);
  const before = indexFile(FILE, BASE, first.loaded.root);
  const needs = before.occurrences.filter((o) => o.kind === 'need');
  // `*deps` in test and lint both reach `[build]` on line 1: one occurrence, owned by the anchor's entry.
  assert.deepEqual(
    needs.map((o) => [o.name, o.line, o.owner]),
    [['build', 1, '.needs']],
  );
  const edited = BASE.replace('./run $VERSION', './run $VERSIONS');
  const spliced = cache.get(FILE, edited);
  assert.ok(spliced, 'a character inside a job is spliced');
  const entries = (r: typeof spliced.loaded.root) => r?.entries ?? [];
  const kept = entries(spliced.loaded.root).filter((e) => entries(first.loaded.root).includes(e));
  assert.deepEqual(
    kept.map((e) => e.key),
    ['.needs', 'stages', 'build', 'lint', '.base'],
    'only the edited entry is a new object',
  );
  const after = indexFile(FILE, edited, spliced.loaded.root);
  assert.deepEqual(
    after.occurrences.filter((o) => o.kind === 'variable').map((o) => [o.name, o.line]),
    [
      ['VERSION', 5],
      ['VERSIONS', 11],
    ],
  );
  assert.equal(
    JSON.stringify(after),
    JSON.stringify(indexFile(FILE, edited, loadYaml(edited, FILE, new DiagnosticSink()).root)),
  );
});
