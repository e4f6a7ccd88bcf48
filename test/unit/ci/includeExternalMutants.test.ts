// External includes (src/ci/include/external.ts, fetcher.ts): the cases mutation testing found untested
// (docs/mutation.md). Expected values are GitLab's: file/remote.rb (an http(s) address, else "does not have a valid
// address!"), file/base.rb (the YAML extension), entry/include.rb (`project` needs `file`), and the context each
// kind of file brings (file/*.rb#expand_context_attrs: a project or component file reads its own project, a remote
// or template file keeps the including file's). The fetcher is a plain in-test object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import type { Diagnostic, IncludeInfo } from '../../../src/ci/model';
import type { FetchOutcome, IncludeFetcher, ProjectAt } from '../../../src/ci/include/fetcher';
import { isOrigin, originOf } from '../../../src/ci/include/fetcher';
import { expandIncludes, type ExpandedConfig } from '../../../src/ci/include/resolveIncludes';

interface Run extends ExpandedConfig {
  diags: Diagnostic[];
  calls: string[];
}

const SHA = 'a'.repeat(40);
const none = (what: string): Promise<FetchOutcome> => Promise.resolve({ unavailable: `no ${what}` });

/** A fetcher answering from `answers` (keyed by the call as logged); every call is logged. */
function fetcherOf(
  answers: Record<string, FetchOutcome | (() => Promise<FetchOutcome>)>,
): IncludeFetcher & { calls: string[] } {
  const calls: string[] = [];
  const answer = (key: string): Promise<FetchOutcome> => {
    calls.push(key);
    const a = answers[key];
    if (a === undefined) return none(key);
    return typeof a === 'function' ? a() : Promise.resolve(a);
  };
  return {
    calls,
    project: (p, ref, file) => answer(`project ${p} ${ref ?? '(default)'} ${file}`),
    remote: (url, integrity) => answer(`remote ${url}${integrity ? ` ${integrity}` : ''}`),
    template: (name) => answer(`template ${name}`),
    component: (address) => answer(`component ${address}`),
  };
}

async function expand(root: string, fetcher?: IncludeFetcher & { calls: string[] }): Promise<Run> {
  const sink = new DiagnosticSink();
  const out = await expandIncludes('.gitlab-ci.yml', {
    reader: {
      read: (p) => Promise.resolve(p === '.gitlab-ci.yml' ? root : undefined),
      list: () => Promise.resolve([]),
    },
    sink,
    expand: (t) => t,
    rules: () => true,
    ...(fetcher ? { fetcher } : {}),
  });
  return { ...out, diags: sink.items, calls: fetcher?.calls ?? [] };
}

const msgs = (r: Run, severity?: Diagnostic['severity']): string[] =>
  r.diags.filter((d) => severity === undefined || d.severity === severity).map((d) => d.message);
const keys = (r: Run): string[] => (r.root ? r.root.entries.map((e) => e.key) : []);
/** An include without its source range (compared as a whole). */
const bare = (i: IncludeInfo): Omit<IncludeInfo, 'from'> => {
  const { from: _from, ...rest } = i;
  return rest;
};

void test('remote: an address that is not http(s) is "does not have a valid address!", nothing is fetched', async () => {
  const f = fetcherOf({});
  const r = await expand(
    'include: [{remote: "example.com/a.yml"}, {remote: "ftp://example.com/a.yml"}]\nx: {script: x}\n',
    f,
  );
  assert.deepEqual(msgs(r), [
    'Remote file `example.com/a.yml` does not have a valid address!',
    'Remote file `ftp://example.com/a.yml` does not have a valid address!',
  ]);
  assert.deepEqual(f.calls, []);
  assert.deepEqual(r.includes.map(bare), [
    {
      kind: 'remote',
      location: 'example.com/a.yml',
      resolved: false,
      files: [],
      error: 'Remote file `example.com/a.yml` does not have a valid address!',
    },
    {
      kind: 'remote',
      location: 'ftp://example.com/a.yml',
      resolved: false,
      files: [],
      error: 'Remote file `ftp://example.com/a.yml` does not have a valid address!',
    },
  ]);
});

