import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appliedScaling, asFloat, yarnOverrides } from '../../../../native/llm/ropeOverrides.js';

test('asFloat nudges a whole number off the integers, by less than float32 can tell', () => {
  for (const n of [1, 2, 4, 8]) {
    const f = asFloat(n);
    assert.equal(Number.isInteger(f), false);
    assert.equal(Math.fround(f), n);
  }
  assert.equal(asFloat(2.5), 2.5, 'a fraction is already sent as a float');
});

test('scale 1 needs no override and reports no scaling', () => {
  assert.equal(yarnOverrides('llama', 1, 8192), undefined);
  assert.deepEqual(appliedScaling(1, 8192), { type: 'none', factor: 1, originalContextSize: 8192 });
});

test('a larger scale overrides YaRN under the model architecture, with the factor sent as a float', () => {
  const overrides = yarnOverrides('qwen2', 4, 32768) as { qwen2: { rope: { scaling: { type: string; factor: number; original_context_length: number } } } };
  assert.deepEqual(Object.keys(overrides), ['qwen2']);
  const scaling = overrides.qwen2.rope.scaling;
  assert.equal(scaling.type, 'yarn');
  assert.equal(scaling.original_context_length, 32768);
  assert.equal(Number.isInteger(scaling.factor), false);
  assert.equal(Math.fround(scaling.factor), 4);
  assert.deepEqual(appliedScaling(4, 32768), { type: 'yarn', factor: 4, originalContextSize: 32768 });
});
