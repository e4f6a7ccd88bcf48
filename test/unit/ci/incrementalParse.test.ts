// Re-parsing only the edited part of a file (incremental/spliceParse.ts) gives exactly what a full parse gives:
// the same tree (values, ranges, key order) and the same findings, over seeded random edits of every YAML file of
// four corpus configurations, and on hand-made cases where splitting at top-level keys would go wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import { createParseCache, type ParsedFile } from '../../../src/ci/yaml/parseCache';

const CORPUS = resolve(process.env.ARTIFACT_FLOW_CORPUS ?? '../shared/corpus');
/** Edits per file, and the seed of the generator (a failure replays). */
const SEED = 2026;
const ROUNDS = 8;

function full(path: string, text: string): ParsedFile {
  const sink = new DiagnosticSink();
  const loaded = loadYaml(text, path, sink);
  return { loaded, diagnostics: sink.items };
}

/** The cache's answer for `after` once it holds `before` (undefined: it asks for a full parse). */
function spliced(path: string, before: string, after: string): ParsedFile | undefined {
  const cache = createParseCache();
  cache.set(path, before, full(path, before));
  return cache.get(path, after);
}

/** Spliced answers equal full parses, byte for byte; returns whether it spliced. */
function check(path: string, before: string, after: string, what: string): boolean {
  const got = spliced(path, before, after);
  if (!got) return false;
  assert.equal(JSON.stringify(got), JSON.stringify(full(path, after)), `${path}: ${what}`);
  return true;
}

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [
  '# typed',
  '',
  '  ',
  'x',
  'new_job:',
  '  script: [a]',
  '- a',
  '  - b',
  '"',
  "'",
  '[',
  '{',
  '|',
  '&a',
  '*a',
];

/** One keystroke-sized edit of one line. */
function edit(text: string, next: () => number): { text: string; what: string } {
  const lines = text.split('\n');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const i = Math.floor(next() * lines.length);
  const line = lines[i] ?? '';
  const kind = pick(['char', 'delete-char', 'insert', 'delete', 'duplicate', 'top', 'paste'] as const);
  switch (kind) {
    case 'char': {
      const at = Math.floor(next() * (line.length + 1));
      lines[i] = line.slice(0, at) + pick(['a', ' ', ':', '-', '#', '"', '&', '*', '[', '1']) + line.slice(at);
      break;
    }
    case 'delete-char': {
      const at = Math.floor(next() * line.length);
      lines[i] = line.slice(0, at) + line.slice(at + 1);
      break;
    }
    case 'insert':
      lines.splice(i, 0, pick(INSERTS));
      break;
    case 'delete':
      lines.splice(i, 1);
      break;
    case 'duplicate':
      lines.splice(i, 0, line);
      break;
    case 'top':
      lines.unshift(`# edit ${i}`);
      break;
    case 'paste': {
      // Several lines cut, and lines from elsewhere in the file pasted in their place.
      const from = Math.floor(next() * lines.length);
      const pasted = lines.slice(from, from + Math.floor(next() * 8));
      lines.splice(i, Math.floor(next() * 4), ...pasted);
      break;
    }
  }
  return { text: lines.join('\n'), what: `${kind} at line ${i + 1}` };
}

function yamlFiles(folder: string): Map<string, string> {
  const base = join(CORPUS, folder);
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(p)) out.set(relative(base, p), readFileSync(p, 'utf8'));
    }
  };
  walk(base);
  return out;
}

void test('a spliced parse equals a full parse over random edits of four corpus configurations', (t) => {
  const folders = ['mesa3d__mesa', 'srsran__srsRAN_Project', 'gitlabhq__gitlab-runner', 'gitlabhq__omnibus-gitlab'];
  const next = random(SEED);
  let splices = 0;
  let edits = 0;
  for (const folder of folders) {
    if (!existsSync(join(CORPUS, folder))) assert.fail(`the corpus is missing at ${CORPUS} (set ARTIFACT_FLOW_CORPUS)`);
    for (const [path, original] of yamlFiles(folder)) {
      let text = original;
      // Edits in a row per file, each checked against its predecessor (as keystrokes arrive); every fourth starts
      // again from the original, so later edits meet valid YAML too.
      for (let k = 0; k < ROUNDS; k++) {
        if (k % 4 === 0) text = original;
        const e = edit(text, next);
        edits++;
        if (check(path, text, e.text, `${folder} ${e.what} (edit ${k})`)) splices++;
        text = e.text;
      }
    }
  }
  // Random characters break many files (a quote, a bracket): edits of a broken file are parsed in full.
  t.diagnostic(`${splices} of ${edits} edits spliced`);
  assert.ok(splices > edits / 5, `${splices} of ${edits} edits spliced`);
});

