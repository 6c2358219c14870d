/**
 * Reading progress and what it limits, over real generated PDFs: where a user is and how far
 * they got; spoiler-free mode, under which search, extractive answers and suggestions see no
 * page past the limit (and search still fills its results from allowed pages); and the
 * "my highlights" scope, which searches and answers from highlighted passages alone.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../native/engine.js';
import fs from 'node:fs';
import { makeEpub } from './fixtures/makeEpub.js';
import { makeBookPdf, makeContractPdf, makeManyPagesPdf } from './fixtures/makePdfs.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let engine: Engine;
let bookId: string;
let contractId: string;
let bookPages: number;
/** The page holding the book's planted sentence (chapter 4). */
let orreryPage: number;

before(async () => {
  dir = makeTempDir('lectern-reading-');
  engine = openTestEngine(path.join(dir, 'library'));
  const { documents } = await engine['library:ingest']({ paths: [await makeBookPdf(dir), await makeContractPdf(dir)] });
  [bookId, contractId] = documents.map((d) => d.id!) as [string, string];
  bookPages = documents[0]!.pages;
  orreryPage = pageOf(bookId, 'orrery');
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

function pageOf(documentId: string, word: string): number {
  for (let page = 1; page <= engine.documents.summary(documentId)!.pages; page++) if (engine.documents.page(documentId, page)!.text.includes(word)) return page;
  throw new Error(`"${word}" is on no page`);
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  return (await promise.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  )) as { code: string; message: string };
}

describe('reading progress', () => {
  test('get is null before reading; set keeps the page and position, the furthest page only grows, and the percent follows it', async () => {
    await engine['users:create']({ name: 'rae' });
    assert.deepEqual(await engine['reading:get']({ user: 'rae', documentId: bookId }), { progress: null });
    const { progress: first } = await engine['reading:set']({ user: 'rae', documentId: bookId, page: 6, position: 0.25, percent: 99 });
    assert.deepEqual([first.page, first.position, first.furthestPage, first.spoilerFree], [6, 0.25, 6, false]);
    assert.equal(first.percent, Math.round((1000 * 6) / bookPages) / 10, 'a PDF: the engine computes the percent, whatever the reader says');
    const { progress: back } = await engine['reading:set']({ user: 'rae', documentId: bookId, page: 2, position: 0.9 });
    assert.deepEqual([back.page, back.position, back.furthestPage, back.percent], [2, 0.9, 6, first.percent]);
    assert.deepEqual((await engine['reading:get']({ user: 'rae', documentId: bookId })).progress, back);
    const past = await refusal(engine['reading:set']({ user: 'rae', documentId: bookId, page: bookPages + 1, position: 0 }));
    assert.equal(past.code, 'INVALID_ARGUMENT');
  });

  test("an EPUB's percent is the reader's own measure (chapters are of unequal length), and never falls", async () => {
    const file = path.join(dir, 'tides.epub');
    const chapters = ['Spring', 'Neap', 'Ebb'].map((label, i) => ({
      file: `c${i + 1}.xhtml`,
      label,
      body: `<h1>${label}</h1><p>${`The ${label.toLowerCase()} tide turns at the harbour wall. `.repeat(20 * (i + 1))}</p>`,
    }));
    fs.writeFileSync(file, await makeEpub({ version: 3, title: 'Tides', author: 'A. Keeper', chapters }));
    const [epub] = (await engine['library:ingest']({ paths: [file] })).documents;
    const { progress } = await engine['reading:set']({ user: 'default', documentId: epub!.id!, page: 2, position: 0.5, percent: 41.27 });
    assert.deepEqual([progress.page, progress.furthestPage, progress.percent], [2, 2, 41.3]);
    const { progress: back } = await engine['reading:set']({ user: 'default', documentId: epub!.id!, page: 1, position: 0, percent: 3 });
    assert.equal(back.percent, 41.3);
  });

  test('list gives the documents most recently read first, for this user only', async () => {
    await engine['users:create']({ name: 'sol' });
    await engine['reading:set']({ user: 'sol', documentId: bookId, page: 3, position: 0 });
    await new Promise((r) => setTimeout(r, 5)); // distinct update times (milliseconds)
    await engine['reading:set']({ user: 'sol', documentId: contractId, page: 2, position: 0 });
    assert.deepEqual(
      (await engine['reading:list']({ user: 'sol' })).progress.map((p) => p.documentId),
      [contractId, bookId],
    );
    assert.deepEqual(
      (await engine['reading:list']({ user: 'sol', limit: 1 })).progress.map((p) => p.documentId),
      [contractId],
    );
    assert.ok((await engine['reading:list']({ user: 'rae' })).progress.every((p) => p.user === 'rae'));
  });
});

describe('spoiler-free mode', () => {
  test('search sees no page past the furthest page read, and fills its results from the pages before', async () => {
    await engine['users:create']({ name: 'tam' });
    const limit = orreryPage - 1;
    await engine['reading:set']({ user: 'tam', documentId: bookId, page: limit, position: 1 });
    const { progress } = await engine['reading:setSpoilerFree']({ user: 'tam', documentId: bookId, spoilerFree: true });
    assert.deepEqual([progress.spoilerFree, progress.spoilerLimitPage], [true, limit]);
    const open = await engine['search:query']({ query: 'brass orrery', documentIds: [bookId] });
    assert.equal(open.results[0]?.page, orreryPage, 'without a user, the planted page is found');
    const hidden = await engine['search:query']({ query: 'brass orrery', documentIds: [bookId], user: 'tam' });
    assert.ok(
      hidden.results.every((h) => h.pageEnd <= limit),
      JSON.stringify(hidden.results.map((h) => h.pageEnd)),
    );
    const common = await engine['search:query']({ query: 'keeper harbour lamp', user: 'tam', documentIds: [bookId], limit: 8 });
    assert.equal(common.results.length, 8, 'the top 8 come from allowed pages, not 8 minus the hidden');
    assert.ok(common.results.every((h) => h.pageEnd <= limit && h.fallback === undefined));
    const everywhere = await engine['search:query']({ query: 'brass orrery', user: 'tam' });
    assert.ok(
      everywhere.results.every((h) => h.documentId !== bookId || h.pageEnd <= limit),
      'also in a search of the whole library',
    );
  });

  test('an extractive answer cites no page past the limit; reading on moves the limit with the furthest page', async () => {
    await engine['users:create']({ name: 'uma' });
    const question = "At what time had the brass orrery in the keeper's study stopped?";
    const free = await engine['qa:ask']({ question, documentIds: [bookId] });
    assert.ok(
      free.citations.some((c) => c.page === orreryPage),
      'without spoiler-free mode the planted page answers',
    );
    await engine['reading:set']({ user: 'uma', documentId: bookId, page: orreryPage - 1, position: 0.5 });
    await engine['reading:setSpoilerFree']({ user: 'uma', documentId: bookId, spoilerFree: true });
    const limited = await engine['qa:ask']({ question, documentIds: [bookId], user: 'uma' });
    assert.ok(
      limited.citations.every((c) => c.page === null || c.spans.every((s) => s.page < orreryPage)),
      JSON.stringify(limited.citations.map((c) => c.page)),
    );
    assert.doesNotMatch(limited.answer, /seventeen minutes/);
    await engine['reading:set']({ user: 'uma', documentId: bookId, page: orreryPage + 1, position: 0 });
    const later = await engine['search:query']({ query: 'brass orrery', documentIds: [bookId], user: 'uma' });
    assert.equal(later.results[0]?.page, orreryPage, 'read past it, the page is searched again');
  });

  test('a limit page set by the reader holds whatever the furthest page, and turning the mode off lifts it', async () => {
    await engine['users:create']({ name: 'val' });
    await engine['reading:set']({ user: 'val', documentId: bookId, page: bookPages, position: 1 });
    const { progress } = await engine['reading:setSpoilerFree']({ user: 'val', documentId: bookId, spoilerFree: true, limitPage: 2 });
    assert.deepEqual([progress.furthestPage, progress.spoilerLimitPage], [bookPages, 2]);
    const hits = await engine['search:query']({ query: 'keeper', documentIds: [bookId], user: 'val', limit: 20 });
    assert.ok(hits.results.length > 0 && hits.results.every((h) => h.pageEnd <= 2));
    await engine['reading:setSpoilerFree']({ user: 'val', documentId: bookId, spoilerFree: false });
    const open = await engine['search:query']({ query: 'brass orrery', documentIds: [bookId], user: 'val' });
    assert.equal(open.results[0]?.page, orreryPage);
    const past = await refusal(engine['reading:setSpoilerFree']({ user: 'val', documentId: bookId, spoilerFree: true, limitPage: bookPages + 1 }));
    assert.equal(past.code, 'INVALID_ARGUMENT');
  });

  test('suggestions name nothing met only past the limit page', async () => {
    await engine['users:create']({ name: 'wyn' });
    await engine['reading:setSpoilerFree']({ user: 'wyn', documentId: contractId, spoilerFree: true, limitPage: 1 });
    const { suggestions } = await engine['suggest:get']({ user: 'wyn', documentId: contractId, wording: 'templates', limit: 6 });
    const firstPage = engine.db.prepare(
      'SELECT min(p.page_end) AS page FROM mentions m JOIN passages p ON p.id = m.passage_id WHERE p.document_id = ? AND m.entity_id = ?',
    ) as unknown as { get(doc: string, id: number): { page: number | null } };
    for (const s of suggestions) for (const id of s.entityIds) assert.ok((firstPage.get(contractId, id).page ?? 1) <= 1, `${s.text} names entity ${id}, first met later`);
    const unlimited = await engine['suggest:get']({ user: 'default', documentId: contractId, wording: 'templates', limit: 6 });
    assert.ok(
      unlimited.suggestions.some((s) => s.entityIds.some((id) => (firstPage.get(contractId, id).page ?? 1) > 1)),
      'without the mode, suggestions do name entities of later pages (so the check above can fail)',
    );
  });
});

describe('scope: my highlights', () => {
  test('search and an extractive answer use only passages holding the user’s highlights', async () => {
    await engine['users:create']({ name: 'xia' });
    const page = pageOf(contractId, 'Delaware');
    const text = engine.documents.page(contractId, page)!.text;
    const at = text.indexOf('Delaware');
    await engine['annotations:create']({
      user: 'xia',
      documentId: contractId,
      kind: 'highlight',
      anchor: { page, spans: [{ page, charStart: at, charEnd: at + 8 }], quote: 'Delaware' },
    });
    const highlighted = new Set(engine.annotations.highlightedPassageIds(engine.profiles.userId('xia')));
    assert.ok(highlighted.size >= 1);
    const all = await engine['search:query']({ query: 'agreement', documentIds: [contractId], limit: 20 });
    assert.ok(
      all.results.some((h) => !highlighted.has(h.passageId)),
      'unscoped, other passages match',
    );
    const mine = await engine['search:query']({ query: 'agreement laws', user: 'xia', scope: 'highlights', limit: 20 });
    assert.ok(mine.results.length >= 1);
    assert.ok(mine.results.every((h) => highlighted.has(h.passageId)));
    const answer = await engine['qa:ask']({ question: 'Which laws govern?', user: 'xia', scope: 'highlights' });
    assert.ok(answer.citations.length > 0 && answer.citations.every((c) => c.passageId === null || highlighted.has(c.passageId)));
    const anonymous = await refusal(engine['search:query']({ query: 'laws', scope: 'highlights' }));
    assert.equal(anonymous.code, 'INVALID_ARGUMENT');
  });
});

describe('spoiler-free with a model', () => {
  test('a document read whole (full context) is read only up to the limit page, and its answer cites nothing past it', async () => {
    const modelPath = path.join(dir, 'tiny-8k.gguf');
    await makeLlamaModel(modelPath, { ...TINY, contextLength: 8192 });
    const model = await engine.models.add(modelPath);
    const [ledger] = (await engine['library:ingest']({ paths: [await makeManyPagesPdf(dir, 'ledger.pdf', 4)] })).documents;
    await engine.runtime.load(model);
    try {
      await engine['users:create']({ name: 'yan' });
      const question = 'What does the fourth ledger entry record?';
      const whole = await engine['qa:ask']({ question, documentIds: [ledger!.id!], maxTokens: 16 });
      await engine['reading:setSpoilerFree']({ user: 'yan', documentId: ledger!.id!, spoilerFree: true, limitPage: 2 });
      const limited = await engine['qa:ask']({ question, documentIds: [ledger!.id!], maxTokens: 16, user: 'yan' });
      assert.deepEqual([whole.mode, limited.mode], ['full-context', 'full-context']);
      assert.ok(
        limited.timings.promptTokens < whole.timings.promptTokens - 100,
        `${limited.timings.promptTokens} tokens read, against ${whole.timings.promptTokens} for the whole document`,
      );
      const allowed = new Set((await engine['library:passages']({ id: ledger!.id! })).passages.filter((p) => p.pageEnd <= 2).map((p) => p.id));
      assert.ok(
        limited.citations.every((c) => c.passageId === null || allowed.has(c.passageId)),
        JSON.stringify(limited.citations),
      );
    } finally {
      await engine.runtime.unload();
    }
  });
});
