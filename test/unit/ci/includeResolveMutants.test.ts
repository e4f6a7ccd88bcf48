// include expansion (src/ci/include/resolveIncludes.ts) and local wildcards (wildcard.ts): the cases mutation testing
// found untested (docs/mutation.md). Expected values are GitLab's: external/mapper (string entries: a URL is remote,
// anything else local), file/local.rb (leading slashes removed, "does not exist!" / "is empty!"), file/base.rb (the
// basename must match /.+\.(yml|yaml)$/i; a file that loads to nothing "does not have valid YAML syntax!"),
// yaml_processor.rb (a blank root "Please provide content of .gitlab-ci.yml"), the include limit, and the
// repository search order for wildcards (sorted paths).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import type { Diagnostic } from '../../../src/ci/model';
import { ReadRefused, type FileReader } from '../../../src/ci/fileReader';
import type { IncludeFetcher } from '../../../src/ci/include/fetcher';
import { expandIncludes, INCLUDE_LIMITS, type ExpandedConfig } from '../../../src/ci/include/resolveIncludes';
import { matchLocalWildcard, wildcardMatcher } from '../../../src/ci/include/wildcard';
import { createParseCache } from '../../../src/ci/yaml/parseCache';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import { toPlain } from '../../../src/ci/yaml/node';

interface Run extends ExpandedConfig {
  diags: Diagnostic[];
  reads: string[];
}

/** Expands `.gitlab-ci.yml` over in-memory files; every read is logged. */
async function expand(
  files: Record<string, string>,
  opts: { rules?: (r: unknown) => boolean | 'unknown'; fetcher?: IncludeFetcher; reader?: FileReader } = {},
): Promise<Run> {
  const reads: string[] = [];
  const sink = new DiagnosticSink();
  const reader: FileReader = opts.reader ?? {
    read: (p) => {
      reads.push(p);
      return Promise.resolve(files[p]);
    },
    list: () => Promise.resolve(Object.keys(files)),
  };
  const out = await expandIncludes('.gitlab-ci.yml', {
    reader,
    sink,
    expand: (t) => t,
    rules: opts.rules ?? (() => true),
    ...(opts.fetcher ? { fetcher: opts.fetcher } : {}),
  });
  return { ...out, diags: sink.items, reads };
}

const msgs = (r: Run, severity?: Diagnostic['severity']): string[] =>
  r.diags.filter((d) => severity === undefined || d.severity === severity).map((d) => d.message);
const codesOf = (r: Run): string[] => r.diags.map((d) => d.code);
const keys = (r: Run): string[] => (r.root ? r.root.entries.map((e) => e.key) : []);

/** A fetcher that serves one remote file and nothing else. */
function remoteOnly(url: string, text: string, drop?: string[]): IncludeFetcher {
  const none = (what: string) => Promise.resolve({ unavailable: `no ${what}` });
  return {
    project: () => none('project'),
    remote: (u) =>
      u === url ? Promise.resolve({ file: { text, via: 'api' as const, ...(drop ? { drop } : {}) } }) : none(u),
    template: () => none('template'),
    component: () => none('component'),
  };
}

void test('a root made only of blanks is "Please provide content of .gitlab-ci.yml", like an empty one', async () => {
  for (const text of ['', '   \n\n  \t\n']) {
    const r = await expand({ '.gitlab-ci.yml': text });
    assert.deepEqual(msgs(r), ['Please provide content of .gitlab-ci.yml']);
    assert.deepEqual(codesOf(r), ['empty-config']);
    assert.equal(r.root, undefined);
  }
});

void test('an include cycle fails the configuration: no root, the limit error and the cycle named', async () => {
  const r = await expand({
    '.gitlab-ci.yml': 'include: a.yml\nroot_job: {script: x}\n',
    'a.yml': 'include: a.yml\na_job: {script: y}\n',
  });
  assert.equal(r.root, undefined, 'a failed expansion yields no configuration, even when the cycle is the last entry');
  assert.deepEqual(msgs(r, 'error'), [`Maximum of ${INCLUDE_LIMITS.maxIncludes} nested includes are allowed!`]);
  assert.deepEqual(msgs(r, 'info'), ['Include cycle: .gitlab-ci.yml → a.yml → a.yml']);
});

