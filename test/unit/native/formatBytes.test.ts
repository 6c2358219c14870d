import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes } from '../../../native/formatBytes.js';

test('under 1 KiB is counted in bytes', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
});

test('each unit starts at its power of 1024, with one decimal', () => {
  assert.equal(formatBytes(1024), '1.0 KiB');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(2 ** 20), '1.0 MiB');
  assert.equal(formatBytes(300 * 2 ** 20), '300.0 MiB');
  assert.equal(formatBytes(2 ** 30), '1.0 GiB');
  assert.equal(formatBytes(5.25 * 2 ** 30), '5.3 GiB');
});

test('a small file is never shown as 0.0 of a larger unit', () => {
  for (const bytes of [1, 100, 1024, 2 ** 20, 2 ** 30]) assert.doesNotMatch(formatBytes(bytes), /^0\.0/);
});
