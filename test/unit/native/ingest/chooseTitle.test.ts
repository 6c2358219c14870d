/**
 * Titles of PDFs from their metadata and first lines: meaningful metadata is kept, junk and
 * generic labels are not; a document-kind line wins, cleaned of rules and joined when broken
 * over lines; a chapter label never beats the real title above it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseTitle, cleanTitle, meaningfulMetadataTitle } from '../../../../native/ingest/chooseTitle.js';
import type { ComposedPage, Paragraph } from '../../../../native/model/documentModel.js';

/** A block of lines at one size; `furniture` blocks stay in the page text but are in no paragraph (running heads). */
interface Block {
  lines: string[];
  size: number;
  furniture?: boolean;
}

/** Composed pages and their paragraphs, as composePdfPages lays them out: blocks split by a blank line. */
function layout(pagesOfBlocks: Block[][]): { pages: ComposedPage[]; paragraphs: Paragraph[] } {
  const pages: ComposedPage[] = [];
  const paragraphs: Paragraph[] = [];
  pagesOfBlocks.forEach((blocks, i) => {
    let text = '';
    for (const block of blocks) {
      if (text !== '') text += '\n\n';
      const start = text.length;
      text += block.lines.join('\n');
      if (!block.furniture) {
        paragraphs.push({ page: i + 1, charStart: start, charEnd: text.length, text: text.slice(start).replace(/\n/g, ' '), fontSize: block.size, lineCount: block.lines.length });
      }
    }
    pages.push({ number: i + 1, width: 612, height: 792, text, geometry: null });
  });
  return { pages, paragraphs };
}

const BODY = 'The parties agree to the terms set out below, and each of them shall perform its obligations in good faith and on time as this agreement requires.';

function title(pagesOfBlocks: Block[][], metadata: string | null = null, withPages = true): string {
  const { pages, paragraphs } = layout(pagesOfBlocks);
  return chooseTitle(metadata, paragraphs, 10, '/tmp/some-file-name.pdf', withPages ? pages : undefined);
}

describe('metadata titles', () => {
  test('a meaningful metadata title is kept as written', () => {
    assert.equal(
      title(
        [
          [
            { lines: ['SUPPLY AGREEMENT'], size: 14 },
            { lines: [BODY], size: 10 },
          ],
        ],
        'Harbour Supply Agreement 2024',
      ),
      'Harbour Supply Agreement 2024',
    );
  });

  test('file names, templates, generic labels and word-processor prefixes are not titles', () => {
    for (const junk of [
      'Untitled',
      'Microsoft Word - 3_ACME_EX10.1.doc',
      'doc1.pdf',
      'C:\\Users\\kim\\Desktop\\draft.docx',
      'Proposed Rules',
      'Chapter 1',
      '12345',
      'EX-10.26',
      'Document1',
    ]) {
      assert.equal(meaningfulMetadataTitle(junk), null, junk);
    }
    assert.equal(meaningfulMetadataTitle('Microsoft Word - Endorsement Agreement.docx'), 'Endorsement Agreement');
    assert.equal(meaningfulMetadataTitle('Annual Report 2020/21'), 'Annual Report 2020/21', 'a slash inside a title is not a path');
    assert.equal(
      title(
        [
          [
            { lines: ['ENDORSEMENT AGREEMENT'], size: 10 },
            { lines: [BODY], size: 10 },
          ],
        ],
        'Proposed Rules',
      ),
      'ENDORSEMENT AGREEMENT',
      'a generic label falls through to the first page',
    );
  });
});

describe('titles from the first page', () => {
  test('rules and underscores are stripped, case kept', () => {
    assert.equal(cleanTitle('ENDORSEMENT AGREEMENT ---------------------'), 'ENDORSEMENT AGREEMENT');
    assert.equal(cleanTitle('___Lease of the North Pier___'), 'Lease of the North Pier');
    assert.equal(title([[{ lines: ['Exhibit 10.4', 'ENDORSEMENT AGREEMENT ---------------------', BODY], size: 10 }]]), 'ENDORSEMENT AGREEMENT');
  });

  test('a document-kind line inside a block of body text is found line by line, past exhibit labels and redaction notes', () => {
    const blocks: Block[] = [
      {
        lines: [
          'Exhibit 1.2',
          'SERVICES AGREEMENT',
          'This Services Agreement (the “Agreement”) is entered into as of the date below between the Company and the Customer named in the order form.',
        ],
        size: 10,
      },
      { lines: [BODY], size: 10 },
    ];
    assert.equal(title([blocks]), 'SERVICES AGREEMENT');
  });

  test('a title broken over two lines is joined, with the company line above it', () => {
    assert.equal(
      title([
        [
          { lines: ['JOINT DEVELOPMENT AND MARKETING', 'AGREEMENT'], size: 10 },
          { lines: ['BETWEEN'], size: 10 },
          { lines: [BODY], size: 10 },
        ],
      ]),
      'JOINT DEVELOPMENT AND MARKETING AGREEMENT',
    );
    assert.equal(
      title([
        [
          { lines: ['CISCO SYSTEMS, INC.', 'DISTRIBUTOR AGREEMENT'], size: 10 },
          { lines: [BODY], size: 10 },
        ],
      ]),
      'CISCO SYSTEMS, INC. DISTRIBUTOR AGREEMENT',
    );
  });

  test('a form\'s field label naming the kind ("Agreement Date") loses to the capitalised title below it', () => {
    assert.equal(
      title([
        [
          { lines: ['Location of the Premises:', 'Agreement Date', 'Franchisee'], size: 10 },
          { lines: ['FORM OF', 'FRANCHISE AGREEMENT'], size: 10 },
          { lines: [BODY], size: 10 },
        ],
      ]),
      'FORM OF FRANCHISE AGREEMENT',
    );
  });

  test('a running head on the first page that names the document is its title', () => {
    assert.equal(
      title([
        [
          { lines: ['Supply Agreement - FUSION'], size: 9, furniture: true },
          { lines: ['CERTAIN CONFIDENTIAL PORTIONS OF THIS EXHIBIT HAVE BEEN OMITTED'], size: 10 },
          { lines: [BODY], size: 10 },
        ],
      ]),
      'Supply Agreement - FUSION',
    );
  });

  test('"Chapter 1" set large is not the title of a novel whose title precedes it', () => {
    const novel: Block[][] = [
      [
        { lines: ['The Lighthouse at Cape Wrath'], size: 18 },
        { lines: ['A Novel'], size: 12 },
      ],
      [
        { lines: ['Chapter 1'], size: 22 },
        { lines: [BODY], size: 10 },
      ],
    ];
    assert.equal(title(novel), 'The Lighthouse at Cape Wrath');
    assert.equal(
      title([
        [
          { lines: ['Chapter 1'], size: 22 },
          { lines: [BODY], size: 10 },
        ],
      ]),
      'some-file-name',
      'with nothing better, the file name',
    );
  });

  test('a title page set in one size gives its first title-case line', () => {
    assert.equal(
      title([
        [
          { lines: ['The Time Machine'], size: 10 },
          { lines: ['An Invention'], size: 10 },
          { lines: ['by H. G. Wells'], size: 10 },
        ],
        [{ lines: [BODY], size: 10 }],
      ]),
      'The Time Machine',
    );
  });

  test('without the composed pages, whole paragraphs are judged', () => {
    assert.equal(
      title(
        [
          [
            { lines: ['LEASE OF THE NORTH PIER'], size: 10 },
            { lines: [BODY], size: 10 },
          ],
        ],
        null,
        false,
      ),
      'LEASE OF THE NORTH PIER',
    );
  });
});
