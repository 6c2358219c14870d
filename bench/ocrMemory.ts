/**
 * Child process of bench:ocr: imports one scanned PDF into a fresh library with OCR on (the
 * engine's own import, two OCR workers) and prints the peak resident memory of the whole
 * process, worker threads included, sampled every 20 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine } from '../native/engine.js';

const file = process.argv[2]!;
let peak = process.memoryUsage.rss();
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-ocr-memory-'));
const engine = createEngine({ libraryDir: path.join(root, 'library'), userDataDir: path.join(root, 'user-data'), pdfWorkers: 2, ocrWorkers: 2 });
const start = performance.now();
let pages: number;
try {
  const [outcome] = (await engine.invoke('library:ingest', { paths: [file] })).documents;
  if (outcome?.status !== 'ingested' || !outcome.ocr) throw new Error(`import with OCR failed: ${JSON.stringify(outcome)}`);
  pages = outcome.ocr.pagesRecognised;
} finally {
  await engine.close();
  fs.rmSync(root, { recursive: true, force: true });
}
const ms = performance.now() - start;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage.rss());
process.stdout.write(JSON.stringify({ peakBytes: peak, pages, ms }));
