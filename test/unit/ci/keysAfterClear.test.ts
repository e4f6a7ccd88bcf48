// Parts of keys kept from one analysis to the next by mapping (src/ci/incremental/checkMemo.ts, the check memo;
// jobInclusionCache.ts, a job's inclusion): they are made of structural ids, so they go when the ids go. A part
// kept past a clear would name another mapping's values once the ids restart: a check with findings would be
// skipped as "clean", a job would be given another job's inclusion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import { CheckMemo } from '../../../src/ci/incremental/checkMemo';
import { JobInclusionCache, scopeKeyOf } from '../../../src/ci/incremental/jobInclusionCache';
import { buildJobs } from '../../../src/ci/jobs/buildJobs';
import { createRuleScope } from '../../../src/ci/pipeline/inclusion';
import { defaultContext } from '../../../src/ci/analyze';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import type { YMap } from '../../../src/ci/yaml/node';

function load(text: string): YMap {
  const root = loadYaml(text, 'ci.yml', new DiagnosticSink()).root;
  assert.ok(root);
  return root;
}

const KEYS: ReadonlySet<string> = new Set(['x']);

/** One analysis's check of `node`: reports `finding` when given. Returns what reached the sink. */
function check(memo: CheckMemo, node: YMap, finding?: string): string[] {
  const sink = new DiagnosticSink();
  memo.run(memo.keyOf('c', [], node, KEYS), sink, (out) => {
    if (finding) out.warning('w', finding, node.range);
  });
  return sink.items.map((d) => d.message);
}

void test('after the memo clears, a mapping checked before gets a key of the new ids', () => {
  const memo = new CheckMemo(2);
  const a = load('x: [1]');
  memo.begin();
  assert.deepEqual(check(memo, a), []);
  assert.deepEqual(check(memo, load('x: [9]')), []);
  // Two clean keys: the bound is reached, the next analysis starts afresh (ids restart).
  memo.begin();
  assert.equal(memo.size, 0);
  // Another mapping takes the ids `a`'s values had, and is clean.
  assert.deepEqual(check(memo, load('x: [2]')), []);
  memo.begin();
  // `a` now has a finding (what the check reads of it is not all the key holds): it must run.
  assert.deepEqual(check(memo, a, 'found'), ['found']);
});

void test('within the bound, an unchanged mapping keeps its key from one analysis to the next', () => {
  const memo = new CheckMemo();
  const a = load('x: [1]');
  memo.begin();
  check(memo, a);
  memo.begin();
  check(memo, a);
  assert.equal(memo.hits, 1);
  assert.equal(memo.misses, 1);
});

void test('after the inclusion cache clears, a job decided before gets a key of the new ids', () => {
  const context = { ...defaultContext(), variables: { V: '1' } };
  const cache = new JobInclusionCache(2);
  /** One analysis: each job's inclusion through the cache, by name. */
  const decide = (config: YMap): Record<string, boolean> => {
    const built = buildJobs(config, new DiagnosticSink());
    const scope = cache.wrap(createRuleScope(context, [], undefined), scopeKeyOf(context, [], undefined));
    return Object.fromEntries(built.jobs.map((j) => [j.name, scope.job(j, undefined, {}, false).included]));
  };
  const first = load(
    'j:\n  script: [x]\n  rules: [{if: \'$V == "1"\'}]\nk:\n  script: [x]\n  rules: [{if: \'$V == "9"\'}]\n',
  );
  assert.deepEqual(decide(first), { j: true, k: false });
  // Two entries: the bound is reached, the next analysis starts afresh (ids restart). A job of the same name
  // whose rules take the ids `j`'s had is decided (not included) and kept.
  assert.deepEqual(decide(load('j:\n  script: [x]\n  rules: [{if: \'$V == "2"\'}]\n')), { j: false });
  // The first `j` again, the very same mapping: included, not the other's answer.
  assert.deepEqual(decide({ ...first, entries: [first.entries[0]!] }), { j: true });
});

void test("a job definition's remembered inclusion is that of its own scope, variables and workflow rules", () => {
  const cache = new JobInclusionCache();
  const config = load(
    'j:\n  script: [x]\n  rules:\n    - if: \'$V == "1" && $CI_PIPELINE_SOURCE == "push"\'\n    - if: $W\n      when: manual\n',
  );
  const [j] = buildJobs(config, new DiagnosticSink()).jobs;
  assert.ok(j);
  const decide = (v: string, workflow: Record<string, string>, workflowRules: boolean): string => {
    const context = { ...defaultContext(), variables: { V: v } };
    const scope = cache.wrap(createRuleScope(context, [], undefined), scopeKeyOf(context, [], undefined));
    const inc = scope.job(j, undefined, workflow, workflowRules);
    return inc.included ? inc.when : 'excluded';
  };
  assert.equal(decide('1', {}, false), 'on_success');
  assert.equal(decide('1', {}, false), 'on_success');
  assert.equal(cache.hits, 1);
  assert.equal(decide('2', {}, false), 'excluded', 'another scope: decided again');
  assert.equal(decide('2', { W: 'yes' }, false), 'manual', 'other workflow variables: decided again');
  assert.equal(decide('1', {}, false), 'on_success', 'the first scope again');
  assert.equal(cache.misses, 3);
});

void test("a mapping's latest key is that of its check, facts and key set", () => {
  const memo = new CheckMemo();
  const a = load('x: [1]\ny: 2');
  memo.begin();
  const key = memo.keyOf('c', ['j', 1], a, KEYS);
  assert.equal(memo.keyOf('c', ['j', 1], a, KEYS), key);
  assert.notEqual(memo.keyOf('c', ['j', 2], a, KEYS), key, 'other facts');
  assert.notEqual(memo.keyOf('d', ['j', 1], a, KEYS), memo.keyOf('c', ['j', 1], a, KEYS), 'another check');
  assert.notEqual(memo.keyOf('c', ['j', 1], a, new Set(['x', 'y'])), key, 'another key set');
  assert.equal(memo.keyOf('c', ['j', 1], a, KEYS), key);
});
