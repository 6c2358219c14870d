/**
 * Annotations over a real library: a generated contract PDF (text geometry, so rectangles) and a
 * Markdown file (none). Made, listed, filtered, changed and deleted; bad selections refused;
 * answers kept as notes; export to Markdown and JSON and import into a fresh library, all or
 * nothing; an annotated copy read back by pdf.js; re-reads that keep, move or orphan them; and
 * removal of the document, which takes them along.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Annotation, NotesFile } from '../native/api/annotationTypes.js';
import type { Engine } from '../native/engine.js';
import { makeContractPdf, makeManyPagesPdf } from './fixtures/makePdfs.js';
import { makeMarkdownFile } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let engine: Engine;
let pdfPath: string;
let pdfId: string;
let mdId: string;
const USER = 'default';

before(async () => {
  dir = makeTempDir('lectern-annotations-');
  engine = openTestEngine(path.join(dir, 'library'));
  pdfPath = await makeContractPdf(dir);
  const { documents } = await engine['library:ingest']({ paths: [pdfPath, makeMarkdownFile(dir)] });
  [pdfId, mdId] = documents.map((d) => d.id!) as [string, string];
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

/** The first page of a document whose text holds `words`, and their range in it. */
function rangeOf(e: Engine, documentId: string, words: string, from = 1): { page: number; charStart: number; charEnd: number; quote: string } {
  const pages = e.documents.summary(documentId)!.pages;
  for (let page = from; page <= pages; page++) {
    const text = e.documents.page(documentId, page)!.text;
    const at = text.indexOf(words);
    if (at >= 0) return { page, charStart: at, charEnd: at + words.length, quote: words };
  }
  throw new Error(`"${words}" is on no page of ${documentId}`);
}

async function highlight(
  words: string,
  options: { user?: string; documentId?: string; color?: 'yellow' | 'green' | 'blue' | 'pink' | 'purple'; kind?: 'highlight' | 'underline' | 'note'; note?: string } = {},
) {
  const documentId = options.documentId ?? pdfId;
  const r = rangeOf(engine, documentId, words);
  const { annotation } = await engine['annotations:create']({
    user: options.user ?? USER,
    documentId,
    kind: options.kind ?? 'highlight',
    color: options.color,
    note: options.note,
    anchor: { page: r.page, spans: [{ page: r.page, charStart: r.charStart, charEnd: r.charEnd }], quote: r.quote },
  });
  return annotation;
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = (await promise.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  )) as { code: string; message: string };
  return error;
}

function count(e: Engine, sql: string, ...params: unknown[]): number {
  return (e.db.prepare(sql).get(...params) as { n: number }).n;
}

