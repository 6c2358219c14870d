/**
 * A page saved as an image imports as a document through the same path as a scanned PDF: a
 * PNG the suite writes from a page of known text is wrapped as a one-page PDF, recognised, and
 * read back, its page the sheet's own size.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { IngestOutcome } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { encodePng } from './fixtures/encodePng.js';
import { scanImages, SCAN_TEXT, wordAccuracy } from './fixtures/makeScannedPdf.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

describe('images as documents', () => {
  let dir: string;
  let engine: Engine;
  let outcome: IngestOutcome;

  before(async () => {
    dir = makeTempDir();
    const [scan] = await scanImages([{ paragraphs: SCAN_TEXT, defects: { grain: 20 } }], 300);
    const file = path.join(dir, 'signed-lease-page.png');
    fs.writeFileSync(file, encodePng({ ...scan!, colourType: 0, dpi: 300, filter: 4 }));
    engine = openTestEngine(path.join(dir, 'library'), { ocrWorkers: 2 });
    [outcome] = (await engine.invoke('library:ingest', { paths: [file] })).documents as [IngestOutcome];
  });

  after(async () => {
    await engine?.close();
    removeDir(dir);
  });

  test('a PNG of a page imports as a one-page document, recognised by OCR', () => {
    assert.equal(outcome.status, 'ingested', JSON.stringify(outcome));
    assert.equal(outcome.pages, 1);
    assert.equal(outcome.ocr?.pagesRecognised, 1);
  });

  test('its page is the Letter sheet the image was scanned from (8.5 × 11 in at 300 DPI) and reads back ≥ 97% of the known words', () => {
    const page = engine.documents.page(outcome.id!, 1)!;
    assert.ok(Math.abs(page.width - 612) < 1 && Math.abs(page.height - 792) < 1, `${page.width} × ${page.height}`);
    const accuracy = wordAccuracy(SCAN_TEXT.join(' '), page.text);
    assert.ok(accuracy >= 0.97, String(accuracy));
  });

  test('a word only the image holds is found by search', async () => {
    const hits = (await engine.invoke('search:query', { query: 'Wilmington jurisdiction' })).results;
    assert.equal(hits[0]?.documentId, outcome.id);
  });

  test('OCR again (lectern ocr) finds the image unchanged and keeps the page it read', async () => {
    const again = await engine.invoke('library:ocr', { documentId: outcome.id! });
    assert.equal(again.pagesReused, 1);
    assert.equal(again.pagesRecognised, 0);
  });
});
