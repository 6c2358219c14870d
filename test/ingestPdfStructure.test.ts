/**
 * PDF ingest, end to end through the engine with real pdf.js and SQLite: page and
 * passage counts, passage sizes, sections from headings and from the outline, and
 * passages that map back to the page text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DocumentDetail, IngestOutcome, Passage } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { BOOK, CONTRACT, makeBookPdf, makeContractPdf, makeOutlinedPdf, OUTLINED } from './fixtures/makePdfs.js';
import { countPdfPages } from './helpers/countPdfPages.js';
import { assertLibraryConsistent } from './helpers/libraryChecks.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { assertPassagesWellFormed, flattenSections, isWithin, MAX_PASSAGE_WORDS, MIN_PASSAGE_WORDS } from './helpers/passageChecks.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

interface Ingested {
  file: string;
  outcome: IngestOutcome;
  detail: DocumentDetail;
  passages: Passage[];
}

let dir: string;
let engine: Engine;
let contract: Ingested;
let book: Ingested;
let outlined: Ingested;

before(async () => {
  dir = makeTempDir();
  const files = [await makeContractPdf(dir), await makeBookPdf(dir), await makeOutlinedPdf(dir)];
  engine = openTestEngine(`${dir}/library`);
  const { documents } = await engine['library:ingest']({ paths: files });
  const load = async (i: number): Promise<Ingested> => {
    const outcome = documents[i]!;
    assert.equal(outcome.status, 'ingested', `${files[i]} ingested: ${JSON.stringify(outcome.error)}`);
    return {
      file: files[i]!,
      outcome,
      detail: await engine['library:get']({ id: outcome.id! }),
      passages: (await engine['library:passages']({ id: outcome.id! })).passages,
    };
  };
  [contract, book, outlined] = [await load(0), await load(1), await load(2)];
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

const sectionNamed = (doc: Ingested, title: string) => flattenSections(doc.detail.sections).find((s) => s.node.title === title);
const passagesContaining = (doc: Ingested, text: string) => doc.passages.filter((p) => p.text.includes(text));

describe('page and passage counts', () => {
  test('each PDF reports as many pages as pdf.js counts, and stores one page row per page', async () => {
    for (const doc of [contract, book, outlined]) {
      const expected = await countPdfPages(doc.file);
      assert.equal(doc.outcome.pages, expected, doc.file);
      assert.equal(doc.detail.pages, expected);
      for (let n = 1; n <= expected; n++) assert.ok(engine.documents.page(doc.detail.id, n), `page ${n} stored`);
      assert.equal(engine.documents.page(doc.detail.id, expected + 1), null);
    }
  });

  test('the contract has at least 12 pages and its footer agrees with the page count', () => {
    assert.ok(contract.outcome.pages >= 12);
    const first = engine.documents.page(contract.detail.id, 1)!;
    assert.ok(first.text.includes(CONTRACT.footer(1, contract.outcome.pages)), 'page 1 says "Page 1 of N" with N = the page count');
  });

  test('the passage count in the outcome, the summary and the passage list agree', () => {
    for (const doc of [contract, book, outlined]) {
      assert.ok(doc.outcome.passages > 0);
      assert.equal(doc.detail.passages, doc.outcome.passages);
      assert.equal(doc.passages.length, doc.outcome.passages);
    }
  });

  test('every passage is at most 250 words, counts its words right, and its spans rebuild its text from the page text', () => {
    for (const doc of [contract, book, outlined]) assertPassagesWellFormed(engine.documents, doc.passages, doc.detail);
  });

  test('in long prose (the book) nearly all passages are 80-250 words', () => {
    const inRange = book.passages.filter((p) => p.wordCount >= MIN_PASSAGE_WORDS && p.wordCount <= MAX_PASSAGE_WORDS);
    assert.ok(inRange.length >= book.passages.length * 0.85, `${inRange.length} of ${book.passages.length} passages are 80-250 words`);
  });

  test('in the contract most passages are 80-250 words', () => {
    const inRange = contract.passages.filter((p) => p.wordCount >= MIN_PASSAGE_WORDS && p.wordCount <= MAX_PASSAGE_WORDS);
    assert.ok(inRange.length >= contract.passages.length * 0.8, `${inRange.length} of ${contract.passages.length} passages are 80-250 words`);
  });

  test('the library is consistent after the import', () => {
    assertLibraryConsistent(engine.db);
  });
});

describe('titles', () => {
  test('a PDF without a metadata title is named after the large heading on its first page', () => {
    assert.equal(contract.detail.title, CONTRACT.title);
  });

  test('a PDF with a metadata title keeps it', () => {
    assert.equal(book.detail.title, BOOK.title);
    assert.equal(outlined.detail.title, OUTLINED.title);
  });
});

describe('sections from headings (contract)', () => {
  test('every printed heading becomes a section: ARTICLE divisions, numbered, "Section N." and run-in headings', () => {
    const titles = flattenSections(contract.detail.sections).map((s) => s.node.title);
    const missing = CONTRACT.headings.filter((h) => !titles.includes(h.section)).map((h) => h.section);
    assert.deepEqual(missing, [], `sections found: ${JSON.stringify(titles)}`);
  });

  test('ARTICLE headings are top-level sections and the headings numbered under them are their direct children', () => {
    const articles = CONTRACT.headings.filter((h) => h.printed.startsWith('ARTICLE')).map((h) => h.section);
    for (const title of articles) {
      const found = sectionNamed(contract, title);
      assert.ok(found, title);
      assert.equal(found.parent, null, `${title} is top-level`);
      assert.equal(found.node.level, 1);
    }
    const expectedParent: Record<string, string> = {
      '1.1 Definitions': 'ARTICLE I — DEFINITIONS',
      '1.2 Interpretation': 'ARTICLE I — DEFINITIONS',
      '2.1 Scope of Services': 'ARTICLE II — SERVICES',
      '2.2 Service Levels': 'ARTICLE II — SERVICES',
      '2.3 Escrow of Source Materials': 'ARTICLE II — SERVICES',
      'Section 3. Invoicing': 'ARTICLE III — FEES AND PAYMENT',
      'Section 4. Late Payment': 'ARTICLE III — FEES AND PAYMENT',
      'Section 5. Limitation of Liability': 'ARTICLE III — FEES AND PAYMENT',
      '4.1 Term': 'ARTICLE IV — TERM AND TERMINATION',
      '4.2 Termination for Convenience': 'ARTICLE IV — TERM AND TERMINATION',
      '4.3 Effects of Termination': 'ARTICLE IV — TERM AND TERMINATION',
      '11. Notices': 'ARTICLE V — GENERAL PROVISIONS',
      '12. Governing Law': 'ARTICLE V — GENERAL PROVISIONS',
      '13. Entire Agreement': 'ARTICLE V — GENERAL PROVISIONS',
      '14. Counterparts': 'ARTICLE V — GENERAL PROVISIONS',
    };
    const wrong = Object.entries(expectedParent)
      .map(([child, parent]) => ({ child, expected: parent, actual: sectionNamed(contract, child)?.parent?.title ?? null }))
      .filter((r) => r.actual !== r.expected);
    assert.deepEqual(wrong, [], 'numbered sections sit directly under their article (siblings, not nested in each other)');
  });

  test('section pages point at the page where the heading is printed', () => {
    for (const h of CONTRACT.headings) {
      const found = sectionNamed(contract, h.section);
      if (!found) continue; // reported by the test above
      const page = engine.documents.page(contract.detail.id, found.node.page)!;
      assert.ok(page.text.includes(h.printed), `"${h.printed}" is printed on page ${found.node.page}`);
    }
  });

  test('the run-in heading "12. Governing Law." opens a passage in that section', () => {
    const [passage, ...others] = passagesContaining(contract, 'State of Delaware');
    assert.ok(passage);
    assert.equal(others.length, 0);
    assert.ok(passage.text.startsWith('12. Governing Law. This Agreement shall be governed'), passage.text.slice(0, 80));
    assert.equal(passage.section, CONTRACT.governingLawSection);
  });

  test("each passage lies inside one section: a heading inside a passage belongs to that passage's section or one below it", () => {
    const flat = flattenSections(contract.detail.sections);
    const byId = new Map(flat.map((s) => [s.node.id, s.node]));
    const problems: string[] = [];
    for (const p of contract.passages) {
      const own = p.sectionId === null ? null : byId.get(p.sectionId)!;
      for (const h of CONTRACT.headings) {
        const escaped = h.printed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        if (!new RegExp(`(^|[^\\w.])${escaped}(?!\\w)`).test(p.text)) continue;
        const headed = flat.find((s) => s.node.title === h.section)?.node;
        if (!headed) continue;
        if (!own || !isWithin(headed, own)) problems.push(`passage ${p.id} (section ${p.section}) contains heading "${h.printed}"`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

describe('sections from chapters (book)', () => {
  test('every chapter heading in large type is a top-level section on the page it opens', () => {
    const top = book.detail.sections.map((s) => s.title);
    assert.deepEqual(top, [...BOOK.chapters]);
    for (const s of book.detail.sections) assert.ok(engine.documents.page(book.detail.id, s.page)!.text.includes(s.title));
  });

  test("every passage belongs to one chapter and holds no other chapter's heading", () => {
    for (const p of book.passages) {
      assert.ok(p.section && (BOOK.chapters as readonly string[]).includes(p.section), `passage ${p.id} section ${p.section}`);
      for (const c of BOOK.chapters) if (c !== p.section) assert.ok(!p.text.includes(c), `passage ${p.id} in "${p.section}" holds "${c}"`);
    }
    const planted = passagesContaining(book, BOOK.planted);
    assert.equal(planted.length, 1);
    assert.equal(planted[0]!.section, BOOK.plantedChapter);
  });

  test('the running header and page numbers stay in the page text but never in a passage', () => {
    for (let n = 1; n <= book.detail.pages; n++) {
      const text = engine.documents.page(book.detail.id, n)!.text;
      assert.ok(text.includes(BOOK.title), `page ${n} text keeps the running header`);
      assert.ok(new RegExp(`(^|\\n)${n}$`).test(text), `page ${n} text ends with its page number`);
    }
    for (const p of book.passages) assert.ok(!p.text.includes(BOOK.title), `passage ${p.id} holds the running header`);
    for (const p of book.passages) assert.ok(!/(^|\s)\d{1,2}(\s|$)/.test(p.text), `passage ${p.id} holds a bare page number`);
  });
});

describe('sections from the PDF outline', () => {
  test('the section tree is the outline: titles, nesting and pages', () => {
    const flat = flattenSections(outlined.detail.sections).map((s) => ({ title: s.node.title, level: s.node.level, page: s.node.page, parent: s.parent?.title ?? null }));
    assert.deepEqual(flat, [
      { title: 'Introduction', level: 1, page: 1, parent: null },
      { title: 'Background', level: 1, page: 2, parent: null },
      { title: 'Prior Work', level: 2, page: 2, parent: 'Background' },
      { title: 'Method', level: 1, page: 3, parent: null },
      { title: 'Results', level: 1, page: 4, parent: null },
      { title: 'Discussion', level: 1, page: 5, parent: null },
    ]);
    assert.deepEqual(
      flat.map((s) => s.title),
      OUTLINED.outline.map((e) => e.title),
    );
  });

  test("each outline section's text lands in passages of that section", () => {
    for (const entry of OUTLINED.outline) {
      const opening = outlined.passages.find((p) => p.text.startsWith(`${entry.title} `));
      assert.ok(opening, `a passage opens with the heading "${entry.title}"`);
      assert.equal(opening.section, entry.title);
      assert.equal(opening.page, entry.page);
    }
    for (const p of outlined.passages)
      assert.ok(
        OUTLINED.outline.some((e) => e.title === p.section),
        `passage ${p.id} is in an outline section`,
      );
  });
});
