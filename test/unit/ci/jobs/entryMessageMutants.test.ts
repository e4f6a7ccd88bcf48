// Survivors of src/ci/jobs/entryMessage.ts: the "config should implement" message (Entry::Jobs adds it on the job
// name as an attribute, which ActiveModel's humanize turns into text: leading `_` dropped, a trailing `_id` dropped,
// `_` to space) and the LegacyValidationHelpers type tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  implementMessage,
  isArrayOfStrings,
  isBoolean,
  isNullish,
  isString,
} from '../../../../src/ci/jobs/entryMessage';
import type { YNode } from '../../../../src/ci/yaml/node';

const TAIL = 'config should implement the script:, run:, or trigger: keyword';
const at = { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 1 };
const scalar = (value: string | number | boolean | null): YNode => ({ kind: 'scalar', value, range: at });

void test('implementMessage: humanize drops every leading underscore', () => {
  assert.equal(implementMessage('__build'), `jobs build ${TAIL}`);
  assert.equal(implementMessage('_build'), `jobs build ${TAIL}`);
});

void test('implementMessage: humanize drops only a trailing _id', () => {
  assert.equal(implementMessage('build_id'), `jobs build ${TAIL}`);
  assert.equal(implementMessage('my_id_job'), `jobs my_id_job ${TAIL}`);
});

void test('the type helpers answer false for an absent entry, never throw', () => {
  assert.equal(isBoolean(undefined), false);
  assert.equal(isString(undefined), false);
  assert.equal(isArrayOfStrings(undefined), false);
  assert.equal(isBoolean(scalar(true)), true);
  assert.equal(isBoolean(scalar('true')), false);
  assert.equal(isString(scalar('x')), true);
  assert.equal(isString(scalar(1)), false);
});

void test('isNullish: absent or null, nothing else', () => {
  assert.equal(isNullish(undefined), true);
  assert.equal(isNullish(scalar(null)), true);
  assert.equal(isNullish(scalar('')), false);
  assert.equal(isNullish(scalar(false)), false);
  assert.equal(isNullish({ kind: 'seq', items: [], range: at }), false);
});

void test('implementMessage: the rewrite of spaces is not anchored (Validator#messages gsub), as in GitLab', () => {
  // "jobs a-jobs x y config should implement …": GitLab's gsub finds `jobs x y config should implement` inside it.
  assert.equal(implementMessage('a-jobs x y'), `jobs a-jobs x_y ${TAIL}`);
});
