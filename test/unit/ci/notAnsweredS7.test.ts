// Rows of docs/mutation.md that said "not answered" or "(found, not fixed)", checked again against today's code:
// where the difference they named was fixed since, GitLab's answer is pinned here so the mutant is killed. Every
// expected value comes from GitLab's (or the runner's, or Ruby's) own behaviour, never from what the engine does:
//   - a dotenv write is what the shell writes (checked with bash), judged as parse_dotenv_artifact_service.rb does;
//   - a trailing `\` in a glob is Ruby 3.1's File.fnmatch? with GitLab's three flags (run for each row);
//   - `script:` shapes are Entry::Commands' (lib/gitlab/ci/config/entry/commands.rb);
//   - a `.gitlab-ci.yml` seen as the project's pipeline has no parent (Ci::Pipeline#child? is false for it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { predictDotenvRejection } from '../../../src/ci/jobs/dotenvKeys';
import { rubyFnmatch } from '../../../src/ci/rules/fnmatch';
import type { YMap, YNode } from '../../../src/ci/yaml/node';
import { job, run } from './helpers';

const at = { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 1 };
const str = (value: string): YNode => ({ kind: 'scalar', value, range: at });
function scriptJob(lines: string[]): YMap {
  const items: YNode[] = lines.map(str);
  return {
    kind: 'map',
    range: at,
    entries: [{ key: 'script', keyRange: at, value: { kind: 'seq', range: at, items } }],
  };
}
const rejection = (lines: string[]): string | undefined =>
  predictDotenvRejection(scriptJob(lines), ['build.env'])?.message;

void test('dotenv: a `>` inside the echoed text is not where the write goes (ANY_WRITE anchored at the end)', () => {
  // bash writes the line `A B > x` into build.env; it has no `=`, so GitLab rejects the report ("Invalid Format").
  // Unanchored, the write would be read as going to a file `x` and the report's bad line missed.
  assert.equal(rejection(['echo "A B > x" >> build.env']), 'Invalid Format');
  assert.equal(rejection(["echo 'A B > x' >> build.env"]), 'Invalid Format');
  // The same text written into another file leaves build.env alone.
  assert.equal(rejection(['echo "A B > build.env" >> other.env']), undefined);
});

void test('dotenv: text right after the file name is part of the name (ANY_WRITE `\\s*$`)', () => {
  // bash: `>> "build.env"x` creates `build.envx`, so the report build.env is never written by this line and GitLab
  // has no bad line to reject. Read as `build.env`, the line `A B` would be a false "Invalid Format".
  assert.equal(rejection(['echo "A B" >> "build.env"x']), undefined);
  assert.equal(rejection(["echo 'A B' >> 'build.env'x"]), undefined);
  // Trailing spaces end nothing: the write is to build.env.
  assert.equal(rejection(['echo "A B" >> "build.env"   ']), 'Invalid Format');
});

void test('fnmatch: a lone trailing backslash is dropped, as Ruby does (difference 9, gone with the dir.c port)', () => {
  const gitlab = { dotmatch: true, extglob: true };
  // Ruby 3.1, FNM_PATHNAME | FNM_DOTMATCH | FNM_EXTGLOB: "a\\" matches "a" and not "a\\"; "*\\" matches "ab".
  assert.equal(rubyFnmatch('a\\', 'a', gitlab), true);
  assert.equal(rubyFnmatch('a\\', 'a\\', gitlab), false);
  assert.equal(rubyFnmatch('a\\\\', 'a\\', gitlab), true);
  assert.equal(rubyFnmatch('*\\', 'ab', gitlab), true);
});

void test('script: a boolean, an integer or a list holding a number is refused with Entry::Commands message', async () => {
  const message = 'jobs:j:script config should be a string or a nested array of strings up to 10 levels deep';
  for (const value of ['true', '42', '[x, 3]', '{a: b}']) {
    const m = await run(`j: {script: ${value}}\n`);
    assert.equal(m.pipeline.created, false, value);
    assert.equal(m.pipeline.message, message, value);
  }
});

void test('a .gitlab-ci.yml that triggers itself is, on its own, the top-level pipeline: it has no parent', async () => {
  // Its needs:pipeline:job source is not described from "the parent pipeline": a pipeline created for the
  // project's own .gitlab-ci.yml is no child (only the pipeline its trigger job creates is).
  const m = await run(
    [
      'gen: {stage: build, script: x, artifacts: {paths: [a]}}',
      'child: {stage: build, trigger: {include: .gitlab-ci.yml}}',
      'j:',
      '  stage: test',
      '  script: x',
      '  needs: [{pipeline: $PARENT_PIPELINE_ID, job: gen}]',
      '',
    ].join('\n'),
  );
  const [source, ...more] = job(m, 'j').sources;
  assert.equal(more.length, 0);
  assert.equal(source?.scope, 'parent');
  assert.ok(!source.reason.includes('of the parent pipeline'), source.reason);
  assert.ok(!source.reason.includes('triggers this file'), source.reason);
});
