// Beside the YAML extension the user already has (Red Hat's, with GitLab's schema), we add nothing for plain
// schema keys: no hover on any GitLab keyword key, and no completion where a keyword or a plain value is typed.
// Our items are about jobs, artifacts and variables only. (The extension itself cannot be installed here: it is
// published on the VS Code Marketplace and Open VSX, neither reachable from this machine, and no npm package
// ships it — see the README's note on the YAML extension.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidates } from '../../../src/editor/completion';
import { completionContext } from '../../../src/editor/completionContext';
import { hoverAt } from '../../../src/editor/hover';
import { editorModel } from './helpers';

const yaml = [
  'stages: [build, test]',
  'variables:',
  '  VER: "1"',
  'default:',
  '  image: alpine',
  'workflow:',
  '  rules:',
  '    - when: always',
  'build:',
  '  stage: build',
  '  image: alpine',
  '  tags: [linux]',
  '  before_script: [echo]',
  '  script: [make]',
  '  after_script: [echo]',
  '  cache:',
  '    key: k',
  '    paths: [c/]',
  '  retry: 2',
  '  timeout: 1h',
  '  interruptible: true',
  '  allow_failure: false',
  '  environment: { name: prod }',
  '  rules:',
  '    - if: $CI',
  '      when: on_success',
  '  artifacts:',
  '    name: n',
  '    when: always',
  '    expire_in: 1 week',
  '    paths: [out/]',
  '    reports:',
  '      junit: r.xml',
  'test:',
  '  stage: test',
  '  needs: [build]',
  '  script: [cat out/x]',
].join('\n');
const files = { '.gitlab-ci.yml': yaml };
const lines = yaml.split('\n');

/** Every `key:` on every line that is a GitLab keyword (not a job or template name), with its position. */
function keywordKeys(): { key: string; line: number; column: number }[] {
  const jobs = new Set(['build', 'test']);
  const out: { key: string; line: number; column: number }[] = [];
  for (const [i, text] of lines.entries()) {
    const m = /^(\s*)(?:-\s+)?([a-z_]+):/.exec(text);
    if (m?.[2] && !(m[1] === '' && jobs.has(m[2]))) {
      out.push({ key: m[2], line: i + 1, column: text.indexOf(m[2]) + 1 });
    }
  }
  return out;
}

void test('no hover of ours on any plain schema key, at its first and last character', async () => {
  const em = await editorModel(files);
  const keys = keywordKeys();
  assert.ok(keys.length >= 30, `${keys.length} keys`);
  for (const k of keys) {
    for (const column of [k.column, k.column + k.key.length - 1]) {
      assert.equal(hoverAt(em, '.gitlab-ci.yml', k.line, column), undefined, `${k.key} at ${k.line}:${column}`);
    }
  }
  // A job key is ours.
  assert.match(hoverAt(em, '.gitlab-ci.yml', 9, 1)?.markdown ?? '', /build/);
});

void test('no completion of ours where a keyword, or a plain keyword value, is being typed', async () => {
  const em = await editorModel(files);
  const typing = [
    ['  scr', 'a job key being typed'],
    ['  artifacts:', 'after a keyword key'],
    ['    pa', 'a key under artifacts'],
    ['  when: ma', 'a when value'],
    ['  image: alp', 'an image'],
    ['  cache:', 'cache'],
    ['    key: ', 'a cache key value'],
    ['  retry: ', 'retry'],
    ['work', 'a top-level key'],
    ['  - if: $CI_COMMIT_BRANCH == "ma', 'a string in a rule after a variable'],
    ['  tags: [li', 'tags'],
  ] as const;
  for (const [text, what] of typing) {
    const all = [...lines.slice(0, 34), text];
    const ctx = completionContext(all, all.length, text.length + 1);
    assert.equal(ctx, undefined, `${what}: ${JSON.stringify(ctx)}`);
  }
  // Where it is ours, it answers: a need.
  const needs = [...lines.slice(0, 36), '  needs: [bu'];
  const ctx = completionContext(needs, needs.length, needs[needs.length - 1]!.length + 1);
  assert.ok(ctx && candidates(em, ctx).some((c) => c.label === 'build'));
});