describe('annotations: create, list, update, delete', () => {
  test('a highlight on a PDF gets rectangles on its page from the stored geometry, and is listed with its anchor', async () => {
    await engine['users:create']({ name: 'ada' });
    const a = await highlight('Delaware', { user: 'ada', color: 'green', note: 'which state' });
    assert.equal(a.kind, 'highlight');
    assert.equal(a.color, 'green');
    assert.equal(a.anchor.quote, 'Delaware');
    assert.ok(a.rects.length >= 1, 'at least one rectangle');
    for (const r of a.rects) assert.ok(r.page === a.anchor.page && r.width > 0 && r.height > 0, JSON.stringify(r));
    const { annotations } = await engine['annotations:list']({ user: 'ada', documentId: pdfId });
    assert.deepEqual(
      annotations.map((x) => x.id),
      [a.id],
    );
    assert.deepEqual(annotations[0], a);
  });

  test('list orders by page then position, and filters by kind, colour and words of the quote or note', async () => {
    await engine['users:create']({ name: 'bo' });
    const late = await highlight('Overdue amounts accrue', { user: 'bo', color: 'pink' });
    const law = await highlight('Delaware', { user: 'bo', kind: 'underline', color: 'blue' });
    const fire = await highlight('conflict of laws principles', { user: 'bo', kind: 'note', note: 'Ask the Zurich site manager' });
    const all = (await engine['annotations:list']({ user: 'bo' })).annotations;
    const expected = [late, law, fire].sort((x, y) => x.anchor.page - y.anchor.page || x.anchor.spans[0]!.charStart - y.anchor.spans[0]!.charStart);
    assert.deepEqual(
      all.map((x) => x.id),
      expected.map((x) => x.id),
    );
    assert.deepEqual(
      (await engine['annotations:list']({ user: 'bo', kind: 'underline' })).annotations.map((x) => x.id),
      [law.id],
    );
    assert.deepEqual(
      (await engine['annotations:list']({ user: 'bo', color: 'pink' })).annotations.map((x) => x.id),
      [late.id],
    );
    assert.deepEqual(
      (await engine['annotations:list']({ user: 'bo', query: 'zurich MANAGER' })).annotations.map((x) => x.id),
      [fire.id],
      'words of the note, any case',
    );
    assert.deepEqual(
      (await engine['annotations:list']({ user: 'bo', query: 'delaware' })).annotations.map((x) => x.id),
      [law.id],
      'words of the quote',
    );
    assert.equal(fire.color, null, 'a note has no colour');
    assert.deepEqual((await engine['annotations:list']({ user: 'ada', query: 'zurich' })).annotations, [], "another user's notes are not listed");
  });

  test('overlapping highlights are both kept: a sentence in yellow and a word of it in green', async () => {
    await engine['users:create']({ name: 'cy' });
    const sentence = await highlight('Agreement shall be governed by the laws', { user: 'cy' });
    const word = await highlight('governed', { user: 'cy', color: 'green' });
    const listed = (await engine['annotations:list']({ user: 'cy' })).annotations;
    assert.equal(listed.length, 2);
    assert.ok(word.anchor.spans[0]!.charStart >= sentence.anchor.spans[0]!.charStart && word.anchor.spans[0]!.charEnd <= sentence.anchor.spans[0]!.charEnd, 'they overlap');
  });

  test('a zero-length selection, a range past the page text, a page past the end and an empty bookmark range are refused, and nothing is stored', async () => {
    await engine['users:create']({ name: 'di' });
    const r = rangeOf(engine, pdfId, 'Delaware');
    const pageLength = engine.documents.page(pdfId, r.page)!.text.length;
    const cases = [
      { anchor: { page: r.page, spans: [{ page: r.page, charStart: r.charStart, charEnd: r.charStart }], quote: 'Delaware' }, kind: 'highlight' as const, says: /empty/ },
      { anchor: { page: r.page, spans: [], quote: '' }, kind: 'highlight' as const, says: /select some text/ },
      {
        anchor: { page: r.page, spans: [{ page: r.page, charStart: pageLength - 2, charEnd: pageLength + 5 }], quote: 'xx' },
        kind: 'underline' as const,
        says: /past the page's text/,
      },
      { anchor: { page: 999, spans: [{ page: 999, charStart: 0, charEnd: 4 }], quote: 'abcd' }, kind: 'highlight' as const, says: /no page 999/ },
      {
        anchor: { page: r.page, spans: [{ page: r.page, charStart: r.charStart, charEnd: r.charEnd }], quote: 'Delaware' },
        kind: 'bookmark' as const,
        says: /bookmark marks a page/,
      },
    ];
    for (const c of cases) {
      const error = await refusal(engine['annotations:create']({ user: 'di', documentId: pdfId, kind: c.kind, anchor: c.anchor }));
      assert.equal(error.code, 'INVALID_ARGUMENT', JSON.stringify(c));
      assert.match(error.message, c.says);
    }
    const spaces = engine.documents.page(pdfId, r.page)!.text.indexOf(' ');
    const blank = await refusal(
      engine['annotations:create']({
        user: 'di',
        documentId: pdfId,
        kind: 'highlight',
        anchor: { page: r.page, spans: [{ page: r.page, charStart: spaces, charEnd: spaces + 1 }], quote: ' ' },
      }),
    );
    assert.equal(blank.code, 'INVALID_ARGUMENT');
    assert.deepEqual((await engine['annotations:list']({ user: 'di' })).annotations, []);
  });

  test('a selection whose offsets drifted from the stored page text is placed on its quote nearby; a quote not there is refused', async () => {
    await engine['users:create']({ name: 'dru' });
    const r = rangeOf(engine, pdfId, 'Delaware');
    const drifted = { page: r.page, charStart: r.charStart - 5, charEnd: r.charEnd - 5 };
    const { annotation } = await engine['annotations:create']({ user: 'dru', documentId: pdfId, kind: 'highlight', anchor: { page: r.page, spans: [drifted], quote: 'Delaware' } });
    assert.deepEqual(annotation.anchor.spans, [{ page: r.page, charStart: r.charStart, charEnd: r.charEnd }]);
    const wrong = await refusal(
      engine['annotations:create']({ user: 'dru', documentId: pdfId, kind: 'highlight', anchor: { page: r.page, spans: [drifted], quote: 'Ruritania' } }),
    );
    assert.equal(wrong.code, 'INVALID_ARGUMENT');
    assert.match(wrong.message, /not on page \d+ where the selection says/);
    assert.equal((await engine['annotations:list']({ user: 'dru' })).annotations.length, 1);
  });

  test('a bookmark and a page note have no range; on a Markdown document a highlight has no rectangles', async () => {
    await engine['users:create']({ name: 'ed' });
    const { annotation: mark } = await engine['annotations:create']({ user: 'ed', documentId: pdfId, kind: 'bookmark', anchor: { page: 2, spans: [], quote: '' } });
    assert.deepEqual([mark.anchor, mark.rects, mark.color], [{ page: 2, spans: [], quote: '' }, [], null]);
    const pageText = engine.documents.page(mdId, 1)!.text;
    const word = pageText.match(/[A-Za-z]{6,}/)![0];
    const md = await highlight(word, { user: 'ed', documentId: mdId });
    assert.deepEqual(md.rects, []);
    assert.equal(md.color, 'yellow', 'the default colour');
  });

  test('update changes colour, note and kind; delete returns what it deleted, and creating that again undoes it', async () => {
    await engine['users:create']({ name: 'fa' });
    const a = await highlight('Delaware', { user: 'fa' });
    const { annotation: changed } = await engine['annotations:update']({ user: 'fa', id: a.id, color: 'purple', note: 'check venue' });
    assert.deepEqual([changed.color, changed.note, changed.kind], ['purple', 'check venue', 'highlight']);
    const { annotation: underlined } = await engine['annotations:update']({ user: 'fa', id: a.id, kind: 'underline' });
    assert.deepEqual([underlined.kind, underlined.color], ['underline', 'purple']);
    const other = await refusal(engine['annotations:update']({ user: 'ada', id: a.id, note: 'not mine' }));
    assert.equal(other.code, 'INVALID_ARGUMENT', "another user's annotation cannot be changed");
    const { annotation: deleted } = await engine['annotations:delete']({ user: 'fa', id: a.id });
    assert.equal(deleted.id, a.id);
    assert.deepEqual((await engine['annotations:list']({ user: 'fa' })).annotations, []);
    const { annotation: back } = await engine['annotations:create']({
      user: 'fa',
      documentId: deleted.documentId,
      kind: 'underline',
      color: deleted.color!,
      note: deleted.note,
      anchor: deleted.anchor,
    });
    assert.deepEqual([back.anchor, back.note, back.color, back.rects], [deleted.anchor, deleted.note, deleted.color, deleted.rects]);
  });

  test('a highlight teaches the profile (a highlight event with its text) and tells listeners annotations:changed', async () => {
    await engine['users:create']({ name: 'gu' });
    const seen: Array<{ user: string; documentId: string }> = [];
    const off = engine.on('annotations:changed', (p) => seen.push(p));
    try {
      await highlight('conflict of laws principles', { user: 'gu' });
    } finally {
      off();
    }
    assert.deepEqual(seen, [{ user: 'gu', documentId: pdfId }]);
    const events = count(
      engine,
      "SELECT count(*) AS n FROM events e JOIN users u ON u.id = e.user_id WHERE u.name = 'gu' AND e.type = 'highlight' AND e.text = ? AND e.document_id = ?",
      'conflict of laws principles',
      pdfId,
    );
    assert.equal(events, 1);
  });
});

