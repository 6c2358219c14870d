/**
 * Plain text and Markdown import, duplicate detection by content, folder import,
 * and removal of a document with everything derived from it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LecternError } from '../native/api/errors.js';
import type { Engine } from '../native/engine.js';
import { makeTwoColumnPdf } from './fixtures/makePdfs.js';
import { makeMarkdownFile, makePlainTextFile, makeSmallTextFile, MARKDOWN, PLAIN_TEXT } from './fixtures/makeTextFiles.js';
import { assertLibraryConsistent, rowCountsOf } from './helpers/libraryChecks.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { assertPassagesWellFormed, flattenSections } from './helpers/passageChecks.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let engine: Engine;

before(() => {
  dir = makeTempDir();
  engine = openTestEngine(path.join(dir, 'library'));
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

describe('Markdown', () => {
  let id: string;
  before(async () => {
    const { documents } = await engine['library:ingest']({ paths: [makeMarkdownFile(dir)] });
    assert.equal(documents[0]!.status, 'ingested', JSON.stringify(documents[0]));
    id = documents[0]!.id!;
  });

  test('a Markdown file is ingested as format md, titled by its first heading, with text pages and no geometry', async () => {
    const detail = await engine['library:get']({ id });
    assert.equal(detail.format, 'md');
    assert.equal(detail.title, MARKDOWN.title);
    assert.equal(detail.status, 'ingested');
    assert.ok(detail.pages >= 1 && detail.passages >= 1);
    assert.equal(engine.documents.page(id, 1)!.geometry, null);
  });

  test('sections come from the # / ## / ### and underlined headings, nested by level', async () => {
    const detail = await engine['library:get']({ id });
    const flat = flattenSections(detail.sections).map((s) => ({ title: s.node.title, parent: s.parent?.title ?? null }));
    assert.deepEqual(flat, [
      { title: 'Field Guide to Tidal Pools', parent: null },
      { title: 'Anemones', parent: 'Field Guide to Tidal Pools' },
      { title: 'Feeding', parent: 'Anemones' },
      { title: 'Rock Pools at Night', parent: 'Field Guide to Tidal Pools' },
      { title: 'Hermit Crabs', parent: 'Field Guide to Tidal Pools' },
    ]);
  });

  test('Markdown passages map back to the page text, and the planted sentence sits in its section', async () => {
    const { passages } = await engine['library:passages']({ id });
    assertPassagesWellFormed(engine.documents, passages, await engine['library:get']({ id }));
    const planted = passages.filter((p) => p.text.includes(MARKDOWN.planted));
    assert.equal(planted.length, 1);
    assert.equal(planted[0]!.section, MARKDOWN.plantedSection);
    for (const p of passages) assert.ok(!/(^|\s)#{1,6}\s/.test(p.text), `passage ${p.id} keeps Markdown heading marks`);
  });
});

describe('plain text', () => {
  test('a .txt file is ingested as format txt, titled by its first line, its passages mapping back to its pages', async () => {
    const { documents } = await engine['library:ingest']({ paths: [makePlainTextFile(dir)] });
    const outcome = documents[0]!;
    assert.equal(outcome.status, 'ingested', JSON.stringify(outcome));
    const detail = await engine['library:get']({ id: outcome.id! });
    assert.equal(detail.format, 'txt');
    assert.equal(detail.title, PLAIN_TEXT.title);
    const { passages } = await engine['library:passages']({ id: detail.id });
    assert.equal(passages.length, outcome.passages);
    assertPassagesWellFormed(engine.documents, passages, detail);
    assert.equal(passages.filter((p) => p.text.includes(PLAIN_TEXT.planted)).length, 1, 'the planted sentence is whole in one passage despite the line wrapping');
  });
});

describe('duplicates', () => {
  test('the same bytes under another name are reported as a duplicate with the existing id and not stored twice', async () => {
    const original = makeSmallTextFile(dir, 'original.txt', 31);
    const first = (await engine['library:ingest']({ paths: [original] })).documents[0]!;
    assert.equal(first.status, 'ingested');
    const before = (await engine['library:list']()).documents.length;
    const copy = path.join(dir, 'renamed copy.txt');
    fs.copyFileSync(original, copy);
    const again = (await engine['library:ingest']({ paths: [copy] })).documents[0]!;
    assert.equal(again.status, 'duplicate');
    assert.equal(again.id, first.id);
    assert.equal(again.path, copy);
    assert.equal(again.passages, first.passages);
    assert.equal((await engine['library:list']()).documents.length, before);
    assert.equal(rowCountsOf(engine.db, first.id!).documents, 1);
  });

  test('two copies in one batch: the first is ingested, the second is its duplicate', async () => {
    const a = makeSmallTextFile(dir, 'twin-a.txt', 32);
    const b = path.join(dir, 'twin-b.txt');
    fs.copyFileSync(a, b);
    const { documents } = await engine['library:ingest']({ paths: [a, b] });
    assert.deepEqual(
      documents.map((d) => d.status),
      ['ingested', 'duplicate'],
    );
    assert.equal(documents[1]!.id, documents[0]!.id);
    assert.equal(rowCountsOf(engine.db, documents[0]!.id!).documents, 1);
  });
});

describe('folders', () => {
  test('a folder is imported recursively: supported files only, hidden entries skipped, in sorted order', async () => {
    const folder = path.join(dir, 'folder');
    fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
    fs.mkdirSync(path.join(folder, '.hidden'));
    const files = [makeSmallTextFile(folder, 'b.txt', 41), makeSmallTextFile(path.join(folder, 'sub'), 'a.md', 42)];
    makeSmallTextFile(path.join(folder, '.hidden'), 'secret.txt', 43);
    makeSmallTextFile(folder, '.dotfile.txt', 44);
    // A GIF: an image Lectern does not import (PNG and JPEG it does, as scans).
    fs.writeFileSync(path.join(folder, 'picture.gif'), Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'));
    const { documents } = await engine['library:ingest']({ paths: [folder] });
    assert.deepEqual(
      documents.map((d) => d.path),
      [...files].sort(),
    );
    assert.ok(documents.every((d) => d.status === 'ingested'));
  });
});

describe('removal', () => {
  test('removing a document deletes its pages, sections, passages, spans and search hits, and leaves the rest', async () => {
    const keep = (await engine['library:ingest']({ paths: [makeSmallTextFile(dir, 'keep.txt', 51)] })).documents[0]!;
    const gone = (await engine['library:ingest']({ paths: [await makeTwoColumnPdf(dir)] })).documents[0]!;
    assert.equal(gone.status, 'ingested');
    assert.ok((await engine['search:query']({ query: 'chlorophyll' })).results.some((r) => r.documentId === gone.id));
    const keepRows = rowCountsOf(engine.db, keep.id!);

    assert.deepEqual(await engine['library:remove']({ id: gone.id! }), { removed: gone.id });

    assert.deepEqual(rowCountsOf(engine.db, gone.id!), { documents: 0, pages: 0, sections: 0, passages: 0, spans: 0 });
    assert.equal((await engine['search:query']({ query: 'chlorophyll stamen pollen' })).results.filter((r) => r.fallback === undefined).length, 0, 'no passage matches any more');
    const indexed = engine.db.prepare(`SELECT count(*) AS n FROM passage_search_terms WHERE term LIKE 'chlorophyl%'`).get() as { n: number };
    assert.equal(indexed.n, 0, 'the word is gone from the full-text index itself');
    assert.ok(!(await engine['library:list']()).documents.some((d) => d.id === gone.id));
    await assert.rejects(engine['library:get']({ id: gone.id! }), (e: unknown) => e instanceof LecternError && e.code === 'DOCUMENT_NOT_FOUND');
    assert.deepEqual(rowCountsOf(engine.db, keep.id!), keepRows, 'the other document is untouched');
    assertLibraryConsistent(engine.db);
  });

  test('a removed document can be imported again', async () => {
    const file = makeSmallTextFile(dir, 'comeback.txt', 52);
    const first = (await engine['library:ingest']({ paths: [file] })).documents[0]!;
    await engine['library:remove']({ id: first.id! });
    const again = (await engine['library:ingest']({ paths: [file] })).documents[0]!;
    assert.equal(again.status, 'ingested');
    assert.equal(again.id, first.id);
    assert.equal((await engine['search:query']({ query: 'Companion note 52', documentIds: [again.id!] })).results.length > 0, true);
  });

  test('removing an unknown id fails with DOCUMENT_NOT_FOUND', async () => {
    await assert.rejects(
      engine['library:remove']({ id: 'ffffffffffff' }),
      (e: unknown) => e instanceof LecternError && e.code === 'DOCUMENT_NOT_FOUND' && e.message.includes('ffffffffffff'),
    );
  });
});
