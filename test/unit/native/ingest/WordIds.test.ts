import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WordIds } from '../../../../native/ingest/WordIds.js';

test('WordIds numbers slices in first-seen order, exactly as a Map of the cut-out words does, through many growths', () => {
  // 5,000 distinct words (the table starts at 1,024 slots), each seen several times, in a scrambled order.
  const text = Array.from({ length: 20_000 }, (_, i) => `w${(i * 7919) % 5000}x`).join(' ');
  const ids = new WordIds();
  const reference = new Map<string, number>();
  for (const match of text.matchAll(/\S+/g)) {
    const word = match[0];
    let expected = reference.get(word);
    if (expected === undefined) reference.set(word, (expected = reference.size));
    assert.equal(ids.idOf(text, match.index, match.index + word.length), expected, word);
  }
  assert.equal(ids.size, 5000);
});

test('WordIds tells apart words whose code units differ only in order or length', () => {
  const ids = new WordIds();
  const text = 'ab ba abc ab a';
  assert.equal(ids.idOf(text, 0, 2), 0); // ab
  assert.equal(ids.idOf(text, 3, 5), 1); // ba
  assert.equal(ids.idOf(text, 6, 9), 2); // abc
  assert.equal(ids.idOf(text, 10, 12), 0); // ab again
  assert.equal(ids.idOf(text, 13, 14), 3); // a
  assert.equal(ids.idOf(text, 6, 8), 0); // "ab" cut out of "abc"
});

test('WordIds with lowerAscii gives an ASCII word the id of its lowercase form, whichever form comes first', () => {
  const ids = new WordIds();
  const text = 'Rent RENT rent Term';
  assert.equal(ids.idOf(text, 0, 4, true), 0); // Rent, stored as "rent"
  assert.equal(ids.idOf(text, 5, 9, true), 0); // RENT
  assert.equal(ids.idOf(text, 10, 14), 0); // rent, as it stands
  assert.equal(ids.idOf(text, 15, 19), 1); // Term, as it stands: not "term"
  assert.equal(ids.idOf('term', 0, 4), 2);
  assert.equal(ids.idOf(text, 15, 19, true), 2); // Term lowered is "term"
});
