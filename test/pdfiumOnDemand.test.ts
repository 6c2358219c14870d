/**
 * PDFs opened on demand (PdfiumDocument.openOnDemand, what the PDF and OCR workers use): PDFium
 * reads the blocks it needs from bytes shared between workers instead of a copy of the whole
 * file in each worker's WebAssembly memory. It must read exactly what a copied document reads,
 * refuse the same damaged and locked files, and give back its reader on close.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPdfium } from '../native/ingest/pdfium/loadPdfium.js';
import { PdfiumDocument } from '../native/ingest/pdfium/PdfiumDocument.js';
import { readLayoutPage } from '../native/ingest/pdfium/readLayoutPage.js';
import { renderPage } from '../native/ingest/pdfium/renderPage.js';
import { makeScannedPdf, SCAN_TEXT } from './fixtures/makeScannedPdf.js';
import { createPdf, pdfBytes } from './fixtures/writePdf.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import fs from 'node:fs';

async function textPdf(pages: number, options: { userPassword?: string } = {}): Promise<Uint8Array> {
  const doc = createPdf(options);
  for (let n = 1; n <= pages; n++) {
    doc.addPage({ size: 'LETTER', margin: 72 });
    doc
      .font('Times-Roman')
      .fontSize(12)
      .text(`Page ${n}. ${SCAN_TEXT.join(' ')}`);
  }
  return new Uint8Array(await pdfBytes(doc));
}

/** The bytes in a SharedArrayBuffer, as the worker pools hand them to their workers. */
function shared(bytes: Uint8Array): Uint8Array {
  const data = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  data.set(bytes);
  return data;
}

test('a PDF opened on demand reads the same pages, text and geometry as one copied into memory', async () => {
  const pdfium = await loadPdfium();
  const bytes = await textPdf(3);
  const copied = PdfiumDocument.open(pdfium, bytes);
  const onDemand = PdfiumDocument.openOnDemand(pdfium, shared(bytes));
  try {
    assert.equal(onDemand.pageCount, 3);
    for (const n of [3, 1, 2]) assert.deepEqual(readLayoutPage(onDemand, n), readLayoutPage(copied, n), `page ${n}`);
  } finally {
    copied.close();
    onDemand.close();
  }
});

test('a scanned page opened on demand draws the same pixels', async () => {
  const dir = makeTempDir();
  try {
    const bytes = new Uint8Array(fs.readFileSync(await makeScannedPdf(dir, 'scan.pdf', [{ paragraphs: SCAN_TEXT }], 100)));
    const pdfium = await loadPdfium();
    const copied = PdfiumDocument.open(pdfium, bytes);
    const onDemand = PdfiumDocument.openOnDemand(pdfium, shared(bytes));
    try {
      const [a, b] = [renderPage(pdfium, copied.handle, 1), renderPage(pdfium, onDemand.handle, 1)];
      assert.equal(b.width, a.width);
      assert.ok(Buffer.from(b.pixels).equals(Buffer.from(a.pixels)));
    } finally {
      copied.close();
      onDemand.close();
    }
  } finally {
    removeDir(dir);
  }
});

test('on demand, a damaged PDF is DAMAGED_PDF and a locked one PASSWORD_PROTECTED, as when copied', async () => {
  const pdfium = await loadPdfium();
  const [whole, locked] = [await textPdf(1), await textPdf(1, { userPassword: 'secret' })];
  assert.throws(() => PdfiumDocument.openOnDemand(pdfium, shared(whole.subarray(0, 300))), { code: 'DAMAGED_PDF' });
  assert.throws(() => PdfiumDocument.openOnDemand(pdfium, shared(locked)), { code: 'PASSWORD_PROTECTED' });
});

test('opening and closing on demand many times gives back each reader (no table or memory left behind)', async () => {
  const pdfium = await loadPdfium();
  const bytes = shared(await textPdf(1));
  // The next free slot of the function table: a reader left behind on each open would push it up.
  const table = () => {
    const slot = pdfium.pdfium.addFunction(() => 0, 'iiiii');
    pdfium.pdfium.removeFunction(slot);
    return slot;
  };
  const heap = () => (pdfium.pdfium as unknown as { HEAPU8: Uint8Array }).HEAPU8.length;
  PdfiumDocument.openOnDemand(pdfium, bytes).close();
  const [tableBefore, heapBefore] = [table(), heap()];
  for (let i = 0; i < 300; i++) {
    const doc = PdfiumDocument.openOnDemand(pdfium, bytes);
    readLayoutPage(doc, 1);
    doc.close();
  }
  assert.equal(table(), tableBefore, 'function table slot');
  assert.equal(heap(), heapBefore, 'WebAssembly memory');
});
