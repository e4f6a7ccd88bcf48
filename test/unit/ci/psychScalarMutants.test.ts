// Psych's plain-scalar typing (spec R2.2; psych/lib/psych/scalar_scanner.rb), the edges mutation testing found
// untested (docs/mutation.md): every keyword and special float must match the whole scalar, not a part of it,
// and the cleaned float and base-60 forms must keep the values Psych gives them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolvePlainScalar } from '../../../src/ci/yaml/psychScalar';

const str = (value: string) => ({ type: 'string', value });

void test('booleans and null match the whole word only', () => {
  for (const text of ['ton', 'tno', 'nnull', 'nullx', 'yesx', 'offx', 'tyes', 'ooff']) {
    assert.deepEqual(resolvePlainScalar(text), str(text), text);
  }
  assert.deepEqual(resolvePlainScalar('On'), { type: 'bool', value: true });
  assert.deepEqual(resolvePlainScalar('NULL'), { type: 'null' });
});

void test('special floats match the whole scalar only', () => {
  for (const text of ['.info', '+.infx', '-.infx', '1-.inf', '.nanx']) {
    assert.deepEqual(resolvePlainScalar(text), str(text), text);
  }
  assert.deepEqual(resolvePlainScalar('-.INF'), { type: 'float', value: -Infinity });
  assert.deepEqual(resolvePlainScalar('+.inf'), { type: 'float', value: Infinity });
});

void test('dates: four digits from the start, days 10-29 included', () => {
  assert.deepEqual(resolvePlainScalar('2024-01-15'), { type: 'refused', className: 'Date' });
  assert.deepEqual(resolvePlainScalar('2024-1-5'), { type: 'refused', className: 'Date' });
  assert.deepEqual(resolvePlainScalar('12024-01-01'), str('12024-01-01'));
});

void test('base-60 floats: one-digit parts, several leading digits, a sign, nothing after', () => {
  // Psych weighs the parts from the left: 1:30.5 is 1·3600 + 30.5·60.
  assert.deepEqual(resolvePlainScalar('1:30.5'), { type: 'float', value: 5430 });
  assert.deepEqual(resolvePlainScalar('1:5.5'), { type: 'float', value: 3930 });
  assert.deepEqual(resolvePlainScalar('12:30.5'), { type: 'float', value: 45030 });
  assert.deepEqual(resolvePlainScalar('-1:30.5'), { type: 'float', value: -1770 });
  assert.deepEqual(resolvePlainScalar('1:30.5x'), str('1:30.5x'));
});

void test('floats: a dot before the exponent is dropped, a leading-dot fraction keeps its digits, a bare exponent is invalid', () => {
  assert.deepEqual(resolvePlainScalar('1.e+5'), { type: 'float', value: 100000 });
  assert.deepEqual(resolvePlainScalar('.55'), { type: 'float', value: 0.55 });
  // Psych hands "-e+5" to Kernel#Float, which raises: the file does not load.
  assert.deepEqual(resolvePlainScalar('-.e+5'), { type: 'invalid' });
});

void test('quoted symbols keep colons inside the quotes', () => {
  assert.deepEqual(resolvePlainScalar(':"a:b"'), { type: 'symbol', name: 'a:b' });
  assert.deepEqual(resolvePlainScalar(":'x'"), { type: 'symbol', name: 'x' });
  assert.deepEqual(resolvePlainScalar(':a:b'), { type: 'symbol', name: 'a:b' });
});
