// External includes through an injected fetcher (src/ci/include/external.ts): project files with their own
// nested local includes read in that project at that commit, variables expanded, GitLab's messages for bad
// locations, a fetch failure as GitLab's error, an unavailable file as "not resolved", and each job's origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, defaultContext } from '../../../src/ci/analyze';
import type { FetchOutcome, IncludeFetcher } from '../../../src/ci/include/fetcher';
import { errors, job, memoryReader } from './helpers';

/** A fetcher over in-memory projects: `path@ref` → files; every call is logged. */
function memoryFetcher(
  projects: Record<string, Record<string, string>>,
  extra: Partial<IncludeFetcher> = {},
): IncludeFetcher & { calls: string[] } {
  const calls: string[] = [];
  const shaOf = (ref: string): string =>
    /^[0-9a-f]{40}$/.test(ref)
      ? ref
      : ref
          .padEnd(40, '0')
          .slice(0, 40)
          .replace(/[^0-9a-f]/g, 'a');
  return {
    calls,
    project(path, ref, file): Promise<FetchOutcome> {
      calls.push(`project ${path} ${ref ?? '(default)'} ${file}`);
      const r = ref ?? 'main';
      const files =
        projects[`${path}@${r}`] ??
        Object.entries(projects).find(([k]) => k.startsWith(`${path}@`) && shaOf(k.split('@')[1] ?? '') === r)?.[1];
      if (!files) return Promise.resolve({ error: `Project \`${path}\` reference \`${r}\` does not exist!` });
      const text = files[file];
      if (text === undefined) return Promise.resolve({ error: `Project \`${path}\` file \`${file}\` does not exist!` });
      return Promise.resolve({ file: { text, via: 'api', project: { path, ref: r, sha: shaOf(r) } } });
    },
    remote: (url) => Promise.resolve({ unavailable: `no remote ${url}` }),
    template: (name) => Promise.resolve({ unavailable: `no template ${name}` }),
    component: (address) => Promise.resolve({ unavailable: `no component ${address}` }),
    ...extra,
  };
}

function runWith(files: Record<string, string>, fetcher: IncludeFetcher, variables: Record<string, string> = {}) {
  return analyze({
    root: '.gitlab-ci.yml',
    reader: memoryReader(files),
    context: { ...defaultContext(), variables },
    fetcher,
  });
}

void test('include:project: file list, default branch, nested local read in that project at that commit, origins', async () => {
  const fetcher = memoryFetcher({
    'grp/lib@v1.2.0': {
      'ci/build.yml': 'include: /ci/base.yml\nbuild: {extends: .base, stage: build, script: make}\n',
      'ci/base.yml': '.base: {image: gcc}\n',
      'ci/test.yml': 'unit: {stage: test, script: t}\n',
    },
    'grp/other@main': { 'x.yml': 'x: {stage: test, script: x}\n' },
  });
  const m = await runWith(
    {
      '.gitlab-ci.yml':
        'include:\n  - project: grp/lib\n    ref: $LIB_REF\n    file: [ci/build.yml, /ci/test.yml]\n  - project: GRP/Other\n    file: x.yml\nown: {stage: test, script: y}\n',
      'ci/base.yml': '.base: {image: WRONG}\n',
    },
    fetcher,
    { LIB_REF: 'v1.2.0' },
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(m.jobs.map((j) => j.name).sort(), ['build', 'own', 'unit', 'x']);
  assert.equal(job(m, 'build').file, 'project:grp/lib@v1.2.0:/ci/build.yml');
  assert.equal(job(m, 'unit').file, 'project:grp/lib@v1.2.0:/ci/test.yml');
  assert.equal(job(m, 'x').file, 'project:grp/other@main:/x.yml');
  // The nested include:local was read in grp/lib at the commit of v1.2.0, not in the analysed repository.
  assert.ok(
    fetcher.calls.some((c) => c.startsWith('project grp/lib ') && c.endsWith(' ci/base.yml') && /[0-9a-f]{40}/.test(c)),
  );
  assert.ok(!m.diagnostics.some((d) => d.code === 'extends-unresolved'));
  const lib = m.includes.find((i) => i.location === 'grp/lib:ci/build.yml@v1.2.0');
  assert.deepEqual([lib?.resolved, lib?.via, lib?.files], [true, 'api', ['project:grp/lib@v1.2.0:/ci/build.yml']]);
  assert.ok(
    fetcher.calls.includes('project grp/other (default) x.yml'),
    'project path lower-cased as GitLab does; ref absent means the default branch',
  );
});

void test('include:project failures are GitLab\'s errors; unavailable files stay "not resolved"', async () => {
  const fetcher = memoryFetcher({ 'grp/lib@main': {} });
  const m = await runWith(
    {
      '.gitlab-ci.yml':
        'include:\n  - project: grp/lib\n    file: nope.yml\n  - project: grp/lib\n    file: a.txt\nj: {script: x}\n',
    },
    fetcher,
  );
  assert.deepEqual(errors(m), [
    'Project `grp/lib` file `nope.yml` does not exist!',
    'Included file `a.txt` does not have YAML extension!',
  ]);
  const u = await runWith(
    { '.gitlab-ci.yml': 'include: [{remote: "https://example.com/a.yml"}, {template: Nope.yml}]\nj: {script: x}\n' },
    fetcher,
  );
  assert.deepEqual(errors(u), ['Template file `Nope.yml` is not a valid location!']);
  assert.ok(
    u.diagnostics.some(
      (d) => d.code === 'include-unresolved' && d.message.includes('no remote https://example.com/a.yml'),
    ),
  );
});

void test('remote and template files keep the including context; a fetched file counts against the 150 limit', async () => {
  const fetcher = memoryFetcher(
    { 'grp/lib@main': { 'l.yml': 'lib: {script: x}\n' } },
    {
      remote: () => Promise.resolve({ file: { text: 'include: l.yml\nr: {script: x}\n', via: 'api' } }),
      template: () =>
        Promise.resolve({ file: { text: 'tpl: {script: x}\nprobe: {script: x}\n', via: 'lint', drop: ['probe'] } }),
    },
  );
  const m = await runWith(
    {
      '.gitlab-ci.yml':
        'include:\n  - https://example.com/r.yml\n  - template: Jobs/Build.gitlab-ci.yml\nj: {script: x}\n',
      'l.yml': 'local: {script: x}\n',
    },
    fetcher,
  );
  assert.deepEqual(errors(m), []);
  assert.deepEqual(m.jobs.map((j) => j.name).sort(), ['j', 'local', 'r', 'tpl']);
  assert.equal(job(m, 'local').file, 'l.yml', "a remote file's include:local reads the analysed project");
  assert.equal(job(m, 'tpl').file, 'template:Jobs/Build.gitlab-ci.yml');
  assert.equal(m.includes.find((i) => i.kind === 'template')?.via, 'lint');
  const many = await runWith(
    {
      '.gitlab-ci.yml': `include: [${Array.from({ length: 151 }, () => '{project: grp/lib, file: l.yml}').join(', ')}]\nj: {script: x}\n`,
    },
    fetcher,
  );
  assert.deepEqual(errors(many), ['Maximum of 150 nested includes are allowed!']);
});
