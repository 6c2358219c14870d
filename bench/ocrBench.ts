/**
 * OCR accuracy, speed and memory, beside Debian's native `tesseract` on the same images.
 * Pages of known text are drawn at 300 DPI (test/fixtures/makeScannedPdf), clean and spoilt
 * (speckle, grain, blur, a 1.5° skew), then:
 * - Lectern's OcrPool reads them on every core (two workers here), from an image-only PDF, as an import does;
 * - `tesseract IMAGE OUT -l eng --dpi 300` reads the same pixels as PGM files, one page at a
 *   time on one core (OMP_THREAD_LIMIT=1), the anchor the throughput target is set against;
 * - a child process imports a longer scan (OCR on) and reports its peak resident memory,
 *   worker threads included (ocrMemory.ts).
 * Word accuracy is the share of the known words read back, in order (wordAccuracy).
 *
 *   npm run bench:ocr -- [--pages N] [--memory-pages M] [--noisy-memory] [--no-memory] [--no-native]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ocrModelsFor } from '../native/ingest/ocr/ocrLanguages.js';
import { OcrPool } from '../native/ingest/ocr/OcrPool.js';
import { toPgm } from '../native/ingest/ocr/GreyImage.js';
import type { LayoutPage } from '../native/ingest/pageModel.js';
import { imagePdf, scanImages, wordAccuracy, type GreyScan, type ScanDefects, type ScanPage } from '../test/fixtures/makeScannedPdf.js';
import { CONTRACT_BANK, SentenceMaker } from '../test/fixtures/seededText.js';

const DPI = 300;
const NATIVE = '/usr/bin/tesseract';
const TIME = '/usr/bin/time';
const NOISY: ScanDefects = { speckle: 0.01, grain: 30, blur: true, skew: 1.5 };
const LIGHT: ScanDefects = { speckle: 0.001, blur: true, skew: 1.5 };
const TARGET = { clean: 0.97, noisy: 0.9, throughput: 0.6, peakBytes: 1.5 * 1024 ** 3 };

interface SetResult {
  accuracy: number;
  pagesPerSecond: number;
  /** CPU seconds per page, every thread counted: steadier than wall time on a shared machine. */
  cpuPerPage: number;
}

/** Pages of distinct contract prose, so no page's words can be guessed from another's. */
export function knownPages(count: number, seed: number, defects?: ScanDefects): ScanPage[] {
  const maker = new SentenceMaker(seed, CONTRACT_BANK);
  return Array.from({ length: count }, () => ({ paragraphs: [maker.paragraph(90), maker.paragraph(90), maker.paragraph(90)], defects }));
}

function layoutText(layout: LayoutPage): string {
  return layout.blocks.flatMap((b) => b.lines.map((l) => l.text)).join('\n');
}

/** Mean accuracy over pages (each page's share of its known words). */
function meanAccuracy(pages: readonly ScanPage[], texts: readonly string[]): number {
  return pages.reduce((sum, page, i) => sum + wordAccuracy(page.paragraphs.join(' '), texts[i]!), 0) / pages.length;
}

async function lectern(pool: OcrPool, pages: readonly ScanPage[], images: readonly GreyScan[], libraryDir: string): Promise<SetResult> {
  const bytes = imagePdf(images, DPI);
  const data = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(data).set(bytes);
  const key = `bench:${pages.length}:${Math.random()}`;
  const models = ocrModelsFor(libraryDir, 'eng');
  const start = performance.now();
  const cpu = process.cpuUsage();
  try {
    const results = await Promise.all(images.map((_, i) => pool.page({ key, data, number: i + 1, ocr: true, lang: 'eng', models })));
    const ms = performance.now() - start;
    // The whole process: the OCR workers are threads of it.
    const used = process.cpuUsage(cpu);
    const texts = results.map((r) => layoutText(r.layout));
    return { accuracy: meanAccuracy(pages, texts), pagesPerSecond: images.length / (ms / 1000), cpuPerPage: (used.user + used.system) / 1e6 / images.length };
  } finally {
    pool.close(key);
  }
}

