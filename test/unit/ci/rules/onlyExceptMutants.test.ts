// Tests written to answer the mutation survivors of onlyExcept.ts (docs/mutation.md, "rules: only/except and job
// rules"). Values are GitLab's: Entry::Policy (the default `{refs: [branches, tags]}` deep-merged under `only`, none for
// `except`), Entry Factory (a nil value is an unspecified entry, which takes the default), Build::Policy::{Refs,
// Variables, Changes, Kubernetes} (each clause is one specification; `only` needs all of them, `except` any:
// Seed::Build#all_of_only? / #none_of_except?). The reasons are ours and compared exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePolicy, normalizePolicy, type Policy } from '../../../../src/ci/rules/onlyExcept';
import type { RuleEnv } from '../../../../src/ci/rules/env';
import type { PipelineContext } from '../../../../src/ci/model';
import { env, push, tagPush } from './helpers';

/** The normalized policy, which must exist. */
function policy(raw: unknown, key: 'only' | 'except', dropDefault = false): Policy {
  const p = normalizePolicy(raw, key, dropDefault);
  assert.ok(p, `expected a ${key} policy for ${JSON.stringify(raw)}`);
  return p;
}

const evaluate = (raw: unknown, key: 'only' | 'except', e: RuleEnv) => evaluatePolicy(policy(raw, key), e);

const DEFAULT_ONLY: Policy = { key: 'only', refs: ['branches', 'tags'], implicit: true };

void test('a null policy is an unspecified entry: only takes the default, except has none', () => {
  // Gitlab::Config::Entry::Factory#create!: a nil value fabricates the default (DEFAULT_ONLY), or Undefined.
  assert.deepEqual(normalizePolicy(null, 'only', false), DEFAULT_ONLY);
  assert.deepEqual(normalizePolicy(undefined, 'only', false), DEFAULT_ONLY);
  assert.equal(normalizePolicy(null, 'only', true), null, 'the default is dropped by rules or workflow:rules');
  assert.equal(normalizePolicy(null, 'except', false), null);
});

void test('except has no default refs, even as a hash without refs', () => {
  // Entry::Policy.default answers nil for except: nothing is deep-merged under it.
  assert.deepEqual(normalizePolicy({ variables: ['$SKIP'] }, 'except', false), {
    key: 'except',
    implicit: false,
    variables: ['$SKIP'],
  });
  const r = evaluate({ variables: ['$SKIP'] }, 'except', env(push('main')));
  assert.equal(r.value, false, 'a branch pipeline without $SKIP is not excluded');
  // Only the default refs survive a hash without refs (deep merge), still marked as the default.
  assert.deepEqual(normalizePolicy({ variables: ['$GO'] }, 'only', false), { ...DEFAULT_ONLY, variables: ['$GO'] });
  assert.deepEqual(normalizePolicy({ changes: ['src/*'] }, 'only', false), { ...DEFAULT_ONLY, changes: ['src/*'] });
  assert.deepEqual(normalizePolicy({ kubernetes: 'active' }, 'except', false), {
    key: 'except',
    implicit: false,
    kubernetes: 'active',
  });
});

void test('explicit refs replace the default: arrays are not merged, and they are no longer the default', () => {
  assert.deepEqual(normalizePolicy(['main'], 'only', false), { key: 'only', refs: ['main'], implicit: false });
  assert.deepEqual(normalizePolicy({ refs: ['main'] }, 'only', false), {
    key: 'only',
    refs: ['main'],
    implicit: false,
  });
  assert.equal(
    evaluate({ refs: ['main'] }, 'only', env(push('feat'))).detail,
    "only: [main] does not match branch 'feat'",
    'no "(implicit default)" once refs are written',
  );
});

void test('refs: null is no pattern at all (Policy::Refs takes Array(refs), and Array(nil) is [])', () => {
  // ComplexPolicy validates refs with allow_nil, and deep_merge puts the nil over the default refs.
  assert.deepEqual(normalizePolicy({ refs: null }, 'only', false), { key: 'only', refs: [], implicit: false });
  const only = evaluate({ refs: null }, 'only', env(push('main')));
  assert.equal(only.value, false, 'refs.any? over no pattern is false: the job never runs');
  assert.equal(only.detail, "only: [] does not match branch 'main'");
  assert.equal(evaluate({ refs: null }, 'except', env(push('main'))).value, false, 'and except never excludes');
});

void test('a single pattern where a list is expected is one pattern (Ruby Array() in Policy::Refs and ::Variables)', () => {
  // GitLab's entry rejects these shapes (`refs should be an array of strings or regexps`, reported by our checks);
  // the specifications themselves wrap a lone value in a list, and so do we.
  assert.deepEqual(normalizePolicy({ refs: 'main' }, 'only', false), { key: 'only', refs: ['main'], implicit: false });
  assert.equal(evaluate({ refs: 'main' }, 'only', env(push('main'))).value, true);
  assert.deepEqual(normalizePolicy({ variables: '$GO' }, 'only', false), { ...DEFAULT_ONLY, variables: ['$GO'] });
  const go = env({ ...push('main'), variables: { GO: '1' } });
  assert.equal(evaluate({ variables: '$GO' }, 'only', go).value, true);
  assert.equal(evaluate({ variables: '$GO' }, 'only', env(push('main'))).value, false);
});

