/**
 * Ingest speed: pages per second of Lectern's whole import (extraction in worker
 * threads, layout, structure, passages, entities, SQLite + FTS5) against bare pdf.js
 * `getTextContent` on one thread, over the same files in the same run; and the same
 * import with entity extraction switched off, for what entities cost (target ≤ 25%).
 *
 *   npm run bench:ingest -- <folder of PDFs> [--rounds N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ingestFiles } from '../native/ingest/ingestFiles.js';
import { PdfWorkerPool } from '../native/ingest/PdfWorkerPool.js';
import { DocumentRepository } from '../native/store/DocumentRepository.js';
import { openLibraryDatabase } from '../native/store/openLibraryDatabase.js';
import { bareTextContent } from './bareTextContent.js';

async function barePdfjs(files: string[]): Promise<{ pages: number; ms: number }> {
  const start = performance.now();
  let pages = 0;
  for (const file of files) pages += await bareTextContent(file);
  return { pages, ms: performance.now() - start };
}

/** The same bare extraction on N threads, files handed to whichever is free: what parallelism alone can buy here. */
async function bareThreads(files: string[], threads: number): Promise<{ pages: number; ms: number }> {
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./barePdfjsWorker.js', import.meta.url), { execArgv: [] }));
  const start = performance.now();
  let next = 0;
  let pages = 0;
  await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
    const feed = () => (next < files.length ? w.postMessage(files[next++]) : resolve());
    w.on('message', (n: number) => {
      pages += n;
      feed();
    });
    feed();
  })));
  const ms = performance.now() - start;
  await Promise.all(workers.map((w) => w.terminate()));
  return { pages, ms };
}

/** The engine's import (same store, same worker pool) into a fresh library, with entity extraction on or off. */
async function lectern(files: string[], extractEntities: boolean): Promise<{ pages: number; ms: number; cpuMs: number; failed: number; passages: number; entities: number }> {
  const libraryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-ingest-'));
  const db = openLibraryDatabase(libraryDir);
  const pool = new PdfWorkerPool();
  try {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const documents = await ingestFiles(new DocumentRepository(db), pool, files, { extractEntities });
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
    await pool.dispose();
    db.close();
    fs.rmSync(libraryDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const folder = args.find((a) => !a.startsWith('--'));
  const roundsFlag = args.indexOf('--rounds');
  const rounds = roundsFlag >= 0 ? Number(args[roundsFlag + 1]) : 3;
  if (!folder || !fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    console.error('usage: npm run bench:ingest -- <folder of PDFs> [--rounds N]');
    process.exit(2);
  }
  const files = fs.readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.pdf')).sort().map((f) => path.join(folder, f));
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  console.log(`${files.length} PDFs, ${(bytes / 1024 / 1024).toFixed(1)} MiB, ${os.availableParallelism()} cores; best of ${rounds} rounds each, alternating`);
  for (const f of files) fs.readFileSync(f); // warm the page cache for both sides

  const threads = Math.min(os.availableParallelism(), 4);
  let bestBare = Infinity;
  let bestThreads = Infinity;
  let bestLectern = Infinity;
  let bestWithoutEntities = Infinity;
  let bestCpu = Infinity;
  let bestCpuWithoutEntities = Infinity;
  let pages = 0;
  let last: Awaited<ReturnType<typeof lectern>> | null = null;
  for (let r = 0; r < rounds; r++) {
    const bare = await barePdfjs(files);
    pages = bare.pages;
    bestBare = Math.min(bestBare, bare.ms);
    const parallel = await bareThreads(files, threads);
    bestThreads = Math.min(bestThreads, parallel.ms);
    // Alternate which import goes first, so neither always finds the caches warmer.
    let without: Awaited<ReturnType<typeof lectern>>;
    if (r % 2 === 0) {
      without = await lectern(files, false);
      last = await lectern(files, true);
    } else {
      last = await lectern(files, true);
      without = await lectern(files, false);
    }
    bestLectern = Math.min(bestLectern, last.ms);
    bestWithoutEntities = Math.min(bestWithoutEntities, without.ms);
    bestCpu = Math.min(bestCpu, last.cpuMs);
    bestCpuWithoutEntities = Math.min(bestCpuWithoutEntities, without.cpuMs);
    console.log(
      `  round ${r + 1}: bare pdf.js ${(bare.ms / 1000).toFixed(2)} s, bare on ${threads} threads ${(parallel.ms / 1000).toFixed(2)} s, ` +
        `Lectern ${(last.ms / 1000).toFixed(2)} s (CPU ${(last.cpuMs / 1000).toFixed(2)} s), without entities ${(without.ms / 1000).toFixed(2)} s (CPU ${(without.cpuMs / 1000).toFixed(2)} s)`,
    );
  }
  const barePps = pages / (bestBare / 1000);
  const lecternPps = last!.pages / (bestLectern / 1000);
  console.log('');
  console.log(`bare pdf.js getTextContent, 1 thread : ${barePps.toFixed(1)} pages/s  (${pages} pages in ${(bestBare / 1000).toFixed(2)} s)`);
  console.log(`bare pdf.js, ${threads} threads (ceiling)    : ${(pages / (bestThreads / 1000)).toFixed(1)} pages/s  (${(bestBare / bestThreads).toFixed(2)}× one thread: what the cores give here)`);
  console.log(`Lectern ingest (all stages)          : ${lecternPps.toFixed(1)} pages/s  (${last!.pages} pages, ${last!.passages} passages, ${last!.failed} failed, in ${(bestLectern / 1000).toFixed(2)} s)`);
  console.log(`ratio Lectern / bare                 : ${(lecternPps / barePps).toFixed(2)}×  (target ≥ 1.20×)`);
  console.log('');
  console.log(`Lectern ingest without entities      : ${(last!.pages / (bestWithoutEntities / 1000)).toFixed(1)} pages/s  (${(bestWithoutEntities / 1000).toFixed(2)} s)`);
  console.log(`Lectern ingest with entities         : ${lecternPps.toFixed(1)} pages/s  (${(bestLectern / 1000).toFixed(2)} s, ${last!.entities} document entities)`);
  console.log(`entity extraction adds               : ${(((bestLectern - bestWithoutEntities) / bestWithoutEntities) * 100).toFixed(1)}% to ingest time (with/without ${(bestLectern / bestWithoutEntities).toFixed(3)}×; target ≤ 25%)`);
  console.log(`                     and             : ${(((bestCpu - bestCpuWithoutEntities) / bestCpuWithoutEntities) * 100).toFixed(1)}% to CPU time (${(bestCpuWithoutEntities / 1000).toFixed(2)} → ${(bestCpu / 1000).toFixed(2)} s, all threads)`);
}

await main();