void test('after the include limit fails the file, later include entries are not read', async () => {
  const r = await expand({
    '.gitlab-ci.yml': 'include: [a.yml, b.yml]\nroot_job: {script: x}\n',
    'a.yml': 'include: a.yml\n',
    'b.yml': 'b_job: {script: y}\n',
  });
  assert.equal(r.root, undefined);
  assert.ok(!r.reads.includes('b.yml'), `b.yml is never read (reads: ${r.reads.join(', ')})`);
  assert.deepEqual(
    r.includes.map((i) => i.location),
    ['a.yml', 'a.yml'],
  );
});

void test('too many distinct includes is the limit error alone, not a cycle', async () => {
  const files: Record<string, string> = {};
  const names = Array.from({ length: INCLUDE_LIMITS.maxIncludes + 1 }, (_, i) => `f${i}.yml`);
  files['.gitlab-ci.yml'] = `include: [${names.join(', ')}]\n`;
  for (const n of names) files[n] = `${n.replace('.yml', '')}_job: {script: x}\n`;
  const r = await expand(files);
  assert.equal(r.root, undefined);
  assert.deepEqual(msgs(r), [`Maximum of ${INCLUDE_LIMITS.maxIncludes} nested includes are allowed!`]);
  assert.ok(!codesOf(r).includes('include-cycle'));
});

void test('exactly the limit of includes is allowed', async () => {
  const files: Record<string, string> = {};
  const names = Array.from({ length: INCLUDE_LIMITS.maxIncludes }, (_, i) => `f${i}.yml`);
  files['.gitlab-ci.yml'] = `include: [${names.join(', ')}]\n`;
  for (const n of names) files[n] = `${n.replace('.yml', '')}_job: {script: x}\n`;
  const r = await expand(files);
  assert.deepEqual(msgs(r), []);
  assert.equal(keys(r).length, INCLUDE_LIMITS.maxIncludes);
});

void test('a file included twice is read once, listed once in `files`, and merged twice', async () => {
  const r = await expand({
    '.gitlab-ci.yml': 'include: [a.yml, /a.yml]\nroot_job: {script: x}\n',
    'a.yml': 'a_job: {script: y}\n',
  });
  assert.deepEqual(msgs(r), []);
  assert.deepEqual(r.reads, ['.gitlab-ci.yml', 'a.yml']);
  assert.deepEqual(r.files, ['.gitlab-ci.yml', 'a.yml']);
  assert.deepEqual(keys(r), ['a_job', 'root_job']);
});

void test('a fetched file is not a repository file: `files` lists only what the reader read', async () => {
  const url = 'https://example.com/ci/remote.yml';
  const r = await expand(
    { '.gitlab-ci.yml': `include: ${url}\nroot_job: {script: x}\n` },
    { fetcher: remoteOnly(url, 'remote_job: {script: r}\n') },
  );
  assert.deepEqual(msgs(r), []);
  assert.deepEqual(r.files, ['.gitlab-ci.yml']);
  assert.deepEqual(keys(r), ['remote_job', 'root_job']);
});

void test('a fetched file drops the keys it says to drop (the throwaway job of a lint expansion), only those', async () => {
  const url = 'https://example.com/ci/remote.yml';
  const r = await expand(
    { '.gitlab-ci.yml': `include: ${url}\nroot_job: {script: x}\n` },
    { fetcher: remoteOnly(url, 'remote_job: {script: r}\nlint_dummy: {script: d}\n', ['lint_dummy']) },
  );
  assert.deepEqual(keys(r), ['remote_job', 'root_job']);
});

void test('a reader error that is not a refusal is not swallowed as one', async () => {
  const reader: FileReader = {
    read: (p) => (p === 'a.yml' ? Promise.reject(new Error('disk on fire')) : Promise.resolve('include: a.yml\n')),
    list: () => Promise.resolve([]),
  };
  await assert.rejects(expand({}, { reader }), /disk on fire/);
});

void test('the total size limit: combined text over it fails the configuration', async () => {
  const saved = INCLUDE_LIMITS.maxTotalBytes;
  const root = 'include: a.yml\nroot_job: {script: x}\n';
  const a = 'a_job: {script: y}\n';
  try {
    INCLUDE_LIMITS.maxTotalBytes = root.length + a.length;
    const ok = await expand({ '.gitlab-ci.yml': root, 'a.yml': a });
    assert.deepEqual(msgs(ok), [], 'exactly at the limit is allowed');
    assert.deepEqual(keys(ok), ['a_job', 'root_job']);
    INCLUDE_LIMITS.maxTotalBytes = root.length + a.length - 1;
    const over = await expand({ '.gitlab-ci.yml': root, 'a.yml': a });
    assert.deepEqual(msgs(over), ['Total size of combined CI/CD configuration is too big']);
    assert.deepEqual(codesOf(over), ['include-size']);
    assert.equal(over.root, undefined);
  } finally {
    INCLUDE_LIMITS.maxTotalBytes = saved;
  }
});

