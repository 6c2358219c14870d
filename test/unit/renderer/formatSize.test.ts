import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSize } from '../../../renderer/formatSize.js';

test('under 1 KB is shown in bytes', () => {
  assert.equal(formatSize(0), '0 B');
  assert.equal(formatSize(1023), '1023 B');
});

test('one decimal under 10 of a unit, none from 10 up', () => {
  assert.equal(formatSize(1024), '1.0 KB');
  assert.equal(formatSize(1.4 * 1024 ** 3), '1.4 GB');
  assert.equal(formatSize(320 * 1024 ** 2), '320 MB');
  assert.equal(formatSize(10 * 1024), '10 KB');
});

test('the largest unit is TB, however large the number', () => {
  assert.equal(formatSize(2 * 1024 ** 4), '2.0 TB');
  assert.equal(formatSize(5000 * 1024 ** 4), '5000 TB');
});
