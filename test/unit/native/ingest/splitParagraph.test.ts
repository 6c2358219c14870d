import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitParagraph } from '../../../../native/ingest/splitParagraph.js';
import type { Paragraph } from '../../../../native/model/documentModel.js';

function paragraph(text: string, charStart = 100): Paragraph {
  return { page: 3, charStart, charEnd: charStart + text.length, text, fontSize: 10, lineCount: 1 };
}

test('a paragraph within the word limit stays whole', () => {
  const p = paragraph('One short paragraph of seven words.');
  assert.deepEqual(splitParagraph(p, 10), [{ page: 3, charStart: 100, charEnd: 100 + p.text.length, words: 6, opensParagraph: true }]);
});

test('a long paragraph splits at sentences, each unit within the limit, offsets on the page', () => {
  const text = 'The first sentence has six words. The second sentence also has seven words. The third is short.';
  const units = splitParagraph(paragraph(text), 8);
  assert.deepEqual(
    units.map((u) => text.slice(u.charStart - 100, u.charEnd - 100)),
    ['The first sentence has six words.', 'The second sentence also has seven words.', 'The third is short.'],
  );
  assert.deepEqual(
    units.map((u) => u.opensParagraph),
    [true, false, false],
  );
  assert.ok(units.every((u) => u.words <= 8 && u.page === 3));
});

test('a sentence longer than the limit is cut at word boundaries and loses no word', () => {
  const words = Array.from({ length: 25 }, (_, i) => `word${i}`);
  const text = `${words.join(' ')}.`;
  const units = splitParagraph(paragraph(text, 0), 10);
  assert.ok(units.length >= 3);
  assert.ok(units.every((u) => u.words <= 10));
  assert.deepEqual(units.flatMap((u) => text.slice(u.charStart, u.charEnd).split(/\s+/)).join(' '), text);
});
