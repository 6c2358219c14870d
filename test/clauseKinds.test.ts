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
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

const TENDERS = 'The obligations of the Distributor to compete for public tenders in the Territory are set out in Schedule B.';
const COVENANT = 'During the Term the Distributor shall not engage in any competing business in the Territory.';

const CONTRACT = [
  '# Distribution Agreement',
  'This Distribution Agreement is made between Harbor Instruments Ltd and Kestrel Supply GmbH.',
  '## 3. Tenders',
  `${TENDERS} The Distributor shall keep the Supplier informed of each tender it enters. Tender documents are prepared in English.`,
  '## 7. Payment',
  'Invoices are payable within thirty days of their date. Late payments carry interest at two percent a month.',
  '## 9. Covenants',
  `${COVENANT} The Supplier may review its records once a year.`,
].join('\n\n');

let dir: string;
let engine: Engine;
let documentId: string;

before(async () => {
  dir = makeTempDir();
  const file = path.join(dir, 'distribution.md');
  fs.writeFileSync(file, `${CONTRACT}\n`);
  engine = openTestEngine(path.join(dir, 'library'));
  const { documents } = await engine['library:ingest']({ paths: [file] });
  assert.equal(documents[0]!.status, 'ingested');
  documentId = documents[0]!.id!;
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

const QUESTION = 'Does the distributor have a non-compete obligation?';

test('a scoped search for a kind of clause ranks the clause of that kind first; without clause kinds the words alone rank another passage first', async () => {
  const { results } = await engine['search:query']({ query: QUESTION, documentIds: [documentId], limit: 5 });
  assert.ok(results[0]!.text.includes(COVENANT), `first: ${results[0]!.text}`);
  const db = openLibraryDatabase(path.join(dir, 'library'));
  try {
    const plain = new PassageSearch(new PassageIndex(db), new DefinedTermReader(db)).search({ query: QUESTION, documentIds: [documentId], limit: 5 });
    assert.ok(plain[0]!.text.includes(TENDERS), `precondition, without clause kinds the first is the tenders passage: ${plain[0]!.text}`);
  } finally {
    db.close();
  }
});

test('the extractive answer to a kind of clause quotes that clause first', async () => {
  const { citations } = await engine['qa:ask']({ question: QUESTION, documentIds: [documentId] });
  assert.ok(citations[0]!.quote.includes(COVENANT), citations[0]!.quote);
});