void test('remote: http and https are fetched; the extension is read from the path; integrity is passed on', async () => {
  const f = fetcherOf({
    'remote http://example.com/a.yml': { file: { text: 'a: {script: a}\n', via: 'api' } },
    'remote https://example.com/b.YAML sha256-abc': { file: { text: 'b: {script: b}\n', via: 'api' } },
  });
  const r = await expand(
    'include:\n  - {remote: "http://example.com/a.yml"}\n  - {remote: "https://example.com/b.YAML", integrity: sha256-abc}\n  - {remote: "https://example.com/c.txt"}\nx: {script: x}\n',
    f,
  );
  assert.deepEqual(msgs(r), ['Included file `https://example.com/c.txt` does not have YAML extension!']);
  assert.deepEqual(f.calls, ['remote http://example.com/a.yml', 'remote https://example.com/b.YAML sha256-abc']);
  assert.deepEqual(keys(r), ['a', 'b', 'x']);
});

void test('template: only names ending in .gitlab-ci.yml; a fetched one is recorded with how it came', async () => {
  const f = fetcherOf({
    'template Jobs/Build.gitlab-ci.yml': { file: { text: 'build: {script: b}\n', via: 'lint' } },
  });
  const r = await expand('include: [{template: Jobs/Build.gitlab-ci.yml}, {template: Foo.yml}]\nx: {script: x}\n', f);
  assert.deepEqual(msgs(r), ['Template file `Foo.yml` is not a valid location!']);
  assert.deepEqual(r.includes.map(bare), [
    {
      kind: 'template',
      location: 'Jobs/Build.gitlab-ci.yml',
      resolved: true,
      files: ['template:Jobs/Build.gitlab-ci.yml'],
      via: 'lint',
    },
    {
      kind: 'template',
      location: 'Foo.yml',
      resolved: false,
      files: [],
      error: 'Template file `Foo.yml` is not a valid location!',
    },
  ]);
});

void test('component: an empty address is an error and is never fetched; a fetched one records its version, commit and cache time', async () => {
  const project: ProjectAt = { path: 'grp/comps', ref: '1.2.3', sha: SHA };
  const f = fetcherOf({
    'component gitlab.example.com/grp/comps/unit@~latest': {
      file: { text: 'unit: {script: u}\n', via: 'cache', project, version: '1.2.3', asOf: '2026-11-30T10:00:00Z' },
    },
  });
  const r = await expand(
    'include: [{component: ""}, {component: gitlab.example.com/grp/comps/unit@~latest}]\nx: {script: x}\n',
    f,
  );
  assert.deepEqual(
    r.diags.map((d) => `${d.severity} ${d.code}`),
    ['error include-shape'],
  );
  assert.deepEqual(f.calls, ['component gitlab.example.com/grp/comps/unit@~latest']);
  assert.deepEqual(r.includes.map(bare), [
    {
      kind: 'component',
      location: 'gitlab.example.com/grp/comps/unit@~latest',
      resolved: true,
      files: ['component:gitlab.example.com/grp/comps/unit@~latest'],
      via: 'cache',
      asOf: '2026-11-30T10:00:00Z',
      sha: SHA,
      version: '1.2.3',
    },
  ]);
});

void test('a fetched file without project, version or cache time records none of them', async () => {
  const f = fetcherOf({ 'remote https://example.com/a.yml': { file: { text: 'a: {script: a}\n', via: 'api' } } });
  const r = await expand('include: https://example.com/a.yml\n', f);
  assert.deepEqual(r.includes.map(bare), [
    {
      kind: 'remote',
      location: 'https://example.com/a.yml',
      resolved: true,
      files: ['remote:https://example.com/a.yml'],
      via: 'api',
    },
  ]);
});