describe('annotations and their user', () => {
  test("deleting a user deletes their annotations and reading progress, and no one else's", async () => {
    await engine['users:create']({ name: 'zed' });
    await highlight('Delaware', { user: 'zed' });
    await engine['reading:set']({ user: 'zed', documentId: pdfId, page: 3, position: 0 });
    const others = count(engine, 'SELECT count(*) AS n FROM annotations');
    await engine['users:delete']({ user: 'zed' });
    assert.equal(count(engine, 'SELECT count(*) AS n FROM annotations'), others - 1);
    assert.equal(count(engine, 'SELECT count(*) AS n FROM reading_progress r WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id)'), 0);
    assert.equal(count(engine, 'SELECT count(*) AS n FROM reading_progress'), 0, 'zed was the only reader so far');
  });
});

describe('answers kept as notes', () => {
  test('saveAnswer keeps the answer with its question and located citations, anchored at a cited passage of the document', async () => {
    await engine['users:create']({ name: 'hu' });
    const question = "Which state's law governs this agreement?";
    const asked = await engine['qa:ask']({ question, documentIds: [pdfId] });
    const { annotations } = await engine['annotations:saveAnswer']({ user: 'hu', conversationId: asked.conversationId, messageId: asked.messageId });
    assert.equal(annotations.length, 1, 'one document cited');
    const [saved] = annotations as [Annotation];
    assert.equal(saved.kind, 'answer');
    assert.equal(saved.documentId, pdfId);
    assert.equal(saved.answer!.question, question);
    assert.equal(saved.answer!.text, asked.answer);
    assert.ok(saved.anchor.spans.length > 0 && saved.anchor.quote !== '', 'anchored to a cited quote');
    assert.ok(saved.rects.length > 0, 'drawn over the cited text');
    const cited = saved.answer!.citations.filter((c) => c.passageId !== null);
    assert.ok(
      cited.every((c) => c.spans.length > 0),
      'every stored citation located again',
    );
    const refused = await refusal(engine['annotations:saveAnswer']({ user: 'hu', conversationId: asked.conversationId, messageId: asked.messageId - 1 }));
    assert.equal(refused.code, 'INVALID_ARGUMENT', 'a question is not an answer');
  });
});