void test('edits where splitting at top-level keys would go wrong are parsed in full, or spliced exactly', () => {
  const cases: [string, string, string][] = [
    // Blank lines typed after a keep-chomped block scalar belong to it (its entry is part of what is parsed again).
    ['keep', 'a: |+\n  text\n\nb: 1\nc: 2\n', 'a: |+\n  text\n\n\nb: 1\nc: 2\n'],
    ['keep before edit', 'a: |+\n  text\n\nb: 1\nc: 2\n', 'a: |+\n  text\n\nb: 2\nc: 2\n'],
    // A root in flow style with keys at column 1.
    ['flow root', '{\na: 1,\nb: 2\n}\n', '{\na: 3,\nb: 2\n}\n'],
    // An anchor defined in the edited entry and used later; an alias to an anchor before it.
    ['anchor', 'a: &x 1\nb: 2\nc: *x\n', 'a: &x 5\nb: 2\nc: *x\n'],
    ['anchor added', 'a: 1\nb: 2\nc: 3\n', 'a: &c 1\nb: 2\nc: 3\n'],
    ['alias', 'a: &x 1\nb:\n  - *x\nc: 3\n', 'a: &x 1\nb:\n  - *x\n  - 2\nc: 3\n'],
    // An edit on a key's line re-parses the entry before it too: here that one defines an anchor.
    ['alias key line', 'a: &x 1\nb: *x\nc: 3\n', 'a: &x 1\nb: *x \nc: 3\n'],
    // A plain scalar ending the edited entry would run on into the next key's line.
    ['run on', 'a:\n  v:\n    x: 1\nb: 1\nc: 2\n', 'a:\n  v:\n\n# c\n      w\n\nb: 1\nc: 2\n'],
    // Aliases in the edited entry find the latest anchor before it, a kept block scalar's lines, a merged mapping.
    ['alias latest', 'a: &x 1\nb: &x 2\nc:\n  - *x\nd: 0\n', 'a: &x 1\nb: &x 2\nc:\n  - [*x]\nd: 0\n'],
    ['alias kept', 'a: &x |+\n  t\n\nb: 1\nc: *x\nd: 0\n', 'a: &x |+\n  t\n\nb: 1\nc: [*x]\nd: 0\n'],
    ['alias merge', 'base: &b\n  x: 1\nj:\n  <<: *b\n  y: 2\nk: 0\n', 'base: &b\n  x: 1\nj:\n  <<: *b\n  y: 3\nk: 0\n'],
    ['alias unknown', 'a: 1\nb: 2\nc: 3\n', 'a: 1\nb: *nope\nc: 3\n'],
    // Only the entries defining what the edited entry uses are parsed with it: an anchor whose value uses an earlier
    // anchor brings that one too; an `&&` in a script is no anchor of the used name, and a name ends at `,` or `]`.
    [
      'alias chain',
      'a: &x 1\nb: &y [*x]\nz: &w 3\nc:\n  - *y\nd: 0\n',
      'a: &x 1\nb: &y [*x]\nz: &w 3\nc:\n  - [*y,*w]\nd: 0\n',
    ],
    [
      'alias beside scripts',
      'a: &x 1\ns: [make && make install]\nc: *x\nd: 0\n',
      'a: &x 1\ns: [make && make install]\nc: [*x]\nd: 0\n',
    ],
    // A duplicate top-level key typed into one entry.
    ['duplicate', 'a: 1\nb: 2\nc: 3\n', 'a: 1\nc: 2\nc: 3\n'],
    // An unclosed quote swallows the following lines.
    ['quote', 'a: 1\nb: 2\nc: 3\n', 'a: 1\nb: "2\nc: 3\n'],
    // Document markers and a spec header.
    ['marker', 'a: 1\nb: 2\n', 'a: 1\n---\nb: 2\n'],
    ['header', 'spec:\n  inputs: {}\n---\na: 1\nb: 2\n', 'spec:\n  inputs: {}\n---\na: 1\nb: 3\n'],
    // A comment line at the top, in the middle, at the end; a key renamed; a line typed in a block scalar.
    ['comment top', '# c\na:\n  x: 1\nb: [1, 2]\n', '# edit\n# c\na:\n  x: 1\nb: [1, 2]\n'],
    ['comment middle', 'a:\n  x: 1\nb: [1, 2]\nc: z\n', 'a:\n  x: 1\n# c\nb: [1, 2]\nc: z\n'],
    ['comment end', 'a:\n  x: 1\nb: [1, 2]\n', 'a:\n  x: 1\nb: [1, 2]\n# end'],
    ['rename', 'a:\n  x: 1\nb: [1, 2]\nc: z\n', 'a:\n  x: 1\nbb: [1, 2]\nc: z\n'],
    ['key indented', 'a:\n  x: 1\nb: [1, 2]\nc: z\n', 'a:\n  x: 1\n b: [1, 2]\nc: z\n'],
    ['blank before key', 'a: |+\n  t\n\nb: 1\nc: z\n', 'a: |+\n  t\n\n\nb: 1\nc: z\n'],
    ['key after kept', 'a: |+\n  t\n\nb: 1\nc: z\n', 'a: |+\n  t\n\nbb: 1\nc: z\n'],
    ['block scalar', 'a: |\n  one\n  two\nb: 1\n', 'a: |\n  one\n\n  two\nb: 1\n'],
    // Typed values the way Psych types them; an aliased value after the edit, moved with its anchor.
    ['typed', 'a: 1\nb: yes\nc: &k 010\nd: *k\n', '# x\na: 1.0\nb: yes\nc: &k 010\nd: *k\n'],
    ['preamble key', '# c\na: 1\n', 'z: 0\n# c\na: 1\n'],
    ['indented', '# c\nb:\n  x: 1\nc: 2\n', '# c\n  x: 1\nc: 2\n'],
    ['emptied', 'a: 1\nb: 2\n', 'a: 1\n'],
    ['carriage return', 'a: 1\r\nb: 2\r\n', 'a: 1\r\nb: 3\r\n'],
  ];
  let splices = 0;
  for (const [what, before, after] of cases) if (check('f.yml', before, after, what)) splices++;
  assert.ok(splices >= 12, `${splices} spliced`);
  for (const what of ['alias', 'alias latest', 'alias kept', 'alias merge', 'alias chain', 'alias beside scripts']) {
    const c = cases.find((x) => x[0] === what)!;
    assert.ok(spliced('f.yml', c[1], c[2]), `${what} is spliced`);
  }
  // The unsafe ones went to a full parse.
  for (const what of [
    'flow root',
    'anchor',
    'anchor added',
    'duplicate',
    'quote',
    'marker',
    'header',
    'indented',
    'alias unknown',
    'alias key line',
    'run on',
  ]) {
    const c = cases.find((x) => x[0] === what)!;
    assert.equal(spliced('f.yml', c[1], c[2]), undefined, what);
  }
});

void test("a splice never lets the loader's size bound through", () => {
  // Aliases multiply: about 9,000 nodes, 500 KB for GitLab's DeepSize, before the edit; the edit types 100,000 more
  // into an entry of its own (past its 1 MB, which a node bound of 10^6 never reached).
  const level = (i: number): string => `l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]\n`;
  const base = `l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n${[1, 2].map(level).join('')}m: [${Array(7).fill('*l2').join(', ')}]\n`;
  const before = `${base}b: 1\n`;
  const after = `${base}b: [${Array(100_000).fill('x').join(', ')}]\n`;
  assert.equal(full('f.yml', before).diagnostics.length, 0);
  assert.ok(full('f.yml', after).diagnostics.some((d) => d.code === 'yaml-too-big'));
  assert.equal(spliced('f.yml', before, after), undefined);
  // Below the bound the same edit is spliced.
  const small = `${base}b: [${Array(1_000).fill('x').join(', ')}]\n`;
  assert.ok(check('f.yml', before, small, 'below the bound'));
});