void test("project: `file` is required; a file without YAML extension is GitLab's error; the label carries the ref only when given", async () => {
  const f = fetcherOf({
    'project grp/lib (default) a.yml': {
      file: { text: 'a: {script: a}\n', via: 'api', project: { path: 'grp/lib', ref: 'main', sha: SHA } },
    },
  });
  const r = await expand(
    'include:\n  - {project: grp/lib}\n  - {project: grp/lib, file: [a.yml, b.txt]}\n  - {project: grp/lib, ref: v1, file: c.txt}\nx: {script: x}\n',
    f,
  );
  assert.deepEqual(msgs(r), [
    'include config must specify the file where to fetch the config from',
    'Included file `b.txt` does not have YAML extension!',
    'Included file `c.txt` does not have YAML extension!',
  ]);
  assert.deepEqual(
    r.includes.map((i) => `${i.location} ${i.resolved} ${i.files.join(',')}`),
    ['grp/lib:a.yml true project:grp/lib@main:/a.yml', 'grp/lib:b.txt false ', 'grp/lib:c.txt@v1 false '],
  );
  assert.deepEqual(keys(r), ['a', 'x']);
});

void test('without a fetcher an external include is "not resolved offline", said as information', async () => {
  const r = await expand('include: [{template: Jobs/Build.gitlab-ci.yml}]\nx: {script: x}\n');
  assert.deepEqual(msgs(r, 'info'), [
    'include:template Jobs/Build.gitlab-ci.yml is not resolved offline; jobs and templates it defines are missing from this view',
  ]);
  assert.deepEqual(msgs(r, 'error'), []);
  assert.deepEqual(r.includes.map(bare), [
    { kind: 'template', location: 'Jobs/Build.gitlab-ci.yml', resolved: false, files: [] },
  ]);
});

void test('a fetcher that throws leaves the include unresolved with its message (never a crash, never a GitLab error)', async () => {
  const f = fetcherOf({
    'template A.gitlab-ci.yml': () => Promise.reject(new Error('socket hang up')),
    // A fetcher written in plain JavaScript may reject with a string: its text is still shown.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    'template B.gitlab-ci.yml': () => Promise.reject('plain text'),
  });
  const r = await expand('include: [{template: A.gitlab-ci.yml}, {template: B.gitlab-ci.yml}]\nx: {script: x}\n', f);
  assert.deepEqual(msgs(r, 'info'), [
    'include:template A.gitlab-ci.yml is not resolved (socket hang up); jobs and templates it defines are missing from this view',
    'include:template B.gitlab-ci.yml is not resolved (plain text); jobs and templates it defines are missing from this view',
  ]);
  assert.deepEqual(msgs(r, 'error'), []);
  assert.deepEqual(keys(r), ['x']);
});

void test('nested local includes: a component or project file reads its own project; a remote file keeps the including context', async () => {
  const lib: ProjectAt = { path: 'grp/lib', ref: 'main', sha: SHA };
  const comps: ProjectAt = { path: 'grp/comps', ref: '1.0.0', sha: 'b'.repeat(40) };
  const f = fetcherOf({
    'component gitlab.example.com/grp/comps/unit@1.0.0': {
      file: { text: 'include: [{local: templates/t.yml}]\nunit: {script: u}\n', via: 'api', project: comps },
    },
    [`project grp/comps ${comps.sha} templates/t.yml`]: { file: { text: 't: {script: t}\n', via: 'api' } },
    'project grp/lib (default) ci.yml': {
      file: { text: 'include: https://example.com/r.yml\nlibjob: {script: l}\n', via: 'api', project: lib },
    },
    'remote https://example.com/r.yml': { file: { text: 'include: nested.yml\nr: {script: r}\n', via: 'api' } },
    [`project grp/lib ${SHA} nested.yml`]: { file: { text: 'nested: {script: n}\n', via: 'api' } },
  });
  const r = await expand(
    'include:\n  - {component: gitlab.example.com/grp/comps/unit@1.0.0}\n  - {project: grp/lib, file: ci.yml}\nx: {script: x}\n',
    f,
  );
  assert.deepEqual(msgs(r), []);
  assert.deepEqual(f.calls, [
    'component gitlab.example.com/grp/comps/unit@1.0.0',
    `project grp/comps ${comps.sha} templates/t.yml`,
    'project grp/lib (default) ci.yml',
    'remote https://example.com/r.yml',
    `project grp/lib ${SHA} nested.yml`,
  ]);
  assert.deepEqual(keys(r), ['t', 'unit', 'nested', 'r', 'libjob', 'x']);
  assert.deepEqual(
    r.includes.map((i) => i.files.join(',')),
    [
      'component:gitlab.example.com/grp/comps/unit@1.0.0',
      `project:grp/comps@1.0.0:/templates/t.yml`,
      'project:grp/lib@main:/ci.yml',
      'remote:https://example.com/r.yml',
      'project:grp/lib@main:/nested.yml',
    ],
  );
});

