/** Finding a stored citation's quote again in re-read passages (native/store/findQuote.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findQuote, type QuotablePassage } from '../../../../native/store/findQuote.js';

/** A passage made of page ranges: page texts given whole, joined by single spaces as passages are. */
function passage(id: number, parts: Array<{ page: number; text: string; offset: number }>): QuotablePassage {
  return {
    id,
    page: parts[0]!.page,
    text: parts.map((p) => p.text).join(' '),
    spans: parts.map((p) => ({ page: p.page, charStart: p.offset, charEnd: p.offset + p.text.length })),
  };
}

describe('findQuote', () => {
  const passages = [
    passage(1, [{ page: 1, text: 'Payment is due within thirty days.', offset: 0 }]),
    passage(2, [
      { page: 1, text: 'The supplier keeps the infor-', offset: 40 },
      { page: 2, text: 'mation confidential at all times.', offset: 5 },
    ]),
  ];

  test('a verbatim quote maps to its passage and its range on the first page', () => {
    assert.deepEqual(findQuote(passages, 'within thirty days'), { passageId: 1, page: 1, charStart: 15, charEnd: 33 });
  });

  test('a quote differing in case, spacing and a line-end hyphen is found, from the page it starts on', () => {
    const found = findQuote(passages, 'keeps the  INFORMATION confidential');
    assert.deepEqual(found, { passageId: 2, page: 1, charStart: 40 + 'The supplier '.length, charEnd: 40 + 'The supplier keeps the infor-'.length });
  });

  test('a quote that is not in the text, or is empty, is not found', () => {
    assert.equal(findQuote(passages, 'the buyer may terminate'), null);
    assert.equal(findQuote(passages, '  '), null);
  });
});
