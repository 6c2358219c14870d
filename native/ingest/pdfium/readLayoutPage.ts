import { LecternError } from '../../api/errors.js';
import { layoutPage } from '../layoutPage.js';
import type { LayoutPage } from '../pageModel.js';
import type { PdfiumDocument } from './PdfiumDocument.js';

/** Page `n` of an open document, read by PDFium and laid out in reading order: what the import's workers produce. */
export function readLayoutPage(doc: PdfiumDocument, n: number): LayoutPage {
  try {
    const read = doc.readPage(n);
    const page = layoutPage(n, read.width, read.height, read.runs);
    page.rotation = read.rotation;
    page.textStats = read.stats;
    return page;
  } catch (error) {
    if (error instanceof LecternError) throw error;
    throw new LecternError('DAMAGED_PDF', `Page ${n} of this PDF cannot be read (${(error as Error).message}). The file may be damaged; try re-saving it from its source.`);
  }
}