void test('a wildcard local include inside a fetched project file is not resolved through the API, and says so', async () => {
  const lib: ProjectAt = { path: 'grp/lib', ref: 'main', sha: SHA };
  const f = fetcherOf({
    'project grp/lib (default) ci.yml': {
      file: { text: 'include: parts/*.yml\nlibjob: {script: l}\n', via: 'api', project: lib },
    },
  });
  const r = await expand('include: [{project: grp/lib, file: ci.yml}]\n', f);
  assert.deepEqual(msgs(r, 'info'), [
    'include:local parts/*.yml in grp/lib uses a wildcard, which is not resolved through the API; jobs and templates it defines are missing from this view',
  ]);
  assert.deepEqual(f.calls, ['project grp/lib (default) ci.yml']);
  assert.deepEqual(
    r.includes.map((i) => `${i.kind} ${i.location} ${i.resolved}`),
    ['project grp/lib:ci.yml true', 'project project:grp/lib@main:/parts/*.yml false'],
  );
  assert.deepEqual(keys(r), ['libjob']);
});

void test('originOf: only a project file with its project gets the project label; leading slashes are dropped', () => {
  const p: ProjectAt = { path: 'grp/lib', ref: 'v1', sha: SHA };
  assert.equal(originOf('project', '//ci/a.yml', p), 'project:grp/lib@v1:/ci/a.yml');
  assert.equal(originOf('project', 'ci/a.yml'), 'project:ci/a.yml');
  assert.equal(originOf('component', 'h/g/c@1', p), 'component:h/g/c@1');
  assert.equal(originOf('remote', 'https://h/a.yml', p), 'remote:https://h/a.yml');
});

void test("isOrigin: a fetched file's label, never a repository path that merely contains one", () => {
  for (const o of [
    'project:g/l@main:/a.yml',
    'remote:https://h/a.yml',
    'template:A.gitlab-ci.yml',
    'component:h/g/c@1',
  ]) {
    assert.equal(isOrigin(o), true, o);
  }
  for (const p of ['ci/project:a.yml', 'a.yml', 'projects:x', 'local:a.yml']) assert.equal(isOrigin(p), false, p);
});

void test('external include diagnostics carry their codes; a failed project file is recorded as a project include', async () => {
  const lib: ProjectAt = { path: 'grp/lib', ref: 'main', sha: SHA };
  const f = fetcherOf({
    'project grp/lib (default) ci.yml': {
      file: { text: 'include: parts/*.yml\nlibjob: {script: l}\n', via: 'api', project: lib },
    },
    'remote https://h/gone.yml': {
      error: 'Remote file `https://h/gone.yml` could not be fetched because of HTTP code `404` error!',
    },
  });
  const r = await expand(
    'include:\n  - {project: grp/lib, file: ci.yml}\n  - {project: grp/lib}\n  - {project: grp/lib, file: b.txt}\n  - https://h/gone.yml\n',
    f,
  );
  assert.deepEqual(
    r.diags.map((d) => `${d.severity} ${d.code}`),
    ['info include-unresolved', 'error include-project-file', 'error include-external', 'error include-external'],
  );
  assert.deepEqual(
    r.includes.map((i) => `${i.kind} ${i.location} [${i.files.join(',')}]`),
    [
      'project grp/lib:ci.yml [project:grp/lib@main:/ci.yml]',
      'project project:grp/lib@main:/parts/*.yml []',
      'project grp/lib:b.txt []',
      'remote https://h/gone.yml []',
    ],
  );
  assert.equal(
    r.includes[3]?.error,
    'Remote file `https://h/gone.yml` could not be fetched because of HTTP code `404` error!',
  );
});
