import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readingPercent } from '../../../../renderer/views/readingPercent.js';

const BOOK = [
  { number: 1, title: 'One', textLength: 100 },
  { number: 2, title: 'Two', textLength: 300 },
  { number: 3, title: 'Three', textLength: 600 },
];

test('progress counts the characters of every earlier chapter plus the offset into this one, out of the whole book', () => {
  assert.equal(readingPercent(BOOK, 1, 0), 0);
  assert.equal(readingPercent(BOOK, 2, 0), 10);
  assert.equal(readingPercent(BOOK, 2, 150), 25);
  assert.equal(readingPercent(BOOK, 3, 600), 100);
});

test('an offset past the chapter or before it is held to the chapter, and an empty book is at 0%', () => {
  assert.equal(readingPercent(BOOK, 1, 5000), 10);
  assert.equal(readingPercent(BOOK, 2, -20), 10);
  assert.equal(readingPercent([], 1, 0), 0);
});
