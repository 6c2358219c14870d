import fs from 'node:fs';
import path from 'node:path';
import type { LayoutPage, OutlineEntry } from '../native/ingest/pageModel.js';
import { loadPdfium } from '../native/ingest/pdfium/loadPdfium.js';
import { PdfiumDocument } from '../native/ingest/pdfium/PdfiumDocument.js';
import { readLayoutPage } from '../native/ingest/pdfium/readLayoutPage.js';
import { structurePdf } from '../native/ingest/structurePdf.js';

/**
 * The CPU time the text-quality checks (text-layer judgement and fidelity) add per page,
 * measured where they run: structuring the same laid-out pages with and without them,
 * interleaved, best of `rounds`. A whole import on two busy cores varies by more than the
 * checks cost, so the difference of two imports cannot show it.
 */
export async function qualityChecksCost(files: string[], rounds = 7): Promise<{ pages: number; withMs: number; withoutMs: number }> {
  const pdfium = await loadPdfium();
  const docs: Array<{ layout: LayoutPage[]; outline: OutlineEntry[]; title: string | null; file: string }> = [];
  for (const file of files) {
    const doc = PdfiumDocument.open(pdfium, fs.readFileSync(file));
    try {
      docs.push({
        layout: Array.from({ length: doc.pageCount }, (_, i) => readLayoutPage(doc, i + 1)),
        outline: doc.outline(),
        title: doc.metadataTitle(),
        file: path.basename(file),
      });
    } finally {
      doc.close();
    }
  }
  const run = (checks: boolean) => {
    const start = process.cpuUsage();
    for (const d of docs) structurePdf(d.layout, d.outline, d.title, d.file, undefined, checks);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  run(true);
  run(false);
  let withMs = Infinity;
  let withoutMs = Infinity;
  for (let r = 0; r < rounds; r++) {
    withMs = Math.min(withMs, run(true));
    withoutMs = Math.min(withoutMs, run(false));
  }
  return { pages: docs.reduce((n, d) => n + d.layout.length, 0), withMs, withoutMs };
}