function native(pages: readonly ScanPage[], images: readonly GreyScan[], dir: string): SetResult {
  const texts: string[] = [];
  let ms = 0;
  let cpu = 0;
  images.forEach((image, i) => {
    const file = path.join(dir, `page-${i + 1}.pgm`);
    fs.writeFileSync(file, toPgm(image));
    const out = path.join(dir, `page-${i + 1}`);
    const times = `${out}.time`;
    const start = performance.now();
    // /usr/bin/time writes the child's user and system CPU seconds.
    execFileSync(TIME, ['-f', '%U %S', '-o', times, NATIVE, file, out, '-l', 'eng', '--dpi', String(DPI)], {
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    ms += performance.now() - start;
    cpu += fs
      .readFileSync(times, 'utf8')
      .trim()
      .split(/\s+/)
      .slice(-2)
      .map(Number)
      .reduce((a, b) => a + b, 0);
    texts.push(fs.readFileSync(`${out}.txt`, 'utf8'));
  });
  return { accuracy: meanAccuracy(pages, texts), pagesPerSecond: images.length / (ms / 1000), cpuPerPage: cpu / images.length };
}

function peakMemory(file: string): { peakBytes: number; pages: number; ms: number } {
  const script = fileURLToPath(new URL('./ocrMemory.js', import.meta.url));
  return JSON.parse(execFileSync(process.execPath, [script, file], { encoding: 'utf8', maxBuffer: 1 << 20 })) as { peakBytes: number; pages: number; ms: number };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const describe = (r: SetResult) => `${pct(r.accuracy)}, ${r.pagesPerSecond.toFixed(2)} pages/s, ${r.cpuPerPage.toFixed(1)} CPU s/page`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const numberAfter = (flag: string, fallback: number) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : fallback);
  const count = numberAfter('--pages', 3);
  const memoryPages = numberAfter('--memory-pages', 30);
  const withNative = !args.includes('--no-native') && fs.existsSync(NATIVE) && fs.existsSync(TIME);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-ocr-'));
  const pool = new OcrPool({ size: Math.min(os.availableParallelism(), 4) });
  try {
    console.log(`${count} pages per set at ${DPI} DPI, ${os.availableParallelism()} cores, Lectern OcrPool of ${pool.size} workers; native: ${withNative ? NATIVE : 'skipped'}`);
    const sets = { clean: knownPages(count, 11), noisy: knownPages(count, 12, NOISY) };
    const images = { clean: await scanImages(sets.clean, DPI), noisy: await scanImages(sets.noisy, DPI) };
    // The app's workers are started and their model loaded once, when a library opens its first scan: not per page.
    const warmStart = performance.now();
    await lectern(pool, sets.clean.slice(0, 1), images.clean.slice(0, 1), dir);
    console.log(`  Lectern warm-up (workers, models, first page): ${((performance.now() - warmStart) / 1000).toFixed(1)} s`);

    const ours = { clean: await lectern(pool, sets.clean, images.clean, dir), noisy: await lectern(pool, sets.noisy, images.noisy, dir) };
    const theirs = withNative ? { clean: native(sets.clean, images.clean, dir), noisy: native(sets.noisy, images.noisy, dir) } : null;
    for (const name of ['clean', 'noisy'] as const) {
      const anchor = theirs ? `; native tesseract (1 core) ${describe(theirs[name])}` : '';
      console.log(`  ${name}: Lectern ${describe(ours[name])}${anchor}`);
    }
    console.log(`accuracy clean ${pct(ours.clean.accuracy)} (target ≥ ${pct(TARGET.clean)}): ${met(ours.clean.accuracy >= TARGET.clean)}`);
    console.log(`accuracy noisy ${pct(ours.noisy.accuracy)} (target ≥ ${pct(TARGET.noisy)}): ${met(ours.noisy.accuracy >= TARGET.noisy)}`);
    if (theirs) {
      // Both sets together: pages over the time they took (the sets have as many pages each).
      const rate = (r: typeof ours) => 2 / (1 / r.clean.pagesPerSecond + 1 / r.noisy.pagesPerSecond);
      const ratio = rate(ours) / rate(theirs);
      // What the cores would give unshared: the pool's workers each reading at Lectern's CPU cost per page, against native's on one core.
      const byCpu = (pool.size * (theirs.clean.cpuPerPage + theirs.noisy.cpuPerPage)) / (ours.clean.cpuPerPage + ours.noisy.cpuPerPage);
      console.log(`throughput ${ratio.toFixed(2)}× native one-core, by wall time (target ≥ ${TARGET.throughput}×): ${met(ratio >= TARGET.throughput)}`);
      console.log(
        `  by CPU time (${pool.size} workers × native CPU s/page ÷ Lectern CPU s/page): ${byCpu.toFixed(2)}×; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores`,
      );
    }
  } finally {
    await pool.dispose();
  }

  if (!args.includes('--no-memory')) {
    const file = path.join(dir, 'long-scan.pdf');
    // Clean pages and crooked, blurred, lightly speckled ones, as a scanner's: their grain (every pixel
    // noisy) would make each page a 4.7 MB image, 250 MB for 100 pages, where a real scan is 10–50 MB.
    // --noisy-memory keeps it, to see what a file that large costs. The images are drawn here, so their memory is not the child's.
    const spoilt = args.includes('--noisy-memory') ? NOISY : LIGHT;
    const pages = knownPages(memoryPages, 13).map((p, i) => (i % 2 ? { ...p, defects: spoilt } : p));
    fs.writeFileSync(file, imagePdf(await scanImages(pages, DPI), DPI));
    console.log(`  long scan: ${memoryPages} pages, ${(fs.statSync(file).size / 1024 ** 2).toFixed(0)} MB`);
    const memory = peakMemory(file);
    const gib = memory.peakBytes / 1024 ** 3;
    console.log(`  import of a ${memory.pages}-page scan with OCR: ${(memory.ms / 1000).toFixed(1)} s, peak RSS ${(memory.peakBytes / 1024 ** 2).toFixed(0)} MiB`);
    console.log(`peak memory ${gib.toFixed(2)} GiB over ${memory.pages} pages (target ≤ 1.5 GiB): ${met(memory.peakBytes <= TARGET.peakBytes)}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
