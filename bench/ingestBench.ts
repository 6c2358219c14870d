/**
 * Ingest speed and memory. In one run, over the same files, alternating rounds (Lectern's imports share one
 * worker pool, started before the first of them, as the app keeps one while a library is open):
 * - Lectern's whole import (PDFium extraction in worker threads, layout, structure, passages,
 *   fidelity check, entities, SQLite + FTS5), in pages per second;
 * - bare pdf.js `getTextContent` on one thread (the old extractor; target: Lectern ≥ 3×);
 * - bare PDFium text + per-character boxes on one thread (what the extractor alone costs);
 * - the import with entity extraction off (entities' cost, target ≤ 25%);
 * - the import with the text-quality checks off (text-layer judgement and fidelity; target ≤ 5%).
 * Then the peak memory of importing a generated 350-page book, beside bare pdf.js reading it.
 *
 *   npm run bench:ingest -- <folder of PDFs> [--rounds N] [--no-memory]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestFiles } from '../native/ingest/ingestFiles.js';
import { PdfWorkerPool } from '../native/ingest/PdfWorkerPool.js';
import { DocumentRepository } from '../native/store/DocumentRepository.js';
import { openLibraryDatabase } from '../native/store/openLibraryDatabase.js';
import { barePdfiumText } from './barePdfiumText.js';
import { bareTextContent } from './bareTextContent.js';
import { makeBenchBook } from './makeBenchBook.js';
import { qualityChecksCost } from './qualityChecksCost.js';

async function bare(files: string[], read: (file: string) => Promise<number>): Promise<{ pages: number; ms: number }> {
  const start = performance.now();
  let pages = 0;
  for (const file of files) pages += await read(file);
  return { pages, ms: performance.now() - start };
}

/** The engine's import (same store, same worker pool) into a fresh library, with entity extraction on or off. */
async function lectern(
  pool: PdfWorkerPool,
  files: string[],
  extractEntities: boolean,
  qualityChecks = true,
): Promise<{ pages: number; ms: number; cpuMs: number; failed: number; passages: number; entities: number }> {
  const libraryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-ingest-'));
  const db = openLibraryDatabase(libraryDir);
  try {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const documents = await ingestFiles(new DocumentRepository(db), pool, files, { extractEntities, qualityChecks, onWarning: () => {} });
    const ms = performance.now() - start;
    // CPU time of the whole process, worker threads included: steadier than wall time on a shared machine.
    const used = process.cpuUsage(cpu);
    return {
      cpuMs: (used.user + used.system) / 1000,
      pages: documents.reduce((n, d) => n + d.pages, 0),
      passages: documents.reduce((n, d) => n + d.passages, 0),
      failed: documents.filter((d) => d.status === 'failed').length,
      entities: (db.prepare('SELECT count(*) AS n FROM document_entities').get() as { n: number }).n,
      ms,
    };
  } finally {
    db.close();
    fs.rmSync(libraryDir, { recursive: true, force: true });
  }
}

