/**
 * Finding an annotation's quote again after a re-read changed the page texts: nearest to where it
 * was, then on the pages around, verbatim then loosely, across a page break; null when it is gone.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reanchorQuote } from '../../../../native/store/reanchorQuote.js';

const pages = (texts: Record<number, string>) => (page: number) => texts[page] ?? null;

describe('reanchorQuote', () => {
  test('the occurrence nearest the old range on its page wins over an earlier one', () => {
    const text = 'the tide rose. later, the tide rose again.';
    const spans = reanchorQuote(pages({ 1: text }), { page: 1, spans: [{ page: 1, charStart: 26, charEnd: 34 }], quote: 'tide rose' });
    assert.deepEqual(spans, [{ page: 1, charStart: 26, charEnd: 35 }]);
  });

  test('a quote gone from its page is found on a neighbouring page', () => {
    const spans = reanchorQuote(pages({ 3: 'nothing here', 4: 'xx the keeper wrote yy' }), { page: 3, spans: [{ page: 3, charStart: 0, charEnd: 16 }], quote: 'the keeper wrote' });
    assert.deepEqual(spans, [{ page: 4, charStart: 3, charEnd: 19 }]);
  });

  test('spacing, case and a line-end hyphen that a better extraction changed are looked past', () => {
    const spans = reanchorQuote(pages({ 1: 'It needs recali-\nbration  Yearly.' }), { page: 1, spans: [{ page: 1, charStart: 9, charEnd: 29 }], quote: 'recalibration yearly' });
    assert.deepEqual(spans, [{ page: 1, charStart: 9, charEnd: 32 }]);
  });

  test('a quote across a page break comes back as one range per page', () => {
    const spans = reanchorQuote(pages({ 5: 'end of the first', 6: 'page begins here' }), {
      page: 5,
      spans: [
        { page: 5, charStart: 7, charEnd: 16 },
        { page: 6, charStart: 0, charEnd: 4 },
      ],
      quote: 'the first page',
    });
    assert.deepEqual(spans, [
      { page: 5, charStart: 7, charEnd: 16 },
      { page: 6, charStart: 0, charEnd: 4 },
    ]);
  });

  test('a quote nowhere near, or an empty one, is not found', () => {
    const at = { page: 1, spans: [{ page: 1, charStart: 0, charEnd: 5 }], quote: 'storm' };
    assert.equal(reanchorQuote(pages({ 1: 'calm seas', 2: 'calm', 9: 'storm' }), at), null, 'page 9 is too far');
    assert.equal(reanchorQuote(pages({ 1: 'storm' }), { ...at, quote: '  ' }), null);
  });
});
