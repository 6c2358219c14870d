/**
 * A PDF's pages read and laid out exactly as the import's workers do (PDFium, then
 * layoutPage), on this thread, for tests that look at runs and layout directly.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StructuredDocument } from '../../native/model/documentModel.js';
import type { LayoutPage, TextRun } from '../../native/ingest/pageModel.js';
import { loadPdfium } from '../../native/ingest/pdfium/loadPdfium.js';
import { PdfiumDocument } from '../../native/ingest/pdfium/PdfiumDocument.js';
import { readLayoutPage } from '../../native/ingest/pdfium/readLayoutPage.js';
import { structurePdf } from '../../native/ingest/structurePdf.js';

async function withDocument<T>(file: string, read: (doc: PdfiumDocument) => T): Promise<T> {
  const doc = PdfiumDocument.open(await loadPdfium(), fs.readFileSync(file));
  try {
    return read(doc);
  } finally {
    doc.close();
  }
}

/** Every page's text runs as the extractor reports them. */
export function readPdfRuns(file: string): Promise<Array<{ number: number; runs: TextRun[] }>> {
  return withDocument(file, (doc) => Array.from({ length: doc.pageCount }, (_, i) => ({ number: i + 1, runs: doc.readPage(i + 1).runs })));
}

/** The pages laid out as the import lays them out. */
export function readPdfLayout(file: string): Promise<LayoutPage[]> {
  return withDocument(file, (doc) => Array.from({ length: doc.pageCount }, (_, i) => readLayoutPage(doc, i + 1)));
}

/** The structured document the import would store for `file`. */
export async function structurePdfFile(file: string): Promise<StructuredDocument> {
  return structurePdf(await readPdfLayout(file), [], null, path.basename(file));
}
