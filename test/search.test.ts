/**
 * Search over a small real library: any text is a valid query, questions find the
 * planted passage first, section titles count, snippets carry marks, and the
 * document filter and limit hold.
 */
import { PassageIndex } from '../native/store/PassageIndex.js';
import { DefinedTermReader } from '../native/store/DefinedTermReader.js';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LecternError } from '../native/api/errors.js';
import type { SearchHit } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { BOOK, CONTRACT, makeBookPdf, makeContractPdf, makeTablePdf } from './fixtures/makePdfs.js';
import { makeMarkdownFile, MARKDOWN } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let engine: Engine;
const ids = { contract: '', book: '', markdown: '', table: '' };

before(async () => {
  dir = makeTempDir();
  const files = [await makeContractPdf(dir), await makeBookPdf(dir), makeMarkdownFile(dir), await makeTablePdf(dir)];
  engine = openTestEngine(path.join(dir, 'library'));
  const { documents } = await engine['library:ingest']({ paths: files });
  assert.ok(
    documents.every((d) => d.status === 'ingested'),
    JSON.stringify(documents),
  );
  [ids.contract, ids.book, ids.markdown, ids.table] = documents.map((d) => d.id!) as [string, string, string, string];
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

const search = async (query: string, extra: { documentIds?: string[]; limit?: number } = {}): Promise<SearchHit[]> =>
  (await engine.invoke('search:query', { query, ...extra })).results;

describe('any text is a valid query', () => {
  const ODD_QUERIES = [
    '',
    '   ',
    '"',
    '"governing law"',
    '"unbalanced quote',
    "state's law",
    'law AND',
    'AND',
    'OR',
    'NOT',
    'NEAR',
    'NEAR(law state, 3)',
    'law OR NOT state',
    '*',
    'gov*',
    'text:law',
    ':',
    '(',
    ')',
    '(law',
    'law)',
    '^law',
    '^',
    '-law',
    '-',
    '+',
    '{law}',
    '[law]',
    'law; DROP TABLE passages; --',
    "' OR 1=1 --",
    '\\',
    '%_',
    '合同适用的法律是什么',
    'ما هو القانون الذي يحكم هذه الاتفاقية',
    'Какое право применяется к договору',
    '🙂📄⚖️',
    'law 🙂 state',
    'e\u0301te\u0301', // combining accents
    '\u0000\u0001\u0002',
    'a'.repeat(2000),
    'law '.repeat(300),
  ];
  for (const query of ODD_QUERIES) {
    test(`query ${JSON.stringify(query.length > 40 ? `${query.slice(0, 40)}…` : query)} returns a list and does not throw`, async () => {
      const results = await search(query);
      assert.ok(Array.isArray(results));
      for (const r of results) assert.ok(typeof r.text === 'string' && Number.isFinite(r.score));
    });
  }

  test('operator words and punctuation around real words still find them', async () => {
    for (const query of ['"Delaware', 'Delaware AND', 'NOT Delaware', '(Delaware)', 'Delaware*', 'text:Delaware', '^Delaware', '-Delaware']) {
      const results = await search(query);
      assert.ok(results[0]?.text.includes('Delaware'), `query ${query}`);
    }
  });

  test('a query over 2000 characters is refused as an invalid argument, not a crash', async () => {
    await assert.rejects(search('x'.repeat(2001)), (e: unknown) => e instanceof LecternError && e.code === 'INVALID_ARGUMENT');
  });
});

describe('ranking', () => {
  const QUESTIONS: Array<{ question: string; expect: string; section?: string }> = [
    { question: "Which state's law governs this agreement?", expect: CONTRACT.governingLaw, section: CONTRACT.governingLawSection },
    { question: 'Where must the Supplier keep a fire suppression system?', expect: CONTRACT.fireSuppression },
    { question: 'What interest is charged on overdue amounts?', expect: CONTRACT.latePayment },
    { question: 'How much notice does a party need to give to terminate the agreement?', expect: "Either Party may terminate this Agreement on ninety days' written notice" },
    { question: 'When did the orrery stop?', expect: BOOK.planted },
    { question: 'what did the nudibranch graze on', expect: MARKDOWN.planted },
    { question: 'Which company is the subprocessor and where is it based?', expect: 'Lanternfish Data GmbH' },
  ];
  for (const q of QUESTIONS) {
    test(`"${q.question}" ranks the passage holding the answer first`, async () => {
      const [top] = await search(q.question);
      assert.ok(top, 'there are results');
      assert.ok(top.text.includes(q.expect), `top hit: ${top.text.slice(0, 120)}`);
      if (q.section) assert.equal(top.section, q.section);
    });
  }

  test('scores are in descending order', async () => {
    const results = await search('Supplier deliver report quarter', { limit: 50 });
    assert.ok(results.length > 5);
    for (let i = 1; i < results.length; i++) assert.ok(results[i - 1]!.score >= results[i]!.score);
  });

  test("a word found only in a section title finds that section's passages, including those whose text lacks the word", async () => {
    const results = await search(CONTRACT.titleOnlyWord, { limit: 50 });
    const { passages } = await engine['library:passages']({ id: ids.contract });
    const inSection = passages
      .filter((p) => p.section === CONTRACT.titleOnlySection)
      .map((p) => p.id)
      .sort();
    assert.ok(inSection.length >= 2, 'the section has several passages');
    assert.deepEqual(results.map((r) => r.passageId).sort(), inSection);
    assert.ok(
      results.some((r) => !/escrow/i.test(r.text)),
      'some hits match by their section title alone',
    );
    for (const r of results) assert.equal(r.section, CONTRACT.titleOnlySection);
  });

  test('hits carry the document, page and section they come from', async () => {
    const [top] = await search('fire suppression Zurich');
    assert.equal(top!.documentId, ids.contract);
    assert.equal(top!.documentTitle, CONTRACT.title);
    const passage = (await engine['library:passages']({ id: ids.contract })).passages.find((p) => p.id === top!.passageId)!;
    assert.equal(top!.page, passage.page);
    assert.equal(top!.pageEnd, passage.pageEnd);
    assert.equal(top!.section, passage.section);
    assert.equal(top!.text, passage.text);
  });
});

describe('snippets', () => {
  test('a snippet marks the matched words with ranges inside the snippet', async () => {
    const [top] = await search('Delaware');
    assert.ok(top);
    assert.ok(top.snippet.length > 0 && top.snippet.length <= top.text.length + 2);
    assert.ok(top.snippetMarks.length > 0);
    for (const [start, end] of top.snippetMarks) {
      assert.ok(start >= 0 && start < end && end <= top.snippet.length, `mark ${start}-${end} inside a snippet of ${top.snippet.length}`);
      assert.equal(top.snippet.slice(start, end), 'Delaware');
    }
  });

  test('marks cover stemmed matches (expansions where the own words are absent), and never overlap', async () => {
    const [top] = await search('governs');
    assert.ok(top);
    const marked = top.snippetMarks.map(([s, e]) => top.snippet.slice(s, e).toLowerCase());
    assert.ok(
      marked.some((m) => m.startsWith('govern')),
      JSON.stringify(marked),
    );
    // "governs" also searches the thesaurus's wordings of a governing-law clause ("laws of the state").
    assert.ok(
      marked.every((m) => m.startsWith('govern') || /^(law|laws|state)\b/.test(m) || m.includes(' ')),
      JSON.stringify(marked),
    );
    for (let i = 1; i < top.snippetMarks.length; i++) assert.ok(top.snippetMarks[i - 1]![1] <= top.snippetMarks[i]![0]);
  });
});

describe('filters and limits', () => {
  test('documentIds restricts results to those documents', async () => {
    const everywhere = await search('harbour', { limit: 50 });
    assert.ok(new Set(everywhere.map((r) => r.documentId)).size >= 2, 'the word occurs in several documents');
    const onlyMarkdown = await search('harbour', { documentIds: [ids.markdown], limit: 50 });
    assert.ok(onlyMarkdown.length > 0);
    assert.ok(onlyMarkdown.every((r) => r.documentId === ids.markdown));
    const two = await search('harbour', { documentIds: [ids.markdown, ids.book], limit: 50 });
    assert.deepEqual(new Set(two.map((r) => r.documentId)), new Set([ids.markdown, ids.book]));
    const absent = await search('Delaware', { documentIds: [ids.book] });
    assert.ok(absent.length > 0, 'a word absent from the chosen document still gets an answer');
    assert.ok(
      absent.every((h) => h.fallback !== undefined && h.documentId === ids.book),
      'only the opening passages of the chosen document, marked as a fallback',
    );
  });

  test('an unknown document id in the filter fails with DOCUMENT_NOT_FOUND', async () => {
    await assert.rejects(search('harbour', { documentIds: ['000000000000'] }), (e: unknown) => e instanceof LecternError && e.code === 'DOCUMENT_NOT_FOUND');
  });

  test('limit caps the number of results; the default is 10', async () => {
    assert.equal((await search('the harbour and the keeper', { limit: 3 })).length, 3);
    assert.equal((await search('the harbour and the keeper')).length, 10);
    await assert.rejects(search('harbour', { limit: 0 }), (e: unknown) => e instanceof LecternError && e.code === 'INVALID_ARGUMENT');
    await assert.rejects(search('harbour', { limit: 201 }), (e: unknown) => e instanceof LecternError && e.code === 'INVALID_ARGUMENT');
  });
});

describe('unscoped ranking under a posting budget', () => {
  test('with a budget of one posting, results equal BM25 over the passages that hold the rarest word', async () => {
    const { PassageSearch } = await import('../native/search/PassageSearch.js');
    const db = engine.db;
    const words = ['delaware', 'governed', 'interpretation'];
    const df = (stem: string) => (db.prepare('SELECT doc FROM passage_search_terms WHERE term = ?').get(stem) as { doc: number } | undefined)?.doc ?? 0;
    const total = (db.prepare('SELECT count(*) AS n FROM passages').get() as { n: number }).n;
    const stems = { delaware: 'delawar', governed: 'govern', interpretation: 'interpret' } as const;
    for (const w of words) {
      const n = df(stems[w as keyof typeof stems]);
      assert.ok(n > 0 && n <= total * 0.2, `precondition: "${w}" occurs in ${n} of ${total} passages`);
    }
    const rarest = [...words].sort((a, b) => df(stems[a as keyof typeof stems]) - df(stems[b as keyof typeof stems]))[0]!;
    const expected = db
      .prepare(
        `SELECT rowid AS id FROM passage_search WHERE passage_search MATCH ? AND rowid IN (SELECT rowid FROM passage_search WHERE passage_search MATCH ?)
                ORDER BY -bm25(passage_search, 3, 1.0) DESC, rowid LIMIT 5`,
      )
      .all(words.map((w) => `"${w}"`).join(' OR '), `"${rarest}"`)
      .map((r) => (r as { id: number }).id);
    const tight = new PassageSearch(new PassageIndex(db), new DefinedTermReader(db), { postingBudget: 1 }).search({ query: words.join(' '), limit: 5 });
    assert.ok(expected.length > 0);
    assert.deepEqual(
      tight.map((h) => h.passageId),
      expected,
    );
  });
});

describe('question intent', () => {
  test("a question about the document's name puts its opening passage first", async () => {
    const [first] = (await engine['library:passages']({ id: ids.contract })).passages;
    const hits = await search('What is the name of this agreement?', { documentIds: [ids.contract] });
    assert.equal(hits[0]?.passageId, first!.id);
  });

  test('a question about an unrelated topic is not pulled to the opening passage', async () => {
    const [first] = (await engine['library:passages']({ id: ids.contract })).passages;
    const hits = await search("Which state's law governs this agreement?", { documentIds: [ids.contract] });
    assert.notEqual(hits[0]?.passageId, first!.id);
  });
});

describe('snippets come from their own passage', () => {
  test("every hit's snippet is a piece of that hit's passage text (FTS5 rowid lookups bind as integers)", async () => {
    for (const query of ['governing law', 'information', 'delaware state', 'chapter']) {
      const hits = await search(query, { limit: 20 });
      assert.ok(hits.length > 0, query);
      for (const h of hits) {
        for (const piece of h.snippet
          .split('…')
          .map((p) => p.trim())
          .filter((p) => p.length > 0)) {
          assert.ok(h.text.includes(piece), `"${query}": passage ${h.passageId}'s snippet piece "${piece.slice(0, 60)}" is not in its text`);
        }
      }
    }
  });
});

describe('searches see other writers', () => {
  test('a word absent when first searched is found once another engine on the same library folder imports a document holding it', async () => {
    const libraryDir = path.join(dir, 'shared-library');
    const reader = openTestEngine(libraryDir);
    const writer = openTestEngine(libraryDir);
    try {
      await reader['library:ingest']({ paths: [makeMarkdownFile(dir, 'pools-shared.md')] });
      const before = (await reader.invoke('search:query', { query: 'lessig code' })).results;
      assert.ok(
        before.every((h) => h.fallback === 'opening'),
        'nothing holds the word yet: only fallback openings',
      );
      const book = path.join(dir, 'code-is-law.md');
      fs.writeFileSync(book, '# Code Is Law\n\nLessig argued that code regulates behaviour in cyberspace much as law does elsewhere.\n');
      const { documents } = await writer['library:ingest']({ paths: [book] });
      assert.equal(documents[0]!.status, 'ingested');
      const hits = (await reader.invoke('search:query', { query: 'lessig code' })).results;
      assert.ok(hits.length > 0 && hits[0]!.fallback === undefined, "the reader sees the other engine's import without a restart");
      assert.equal(hits[0]!.documentId, documents[0]!.id);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});

describe('wording bridged: abbreviations, thesaurus, stems kept apart, fallbacks', () => {
  let wordingId = '';
  const WORDING = [
    '# Government and Law',
    '',
    'The government of the province reviews every permit. Government agencies inspect the site twice a year, the government publishes its findings, and government inspectors apply the law of the province to any dispute about the site. The government may also ask for records under the law.',
    '',
    '# General Terms',
    '',
    'Notices go to the addresses above. This Agreement is governed by the laws of Ontario. The parties may sign it in counterparts, and each counterpart is an original.',
    '',
    '# Officers',
    '',
    'The Chief Executive Officer (CEO) approves the annual budget of the venture.',
    '',
    '# Compensation',
    '',
    'The CEO receives a yearly salary of three hundred thousand dollars, paid monthly.',
    '',
    '# Board',
    '',
    'The board may remove the Chief Executive Officer at any time by a majority vote.',
    '',
    '# Results',
    '',
    'The Consolidated Statements of Operations show that net sales rose by nine percent over the year.',
    '',
  ].join('\n');

  before(async () => {
    const file = path.join(dir, 'wording.md');
    fs.writeFileSync(file, WORDING);
    const { documents } = await engine['library:ingest']({ paths: [file] });
    wordingId = documents[0]!.id!;
  });

  const scoped = (query: string) => search(query, { documentIds: [wordingId], limit: 10 });

  test('"governing law" ranks the Governing Law clause above passages about the government (the stemmer joins govern and government)', async () => {
    const hits = await scoped('governing law');
    assert.equal(hits[0]?.section, 'General Terms', JSON.stringify(hits.map((h) => h.section)));
  });

  test('an abbreviation the document introduces finds passages that use only its long form, and the other way round', async () => {
    const byAbbreviation = await scoped('CEO');
    assert.ok(
      byAbbreviation.some((h) => h.section === 'Board'),
      JSON.stringify(byAbbreviation.map((h) => h.section)),
    );
    const byLongForm = await scoped('chief executive officer pay');
    assert.ok(
      byLongForm.some((h) => h.section === 'Compensation'),
      JSON.stringify(byLongForm.map((h) => h.section)),
    );
  });

  test('"income statement" finds the Statements of Operations through the thesaurus, in scope and library-wide', async () => {
    assert.equal((await scoped('income statement'))[0]?.section, 'Results');
    assert.ok((await search('income statement', { limit: 10 })).some((h) => h.documentId === wordingId && h.section === 'Results'));
  });

  test("the person's own words outweigh expansions", async () => {
    // "Governed" is the person's word; the thesaurus adds "laws of the state" and the like at a lower weight.
    const [top] = await scoped('governed');
    assert.equal(top?.section, 'General Terms');
    assert.equal(top?.fallback, undefined);
  });

  test('a query of punctuation or stop words, or of a word found nowhere in scope, returns an overview of the scope marked as a fallback, its opening passage first', async () => {
    const { passages } = await engine['library:passages']({ id: wordingId });
    for (const query of ['???', '', 'zzyzx']) {
      const hits = await scoped(query);
      assert.ok(hits.length > 0, `"${query}" returns something`);
      assert.equal(hits[0]!.passageId, passages[0]!.id, `"${query}" offers the opening passage first`);
      assert.ok(
        hits.every((h) => h.fallback !== undefined && h.documentId === wordingId),
        query,
      );
    }
  });
});
