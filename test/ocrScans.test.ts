/**
 * Scanned PDFs through the real import with OCR: pages the suite draws from known text, spoilt
 * like scans (noise, blur, skew, fed sideways) and wrapped as image-only PDFs, read by
 * tesseract.js from the models npm installed. What was read must be the known text, searchable,
 * and its words must sit where they are on the page, so a citation highlights them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { IngestOutcome, OcrProgress } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { loadPdfium } from '../native/ingest/pdfium/loadPdfium.js';
import { PdfiumDocument } from '../native/ingest/pdfium/PdfiumDocument.js';
import { readLayoutPage } from '../native/ingest/pdfium/readLayoutPage.js';
import { runBounds } from '../native/ingest/layoutPage.js';
import { rectsForRange } from '../native/qa/locateQuote.js';
import { makeScannedPdf, SCAN_TEXT, wordAccuracy } from './fixtures/makeScannedPdf.js';
import { createPdf, pdfBytes, PAGE } from './fixtures/writePdf.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

const KNOWN = SCAN_TEXT.join(' ');

describe('OCR of scanned PDFs', () => {
  let dir: string;
  let engine: Engine;
  let outcome: IngestOutcome;
  const progress: Array<OcrProgress & { requestId?: string }> = [];

  before(async () => {
    dir = makeTempDir();
    const file = await makeScannedPdf(dir, 'scanned-lease.pdf', [
      { paragraphs: SCAN_TEXT },
      { paragraphs: SCAN_TEXT, defects: { speckle: 0.01, grain: 30, blur: true, skew: 1.5 } },
      { paragraphs: SCAN_TEXT, defects: { sideways: true } },
    ]);
    engine = openTestEngine(path.join(dir, 'library'), { ocrWorkers: 2 });
    engine.on('library:ocrProgress', (p) => progress.push(p));
    [outcome] = (await engine.invoke('library:ingest', { paths: [file], requestId: 'scan-import' })).documents as [IngestOutcome];
  });

  after(async () => {
    await engine?.close();
    removeDir(dir);
  });

  test('an image-only PDF imported with OCR (the default) is a document with text, not needs-ocr', () => {
    assert.equal(outcome.status, 'ingested', JSON.stringify(outcome));
    assert.equal(outcome.ocr?.pagesRecognised, 3);
    assert.ok(outcome.passages > 0);
    assert.equal(engine.documents.summary(outcome.id!)!.ocrPages, 0, 'no page is left needing OCR');
  });

  test('the import reports library:ocrProgress once per page as it is read, with its request id, from 0 of 3 to 3 of 3', () => {
    assert.deepEqual(
      progress.map((p) => [p.requestId, p.documentId, p.pagesDone, p.pagesTotal]),
      [0, 1, 2, 3].map((done) => ['scan-import', outcome.id, done, 3]),
    );
    assert.deepEqual(
      progress
        .slice(1)
        .map((p) => p.page)
        .sort(),
      [1, 2, 3],
      'each page once',
    );
    for (const p of progress.slice(1)) assert.ok(p.confidence !== null && p.confidence > 0.5, `page ${p.page}: ${p.confidence}`);
  });

  test('each page reads back the known text: ≥ 97% of words on the clean page, ≥ 90% on the noisy, skewed one and the sideways one', () => {
    const accuracy = [1, 2, 3].map((n) => wordAccuracy(KNOWN, engine.documents.page(outcome.id!, n)!.text));
    assert.ok(accuracy[0]! >= 0.97, `clean ${accuracy[0]}`);
    assert.ok(accuracy[1]! >= 0.9, `noisy and skewed ${accuracy[1]}`);
    assert.ok(accuracy[2]! >= 0.9, `sideways ${accuracy[2]}`);
  });

  test('the sideways page is stored as the landscape page it is', () => {
    const page = engine.documents.page(outcome.id!, 3)!;
    assert.ok(page.width > page.height, `${page.width} × ${page.height}`);
  });

  test('a word only the scan holds is found by search, on its page', async () => {
    const hits = (await engine.invoke('search:query', { query: 'Wilmington jurisdiction' })).results;
    assert.ok(hits.length > 0);
    assert.equal(hits[0]!.documentId, outcome.id);
  });

  test('the highlight of a recognised word covers that word where the original page set it', async () => {
    // Where pdfkit set "Wilmington" on the born-digital original of page 1.
    const doc = createPdf();
    doc.addPage({ size: 'LETTER', margin: 0 });
    doc.font('Times-Roman').fontSize(12);
    let y = 90;
    for (const paragraph of SCAN_TEXT) {
      doc.text(paragraph, 72, y, { width: PAGE.width - 144, lineGap: 4 });
      y = doc.y + 14;
    }
    const pdfium = await loadPdfium();
    const original = PdfiumDocument.open(pdfium, new Uint8Array(await pdfBytes(doc)));
    const truth = readLayoutPage(original, 1)
      .blocks.flatMap((b) => b.lines.flatMap((l) => l.runs))
      .filter((r) => r.str.includes('Wilmington'))
      .map(runBounds)[0];
    original.close();
    assert.ok(truth, 'the original sets the word');

    const page = engine.documents.page(outcome.id!, 1)!;
    const start = page.text.indexOf('Wilmington');
    assert.ok(start >= 0, page.text);
    const rects = rectsForRange(page.geometry!, start, start + 'Wilmington'.length, page.text);
    assert.equal(rects.length, 1);
    const rect = rects[0]!;
    const centre = (r: { x: number; y: number; width: number; height: number }) => [r.x + r.width / 2, r.y + r.height / 2];
    const [cx, cy] = centre(rect);
    const [tx, ty] = centre(truth);
    assert.ok(Math.abs(cx! - tx!) < 4 && Math.abs(cy! - ty!) < 4, `highlight centre ${cx},${cy} vs word ${tx},${ty}`);
    assert.ok(Math.abs(rect.width - truth.width) < 6, `width ${rect.width} vs ${truth.width}`);
  });

  test('each recognised page keeps its confidence, and the document its OCR language', async () => {
    const again = await engine.invoke('library:ocr', { documentId: outcome.id! });
    assert.equal(again.lang, 'eng');
    assert.equal(again.pagesReused, 3, 'pages read before are not read again');
    assert.equal(again.pagesRecognised, 0);
    for (const { confidence } of again.confidence) assert.ok(confidence > 0.5 && confidence <= 1, String(confidence));
  });

  test('a language with no model is refused with what to do', async () => {
    await assert.rejects(engine.invoke('library:ocr', { documentId: outcome.id!, lang: 'eng+fra' }), (e: { code: string; message: string }) => {
      assert.equal(e.code, 'OCR_LANGUAGE_MISSING');
      // What to add and where from, in words any host can show (the CLI and Settings each name their own way to add it).
      assert.match(e.message, /Add its fra\.traineddata .*tesseract-ocr-fra/);
      return true;
    });
    assert.ok(!fs.existsSync(path.join(dir, 'library', 'ocr-languages', 'fra.traineddata.gz')));
  });
});