describe('export and import', () => {
  let json: string;
  let mine: Annotation[];

  before(async () => {
    await engine['users:create']({ name: 'io' });
    await highlight('Delaware', { user: 'io', note: 'Venue > law?' });
    await highlight('Overdue amounts accrue', { user: 'io', kind: 'underline', color: 'blue' });
    await engine['annotations:create']({ user: 'io', documentId: pdfId, kind: 'note', anchor: { page: 1, spans: [], quote: '' }, note: 'Read before signing' });
    const asked = await engine['qa:ask']({ question: 'What interest accrues on overdue amounts?', documentIds: [pdfId] });
    await engine['annotations:saveAnswer']({ user: 'io', conversationId: asked.conversationId, messageId: asked.messageId });
    mine = (await engine['annotations:list']({ user: 'io', documentId: pdfId })).annotations;
    json = (await engine['annotations:export']({ user: 'io', documentId: pdfId, format: 'json' })).content;
  });

  test('Markdown: the title, each quote as a blockquote with its note and a lectern:// page link, and the saved answer with its question', async () => {
    const { fileName, content } = await engine['annotations:export']({ user: 'io', documentId: pdfId, format: 'md' });
    const title = engine.documents.summary(pdfId)!.title;
    assert.equal(fileName, `${title} (notes).md`);
    assert.ok(content.startsWith(`# ${title}\n`));
    const law = mine.find((a) => a.anchor.quote === 'Delaware')!;
    assert.match(
      content,
      new RegExp(
        `## Page ${law.anchor.page}\\n\\n> Delaware\\n\\nVenue > law\\?\\n\\n_highlight, yellow_ · \\[page ${law.anchor.page}\\]\\(lectern://doc/${pdfId}\\?page=${law.anchor.page}\\)`,
      ),
    );
    assert.match(content, /Read before signing/);
    assert.match(content, /## Saved answers\n\n### What interest accrues on overdue amounts\?/);
    assert.match(content, /_underline, blue_/);
  });

  test('JSON: a notes file of this document, version 1, holding every annotation as listed', () => {
    const file = JSON.parse(json) as NotesFile;
    assert.equal(file.lectern, 'notes');
    assert.equal(file.version, 1);
    assert.equal(file.document.id, pdfId);
    assert.equal(file.document.contentHash, engine.documents.source(pdfId)!.sha256);
    assert.deepEqual(file.annotations, mine);
  });

  test('imported into a fresh library holding the same PDF, the notes come back the same (and importing twice adds nothing)', async () => {
    const fresh = openTestEngine(path.join(dir, 'fresh-library'));
    try {
      const [doc] = (await fresh['library:ingest']({ paths: [pdfPath] })).documents;
      const result = await fresh['annotations:import']({ user: 'default', content: json });
      assert.deepEqual(result, { imported: mine.length, documentId: doc!.id });
      const back = (await fresh['annotations:list']({ user: 'default', documentId: doc!.id! })).annotations;
      const shape = (a: Annotation) => ({ kind: a.kind, color: a.color, anchor: a.anchor, note: a.note, answer: a.answer, rects: a.rects, orphaned: a.orphaned });
      assert.deepEqual(back.map(shape), mine.map(shape));
      assert.deepEqual(await fresh['annotations:import']({ user: 'default', content: json }), { imported: 0, documentId: doc!.id });
    } finally {
      await fresh.close();
    }
  });

  test('a malformed file, a damaged one, one from a newer Lectern and one of another document are refused with their codes, and nothing is imported', async () => {
    await engine['users:create']({ name: 'jo' });
    const file = JSON.parse(json) as NotesFile;
    const damaged = structuredClone(file);
    damaged.annotations[1]!.anchor.spans = [{ page: 1, charStart: 9, charEnd: 3 }]; // one bad annotation among good ones
    const other = { ...file, document: { ...file.document, id: 'feedfacecafe', contentHash: 'f'.repeat(64) } };
    const cases: Array<[string, string, RegExp]> = [
      ['{"lectern": "notes", "version": 1, "annotations": [', 'NOTES_FILE_INVALID', /not valid JSON/],
      [JSON.stringify({ hello: 'world' }), 'NOTES_FILE_INVALID', /not a Lectern notes file/],
      [JSON.stringify(damaged), 'NOTES_FILE_INVALID', /annotations\.1\.anchor\.spans\.0/],
      [JSON.stringify({ ...file, version: 2, annotations: 'a newer shape' }), 'NOTES_FILE_NEWER', /newer Lectern/],
      [JSON.stringify(other), 'NOTES_FILE_OTHER_DOCUMENT', /not in this library/],
    ];
    for (const [content, code, says] of cases) {
      const error = await refusal(engine['annotations:import']({ user: 'jo', content }));
      assert.equal(error.code, code, content.slice(0, 80));
      assert.match(error.message, says);
    }
    assert.equal(count(engine, "SELECT count(*) AS n FROM annotations a JOIN users u ON u.id = a.user_id WHERE u.name = 'jo'"), 0);
    // Named explicitly, the other document's notes go onto this one.
    const onto = await engine['annotations:import']({ user: 'jo', content: JSON.stringify(other), documentId: pdfId });
    assert.deepEqual(onto, { imported: mine.length, documentId: pdfId });
  });
});

describe('annotated copy', () => {
  test('writes /Highlight, /Underline and /Text annotations into a copy that pdf.js reads, and leaves the original byte for byte', async () => {
    await engine['users:create']({ name: 'ka' });
    await highlight('Delaware', { user: 'ka', note: 'law' });
    await highlight('Overdue amounts accrue', { user: 'ka', kind: 'underline' });
    await highlight('conflict of laws principles', { user: 'ka', kind: 'note', note: 'check' });
    const hash = () => createHash('sha256').update(fs.readFileSync(pdfPath)).digest('hex');
    const before = hash();
    const { path: copy } = await engine['annotations:annotatedCopy']({ user: 'ka', documentId: pdfId });
    assert.equal(hash(), before, 'the original is unchanged');
    assert.equal(path.dirname(copy), path.join(engine.libraryDir, 'exports'));
    assert.match(path.basename(copy), / \(annotated\)\.pdf$/);
    const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(copy)), verbosity: 0, isEvalSupported: false }).promise;
    try {
      const found: Array<{ subtype: string; page: number; contents: string }> = [];
      for (let n = 1; n <= doc.numPages; n++) {
        for (const a of (await (await doc.getPage(n)).getAnnotations()) as Array<{ subtype: string; contentsObj?: { str: string } }>) {
          found.push({ subtype: a.subtype, page: n, contents: a.contentsObj?.str ?? '' });
        }
      }
      assert.deepEqual(found.map((f) => f.subtype).sort(), ['Highlight', 'Text', 'Underline']);
      assert.equal(found.find((f) => f.subtype === 'Highlight')!.contents, 'law');
      assert.equal(found.find((f) => f.subtype === 'Highlight')!.page, rangeOf(engine, pdfId, 'Delaware').page);
      assert.equal(found.find((f) => f.subtype === 'Text')!.contents, 'check');
    } finally {
      await doc.destroy();
    }
  });

  test('is refused for a text document and onto the original file itself', async () => {
    const text = await refusal(engine['annotations:annotatedCopy']({ user: 'ka', documentId: mdId }));
    assert.equal(text.code, 'INVALID_ARGUMENT');
    assert.match(text.message, /not a PDF/);
    const onto = await refusal(engine['annotations:annotatedCopy']({ user: 'ka', documentId: pdfId, targetPath: pdfPath }));
    assert.equal(onto.code, 'INVALID_ARGUMENT');
    assert.match(onto.message, /never changes/);
  });
});

