import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median } from '../../../../native/ingest/median.js';

test('the median of an odd count is the middle value, whatever the input order', () => {
  assert.equal(median([9, 1, 5]), 5);
  assert.equal(median([12]), 12);
});

test('the median of an even count is the mean of the two middle values', () => {
  assert.equal(median([10, 2, 8, 4]), 6);
});

test('numbers sort as numbers, not as strings', () => {
  // A default sort would put 10 before 9 and answer 9.5.
  assert.equal(median([9, 10, 100]), 10);
});

test('no values give 0, and the input is left unsorted', () => {
  assert.equal(median([]), 0);
  const values = [3, 1, 2];
  median(values);
  assert.deepEqual(values, [3, 1, 2]);
});