function peakMemory(file: string, bareFlag: boolean): number {
  const script = fileURLToPath(new URL('./ingestMemory.js', import.meta.url));
  const out = execFileSync(process.execPath, [script, file, ...(bareFlag ? ['--bare-pdfjs'] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return (JSON.parse(out) as { peakBytes: number }).peakBytes;
}

const pps = (pages: number, ms: number) => pages / (ms / 1000);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const folder = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds');
  const roundsFlag = args.indexOf('--rounds');
  const rounds = roundsFlag >= 0 ? Number(args[roundsFlag + 1]) : 3;
  if (!folder || !fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    console.error('usage: npm run bench:ingest -- <folder of PDFs> [--rounds N] [--no-memory]');
    process.exit(2);
  }
  const files = fs
    .readdirSync(folder)
    .filter((f) => f.toLowerCase().endsWith('.pdf'))
    .sort()
    .map((f) => path.join(folder, f));
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  console.log(`${files.length} PDFs, ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${os.availableParallelism()} cores; best of ${rounds} rounds each, alternating`);
  for (const f of files) fs.readFileSync(f); // warm the page cache for every side

  let best = {
    pdfjs: Infinity,
    pdfium: Infinity,
    lectern: Infinity,
    without: Infinity,
    unchecked: Infinity,
    cpu: Infinity,
    cpuWithout: Infinity,
    cpuUnchecked: Infinity,
  };
  // One worker pool for every import, as the app keeps one for as long as a library is open; it is
  // started (PDFium loaded in each worker) before the first import, as the app does when a library
  // opens. The first import runs on workers whose code is not yet optimised: it is reported apart.
  const pool = new PdfWorkerPool();
  const warmStart = performance.now();
  await pool.warm();
  const warmMs = performance.now() - warmStart;
  const first = await lectern(pool, files, true);
  let pages = 0;
  let last: Awaited<ReturnType<typeof lectern>> | null = null;
  for (let r = 0; r < rounds; r++) {
    const pdfjs = await bare(files, bareTextContent);
    pages = pdfjs.pages;
    const pdfium = await bare(files, barePdfiumText);
    // Alternate which import goes first, so neither always finds the caches warmer.
    let without: Awaited<ReturnType<typeof lectern>>;
    let unchecked: Awaited<ReturnType<typeof lectern>>;
    if (r % 2 === 0) {
      without = await lectern(pool, files, false);
      unchecked = await lectern(pool, files, true, false);
      last = await lectern(pool, files, true);
    } else {
      last = await lectern(pool, files, true);
      unchecked = await lectern(pool, files, true, false);
      without = await lectern(pool, files, false);
    }
    best = {
      pdfjs: Math.min(best.pdfjs, pdfjs.ms),
      pdfium: Math.min(best.pdfium, pdfium.ms),
      lectern: Math.min(best.lectern, last.ms),
      without: Math.min(best.without, without.ms),
      unchecked: Math.min(best.unchecked, unchecked.ms),
      cpu: Math.min(best.cpu, last.cpuMs),
      cpuWithout: Math.min(best.cpuWithout, without.cpuMs),
      cpuUnchecked: Math.min(best.cpuUnchecked, unchecked.cpuMs),
    };
    console.log(
      `  round ${r + 1}: bare pdf.js ${(pdfjs.ms / 1000).toFixed(2)} s, bare PDFium ${(pdfium.ms / 1000).toFixed(2)} s (${pdfium.pages} pages), ` +
        `Lectern ${(last.ms / 1000).toFixed(2)} s (CPU ${(last.cpuMs / 1000).toFixed(2)} s), without entities ${(without.ms / 1000).toFixed(2)} s, without checks ${(unchecked.ms / 1000).toFixed(2)} s`,
    );
  }
  const barePdfjs = pps(pages, best.pdfjs);
  const barePdfium = pps(pages, best.pdfium);
  const lecternPps = pps(last!.pages, best.lectern);
  console.log('');
  console.log(`bare pdf.js getTextContent, 1 thread     : ${barePdfjs.toFixed(1)} pages/s  (${pages} pages in ${(best.pdfjs / 1000).toFixed(2)} s)`);
  console.log(`bare PDFium text + char boxes, 1 thread  : ${barePdfium.toFixed(1)} pages/s  (${(best.pdfium / 1000).toFixed(2)} s)`);
  console.log(
    `Lectern ingest (all stages, worker pool) : ${lecternPps.toFixed(1)} pages/s  (${last!.pages} pages, ${last!.passages} passages, ${last!.failed} failed, in ${(best.lectern / 1000).toFixed(2)} s)`,
  );
  console.log(`ratio Lectern / bare pdf.js              : ${(lecternPps / barePdfjs).toFixed(2)}×  (target ≥ 3.00×: ${lecternPps / barePdfjs >= 3 ? 'met' : 'NOT met'})`);
  console.log(`Lectern's share of bare PDFium           : ${((lecternPps / barePdfium) * 100).toFixed(0)}%`);
  const firstPps = pps(first.pages, first.ms);
  console.log(
    `  the first import on fresh workers         : ${firstPps.toFixed(1)} pages/s, ${(firstPps / barePdfjs).toFixed(2)}× bare pdf.js (their code not yet optimised; starting them took ${warmMs.toFixed(0)} ms before it)`,
  );
  console.log('');
  console.log(`Lectern ingest without entities          : ${pps(last!.pages, best.without).toFixed(1)} pages/s  (${(best.without / 1000).toFixed(2)} s)`);
  console.log(
    `entity extraction adds                   : ${(((best.lectern - best.without) / best.without) * 100).toFixed(1)}% to ingest time, ${(((best.cpu - best.cpuWithout) / best.cpuWithout) * 100).toFixed(1)}% to CPU time (target ≤ 25%)`,
  );
  console.log(`Lectern ingest without quality checks    : ${pps(last!.pages, best.unchecked).toFixed(1)} pages/s  (${(best.unchecked / 1000).toFixed(2)} s)`);
  console.log(
    `  whole imports with and without checks   : ${(((best.lectern - best.unchecked) / best.unchecked) * 100).toFixed(1)}% more time, ${(((best.cpu - best.cpuUnchecked) / best.cpuUnchecked) * 100).toFixed(1)}% more CPU (within these imports' noise)`,
  );
  await pool.dispose();
  const checks = await qualityChecksCost(files);
  const checksPerPage = (checks.withMs - checks.withoutMs) / checks.pages;
  const importPerPage = best.cpu / last!.pages;
  console.log(
    `text-layer and fidelity checks, measured : ${checksPerPage.toFixed(3)} ms CPU per page (structuring ${(checks.withoutMs / checks.pages).toFixed(3)} → ${(checks.withMs / checks.pages).toFixed(3)} ms/page), ` +
      `${((checksPerPage / (importPerPage - checksPerPage)) * 100).toFixed(1)}% of the import's ${importPerPage.toFixed(2)} ms CPU per page (target ≤ 5%)`,
  );

  if (!args.includes('--no-memory')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-book-'));
    try {
      const book = await makeBenchBook(dir, 350);
      const lecternPeak = peakMemory(book, false);
      const pdfjsPeak = peakMemory(book, true);
      console.log('');
      console.log(
        `peak memory importing a 350-page book    : ${mib(lecternPeak)} (whole process, worker threads included; target ≤ 400 MiB: ${lecternPeak <= 400 * 1024 * 1024 ? 'met' : 'NOT met'})`,
      );
      console.log(`peak memory, bare pdf.js reading it      : ${mib(pdfjsPeak)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

await main();
