/**
 * Questions that name a kind of clause (a non-compete, governing law…) find and quote the
 * clause of that kind, whose wording seldom repeats the question's: search ranks it higher and
 * the extractive answer leads with it. Compared with a search over the same library without
 * clause kinds, which ranks the passage that only repeats the question's words first.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Engine } from '../native/engine.js';
import { PassageSearch } from '../native/search/PassageSearch.js';
import { DefinedTermReader } from '../native/store/DefinedTermReader.js';
import { openLibraryDatabase } from '../native/store/openLibraryDatabase.js';
import { PassageIndex } from '../native/store/PassageIndex.js';
import { NARRATIVE_BANK, SentenceMaker } from './fixtures/seededText.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

const TENDERS = 'The obligations of the Distributor to compete for public tenders in the Territory are set out in Schedule B.';
const COVENANT = 'During the Term the Distributor shall not engage in any competing business in the Territory.';

const PAYMENT = 'Invoices are payable within thirty days of their date.';

/** Sections long enough to be passages of their own, their filler a narrative that holds no clause. */
function contract(): string {
  const prose = new SentenceMaker(41, NARRATIVE_BANK);
  return [
    '# Distribution Agreement',
    `This Distribution Agreement is made between Harbor Instruments Ltd and Kestrel Supply GmbH. ${prose.paragraph(90)}`,
    '## 3. Tenders',
    `${TENDERS} ${prose.paragraph(120)}`,
    '## 7. Payment',
    `${PAYMENT} ${prose.paragraph(120)}`,
    '## 9. Covenants',
    `${COVENANT} ${prose.paragraph(120)}`,
    // More sections, so that BM25 finds the clause's words rare (in a tiny document every word is common).
    ...Array.from({ length: 8 }, (_, i) => `## ${10 + i}. Schedule ${i + 1}\n\n${prose.paragraph(120)}`),
  ].join('\n\n');
}

let dir: string;
let engine: Engine;
let documentId: string;

before(async () => {
  dir = makeTempDir();
  const file = path.join(dir, 'distribution.md');
  fs.writeFileSync(file, `${contract()}\n`);
  engine = openTestEngine(path.join(dir, 'library'));
  const { documents } = await engine['library:ingest']({ paths: [file] });
  assert.equal(documents[0]!.status, 'ingested');
  documentId = documents[0]!.id!;
  const { passages } = await engine['library:passages']({ id: documentId });
  assert.equal(passages.length, 12, 'precondition: the opening and each clause are passages of their own');
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

const QUESTION = 'Does the distributor have a non-compete obligation?';

test('a scoped search for a kind of clause ranks the clause of that kind first; without clause kinds the words alone rank another passage first', async () => {
  const { results } = await engine['search:query']({ query: QUESTION, documentIds: [documentId], limit: 5 });
  assert.ok(results[0]!.text.includes(COVENANT), `first: ${results.map((r) => `${r.score} ${r.text.slice(0, 40)}`).join(' | ')}`);
  assert.ok(
    results.some((r) => r.text.includes(TENDERS)),
    'precondition: the tenders passage matches too',
  );
  const db = openLibraryDatabase(path.join(dir, 'library'));
  try {
    const plain = new PassageSearch(new PassageIndex(db), new DefinedTermReader(db)).search({ query: QUESTION, documentIds: [documentId], limit: 5 });
    assert.ok(
      plain[0]!.text.includes(TENDERS),
      `precondition, without clause kinds the first is the tenders passage: ${plain.map((r) => `${r.score} ${r.text.slice(0, 40)}`).join(' | ')}`,
    );
  } finally {
    db.close();
  }
});

test('the extractive answer to a kind of clause quotes that clause first', async () => {
  const { citations } = await engine['qa:ask']({ question: QUESTION, documentIds: [documentId] });
  assert.ok(citations[0]!.quote.includes(COVENANT), citations[0]!.quote);
});

test('a query with nothing to search for gets an overview of the document: its opening, then its clauses of most kinds, marked as a fallback', async () => {
  const { passages } = await engine['library:passages']({ id: documentId });
  for (const query of ['', '???', '. , ;']) {
    const { results } = await engine['search:query']({ query, documentIds: [documentId], limit: 5 });
    assert.equal(results[0]!.passageId, passages[0]!.id, `${query}: the opening passage first`);
    assert.equal(results[0]!.fallback, 'opening');
    const clauses = results.filter((r) => r.fallback === 'clauses');
    assert.deepEqual(
      clauses.map((r) => (r.text.includes(COVENANT) ? 'non-compete' : r.text.includes(PAYMENT) ? 'payment' : 'other')).sort(),
      ['non-compete', 'payment'],
      `${query}: the clauses shown are those of some kind, not the tenders passage`,
    );
  }
});

test('a document that is not made of clauses (a narrative with one stray cue) gets only its openings as an overview', async () => {
  const prose = new SentenceMaker(43, NARRATIVE_BANK);
  const sections = Array.from(
    { length: 12 },
    (_, i) => `## Chapter ${i + 1}\n\n${i === 6 ? 'The keeper swore he would not compete with the ferryman for the harbour trade. ' : ''}${prose.paragraph(120)}`,
  );
  const file = path.join(dir, 'harbour-tales.md');
  fs.writeFileSync(file, `# Harbour Tales\n\n${sections.join('\n\n')}\n`);
  const { documents } = await engine['library:ingest']({ paths: [file] });
  const id = documents[0]!.id!;
  const cue = await engine['search:query']({ query: 'compete ferryman', documentIds: [id], limit: 1 });
  assert.ok(cue.results[0]!.text.includes('would not compete'), 'precondition: the stray cue is in a passage of its own');
  const { results } = await engine['search:query']({ query: '?', documentIds: [id], limit: 5 });
  assert.ok(results.length > 0);
  assert.ok(
    results.every((r) => r.fallback === 'opening'),
    results.map((r) => r.fallback).join(', '),
  );
});
