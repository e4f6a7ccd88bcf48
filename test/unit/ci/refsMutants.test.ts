// only/except: refs, the cases mutation testing found untested (docs/mutation.md): GitLab's Policy::Refs lets ref
// names and regexes match only branch and tag pipelines, splits `pattern@project` at the first `@` (Ruby
// `split('@', 2)`), and pluralizes source keywords the ActiveSupport way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PipelineContext } from '../../../src/ci/model';
import { pluralize, refPatternMatches, refsMatch } from '../../../src/ci/rules/refs';

function ctx(over: Partial<PipelineContext>): PipelineContext {
  return { source: 'push', refKind: 'branch', branch: 'main', defaultBranch: 'main', variables: {}, ...over };
}

void test('pluralize: -s/-x/-z/-sh/-ch take -es, consonant + y takes -ies, a vowel + y only -s', () => {
  assert.equal(pluralize('push'), 'pushes');
  assert.equal(pluralize('policy'), 'policies');
  assert.equal(pluralize('day'), 'days');
  assert.equal(pluralize('frenzy'), 'frenzies');
  // The y must end the word.
  assert.equal(pluralize('yak'), 'yaks');
  assert.equal(pluralize('python'), 'pythons');
  assert.equal(pluralize('schedule'), 'schedules');
});

void test('a merge request pipeline never matches a branch name or regex, even its own source branch', () => {
  const mr = ctx({ source: 'merge_request_event', refKind: 'mr', branch: 'feature', mrIid: '3' });
  assert.equal(refsMatch(['feature'], mr), false);
  assert.equal(refsMatch(['/^feat/'], mr), false);
  // Its source keyword does match, as-is and pluralized.
  assert.equal(refsMatch(['merge_requests'], mr), true);
  assert.equal(refsMatch(['merge_request'], mr), true);
});

void test('a branch pipeline whose branch is not known matches no name or regex (not the text "undefined")', () => {
  const noBranch = ctx({});
  delete noBranch.branch;
  assert.equal(refsMatch(['/undefined/'], noBranch), false);
  assert.equal(refsMatch(['/.*/'], noBranch), false);
  assert.equal(refsMatch(['branches'], noBranch), true, 'the keyword needs no name');
  const tagNoName = ctx({ refKind: 'tag' });
  assert.equal(refsMatch(['/undefined/', 'main'], tagNoName), false, 'a tag pipeline reads the tag, not the branch');
});

void test('`@` splits at the first one: a leading @ leaves an empty pattern, which matches nothing', () => {
  // Ruby: "@foo".split("@", 2) → ["", "foo"]: the pattern is "" and the project "foo".
  const atBranch = ctx({ branch: '@foo', projectPath: 'foo' });
  assert.equal(refPatternMatches('@foo', atBranch), false);
  assert.equal(refPatternMatches('main@group/project', ctx({ projectPath: 'group/project' })), true);
  assert.equal(refPatternMatches('main@group/other', ctx({ projectPath: 'group/project' })), false);
  assert.equal(refPatternMatches('main@group/project', ctx({})), 'unknown', 'no project path known');
  // Only the first @ splits: the project part keeps the rest.
  assert.equal(refPatternMatches('main@a@b', ctx({ projectPath: 'a@b' })), true);
});

void test('refsMatch skips entries that are not strings instead of failing on them', () => {
  assert.equal(refsMatch([42, null, { a: 1 }, 'main'], ctx({})), true);
  assert.equal(refsMatch([42], ctx({})), false);
  assert.equal(refsMatch(['main@group/project', 'main'], ctx({})), true, 'true wins over an earlier unknown');
  assert.equal(refsMatch(['main@group/project', 'other'], ctx({})), 'unknown');
});
