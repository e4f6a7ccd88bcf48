// Lenient mode's unresolved references (merge/unresolved.ts, pipeline/unresolvedInclusion.ts), answering the
// mutation survivors of docs/mutation.md: which rules a job's inclusion rests on, which policies read variables,
// which variables are unknown, and the search for a placeholder (its memo and its bound).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, job, run } from './helpers';
import type { FlowModel } from '../../../src/ci/model';
import { DiagnosticSink } from '../../../src/ci/diagnostics';
import { resolveReferences } from '../../../src/ci/merge/reference';
import { findUnresolved, unresolvedSource } from '../../../src/ci/merge/unresolved';
import { loadYaml } from '../../../src/ci/yaml/loadYaml';
import type { YNode } from '../../../src/ci/yaml/node';
import { get } from '../../../src/ci/yaml/node';

const HEAD = 'include: [{project: g/p, file: t.yml}]\nstages: [build, test]\n';
const FROM_R =
  'its inclusion depends on `!reference [".t", "r"]`, probably defined in an include that is not resolved offline';

function lenient(body: string): Promise<FlowModel> {
  return run({ '.gitlab-ci.yml': HEAD + body });
}

/** The top-level `key` of `text` after a lenient resolution: every `!reference` in it is a placeholder. */
function resolved(text: string, key: string): YNode {
  const sink = new DiagnosticSink();
  const root = loadYaml(text, 'ci.yml', sink).root;
  assert.ok(root);
  const out = resolveReferences(root, sink, true);
  const node = get(out, key);
  assert.ok(node, key);
  return node;
}

/** `[` + `count` empty mappings + the rest: a sequence holding `count + 1` containers of its own and `tail`. */
function wide(count: number, tail: string): string {
  return `[${'{}, '.repeat(count)}${tail}]`;
}

function items(node: YNode): YNode[] {
  assert.equal(node.kind, 'seq');
  return node.kind === 'seq' ? node.items : [];
}

void test('rules: the inclusion rests on the rules looked at, up to the one that decided (rules.rb: the first match)', async () => {
  // spec R8.3: rules are evaluated in order and the first rule whose clauses hold decides; the rules after it are
  // never looked at, the ones before it were. A reference in a rule that did not match (or in the one that decided)
  // leaves the inclusion unknown; one after the deciding rule does not.
  const second = await lenient("b: {stage: test, script: x, rules: [{if: '$NOPE'}, {if: !reference [.t, r]}]}\n");
  assert.deepEqual(errors(second), []);
  assert.equal(job(second, 'b').inPipeline, true);
  assert.equal(job(second, 'b').assumed, FROM_R);
  const after = await lenient(
    "b: {stage: test, script: x, rules: [{if: '$NOPE'}, {if: '$CI_COMMIT_BRANCH'}, {if: !reference [.t, r]}]}\n",
  );
  assert.deepEqual(errors(after), []);
  assert.equal(job(after, 'b').inPipeline, true);
  assert.equal(job(after, 'b').assumed, undefined);
  // The same counted through a nested list (flattened as GitLab does): the deciding rule is the second mapping.
  const nested = await lenient(
    "b: {stage: test, script: x, rules: [[{if: '$NOPE'}], [{if: '$CI_COMMIT_BRANCH', when: manual}, {if: !reference [.t, r]}]]}\n",
  );
  assert.equal(job(nested, 'b').when, 'manual');
  assert.equal(job(nested, 'b').assumed, undefined);
});

void test('rules that are not a list are GitLab’s error, also in lenient mode (nothing to walk for a reference)', async () => {
  const m = await lenient("b: {stage: test, script: x, rules: {if: '$CI_COMMIT_BRANCH'}}\n");
  assert.deepEqual(errors(m), ['jobs:b rules should be an array containing hashes and arrays of hashes']);
  assert.equal(job(m, 'b').assumed, undefined);
});

