/**
 * Child process of bench:ingest: imports one file into a fresh library (or, with --bare-pdfjs,
 * only reads its text with pdf.js) and prints the peak resident memory of the whole process,
 * worker threads included, sampled every 20 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingestFiles } from '../native/ingest/ingestFiles.js';
import { PdfWorkerPool } from '../native/ingest/PdfWorkerPool.js';
import { DocumentRepository } from '../native/store/DocumentRepository.js';
import { openLibraryDatabase } from '../native/store/openLibraryDatabase.js';
import { bareTextContent } from './bareTextContent.js';

const file = process.argv[2]!;
let peak = process.memoryUsage.rss();
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
if (process.argv.includes('--bare-pdfjs')) {
  await bareTextContent(file);
} else {
  const libraryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-memory-'));
  const db = openLibraryDatabase(libraryDir);
  const pool = new PdfWorkerPool();
  try {
    const [outcome] = await ingestFiles(new DocumentRepository(db), pool, [file]);
    if (outcome?.status !== 'ingested') throw new Error(`import failed: ${JSON.stringify(outcome)}`);
  } finally {
    await pool.dispose();
    db.close();
    fs.rmSync(libraryDir, { recursive: true, force: true });
  }
}
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage.rss());
process.stdout.write(JSON.stringify({ peakBytes: peak }));
