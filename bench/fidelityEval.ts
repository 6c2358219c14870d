/**
 * Text fidelity against poppler: ingest every PDF of a folder with Lectern, read the same
 * files with `pdftotext`, and report the share of pdftotext's words that reach Lectern's
 * passages, per file, overall and for the worst pages; and the same share in Lectern's stored
 * page text, which tells losses in extraction from losses on the way to passages.
 * Counting rules: bench/fidelityWords.ts.
 *
 *   npm run eval:fidelity -- <folder of PDFs> [--limit N] [--json]
 *
 * Target (on the CUAD dev set): at least 99.5% overall and no file under 98%.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createEngine } from '../native/engine.js';
import { measureFidelity, share, type WordCount } from './fidelityWords.js';

const run = promisify(execFile);

const TARGET_OVERALL = 0.995;
const TARGET_PER_FILE = 0.98;
const WORST_PAGES = 10;

interface FileResult {
  file: string;
  pages: number;
  words: number;
  found: number;
  share: number;
  /** The same count against Lectern's stored page text: below `share` means words were read but lost on the way to passages. */
  pageTextShare: number;
  /** pdftotext and Lectern disagree on the page count. */
  pageCountMismatch?: { pdftotext: number; lectern: number };
  error?: string;
  topMissing: Array<[string, number]>;
}

interface PageResult {
  file: string;
  page: number;
  words: number;
  found: number;
  share: number;
  missing: string[];
}

function usage(): never {
  console.error('usage: npm run eval:fidelity -- <folder of PDFs> [--limit N] [--json]');
  process.exit(2);
}

function requirePdftotext(): void {
  const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  if (probe.error) {
    console.error(
      'pdftotext (poppler) is not installed; the evaluation compares against it.\n' +
        '  Debian/Ubuntu: sudo apt-get install poppler-utils\n' +
        '  macOS:         brew install poppler\n' +
        '  Windows:       install poppler (e.g. conda install -c conda-forge poppler) and put pdftotext on PATH',
    );
    process.exit(2);
  }
}

/** pdftotext's text of each page (its reading order, UTF-8), split on form feeds. */
async function pdftotextPages(file: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 512 * 1024 * 1024 });
  const pages = stdout.split('\f');
  if (pages.length > 1 && pages.at(-1)!.trim() === '') pages.pop(); // the form feed after the last page
  return pages;
}

function percent(x: number, digits = 2): string {
  return `${(x * 100).toFixed(digits)}%`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const limitAt = args.indexOf('--limit');
  const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : Infinity;
  if (limitAt >= 0 && !(limit >= 1)) usage();
  const folder = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--limit');
  if (!folder || !fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) usage();
  requirePdftotext();

  const files = fs
    .readdirSync(folder)
    .filter((f) => f.toLowerCase().endsWith('.pdf'))
    .sort()
    .slice(0, limit)
    .map((f) => path.join(folder, f));
  const log = (line: string) => {
    if (!json) console.log(line);
  };
  log(`${files.length} PDFs from ${folder}`);

  const libraryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-fidelity-'));
  const engine = createEngine({ libraryDir });
  const results: FileResult[] = [];
  const pages: PageResult[] = [];
  try {
    const t0 = performance.now();
    const { documents } = await engine['library:ingest']({ paths: files });
    log(`ingested in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    for (const [i, file] of files.entries()) {
      const name = path.basename(file);
      const outcome = documents[i]!;
      const reference = await pdftotextPages(file);
      const passages = outcome.id ? (await engine['library:passages']({ id: outcome.id })).passages.map((p) => p.text) : [];
      const measured = measureFidelity(reference, passages);
      const pageTexts = outcome.id ? Array.from({ length: outcome.pages }, (_, n) => engine.documents.page(outcome.id!, n + 1)?.text ?? '') : [];
      const pageTextShare = share(measureFidelity(reference, pageTexts).total);
      const result: FileResult = { file: name, pages: reference.length, ...measured.total, share: share(measured.total), pageTextShare, topMissing: measured.missing.slice(0, 8) };
      if (!outcome.id) result.error = outcome.error?.message ?? outcome.status;
      if (outcome.id && outcome.pages !== reference.length) result.pageCountMismatch = { pdftotext: reference.length, lectern: outcome.pages };
      results.push(result);
      measured.pages.forEach((count: WordCount, p) => {
        pages.push({ file: name, page: p + 1, ...count, share: share(count), missing: measured.missingByPage[p]!.slice(0, 12) });
      });
    }
  } finally {
    await engine.close();
    fs.rmSync(libraryDir, { recursive: true, force: true });
  }

  const total = results.reduce((t, r) => ({ words: t.words + r.words, found: t.found + r.found }), { words: 0, found: 0 });
  const overall = share(total);
  // Weighted like the passages figure: words found in page text, file by file.
  const pageText = { words: total.words, found: results.reduce((n, r) => n + Math.round(r.pageTextShare * r.words), 0) };
  const lowest = results.reduce<FileResult | null>((low, r) => (low === null || r.share < low.share ? r : low), null);
  const met = overall >= TARGET_OVERALL && results.every((r) => r.share >= TARGET_PER_FILE);
  // Pages with some words to find, worst first; ties: the page with more words missed.
  const worst = pages
    .filter((p) => p.found < p.words)
    .sort((a, b) => a.share - b.share || b.words - b.found - (a.words - a.found))
    .slice(0, WORST_PAGES);

  if (json) {
    console.log(
      JSON.stringify(
        {
          files: results,
          overall: { ...total, share: overall, pageTextShare: share(pageText) },
          target: { overall: TARGET_OVERALL, perFile: TARGET_PER_FILE, met },
          worstPages: worst,
        },
        null,
        2,
      ),
    );
    return;
  }
  const width = Math.max(4, ...results.map((r) => r.file.length));
  log('');
  log(`${'file'.padEnd(width)}  pages   words   found   share  page text  most missed`);
  for (const r of results) {
    const notes = [
      r.error ? `FAILED: ${r.error}` : '',
      r.pageCountMismatch ? `pages: pdftotext ${r.pageCountMismatch.pdftotext}, Lectern ${r.pageCountMismatch.lectern}` : '',
    ].filter(Boolean);
    const missed = r.topMissing.map(([w, n]) => (n > 1 ? `${w}×${n}` : w)).join(' ');
    log(
      `${r.file.padEnd(width)}  ${String(r.pages).padStart(5)}  ${String(r.words).padStart(6)}  ${String(r.found).padStart(6)}  ${percent(r.share).padStart(7)}  ${percent(r.pageTextShare).padStart(9)}  ${[missed, ...notes].filter(Boolean).join('  ')}`,
    );
  }
  log('');
  log(`worst pages:`);
  for (const p of worst) log(`  ${percent(p.share, 1).padStart(6)}  ${p.file} p.${p.page}  (${p.words - p.found}/${p.words} missed: ${p.missing.join(' ')})`);
  log('');
  log(`overall: ${total.found}/${total.words} words of pdftotext found in Lectern's passages = ${percent(overall)}`);
  log(`         in Lectern's stored page text (before passages): ${percent(share(pageText))}`);
  log(`lowest file: ${lowest ? `${lowest.file} ${percent(lowest.share)}` : '-'}`);
  log(`target (≥ ${percent(TARGET_OVERALL, 1)} overall, no file under ${percent(TARGET_PER_FILE, 0)}): ${met ? 'met' : 'NOT met'}`);
}

await main();
