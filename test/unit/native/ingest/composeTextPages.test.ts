import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeTextPages, TEXT_PAGE_CHARS } from '../../../../native/ingest/composeTextPages.js';

test('blank lines separate paragraphs; lines inside one are joined, spaces collapsed', () => {
  const { pages, paragraphs } = composeTextPages('\uFEFFFirst  line\r\nsecond\tline\r\n\r\n\r\n  Next paragraph.  \n', false);
  assert.deepEqual(
    paragraphs.map((p) => p.text),
    ['First line second line', 'Next paragraph.'],
  );
  assert.equal(pages[0]!.text, 'First line\nsecond line\n\nNext paragraph.');
  for (const p of paragraphs) assert.equal(pages[0]!.text.slice(p.charStart, p.charEnd).replace(/\n/g, ' '), p.text);
});

test('text is cut into pages of about TEXT_PAGE_CHARS, only at paragraph ends', () => {
  const paragraph = 'word '.repeat(300).trim(); // 1499 characters
  const { pages, paragraphs } = composeTextPages(Array.from({ length: 7 }, () => paragraph).join('\n\n'), false);
  assert.deepEqual(
    pages.map((p) => p.number),
    [1, 2, 3],
  );
  assert.ok(pages.every((p) => p.text.length < TEXT_PAGE_CHARS + paragraph.length));
  assert.deepEqual(
    paragraphs.map((p) => p.page),
    [1, 1, 1, 2, 2, 2, 3],
  );
  assert.ok(pages.every((p) => p.geometry === null));
});

test('Markdown headings (ATX and setext) become known headings, with their level; plain text has none', () => {
  const source = '# Lease\n\nIntro text.\n\n## Rent ##\nRent is due monthly.\n\nDeposit\n-------\nTwo months.';
  const md = composeTextPages(source, true);
  assert.deepEqual(
    md.paragraphs.map((p) => p.text),
    ['Lease', 'Intro text.', 'Rent', 'Rent is due monthly.', 'Deposit', 'Two months.'],
  );
  assert.deepEqual(
    [...md.headings].map(([i, h]) => [i, h.title, h.level, h.kind]),
    [
      [0, 'Lease', 1, 'markdown'],
      [2, 'Rent', 2, 'markdown'],
      [4, 'Deposit', 2, 'markdown'],
    ],
  );
  assert.equal(md.firstHeading, 'Lease');
  const plain = composeTextPages(source, false);
  assert.equal(plain.headings.size, 0);
  assert.equal(plain.firstHeading, null);
});

test('a Project Gutenberg header and licence stay in the page text but are never paragraphs', () => {
  const source = [
    'The Project Gutenberg eBook of Moby Dick, by Herman Melville',
    'Title: Moby-Dick; or, The Whale\nAuthor: Herman Melville',
    '*** START OF THE PROJECT GUTENBERG EBOOK MOBY DICK ***',
    'Call me Ishmael.',
    '*** END OF THE PROJECT GUTENBERG EBOOK MOBY DICK ***',
    'Licence text.',
  ].join('\n\n');
  const { pages, paragraphs, gutenberg } = composeTextPages(source, false);
  assert.deepEqual(
    paragraphs.map((p) => p.text),
    ['Call me Ishmael.'],
  );
  assert.ok(pages[0]!.text.includes('Licence text.') && pages[0]!.text.startsWith('The Project Gutenberg eBook'));
  assert.deepEqual(gutenberg, { title: 'Moby-Dick; or, The Whale', author: 'Herman Melville' });
});

test('without Title and Author fields, the opening line names the book', () => {
  const { gutenberg } = composeTextPages('The Project Gutenberg EBook of Walden, by Henry David Thoreau\n\n*** START OF THIS PROJECT GUTENBERG EBOOK WALDEN ***\n\nText.', false);
  assert.deepEqual(gutenberg, { title: 'Walden', author: 'Henry David Thoreau' });
});

test('an old closing line ends the text even without a START marker', () => {
  const { paragraphs, gutenberg } = composeTextPages("Chapter one.\n\nEnd of the Project Gutenberg's Walden\n\nLicence.", false);
  assert.deepEqual(
    paragraphs.map((p) => p.text),
    ['Chapter one.'],
  );
  assert.equal(gutenberg, null);
});
