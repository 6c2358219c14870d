import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lowConfidenceLabel, ocrTextContent } from '../../../../renderer/views/ocrTextLayout.js';

const line = (texts: string[], y: number, x0 = 72) => {
  let x = x0;
  return texts.map((text) => {
    const word = { text, x, y, width: text.length * 6, height: 12 };
    x += word.width + 4;
    return word;
  });
};

test('a recognised page reads as its words in order, spaced within a line and broken at its end, as pdf.js extracts text', () => {
  const words = [...line(['The', 'Licensee', 'shall'], 700), ...line(['keep', 'the'], 684)];
  const { items } = ocrTextContent(words, [0, 0, 612, 792]);
  const text = items.map((i) => i.str + (i.hasEOL ? '\n' : '')).join('');
  assert.equal(text, 'The Licensee shall\nkeep the\n');
});

test('a word of a scan is set at its place and height, stretched to the next word so its trailing space covers the gap', () => {
  const [first, second] = line(['rent', 'is'], 700);
  const { items, styles } = ocrTextContent([first!, second!], [0, 0, 612, 792]);
  const [a, b] = items;
  assert.deepEqual([a!.transform[0], a!.transform[3], a!.transform[4]], [12, 12, 72]);
  // The baseline lies inside the word's box, above its bottom, so the span's top meets the word's top.
  assert.ok(a!.transform[5] > 700 && a!.transform[5] < 712, String(a!.transform[5]));
  assert.equal(a!.width, second!.x - first!.x);
  assert.equal(b!.width, second!.width);
  assert.equal(styles[a!.fontName]?.vertical, false);
});

test('a page whose visible box does not start at 0,0 moves its words by that corner (stored rectangles start at that box)', () => {
  const words = line(['rent'], 700);
  const [plain] = ocrTextContent(words, [0, 0, 612, 792]).items;
  const [cropped] = ocrTextContent(words, [10, 20, 622, 812]).items;
  assert.equal(cropped!.transform[4] - plain!.transform[4], 10);
  assert.equal(cropped!.transform[5] - plain!.transform[5], 20);
});

test('a word to the left of the one before, or lower by a line, starts a new line', () => {
  const words = [
    { text: 'end', x: 400, y: 700, width: 20, height: 12 },
    { text: 'start', x: 72, y: 700, width: 30, height: 12 },
    { text: 'below', x: 110, y: 680, width: 30, height: 12 },
  ];
  assert.deepEqual(
    ocrTextContent(words, [0, 0, 612, 792]).items.map((i) => i.hasEOL),
    [true, true, true],
  );
});

test('the low-confidence note names the page, or the pages, and shortens a long list', () => {
  assert.equal(lowConfidenceLabel([]), null);
  assert.equal(lowConfidenceLabel([3]), 'OCR: low confidence on p. 3');
  assert.equal(lowConfidenceLabel([3, 7]), 'OCR: low confidence on pp. 3, 7');
  assert.equal(lowConfidenceLabel([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 'OCR: low confidence on pp. 1, 2, 3, 4, 5, 6, 7, 8 and 2 more');
});
