/**
 * Reading order, page furniture and headings on layouts that real PDFs got wrong:
 * a masthead over three narrow columns with a vertical stamp, running headers on
 * only some pages and page numbers set right against the text, a two-column paper
 * with headings set tight above their text, footnotes, and a table whose header
 * cells wrap. Most checks go through the engine's import; some look at the structured
 * document the same extraction and layout give on this thread (readPdfLayout).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Passage } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import type { StructuredDocument } from '../native/model/documentModel.js';
import {
  FURNITURE,
  makeFurniturePdf,
  makeNotesAndTablePdf,
  makePaperPdf,
  makeShortFurniturePdf,
  makeStampedColumnsPdf,
  NOTES_AND_TABLE,
  PAPER,
  SHORT_FURNITURE,
  SIGNATURES,
  STAMPED,
  makeSignatureBlocksPdf,
} from './fixtures/makeLayoutPdfs.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { flattenSections } from './helpers/passageChecks.js';
import { readPdfRuns, structurePdfFile } from './helpers/readPdfLayout.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

type Fixture = 'stamped' | 'furniture' | 'short' | 'paper' | 'notes' | 'signatures';
const MAKERS: Record<Fixture, (dir: string) => Promise<string>> = {
  stamped: makeStampedColumnsPdf,
  furniture: makeFurniturePdf,
  short: makeShortFurniturePdf,
  paper: makePaperPdf,
  notes: makeNotesAndTablePdf,
  signatures: makeSignatureBlocksPdf,
};

let dir: string;
let engine: Engine;
const files = {} as Record<Fixture, string>;
const ids = {} as Record<Fixture, string>;
/** Structured on this thread, as the import's workers structure it. */
const structured = {} as Record<Fixture, StructuredDocument>;