describe('annotations through a re-read and a removal', () => {
  let ledgerId: string;
  before(async () => {
    const [doc] = (await engine['library:ingest']({ paths: [await makeManyPagesPdf(dir, 'ledger.pdf', 5)] })).documents;
    ledgerId = doc!.id!;
  });

  test('a re-read keeps an annotation whose text is where it was, moves one whose text moved, and orphans one whose text is gone', async () => {
    await engine['users:create']({ name: 'lu' });
    const kept = await highlight('Ledger entry 3.', { user: 'lu', documentId: ledgerId });
    const moved = await highlight('Ledger entry 4.', { user: 'lu', documentId: ledgerId });
    const gone = await highlight('Ledger entry 5.', { user: 'lu', documentId: ledgerId });
    // As an older reading left them: one at other offsets on the page before, one whose quote the new text lacks.
    const set = engine.db.prepare('UPDATE annotations SET page = ?, spans = ?, quote = ? WHERE id = ?');
    set.run(3, JSON.stringify([{ page: 3, charStart: 2, charEnd: 17 }]), moved.anchor.quote, moved.id);
    set.run(gone.anchor.page, JSON.stringify(gone.anchor.spans), 'A line the old reading had and the new one lacks', gone.id);
    engine.db.prepare('UPDATE documents SET ingest_version = 1 WHERE id = ?').run(ledgerId);
    const result = await engine['library:reread']({});
    assert.equal(result.documents, 1);
    const after = new Map((await engine['annotations:list']({ user: 'lu', documentId: ledgerId })).annotations.map((a) => [a.id, a]));
    assert.deepEqual([after.get(kept.id)!.anchor, after.get(kept.id)!.orphaned], [kept.anchor, false]);
    assert.deepEqual([after.get(moved.id)!.anchor, after.get(moved.id)!.orphaned], [moved.anchor, false], 'found again on the next page, where the text is');
    assert.deepEqual(after.get(moved.id)!.rects, moved.rects, 'its rectangles computed again');
    assert.equal(after.get(gone.id)!.orphaned, true);
    assert.deepEqual(after.get(gone.id)!.rects, [], 'an orphan is not drawn');
  });

  test('notes export up to the removal of their document; removing it takes its annotations and reading progress along', async () => {
    await engine['reading:set']({ user: 'lu', documentId: ledgerId, page: 2, position: 0.5 });
    const md = await engine['annotations:export']({ user: 'lu', documentId: ledgerId, format: 'md' });
    assert.match(md.content, /> Ledger entry 3\./);
    assert.ok(count(engine, 'SELECT count(*) AS n FROM annotations WHERE document_id = ?', ledgerId) > 0);
    await engine['library:remove']({ id: ledgerId });
    assert.equal(count(engine, 'SELECT count(*) AS n FROM annotations WHERE document_id = ?', ledgerId), 0);
    assert.equal(count(engine, 'SELECT count(*) AS n FROM reading_progress WHERE document_id = ?', ledgerId), 0);
    const error = await refusal(engine['annotations:export']({ user: 'lu', documentId: ledgerId, format: 'md' }));
    assert.equal(error.code, 'DOCUMENT_NOT_FOUND');
  });
});
