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
import { imageSourceAsPdf } from '../native/server/imageSourceAsPdf.js';
import { encodePng } from './fixtures/encodePng.js';
import { scanImages, SCAN_TEXT, wordAccuracy } from './fixtures/makeScannedPdf.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { runCli } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

describe('images as documents', () => {
  let dir: string;
  let engine: Engine;
  let outcome: IngestOutcome;
  let file: string;

  before(async () => {
    dir = makeTempDir();
    const [scan] = await scanImages([{ paragraphs: SCAN_TEXT, defects: { grain: 20 } }], 300);
    file = path.join(dir, 'signed-lease-page.png');
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
    // The image file's own size, which the reader's host checks before it serves the file.
    assert.equal(engine.documents.summary(outcome.id!)!.bytes, fs.statSync(file).size);
  });

  test('the reader is served the image as the PDF the import made of it', async () => {
    const opened = await engine.sources.open(outcome.id!);
    try {
      const pdf = await imageSourceAsPdf(opened.handle, opened.stat.size);
      assert.ok(pdf && Buffer.from(pdf.subarray(0, 5)).toString('latin1') === '%PDF-');
    } finally {
      await opened.handle.close();
    }
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

  test('library:ocrWords gives the words read, in order, each inside the page, for an invisible text layer in the reader', async () => {
    const page = engine.documents.page(outcome.id!, 1)!;
    const { words } = await engine.invoke('library:ocrWords', { id: outcome.id!, page: 1 });
    assert.equal(words.map((w) => w.text).join(' '), page.text.split(/\s+/).filter(Boolean).join(' '));
    for (const w of words) assert.ok(w.x >= 0 && w.y >= 0 && w.x + w.width <= page.width && w.y + w.height <= page.height && w.width > 0 && w.height > 0, JSON.stringify(w));
    // Lines run down the page: the first word sits above the last.
    assert.ok(words[0]!.y > words.at(-1)!.y);
    await assert.rejects(engine.invoke('library:ocrWords', { id: outcome.id!, page: 2 }), (e: { code: string }) => e.code === 'INVALID_ARGUMENT');
  });

  test('a page read with low confidence is flagged in the document detail and in `lectern show`', async () => {
    assert.deepEqual((await engine.invoke('library:get', { id: outcome.id! })).lowConfidencePages, [], 'the clean scan reads well');
    // As if the scan had been faint: the confidence OCR stored for the page, lowered.
    engine.db.prepare('UPDATE pages SET ocr_confidence = 0.42 WHERE document_id = ? AND number = 1').run(outcome.id!);
    assert.deepEqual((await engine.invoke('library:get', { id: outcome.id! })).lowConfidencePages, [1]);
    await engine.close();
    const shown = await runCli(['show', outcome.id!, '--library', path.join(dir, 'library')], { home: dir });
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /OCR: low confidence on p\. 1 \(check against the scan\)/);
  });
});
