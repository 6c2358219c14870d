/**
 * Text layers that cannot be read, through the real import: a font with no Unicode map and
 * a ToUnicode map that yields control characters. Such pages are counted as needing OCR,
 * their text reaches no passage, control characters are never stored, and a document with
 * no readable page at all is 'needs-ocr'.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DocumentSummary } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { makeAllGarbagePdf, makeGarbageTextPdf, READABLE_PAGE } from './fixtures/makeGarbageTextPdf.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let engine: Engine;
let mixed: DocumentSummary;
let allGarbage: DocumentSummary;

before(async () => {
  dir = makeTempDir();
  const files = [await makeGarbageTextPdf(dir), await makeAllGarbagePdf(dir)];
  engine = openTestEngine(`${dir}/library`);
  const { documents } = await engine['library:ingest']({ paths: files, ocr: 'off' });
  const { documents: listed } = await engine['library:list']();
  mixed = listed.find((d) => d.id === documents[0]!.id)!;
  allGarbage = listed.find((d) => d.id === documents[1]!.id)!;
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

describe('unreadable text layers', () => {
  test('a document with one readable page and two unreadable ones is imported, with 2 pages needing OCR', () => {
    assert.equal(mixed.status, 'ingested');
    assert.equal(mixed.pages, 3);
    assert.equal(mixed.ocrPages, 2);
  });

  test('only the readable page reaches passages', async () => {
    const { passages } = await engine['library:passages']({ id: mixed.id });
    assert.ok(passages.length > 0);
    assert.ok(
      passages.every((p) => p.page === 1),
      `passages on pages ${passages.map((p) => p.page)}`,
    );
    assert.ok(passages.some((p) => p.text.includes(READABLE_PAGE)));
  });

  test('no page text holds a control character', () => {
    for (let n = 1; n <= 3; n++) {
      const text = engine.documents.page(mixed.id, n)!.text;
      assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(text), `page ${n}: ${JSON.stringify(text.slice(0, 80))}`);
    }
  });

  test('a document whose only page is unmapped glyphs needs OCR as a whole', () => {
    assert.equal(allGarbage.status, 'needs-ocr');
    assert.equal(allGarbage.ocrPages, 1);
    assert.equal(allGarbage.passages, 0);
  });
});
