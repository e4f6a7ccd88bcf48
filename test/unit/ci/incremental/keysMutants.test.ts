// The keys every cache of the incremental engine is made of (incremental/nodeIds.ts, plainKey.ts): equal keys must
// mean values no reader can tell apart, or a cache hands back another value's answer. These pin the cases the
// random-tree and JSON tests of incremental.test.ts leave open: ids that run together, scalars whose type is all
// that differs, a mapping holding a value with no id, and items inside lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeIds } from '../../../../src/ci/incremental/nodeIds';
import { plainKey } from '../../../../src/ci/incremental/plainKey';
import type { Scalar, YNode } from '../../../../src/ci/yaml/node';

const range = { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 1 };
const scalar = (value: Scalar): YNode => ({ kind: 'scalar', value, range });
const seq = (...items: YNode[]): YNode => ({ kind: 'seq', items, range });
const map = (entries: Record<string, YNode>): YNode => ({
  kind: 'map',
  entries: Object.entries(entries).map(([key, value]) => ({ key, keyRange: range, value })),
  range,
});

void test('structural ids: lists whose item ids would run together are still told apart', () => {
  const ids = new NodeIds();
  // Ids are given in the order structures are first met: these scalars get 0 … 23.
  const s = Array.from({ length: 24 }, (_, i) => scalar(`s${i}`));
  assert.deepEqual(
    s.map((n) => ids.idOf(n)),
    s.map((_, i) => i),
  );
  assert.notEqual(ids.idOf(seq(s[1]!, s[23]!)), ids.idOf(seq(s[12]!, s[3]!)));
  assert.notEqual(ids.idOf(seq(s[1]!, s[2]!, s[3]!)), ids.idOf(seq(s[12]!, s[3]!)));
});

void test('structural ids: null, false and true are three values (Psych types them: `~`, `false`, `true`)', () => {
  const ids = new NodeIds();
  const found = [null, false, true, 'null', 'false', 'true', 0, ''].map((v) => ids.idOf(scalar(v)));
  assert.equal(new Set(found).size, found.length, found.join(' '));
});

void test('structural ids: a mapping or list that holds a value with no id has none either', () => {
  const ids = new NodeIds();
  const proto: YNode = { kind: 'map', entries: [{ key: '__proto__', keyRange: range, value: scalar('x') }], range };
  assert.equal(ids.idOf(proto), undefined);
  assert.equal(ids.idOf(map({ a: proto })), undefined);
  assert.equal(ids.idOf(map({ a: scalar(1), b: seq(proto) })), undefined);
  // Two such mappings would otherwise share an id while toPlain makes different values of them.
  const other: YNode = { kind: 'map', entries: [{ key: '__proto__', keyRange: range, value: scalar('y') }], range };
  assert.equal(ids.idOf(map({ a: other })), undefined);
});

void test('plainKey: every value inside a list is told apart from an empty list and from the others', () => {
  const values: unknown[] = [undefined, null, true, false, 0, -0, '', [], {}];
  const keys = [plainKey([]), ...values.map((v) => plainKey([v]))];
  assert.equal(new Set(keys).size, keys.length, keys.join(' | '));
  const nested = [plainKey({}), ...values.map((v) => plainKey({ a: v }))];
  assert.equal(new Set(nested).size, nested.length, nested.join(' | '));
});