void test('only/except read the job’s variables: from an unresolved reference, the inclusion is assumed', async () => {
  // spec R8.4: `only:variables`/`except:variables` are expressions over the job's variables (Build::Policy::Variables);
  // refs are policies too, so any only/except decides on what the job's variables may change.
  for (const policy of [
    'only: {variables: [\'$D == "y"\']}',
    'except: {variables: [\'$D == "y"\']}',
    'only: [main]',
    'except: [tags]',
  ]) {
    const m = await lenient(`b: {stage: test, script: x, variables: !reference [.t, v], ${policy}}\n`);
    assert.deepEqual(errors(m), [], policy);
    assert.equal(job(m, 'b').inPipeline, true, policy);
    assert.equal(
      job(m, 'b').assumed,
      'its rules read variables from `!reference [".t", "v"]`, probably defined in an include that is not resolved offline',
      policy,
    );
  }
  // Without rules, only or except nothing decides on them: no assumption.
  const plain = await lenient('b: {stage: test, script: x, variables: !reference [.t, v]}\n');
  assert.equal(job(plain, 'b').assumed, undefined);
});

void test('a known global variable in the {value: …} form is read by rules:if and workflow:rules, not unknown', async () => {
  // Entry::Variables: a global variable may be `{value:, description:}`; its value is what rules read (spec R6.3).
  const vars = "variables: {X: {value: 'no', description: d}}\n";
  const m = await lenient(
    vars + 'b: {stage: test, script: x, rules: [{if: \'$X == "yes"\'}]}\nc: {stage: test, script: x}\n',
  );
  assert.deepEqual(errors(m), []);
  assert.equal(job(m, 'b').inPipeline, false);
  assert.equal(job(m, 'b').assumed, undefined);
  assert.equal(job(m, 'b').excludedReason, 'rules[0]: if \'$X == "yes"\' is false for a branch pipeline');
  const wf = await lenient(vars + 'workflow: {rules: [{if: \'$X == "yes"\'}]}\nb: {stage: test, script: x}\n');
  assert.equal(wf.pipeline.created, false);
  assert.equal(wf.pipeline.assumed, undefined);
  // The unresolved form is unknown to both (lenientUnknowns.test.ts has the jobs; here the workflow).
  const unknown = await lenient(
    'variables: {X: {value: !reference [.t, x]}}\nworkflow: {rules: [{if: \'$X == "yes"\'}]}\nb: {stage: test, script: x}\n',
  );
  assert.equal(unknown.pipeline.created, true);
  assert.ok(unknown.pipeline.assumed, 'assumed');
});

void test('findUnresolved: a value searched before is found again inside a larger one', () => {
  const outer = resolved('.t: {}\nv: [[a, [b, !reference [.t, r]]]]\n', 'v');
  const inner = items(outer)[0]!;
  const first = findUnresolved(inner);
  assert.ok(first);
  assert.equal(
    unresolvedSource(first),
    '`!reference [".t", "r"]`, probably defined in an include that is not resolved offline',
  );
  assert.equal(findUnresolved(outer), first);
  assert.equal(findUnresolved(outer), first); // and again, from its own memo
  // A value without one stays without one, searched once or twice, alone or inside another.
  const clean = resolved('v: [[a, [b, c]], {d: [e]}]\n', 'v');
  assert.equal(findUnresolved(items(clean)[0]), undefined);
  assert.equal(findUnresolved(clean), undefined);
  assert.equal(findUnresolved(clean), undefined);
});

void test('findUnresolved: at most 5,000 sequences and mappings are searched; the answer never depends on earlier searches', () => {
  // Our bound, not GitLab's (the editor must not freeze on a huge value): values checked are small.
  const at = resolved(`.t: {}\nv: ${wide(4998, '[!reference [.t, r]]')}\n`, 'v'); // 5,000 containers
  assert.ok(findUnresolved(at));
  const past = resolved(`.t: {}\nv: ${wide(4999, '[!reference [.t, r]]')}\n`, 'v'); // 5,001
  assert.equal(findUnresolved(past), undefined);
  // A placeholder met directly costs nothing: found after 5,000 containers too.
  const direct = resolved(`.t: {}\nv: ${wide(5000, '!reference [.t, r]')}\n`, 'v');
  assert.ok(findUnresolved(direct));
  // A search cut short is not remembered as "none": a larger value holding that one is searched as if it was new
  // (the incremental engine's contract: the same tree, the same answer, whatever was analysed before).
  const text = `.t: {}\nv: [${wide(5000, '[]')}, [!reference [.t, r]]]\n`;
  const fresh = findUnresolved(resolved(text, 'v'));
  const again = resolved(text, 'v');
  assert.equal(findUnresolved(items(again)[0]), undefined);
  assert.equal(findUnresolved(again) === undefined, fresh === undefined);
});