void test('missing and empty local files: their own messages and codes', async () => {
  const r = await expand({
    '.gitlab-ci.yml': 'include: [missing.yml, empty.yml, blank.yml]\nroot_job: {script: x}\n',
    'empty.yml': '',
    'blank.yml': '  \n\t\n',
  });
  assert.deepEqual(msgs(r), [
    'Local file `missing.yml` does not exist!',
    'Local file `empty.yml` is empty!',
    'Local file `blank.yml` is empty!',
  ]);
  assert.deepEqual(codesOf(r), ['include-missing', 'include-empty', 'include-empty']);
});

void test('a file that loads to nothing "does not have valid YAML syntax!", even after an error in another file', async () => {
  const r = await expand({
    '.gitlab-ci.yml': 'include: [missing.yml, comments.yml]\nroot_job: {script: x}\n',
    'comments.yml': '# only a comment\n',
  });
  assert.deepEqual(msgs(r), [
    'Local file `missing.yml` does not exist!',
    'Included file `comments.yml` does not have valid YAML syntax!',
  ]);
  assert.deepEqual(codesOf(r), ['include-missing', 'include-invalid']);
});

void test('a file whose own load failed is not reported a second time as invalid', async () => {
  const r = await expand({
    '.gitlab-ci.yml': 'include: bad.yml\nroot_job: {script: x}\n',
    'bad.yml': 'a: [unclosed\n',
  });
  assert.ok(r.diags.some((d) => d.file === 'bad.yml' && d.severity === 'error'));
  assert.ok(!codesOf(r).includes('include-invalid'));
});

void test('an include entry that is neither a string nor a hash: "Each include must be a hash or a string"', async () => {
  for (const entry of ['42', 'true', 'null']) {
    const r = await expand({
      '.gitlab-ci.yml': `include: [${entry}]\nroot_job: {script: x}\n`,
      'a.yml': 'a: {script: a}\n',
    });
    assert.deepEqual(msgs(r), ['Each include must be a hash or a string'], entry);
  }
});

void test('a string entry is remote only when it is an http(s) URL from its first character', async () => {
  const seen: string[] = [];
  const fetcher: IncludeFetcher = {
    ...remoteOnly('', ''),
    remote: (u) => {
      seen.push(u);
      return Promise.resolve({ file: { text: 'r_job: {script: r}\n', via: 'api' } });
    },
  };
  const r = await expand(
    {
      '.gitlab-ci.yml': 'include: [http://example.com/a.yml, ci/http://x.yml]\nroot_job: {script: x}\n',
      'ci/http:/x.yml': 'never: {script: n}\n',
    },
    { fetcher },
  );
  assert.deepEqual(seen, ['http://example.com/a.yml'], 'plain http is remote; a path containing a URL is local');
  assert.deepEqual(msgs(r), ['Local file `ci/http://x.yml` does not exist!']);
  assert.deepEqual(
    r.includes.map((i) => `${i.kind} ${i.location}`),
    ['remote http://example.com/a.yml', 'local ci/http://x.yml'],
  );
});

void test("include:artifact outside trigger:include is GitLab's error", async () => {
  const r = await expand({ '.gitlab-ci.yml': 'include: [{artifact: gen.yml, job: make}]\nroot_job: {script: x}\n' });
  assert.deepEqual(msgs(r), ['Including configs from artifacts is only allowed when triggering child pipelines']);
  assert.deepEqual(codesOf(r), ['include-artifact']);
  assert.deepEqual(r.includes, []);
});

void test('local paths: every leading slash is removed (Gitlab::Utils.remove_leading_slashes)', async () => {
  const r = await expand({
    '.gitlab-ci.yml': 'include: [//ci/a.yml, {local: ///ci/b.yml}]\nroot_job: {script: x}\n',
    'ci/a.yml': 'a_job: {script: y}\n',
    'ci/b.yml': 'b_job: {script: z}\n',
  });
  assert.deepEqual(msgs(r), []);
  assert.deepEqual(keys(r), ['a_job', 'b_job', 'root_job']);
  assert.deepEqual(
    r.includes.map((i) => i.files),
    [['ci/a.yml'], ['ci/b.yml']],
  );
});

