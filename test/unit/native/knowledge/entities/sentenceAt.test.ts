import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sentenceAround, sentenceStarts } from '../../../../../native/knowledge/entities/sentenceAt.js';

const sentences = (text: string) => {
  const starts = sentenceStarts(text);
  return starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length).trim());
};

test('sentences end at a full stop, question or exclamation mark before a capital', () => {
  assert.deepEqual(sentences('The term is one year. Rent is due monthly! Is notice needed? Yes.'), ['The term is one year.', 'Rent is due monthly!', 'Is notice needed?', 'Yes.']);
});

test('abbreviations and initials do not end a sentence', () => {
  assert.deepEqual(sentences('Acme Inc. and Mr. Smith of the U.S. signed it. Robert C. Hood witnessed it under Sec. 4 of No. 12.'), [
    'Acme Inc. and Mr. Smith of the U.S. signed it.',
    'Robert C. Hood witnessed it under Sec. 4 of No. 12.',
  ]);
});

test('a list label alone ("1.", "IV.") is not a sentence; a closing quote or bracket stays with its sentence', () => {
  assert.deepEqual(sentences('1. The Licensee pays the fee. IV. The term is one year (renewable.) "Notice" means a letter.'), [
    '1. The Licensee pays the fee.',
    'IV. The term is one year (renewable.)',
    '"Notice" means a letter.',
  ]);
});

test('semicolons and colons do not end a sentence, and a lower-case word after a stop does not start one', () => {
  assert.deepEqual(sentences('The fee includes: (a) rent; and (b) costs. see below for more.'), ['The fee includes: (a) rent; and (b) costs. see below for more.']);
});

test('sentenceAround finds the sentence holding an offset, the last one running to the end', () => {
  const text = 'First one. Second one. Third one';
  const starts = sentenceStarts(text);
  assert.deepEqual(starts, [0, 11, 23]);
  assert.deepEqual(sentenceAround(text, starts, 0), [0, 11]);
  assert.deepEqual(sentenceAround(text, starts, 10), [0, 11]);
  assert.deepEqual(sentenceAround(text, starts, 11), [11, 23]);
  assert.deepEqual(sentenceAround(text, starts, 30), [23, text.length]);
});