before(async () => {
  dir = makeTempDir();
  const keys = Object.keys(MAKERS) as Fixture[];
  for (const k of keys) files[k] = await MAKERS[k](dir);
  engine = openTestEngine(`${dir}/library`);
  const { documents } = await engine['library:ingest']({ paths: keys.map((k) => files[k]) });
  keys.forEach((k, i) => {
    assert.equal(documents[i]!.status, 'ingested', `${k}: ${JSON.stringify(documents[i]!.error)}`);
    ids[k] = documents[i]!.id!;
  });
  for (const k of keys) structured[k] = await structurePdfFile(files[k]);
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

const passagesOf = async (k: Fixture): Promise<Passage[]> => (await engine['library:passages']({ id: ids[k] })).passages;
const pageText = (k: Fixture, n: number) => engine.documents.page(ids[k], n)!.text;
const sectionTitles = async (k: Fixture) => flattenSections((await engine['library:get']({ id: ids[k] })).sections).map((s) => s.node.title);

/** Each phrase occurs in `text`, and each after the one before it. */
function assertInOrder(text: string, phrases: readonly string[], what: string): void {
  let from = 0;
  let previous = '(start)';
  for (const phrase of phrases) {
    const at = text.indexOf(phrase, from);
    assert.ok(at >= 0, `${what}: "${phrase}" comes after "${previous}" (found at ${text.indexOf(phrase)}, expected after ${from})`);
    from = at + phrase.length;
    previous = phrase;
  }
}

describe('columns, masthead and a vertical stamp', () => {
  const page1Order = [STAMPED.masthead, STAMPED.subtitle, ...STAMPED.openers.flat()];

  test('page 1 reads masthead, subtitle, then each narrow column top to bottom, and the vertical stamp last', () => {
    const text = structured.stamped.pages[0]!.text;
    assertInOrder(text, [...page1Order, STAMPED.stamp], 'page 1 text');
  });

  test('the vertical stamp is a block of its own, never interleaved with the columns', () => {
    const text = structured.stamped.pages[0]!.text;
    const blocks = text.split('\n\n');
    assert.deepEqual(
      blocks.filter((b) => b.includes('REGISTRY')),
      [STAMPED.stamp],
    );
    for (const line of text.split('\n')) if (line !== STAMPED.stamp) assert.ok(!/FILED|REGISTRY|88-1194/.test(line), `line "${line}" holds part of the stamp`);
  });

  test('passages follow the columns in order and end with the stamp', () => {
    const all = structured.stamped.passages.map((p) => p.text).join('\n');
    assertInOrder(all, [...page1Order, STAMPED.stamp, ...STAMPED.page2Openers.flat()], 'passages');
  });

  test('through the import, a page of three narrow columns with aligned paragraph breaks is read column by column', async () => {
    assertInOrder(pageText('stamped', 2), STAMPED.page2Openers.flat(), 'page 2 text');
    const columns = STAMPED.page2Openers;
    for (const line of pageText('stamped', 2).split('\n')) {
      const mixed = columns.filter((openers) => openers.some((o) => line.includes(o.split(' ').slice(0, 3).join(' ')))).length;
      assert.ok(mixed <= 1, `line "${line}" opens paragraphs of two columns`);
    }
    assertInOrder((await passagesOf('stamped')).map((p) => p.text).join('\n'), [...page1Order.slice(2), ...STAMPED.page2Openers.flat()], 'passages');
  });
});

describe('page furniture', () => {
  const furniturePattern = /EXECUTION COPY|Page \d of 7|- \d -/;

  test('running headers on only some pages and page numbers above or right under the text reach no passage and no section', async () => {
    for (const p of await passagesOf('furniture')) assert.ok(!furniturePattern.test(p.text), `passage on page ${p.page} holds furniture: ${p.text.match(furniturePattern)?.[0]}`);
    for (const title of await sectionTitles('furniture')) assert.ok(!furniturePattern.test(title), `section "${title}" is furniture`);
    for (const p of structured.furniture.passages) assert.ok(!furniturePattern.test(p.text), `passage holds furniture: ${p.text.match(furniturePattern)?.[0]}`);
  });

  test('page text still holds the header and every page number, for find-in-page', () => {
    for (let n = 1; n <= FURNITURE.pages; n++) {
      const text = pageText('furniture', n);
      assert.ok(text.includes(FURNITURE.pageNumber(n, FURNITURE.pages)), `page ${n} keeps its number`);
      if ((FURNITURE.headerPages as readonly number[]).includes(n)) assert.ok(text.includes(FURNITURE.header), `page ${n} keeps its header`);
    }
  });

  test('a sentence broken by a page number reads on across the page break, on the right pages', async () => {
    const passage = (await passagesOf('furniture')).find((p) => p.text.includes(FURNITURE.pageStart))!;
    assert.ok(passage.text.includes(`${FURNITURE.pageEnd} ${FURNITURE.pageStart}`), `the passage reads "${FURNITURE.pageEnd} ${FURNITURE.pageStart}"`);
    const span = passage.spans.find((s) => pageText('furniture', s.page).slice(s.charStart, s.charEnd).startsWith(FURNITURE.pageStart.slice(0, 20)));
    assert.equal(span?.page, 2, 'the sentence opening page 2 is cited on page 2');
  });

  test('the definition paragraph starts with its own words, not the header above it', async () => {
    const passage = (await passagesOf('furniture')).find((p) => p.text.includes('"Agreement"'))!;
    const at = passage.text.indexOf(FURNITURE.definition);
    assert.ok(at >= 0);
    assert.ok(!passage.text.slice(0, at).includes(FURNITURE.header), `text before the definition: "${passage.text.slice(0, at)}"`);
  });

  test('in a two-page document, roman page numbers right under the text and a repeated footer reach no passage', async () => {
    for (const p of await passagesOf('short')) {
      assert.ok(!p.text.includes(SHORT_FURNITURE.footer), `passage on page ${p.page} holds the footer`);
      assert.ok(!/(^|\s)(i|ii)(\s|$)/.test(p.text), `passage on page ${p.page} holds a page number`);
    }
    for (const [i, roman] of SHORT_FURNITURE.romans.entries())
      assert.ok(
        pageText('short', i + 1)
          .split('\n')
          .includes(roman),
        `page ${i + 1} keeps "${roman}"`,
      );
  });
});

describe('a sentence repeated at the same height is not furniture', () => {
  test('the signature-block sentence closing pages 3 and 6 reaches a passage on each page; the short running header reaches none', async () => {
    const passages = await passagesOf('signatures');
    for (const n of SIGNATURES.closingPages)
      assert.ok(
        passages.some((p) => p.text.includes(SIGNATURES.closing) && p.spans.some((s) => s.page === n)),
        `page ${n} keeps its closing sentence`,
      );
    for (const p of passages) assert.ok(!p.text.includes(SIGNATURES.header), `passage on page ${p.page} holds the running header`);
  });
});

describe('headings of a two-column paper', () => {
  test('numbered and bold headings set tight above their text are sections, in reading order, with 2.1 and 2.2 under 2', async () => {
    assert.deepEqual(await sectionTitles('paper'), [PAPER.title, ...PAPER.headings.map((h) => h.title)]);
    const sections = flattenSections((await engine['library:get']({ id: ids.paper })).sections);
    for (const sub of ['2.1 Setup', '2.2 Data collection']) assert.equal(sections.find((s) => s.node.title === sub)?.parent?.title, '2 Method');
  });

  test('the structured document on this thread has the same sections, bold "Related Work" included', () => {
    assert.deepEqual(
      structured.paper.sections.map((s) => s.title),
      [PAPER.title, ...PAPER.headings.map((h) => h.title)],
    );
  });

  test('the running header and page numbers are neither sections nor passage text', async () => {
    for (const p of await passagesOf('paper')) assert.ok(!p.text.includes(PAPER.header), `passage on page ${p.page} holds the running header`);
    assert.ok(!(await sectionTitles('paper')).includes(PAPER.header));
  });
});

describe('footnotes and tables', () => {
  test('a footnote at the foot of the left column is read after both columns, each column one block', () => {
    const blocks = pageText('notes', 1).split('\n\n');
    assert.equal(blocks.length, 3, `blocks: ${JSON.stringify(blocks.map((b) => b.slice(0, 40)))}`);
    assert.ok(blocks[0]!.startsWith(NOTES_AND_TABLE.leftOpener), 'the left column comes first');
    assert.ok(blocks[1]!.startsWith(NOTES_AND_TABLE.rightOpener), 'the right column comes second');
    assert.equal(blocks[2], NOTES_AND_TABLE.footnote, 'the footnote comes last');
  });

  test('each table row, the wrapped header row included, reads left to right on one line', () => {
    const lines = pageText('notes', 2).split('\n');
    for (const row of [NOTES_AND_TABLE.header, ...NOTES_AND_TABLE.rows]) assert.ok(lines.includes(row.join(' ')), `a line reads "${row.join(' ')}"`);
  });

  test('the table is in one passage, its rows whole and in order, and no row is a section', async () => {
    const rows = [NOTES_AND_TABLE.header, ...NOTES_AND_TABLE.rows].map((r) => r.join(' '));
    const holding = (await passagesOf('notes')).filter((p) => rows.some((r) => p.text.includes(r.split(' ')[0]!)));
    const withRows = holding.filter((p) => rows.some((r) => p.text.includes(r)));
    assert.equal(withRows.length, 1, 'one passage holds the table');
    assertInOrder(withRows[0]!.text, rows, 'the table passage');
    for (const title of await sectionTitles('notes')) assert.ok(!rows.includes(title), `row "${title}" became a section`);
  });
});

describe('no word lost or duplicated by layout', () => {
  for (const k of Object.keys(MAKERS) as Fixture[]) {
    test(`${k}: every page's text holds exactly the words of its runs`, async () => {
      const pages = await readPdfRuns(files[k]);
      for (const page of pages) {
        const fromRuns = page.runs.flatMap((r) => r.str.match(/\S+/g) ?? []).sort();
        const fromText = (structured[k].pages[page.number - 1]!.text.match(/\S+/g) ?? []).sort();
        assert.deepEqual(fromText, fromRuns, `page ${page.number}`);
      }
    });
  }
});
