import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addFamiliarity, decayedInterest, INTEREST_HALF_LIFE_MS } from '../../../../../native/knowledge/profile/decay.js';

test('interest halves every half-life: two weeks by default', () => {
  assert.equal(INTEREST_HALF_LIFE_MS, 14 * 86_400_000);
  assert.equal(decayedInterest(8, 0, INTEREST_HALF_LIFE_MS), 4);
  assert.equal(decayedInterest(8, 0, 3 * INTEREST_HALF_LIFE_MS), 1);
  assert.equal(decayedInterest(8, 1000, 1000), 8);
  assert.equal(decayedInterest(1, 0, 10, 10), 0.5);
});

test('interest never grows when the clock goes back', () => {
  assert.equal(decayedInterest(3, 5000, 1000), 3);
});

/** Equal to within float rounding. */
const near = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≉ ${expected}`);

test('familiarity closes part of what is left, stays within [0, 1] and clamps odd inputs', () => {
  near(addFamiliarity(0, 0.5), 0.5);
  near(addFamiliarity(0.5, 0.5), 0.75);
  near(addFamiliarity(0.9, 0), 0.9);
  near(addFamiliarity(0.2, 2), 1);
  near(addFamiliarity(0.2, -1), 0.2);
  near(addFamiliarity(-3, 0.1), 0.1);
  near(addFamiliarity(7, 0.1), 1);
});
