import fs from 'node:fs';
import { loadPdfium } from '../native/ingest/pdfium/loadPdfium.js';
import { rawPdfium } from '../native/ingest/pdfium/rawPdfium.js';

/**
 * A baseline of bench:ingest: PDFium's text and per-character boxes for every page of a file,
 * on this thread, nothing else (no runs, layout or store). Returns the page count.
 */
export async function barePdfiumText(file: string): Promise<number> {
  const pdfium = await loadPdfium();
  const raw = rawPdfium(pdfium);
  const bytes = fs.readFileSync(file);
  const ptr = raw._malloc(bytes.byteLength);
  raw.HEAPU8.set(bytes, ptr);
  const doc = pdfium.FPDF_LoadMemDocument(ptr, bytes.byteLength, '');
  const rect = raw._malloc(16);
  let pages: number;
  try {
    if (!doc) return 0;
    pages = pdfium.FPDF_GetPageCount(doc);
    let sink = 0;
    for (let n = 0; n < pages; n++) {
      const page = pdfium.FPDF_LoadPage(doc, n);
      const text = pdfium.FPDFText_LoadPage(page);
      const count = raw._FPDFText_CountChars(text);
      for (let i = 0; i < count; i++) {
        sink += raw._FPDFText_GetUnicode(text, i);
        raw._FPDFText_GetLooseCharBox(text, i, rect);
        sink += raw.HEAPF32[rect >> 2]!;
      }
      pdfium.FPDFText_ClosePage(text);
      pdfium.FPDF_ClosePage(page);
    }
    if (sink === -1) console.log(sink); // keeps the reads from being optimised away
  } finally {
    if (doc) pdfium.FPDF_CloseDocument(doc);
    raw._free(rect);
    raw._free(ptr);
  }
  return pages;
}