void test('local extension: the basename must end in .yml or .yaml after at least one character (File::Base)', async () => {
  const r = await expand({
    '.gitlab-ci.yml': 'include: [ci/a.yml.bak, ci/.yml, /ci/b.txt, ci/C.YAML]\nroot_job: {script: x}\n',
    'ci/a.yml.bak': 'bak: {script: y}\n',
    'ci/.yml': 'dot: {script: y}\n',
    'ci/C.YAML': 'upper: {script: y}\n',
  });
  // GitLab names the location after removing the leading slashes.
  assert.deepEqual(msgs(r), [
    'Included file `ci/a.yml.bak` does not have YAML extension!',
    'Included file `ci/.yml` does not have YAML extension!',
    'Included file `ci/b.txt` does not have YAML extension!',
  ]);
  assert.deepEqual(keys(r), ['upper', 'root_job']);
});

void test('a wildcard that matches files gives no "matches no file" warning; one that matches none does', async () => {
  const r = await expand({
    '.gitlab-ci.yml': 'include: [ci/*.yml, none/*.yml]\nroot_job: {script: x}\n',
    'ci/a.yml': 'a_job: {script: y}\n',
  });
  assert.deepEqual(msgs(r), ['Local include `none/*.yml` matches no file']);
  assert.deepEqual(
    r.diags.map((d) => d.severity),
    ['warning'],
  );
});

void test('include:rules: a decided rule adds no note; an undecidable one includes the file and says so', async () => {
  const yes = await expand(
    { '.gitlab-ci.yml': 'include: [{local: a.yml, rules: [{if: $X}]}]\n', 'a.yml': 'a_job: {script: y}\n' },
    { rules: () => true },
  );
  assert.deepEqual(yes.diags, []);
  assert.deepEqual(keys(yes), ['a_job']);
  const maybe = await expand(
    { '.gitlab-ci.yml': 'include: [{local: a.yml, rules: [{if: $X}]}]\n', 'a.yml': 'a_job: {script: y}\n' },
    { rules: () => 'unknown' },
  );
  assert.deepEqual(msgs(maybe), ['include:rules of `a.yml` cannot be decided statically; the file is included']);
  assert.deepEqual(keys(maybe), ['a_job']);
});

void test('a parsed file from the parse cache is used as it is, with its diagnostics', async () => {
  const cache = createParseCache();
  const text = 'a_job: {script: y}\n';
  const seedSink = new DiagnosticSink();
  const loaded = loadYaml('cached_job: {script: c}\n', 'a.yml', seedSink);
  const note: Diagnostic = {
    severity: 'info',
    code: 'seeded',
    message: 'from the cache',
    file: 'a.yml',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  };
  cache.set('a.yml', text, { loaded, diagnostics: [note] });
  const sink = new DiagnosticSink();
  const out = await expandIncludes('.gitlab-ci.yml', {
    reader: {
      read: (p) => Promise.resolve({ '.gitlab-ci.yml': 'include: a.yml\n', 'a.yml': text }[p]),
      list: () => Promise.resolve([]),
    },
    sink,
    expand: (t) => t,
    rules: () => true,
    cache,
  });
  assert.deepEqual(toPlain(out.root), { cached_job: { script: 'c' } });
  assert.deepEqual(
    sink.items.map((d) => d.message),
    ['from the cache'],
  );
});

void test('wildcards: `*` stays in one folder, `**` crosses folders, a leading star works', () => {
  const files = ['a.yml', 'ci/b.yml', 'ci/deep/c.yml', 'x.yaml'];
  assert.deepEqual(matchLocalWildcard('*.yml', files), ['a.yml']);
  assert.deepEqual(matchLocalWildcard('**.yml', files), ['a.yml', 'ci/b.yml', 'ci/deep/c.yml']);
  assert.deepEqual(matchLocalWildcard('ci/*.yml', files), ['ci/b.yml']);
  assert.deepEqual(matchLocalWildcard('ci/**.yml', files), ['ci/b.yml', 'ci/deep/c.yml']);
  assert.deepEqual(matchLocalWildcard('ci/**/*.yml', files), ['ci/deep/c.yml']);
  // `***` is `**` then `*`: still recursive.
  assert.deepEqual(matchLocalWildcard('ci/***.yml', files), ['ci/b.yml', 'ci/deep/c.yml']);
  assert.equal(wildcardMatcher('*')('a/b'), false);
  assert.equal(wildcardMatcher('**')('a/b'), true);
  assert.equal(wildcardMatcher('a*')('b'), false);
});