void test('a policy that is neither a list nor a hash: GitLab refuses it; ours reads a string as its one ref and never throws', () => {
  // Entry::Policy::UnknownStrategy: `has to be either an array of conditions or a hash` (policyShapeErrors says it).
  // The job is still shown the way its author most likely meant, beside that error.
  assert.deepEqual(normalizePolicy('main', 'only', false), { key: 'only', refs: ['main'], implicit: false });
  assert.deepEqual(normalizePolicy('tags', 'except', false), { key: 'except', refs: ['tags'], implicit: false });
  assert.equal(evaluate('main', 'only', env(push('main'))).value, true);
  assert.equal(evaluate('main', 'only', env(push('feat'))).value, false);
  // Numbers and booleans carry no condition: only keeps its default, except has no clause.
  assert.deepEqual(normalizePolicy(42, 'only', false), DEFAULT_ONLY);
  assert.deepEqual(normalizePolicy(true, 'except', false), { key: 'except', implicit: false });
  const empty = evaluate(true, 'except', env(push('main')));
  assert.deepEqual(empty, { value: false, detail: 'except: empty' });
  // `except: {}` is GitLab's `config can't be blank` (ComplexPolicy validates presence); it excludes nothing here.
  assert.deepEqual(evaluate({}, 'except', env(push('main'))), { value: false, detail: 'except: empty' });
});

void test('the pipeline named in the reasons: tag or branch, its source, and a ref whose name is not known', () => {
  const main = policy(['main'], 'only');
  assert.equal(evaluatePolicy(main, env(tagPush('v1.0.0'))).detail, "only: [main] does not match tag 'v1.0.0'");
  assert.equal(
    evaluatePolicy(main, env(tagPush('v2', { source: 'web' }))).detail,
    "only: [main] does not match tag 'v2' (source web)",
  );
  const noTag: PipelineContext = { source: 'push', refKind: 'tag', defaultBranch: 'main', variables: {} };
  assert.equal(evaluatePolicy(main, env(noTag)).detail, "only: [main] does not match tag '?'");
  const noBranch: PipelineContext = { source: 'push', refKind: 'branch', defaultBranch: 'main', variables: {} };
  assert.equal(evaluatePolicy(main, env(noBranch)).detail, "only: [main] does not match branch '?'");
});

void test('patterns that are not strings are shown as JSON and match nothing', () => {
  const r = evaluate([42, { a: 1 }], 'only', env(push('main')));
  assert.equal(r.value, false);
  assert.equal(r.detail, `only: [42, {"a":1}] does not match branch 'main'`);
});

void test('a matching only policy lists what held, clause by clause', () => {
  assert.deepEqual(evaluate(['main'], 'only', env(push('main'))), {
    value: true,
    detail: "only: [main] matches branch 'main'",
  });
  const go = env({ ...push('main'), variables: { GO: '1' } });
  assert.deepEqual(evaluate({ variables: ['$GO'] }, 'only', go), {
    value: true,
    detail:
      "only: [branches, tags] (implicit default) matches branch 'main'; only:variables ['$GO']: an expression is true",
  });
});

void test('refs@project when the project path is not known: assumed to match', () => {
  const r = evaluate(['branches@group/app'], 'only', env(push('main')));
  assert.equal(r.value, 'unknown');
  assert.equal(r.detail, "assumed: only: [branches@group/app] matches branch 'main' (the project path is not known)");
});

void test('variables: any expression; one that is not a string is never true; unknown names are listed once each', () => {
  // Policy::Variables: statements.any?(&:truthful?). GitLab's entry refuses a non-string (`variables should be an
  // array of strings`); here it counts as false and never throws.
  const odd = evaluate({ refs: ['main'], variables: [{ a: 1 }] }, 'only', env(push('main')));
  assert.deepEqual(odd, {
    value: false,
    detail: `only:variables ['{"a":1}']: no expression is true`,
  });
  const unknown = new Set(['A', 'B']);
  const r = evaluate(
    { refs: ['main'], variables: [{ a: 1 }, '$A == "x"', '$A && $B'] },
    'only',
    env(push('main'), { unknownVariables: unknown }),
  );
  assert.equal(r.value, 'unknown');
  assert.equal(
    r.detail,
    `assumed: only:variables ['{"a":1}', '$A == "x"', '$A && $B']: depends on $A, $B, not known here`,
  );
  const known = env({ ...push('main'), variables: { A: 'x' } }, { unknownVariables: new Set(['B']) });
  assert.equal(
    evaluate({ refs: ['main'], variables: [{ a: 1 }, '$A == "x"', '$A && $B'] }, 'only', known).value,
    true,
    'a true expression decides whatever the others are',
  );
});

