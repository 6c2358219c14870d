/**
 * Lays out a PDF's pages the way the import does, but reads each text run's direction
 * and boldness as well: the page's text matrix gives the angle (atan2 of its first
 * column), the loaded font says whether it is bold. pdfWorker.ts reads runs the same
 * way otherwise, so what layoutPage and structurePdf see here is what an extractor
 * that reports angle and weight will hand them.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { layoutPage } from '../../native/ingest/layoutPage.js';
import type { LayoutPage, TextRun } from '../../native/ingest/pageModel.js';
import { structurePdf } from '../../native/ingest/structurePdf.js';
import type { StructuredDocument } from '../../native/ingest/documentModel.js';

export interface PdfPageRuns {
  number: number;
  width: number;
  height: number;
  runs: TextRun[];
}

/** Every page's text runs, with angle and weight. */
export async function readPdfRuns(file: string): Promise<PdfPageRuns[]> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages: PdfPageRuns[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const content = await page.getTextContent({ disableNormalization: false });
      // Loads the page's fonts into commonObjs, where their weight can be read.
      await page.getOperatorList();
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const t = item.transform as number[];
        const font = page.commonObjs.has(item.fontName) ? (page.commonObjs.get(item.fontName) as { bold?: boolean; name?: string }) : {};
        runs.push({
          str: item.str,
          x: t[4]! - x0,
          y: t[5]! - y0,
          width: item.width,
          fontSize: Math.hypot(t[2]!, t[3]!) || item.height,
          fontName: item.fontName,
          angle: (Math.atan2(t[1]!, t[0]!) * 180) / Math.PI,
          bold: font.bold === true || /bold|black|heavy/i.test(font.name ?? ''),
        });
      }
      pages.push({ number: n, width: x1 - x0, height: y1 - y0, runs });
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** The pages laid out as the import lays them out. */
export async function readPdfLayout(file: string): Promise<LayoutPage[]> {
  return (await readPdfRuns(file)).map((p) => layoutPage(p.number, p.width, p.height, p.runs));
}

/** The structured document the import would store for `file`, from runs with angle and weight. */
export async function structurePdfFile(file: string): Promise<StructuredDocument> {
  return structurePdf(await readPdfLayout(file), [], null, path.basename(file));
}
