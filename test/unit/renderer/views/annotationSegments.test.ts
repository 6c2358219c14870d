import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotationSegments } from '../../../../renderer/views/annotationSegments.js';

test('overlapping ranges cut the text into runs that carry every range over them, so both marks are drawn', () => {
  const runs = annotationSegments(10, [
    { start: 2, end: 6, item: 'a' },
    { start: 4, end: 8, item: 'b' },
  ]);
  assert.deepEqual(
    runs.map((r) => [r.start, r.end, r.items.join('')]),
    [
      [0, 2, ''],
      [2, 4, 'a'],
      [4, 6, 'ab'],
      [6, 8, 'b'],
      [8, 10, ''],
    ],
  );
});

test('ranges are held to the text, and empty ones are left out', () => {
  const runs = annotationSegments(5, [
    { start: -3, end: 2, item: 'x' },
    { start: 3, end: 3, item: 'empty' },
    { start: 4, end: 50, item: 'y' },
  ]);
  assert.deepEqual(
    runs.map((r) => [r.start, r.end, r.items.join('')]),
    [
      [0, 2, 'x'],
      [2, 4, ''],
      [4, 5, 'y'],
    ],
  );
});