void test('except: one holding clause excludes (each clause is its own specification, none may hold)', () => {
  const e = env({ ...push('main'), variables: { SKIP: '1' } });
  const hit = evaluate({ refs: ['tags'], variables: ['$SKIP'] }, 'except', e);
  assert.deepEqual(hit, { value: true, detail: "except:variables ['$SKIP']: an expression is true" });
  const refsOnly = evaluate({ refs: ['main'], variables: ['$NOPE'] }, 'except', env(push('main')));
  assert.deepEqual(refsOnly, { value: true, detail: "except: [main] matches branch 'main'" });
  const none = evaluate({ refs: ['tags'], variables: ['$NOPE'] }, 'except', env(push('main')));
  assert.deepEqual(none, {
    value: false,
    detail: "except: [tags] does not match branch 'main'; except:variables ['$NOPE']: no expression is true",
  });
});

void test('an unknown clause: only names it after the ones that hold, except after the ones that do not', () => {
  const only = evaluate({ refs: ['main'], changes: ['src/*'] }, 'only', env(push('main')));
  assert.deepEqual(only, { value: 'unknown', detail: 'assumed: only:changes [src/*] cannot be known statically' });
  const except = evaluate({ refs: ['tags'], changes: ['src/*'] }, 'except', env(push('main')));
  assert.deepEqual(except, {
    value: 'unknown',
    detail: 'assumed: except:changes [src/*] cannot be known statically',
  });
  // A failing only clause decides before an unknown one; a holding except clause too.
  assert.equal(evaluate({ refs: ['tags'], changes: ['src/*'] }, 'only', env(push('main'))).value, false);
  assert.equal(evaluate({ refs: ['main'], changes: ['src/*'] }, 'except', env(push('main'))).value, true);
});

void test('changes: the reasons of each outcome, and globs are not expanded (Policy::Changes uses them as written)', () => {
  const changed = (files: string[]) => env(push('main'), { changedFiles: files });
  assert.deepEqual(evaluate({ refs: ['main'], changes: ['src/*'] }, 'only', changed(['src/a.c'])), {
    value: true,
    detail: "only: [main] matches branch 'main'; only:changes [src/*]: src/a.c matches src/*",
  });
  assert.deepEqual(evaluate({ refs: ['main'], changes: ['src/*'] }, 'only', changed(['lib/a.c'])), {
    value: false,
    detail: 'only:changes [src/*]: no changed file matches',
  });
  // rules:changes expands $DIR (Clause::Changes, expand_existing); only/except:changes does not.
  const withDir = env({ ...push('main'), variables: { DIR: 'src' } }, { changedFiles: ['src/a.c'] });
  assert.equal(evaluate({ refs: ['main'], changes: ['$DIR/*'] }, 'only', withDir).value, false);
  assert.equal(evaluate({ refs: ['tags'], changes: ['$DIR/*'] }, 'except', withDir).value, false);
});

void test('kubernetes is assumed, never known; without it the policy is certain', () => {
  const k = evaluate({ refs: ['main'], kubernetes: 'active' }, 'only', env(push('main')));
  assert.deepEqual(k, {
    value: 'unknown',
    detail: 'assumed: only:kubernetes "active" (the cluster state cannot be known statically)',
  });
  assert.equal(evaluate(['main'], 'only', env(push('main'))).value, true);
  assert.equal(evaluate(['tags'], 'except', env(push('main'))).value, false);
});

void test('changes: null is no pattern (ComplexPolicy allows nil, Policy::Changes reads Array(nil)): true only without a diff', () => {
  // Policy::Changes#satisfied_by?: `return true if pipeline.modified_paths.nil?`, else any path matching any glob.
  assert.equal(evaluate({ refs: ['tags'], changes: null }, 'only', env(tagPush('v1'))).value, true);
  assert.equal(evaluate({ changes: null }, 'except', env(tagPush('v1'))).value, true);
  const changed = env(push('main'), { changedFiles: ['src/a.c'] });
  assert.equal(evaluate({ refs: ['main'], changes: null }, 'only', changed).value, false);
  assert.equal(evaluate({ changes: null }, 'except', changed).value, false);
});

void test('changes past our comparison bound: unknown for only/except (Policy::Changes has no bound), true for rules', () => {
  // 2 globs x 25,001 changed files: Clause::Changes (rules) assumes true past 50,000 comparisons; Policy::Changes
  // compares every path, so we cannot answer without doing the work and say unknown.
  const files = Array.from({ length: 25_001 }, (_, i) => `f${i}`);
  const big = env(push('main'), { changedFiles: files });
  const r = evaluate({ refs: ['main'], changes: ['a', 'b'] }, 'only', big);
  assert.equal(r.value, 'unknown');
  assert.match(r.detail, /over 50000 comparisons, not evaluated here/);
});