void test('wildcards: leading slashes of the pattern are removed, matches come back sorted by path', () => {
  const files = ['ci/z.yml', 'ci/a.yml', 'ci/m.yml'];
  assert.deepEqual(matchLocalWildcard('//ci/*.yml', files), ['ci/a.yml', 'ci/m.yml', 'ci/z.yml']);
  assert.deepEqual(matchLocalWildcard('/ci/*.yml', files), ['ci/a.yml', 'ci/m.yml', 'ci/z.yml']);
});

void test('a root file that does not exist is reported like an empty one, never a crash', async () => {
  const r = await expand({});
  assert.deepEqual(codesOf(r), ['empty-config']);
  assert.equal(r.root, undefined);
});

void test("a file the reader refuses: too large is GitLab's own refusal; other refusals say why", async () => {
  const reader: FileReader = {
    read: (p) => {
      if (p === 'big.yml') return Promise.reject(new ReadRefused(p, 'too-large', 'over 1 MiB'));
      if (p === 'out.yml') return Promise.reject(new ReadRefused(p, 'outside-project', 'it leaves the project'));
      return Promise.resolve('include: [big.yml, out.yml]\nroot_job: {script: x}\n');
    },
    list: () => Promise.resolve([]),
  };
  const r = await expand({}, { reader });
  assert.deepEqual(
    r.diags.map((d) => `${d.code} ${d.message}`),
    ['yaml-too-big The parsed YAML is too big', 'file-refused Local file `out.yml` is not read: it leaves the project'],
  );
  assert.deepEqual(keys(r), ['root_job']);
});

void test('unresolved external includes count against the include limit too: 150 pass, the 151st fails the file', async () => {
  const templates = (n: number): string =>
    `include:\n${Array.from({ length: n }, (_, i) => `  - template: T${i}.gitlab-ci.yml\n`).join('')}root_job: {script: x}\n`;
  const ok = await expand({ '.gitlab-ci.yml': templates(INCLUDE_LIMITS.maxIncludes) });
  assert.deepEqual(msgs(ok, 'error'), []);
  assert.equal(ok.includes.length, INCLUDE_LIMITS.maxIncludes);
  assert.deepEqual(keys(ok), ['root_job']);
  const over = await expand({ '.gitlab-ci.yml': templates(INCLUDE_LIMITS.maxIncludes + 1) });
  assert.deepEqual(msgs(over, 'error'), [`Maximum of ${INCLUDE_LIMITS.maxIncludes} nested includes are allowed!`]);
  assert.equal(over.includes.length, INCLUDE_LIMITS.maxIncludes, 'the include past the limit is not recorded');
  assert.equal(over.root, undefined);
});

void test('a lone include that loads to nothing is invalid YAML (no other diagnostic around it)', async () => {
  const r = await expand({ '.gitlab-ci.yml': 'include: c.yml\nroot_job: {script: x}\n', 'c.yml': '# nothing\n' });
  assert.deepEqual(msgs(r), ['Included file `c.yml` does not have valid YAML syntax!']);
});

void test('include shape errors carry their codes', async () => {
  const r = await expand({
    '.gitlab-ci.yml':
      'include: [{local: a.yml, remote: "https://h/a.yml"}, {nothing: x}, 42, a.txt]\nroot_job: {script: x}\n',
  });
  assert.deepEqual(codesOf(r), ['include-shape', 'include-shape', 'include-shape', 'include-extension']);
  assert.deepEqual(msgs(r).slice(0, 2), [
    'Each include must use only one of: `local`, `project`, `remote`, `template`, `artifact`, `component`',
    '`{"nothing":"x"}` does not have a valid subkey for include. Valid subkeys are: `local`, `project`, `remote`, `template`, `artifact`, `component`',
  ]);
});

void test('wildcards: a literal part must match from the first character', () => {
  assert.deepEqual(matchLocalWildcard('ci/*.yml', ['xci/a.yml', 'ci/a.yml']), ['ci/a.yml']);
});
