/**
 * EPUB fidelity and import time against the same book as plain text. The book (a Project
 * Gutenberg text, e.g. ../shared/data/books/35-time-machine.txt) is written out as an EPUB 3 by
 * this evaluation (JSZip; one XHTML chapter per chapter of the book, a nav document), imported,
 * and its passages compared with the book's own words (bench/fidelityWords.ts rules). Then a
 * ~1 MB EPUB (the book repeated) and the same text as .txt are each imported into a fresh library,
 * alternating, and the median times printed side by side.
 *
 *   npm run eval:fidelity:formats -- <book.txt> [--rounds N]
 *
 * Targets (issue 15): at least 99.5% of the words kept; a 1 MB EPUB imported in at most 2 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { createEngine } from '../native/engine.js';
import { measureFidelity, share } from './fidelityWords.js';

const TARGET_SHARE = 0.995;
const TARGET_SECONDS = 2;
const LARGE_EPUB_BYTES = 1024 ** 2;

interface Chapter {
  title: string;
  paragraphs: string[];
}

/** The book between its Project Gutenberg START and END markers, as blank-line separated paragraphs. */
function bookParagraphs(text: string): string[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const start = lines.findIndex((l) => /^\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG/i.test(l));
  const end = lines.findIndex((l) => /^\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG/i.test(l));
  const body = lines.slice(start + 1, end < 0 ? lines.length : end).join('\n');
  return body
    .split(/\n[ \t]*\n+/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
}

/** Chapters open at a roman numeral paragraph ("I. Introduction"); what comes before is the front matter. */
function chaptersOf(paragraphs: readonly string[]): Chapter[] {
  const chapters: Chapter[] = [{ title: 'Front matter', paragraphs: [] }];
  for (const p of paragraphs) {
    if (/^[IVXL]+\.(\s|$)/.test(p) && p.length < 80) chapters.push({ title: p, paragraphs: [] });
    else chapters.at(-1)!.paragraphs.push(p);
  }
  return chapters.filter((c) => c.paragraphs.length > 0 || c.title !== 'Front matter');
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function writeEpub(title: string, chapters: readonly Chapter[]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
  zip.file(
    'META-INF/container.xml',
    '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
  );
  const files = chapters.map((_, i) => `chapter${i + 1}.xhtml`);
  zip.file(
    'OEBPS/content.opf',
    `<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:eval</dc:identifier><dc:title>${escape(title)}</dc:title><dc:language>en</dc:language></metadata>
<manifest>${files.map((f, i) => `<item id="c${i}" href="${f}" media-type="application/xhtml+xml"/>`).join('')}<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/></manifest>
<spine>${files.map((_, i) => `<itemref idref="c${i}"/>`).join('')}</spine></package>`,
  );
  zip.file(
    'OEBPS/nav.xhtml',
    `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body><nav epub:type="toc"><ol>${chapters
      .map((c, i) => `<li><a href="${files[i]}">${escape(c.title)}</a></li>`)
      .join('')}</ol></nav></body></html>`,
  );
  chapters.forEach((c, i) => {
    const heading = c.title === 'Front matter' ? '' : `<h1>${escape(c.title)}</h1>`;
    zip.file(
      `OEBPS/${files[i]}`,
      `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${escape(c.title)}</title></head><body>${heading}${c.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}</body></html>`,
    );
  });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Imports one file into a fresh library; seconds for the whole import (read, structure, fidelity, entities, store). */
async function timeImport(file: string): Promise<{ seconds: number; passages: string[] }> {
  const libraryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-format-eval-'));
  const engine = createEngine({ libraryDir });
  try {
    const start = performance.now();
    const { documents } = await engine['library:ingest']({ paths: [file] });
    const seconds = (performance.now() - start) / 1000;
    const outcome = documents[0]!;
    if (!outcome.id) throw new Error(`${file} did not import: ${outcome.error?.code} ${outcome.error?.message}`);
    const passages = (await engine['library:passages']({ id: outcome.id })).passages.map((p) => p.text);
    return { seconds, passages };
  } finally {
    await engine.close();
    fs.rmSync(libraryDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const book = args.find((a) => !a.startsWith('--'));
  if (!book) {
    console.error('usage: npm run eval:fidelity:formats -- <book.txt> [--rounds N]');
    process.exit(2);
  }
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 3;
  const text = fs.readFileSync(book, 'utf8');
  const paragraphs = bookParagraphs(text);
  const chapters = chaptersOf(paragraphs);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-format-files-'));
  try {
    const title = path.basename(book, path.extname(book));
    const epub = path.join(work, `${title}.epub`);
    fs.writeFileSync(epub, await writeEpub(title, chapters));
    const reference = paragraphs.join('\n\n');
    const read = await timeImport(epub);
    const measured = measureFidelity([reference], read.passages);
    const kept = share(measured.total);
    console.log(`book: ${book} (${chapters.length} chapters, ${measured.total.words} words); EPUB ${(fs.statSync(epub).size / 1024).toFixed(0)} KB`);
    console.log(`EPUB words kept: ${(kept * 100).toFixed(2)}% (${measured.total.found}/${measured.total.words}; target ≥ ${TARGET_SHARE * 100}%)`);
    if (measured.missing.length > 0)
      console.log(
        `  most missed: ${measured.missing
          .slice(0, 10)
          .map(([w, n]) => `${w}×${n}`)
          .join(', ')}`,
      );

    // The same book repeated until its EPUB passes 1 MB, beside the same text as .txt.
    const copies: Chapter[] = [];
    let large: Buffer = Buffer.alloc(0);
    for (let round = 1; large.length < LARGE_EPUB_BYTES; round++) {
      copies.push(...chapters.map((c) => ({ title: `${c.title} (copy ${round})`, paragraphs: c.paragraphs })));
      large = await writeEpub(`${title} ×${round}`, copies);
    }
    const largeEpub = path.join(work, 'large.epub');
    const largeTxt = path.join(work, 'large.txt');
    fs.writeFileSync(largeEpub, large);
    fs.writeFileSync(largeTxt, copies.map((c) => [c.title, ...c.paragraphs].join('\n\n')).join('\n\n'));
    const times = { epub: [] as number[], txt: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      times.epub.push((await timeImport(largeEpub)).seconds);
      times.txt.push((await timeImport(largeTxt)).seconds);
    }
    const epubSeconds = median(times.epub);
    console.log(
      `import, median of ${rounds}: EPUB ${(large.length / 1024 ** 2).toFixed(2)} MB in ${epubSeconds.toFixed(2)} s (target ≤ ${TARGET_SECONDS} s); ` +
        `same text as .txt (${(fs.statSync(largeTxt).size / 1024 ** 2).toFixed(2)} MB) in ${median(times.txt).toFixed(2)} s`,
    );
    const pass = kept >= TARGET_SHARE && epubSeconds <= TARGET_SECONDS;
    console.log(pass ? 'PASS' : 'FAIL');
    process.exitCode = pass ? 0 : 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
