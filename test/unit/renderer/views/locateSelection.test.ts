import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Passage } from '../../../../native/api/types.js';
import { passageRangeToPages, spanToPassageRanges } from '../../../../native/api/passageRanges.js';
import { anchorInChapter, anchorInPassage, locateInPassages } from '../../../../renderer/views/locateSelection.js';

// Page texts as the engine stores them; passages are ranges of them, their text joining the ranges with one space.
const PAGE_3 = 'Running head\n\nThe tenant pays the rent. The rent is due monthly.\n\nThe landlord fixes the roof.';
const PAGE_4 = 'Notices are written. The rent is due monthly.';

function passage(id: number, spans: Array<{ page: number; charStart: number; charEnd: number }>): Passage {
  const text = spans.map((s) => (s.page === 3 ? PAGE_3 : PAGE_4).slice(s.charStart, s.charEnd)).join(' ');
  return { id, documentId: 'd', sectionId: null, section: null, order: id, page: spans[0]!.page, pageEnd: spans.at(-1)!.page, text, wordCount: 0, spans };
}

const body = PAGE_3.indexOf('The tenant');
const roof = PAGE_3.indexOf('The landlord');
const P1 = passage(1, [{ page: 3, charStart: body, charEnd: PAGE_3.indexOf('\n\nThe landlord') }]);
// A passage running over the page break: the roof sentence and the first of page 4.
const P2 = passage(2, [
  { page: 3, charStart: roof, charEnd: PAGE_3.length },
  { page: 4, charStart: 0, charEnd: 21 },
]);
const P3 = passage(3, [{ page: 4, charStart: 21, charEnd: PAGE_4.length }]);
const PASSAGES = [P1, P2, P3];

const textOf = (a: { spans: Array<{ page: number; charStart: number; charEnd: number }> }) => a.spans.map((s) => (s.page === 3 ? PAGE_3 : PAGE_4).slice(s.charStart, s.charEnd));

test('a passage range maps to page ranges across a page break, and a page range maps back to the passage range', () => {
  const start = P2.text.indexOf('roof');
  const end = P2.text.indexOf('written') + 'written'.length;
  const spans = passageRangeToPages(P2, start, end);
  assert.deepEqual(textOf({ spans }), ['roof.', 'Notices are written']);
  assert.deepEqual(
    spans.flatMap((s) => spanToPassageRanges(P2, s)),
    [
      [start, start + 5],
      [P2.text.indexOf('Notices'), end],
    ],
  );
});

test('text copied from a PDF text layer (other spacing, a ligature, a line-end hyphen) is found at its place in the page text', () => {
  const anchor = locateInPassages(PASSAGES, 3, 'The  tenant pays the rent.\nThe rent is\u00a0due month-\nly.', 0.3);
  assert.ok(anchor);
  assert.equal(anchor.page, 3);
  assert.deepEqual(textOf(anchor), ['The tenant pays the rent. The rent is due monthly.']);
  assert.equal(anchor.quote, 'The tenant pays the rent. The rent is due monthly.');
  const ligature = locateInPassages(PASSAGES, 3, 'The landlord \ufb01xes the roof', 0.9);
  assert.deepEqual(ligature && textOf(ligature), ['The landlord fixes the roof']);
});

test('of words repeated on a page (case aside), the ones nearest where the selection starts are taken; a selection on the next page is found there', () => {
  const first = locateInPassages(PASSAGES, 3, 'the rent', 0.3)!;
  const second = locateInPassages(PASSAGES, 3, 'the rent', 0.45)!;
  assert.equal(first.spans[0]!.charStart, PAGE_3.indexOf('the rent'));
  assert.equal(second.spans[0]!.charStart, PAGE_3.indexOf('The rent'));
  assert.ok(PAGE_3.indexOf('the rent') < PAGE_3.indexOf('The rent'));
  const onPage4 = locateInPassages(PASSAGES, 4, 'The rent is due monthly', 0.6)!;
  assert.deepEqual(onPage4.spans, [{ page: 4, charStart: PAGE_4.indexOf('The rent'), charEnd: PAGE_4.indexOf('The rent') + 'The rent is due monthly'.length }]);
});

test('a selection over a page break gives one range on each page', () => {
  const anchor = locateInPassages(PASSAGES, 3, 'fixes the roof. Notices are', 0.95)!;
  assert.deepEqual(
    anchor.spans.map((s) => s.page),
    [3, 4],
  );
  assert.deepEqual(textOf(anchor), ['fixes the roof.', 'Notices are']);
});

test('a selection taking in words no passage holds (a running head) keeps the range from its first found words to its last', () => {
  const anchor = locateInPassages(PASSAGES, 3, 'The rent is due monthly. Page 12 The landlord fixes', 0.5)!;
  assert.ok(anchor);
  assert.equal(anchor.spans[0]!.charStart, PAGE_3.lastIndexOf('The rent'));
  assert.equal(anchor.spans[0]!.charEnd, PAGE_3.indexOf('fixes') + 'fixes'.length);
});

test('words that are not on the page, and a selection of only white space, give no anchor', () => {
  assert.equal(locateInPassages(PASSAGES, 3, 'completely different words here', 0.5), null);
  assert.equal(locateInPassages(PASSAGES, 3, ' \n ', 0.5), null);
});

test('passage and chapter ranges are exact, without the white space at their ends; an empty range gives no anchor', () => {
  const start = P1.text.indexOf('pays');
  assert.deepEqual(anchorInPassage(P1, start - 1, start + 'pays the rent. '.length), {
    page: 3,
    spans: [{ page: 3, charStart: body + start, charEnd: body + start + 'pays the rent.'.length }],
    quote: 'pays the rent.',
  });
  assert.equal(anchorInPassage(P1, 5, 5), null);
  assert.equal(anchorInPassage(P1, 3, 4), null); // the space after 'The'
  assert.deepEqual(anchorInChapter('One two three', 2, 4, 7), { page: 2, spans: [{ page: 2, charStart: 4, charEnd: 7 }], quote: 'two' });
  assert.equal(anchorInChapter('One two three', 2, 3, 4), null);
});
