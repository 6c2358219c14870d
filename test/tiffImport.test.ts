/**
 * TIFF scans import as documents through the same path as PNG and JPEG pages: each page of a
 * multi-page TIFF (8-bit grey, RGB, bilevel; uncompressed, Deflate, PackBits, and CCITT G4 as
 * document scanners write it) becomes a page of an image-only PDF at its own resolution, read by
 * OCR. Damaged TIFFs are refused with a coded reason and leave nothing in the library. G4 files
 * are made by libtiff's tiffcp (Debian libtiff-tools, installed by .ci/run); without it the G4
 * test fails, saying so.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { IngestOutcome } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { imageAsPdf } from '../native/ingest/imageAsPdf.js';
import { loadPdfium } from '../native/ingest/pdfium/loadPdfium.js';
import { PdfiumDocument } from '../native/ingest/pdfium/PdfiumDocument.js';
import { renderPage } from '../native/ingest/pdfium/renderPage.js';
import { imageSourceAsPdf } from '../native/server/imageSourceAsPdf.js';
import { scanImages, SCAN_TEXT, wordAccuracy, type GreyScan } from './fixtures/makeScannedPdf.js';
import { writeTiff } from './fixtures/writeTiff.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

const KNOWN = SCAN_TEXT.join(' ');
const DPI = 200;

function tiffcp(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (fs.existsSync(path.join(dir, 'tiffcp'))) return path.join(dir, 'tiffcp');
  return null;
}

/** Each page of the PDF made of a TIFF, drawn: its mean grey and its share of dark pixels (paper is white, ink a few percent). */
async function drawnPages(tiff: Uint8Array): Promise<Array<{ mean: number; dark: number }>> {
  const pdfium = await loadPdfium();
  const opened = PdfiumDocument.open(pdfium, imageAsPdf(tiff, 'tiff'));
  try {
    const pages: Array<{ mean: number; dark: number }> = [];
    for (let n = 1; n <= pdfium.FPDF_GetPageCount(opened.handle); n++) {
      const { pixels } = renderPage(pdfium, opened.handle, n, { dpi: 50 });
      let [sum, dark] = [0, 0];
      for (const p of pixels) {
        sum += p;
        if (p < 128) dark++;
      }
      pages.push({ mean: sum / pixels.length, dark: dark / pixels.length });
    }
    return pages;
  } finally {
    opened.close();
  }
}

describe('TIFF scans as documents', () => {
  let dir: string;
  let engine: Engine;
  let scan: GreyScan;
  let multi: IngestOutcome;
  let multiFile: string;

  before(async () => {
    dir = makeTempDir();
    [scan] = (await scanImages([{ paragraphs: SCAN_TEXT }], DPI)) as [GreyScan];
    multiFile = path.join(dir, 'lease-scan.tif');
    fs.writeFileSync(
      multiFile,
      writeTiff([
        { image: scan, kind: 'grey', dpi: DPI },
        { image: scan, kind: 'rgb', compression: 8, dpi: DPI },
        { image: scan, kind: 'bilevel', compression: 32773, dpi: DPI },
      ]),
    );
    engine = openTestEngine(path.join(dir, 'library'), { ocrWorkers: 2 });
    [multi] = (await engine.invoke('library:ingest', { paths: [multiFile] })).documents as [IngestOutcome];
  });

  after(async () => {
    await engine?.close();
    removeDir(dir);
  });

  test('a three-page TIFF (grey, RGB with Deflate, bilevel with PackBits) imports as a three-page document, every page read by OCR', () => {
    assert.equal(multi.status, 'ingested', JSON.stringify(multi));
    assert.equal(multi.pages, 3);
    assert.equal(multi.ocr?.pagesRecognised, 3);
    for (const n of [1, 2, 3]) {
      const accuracy = wordAccuracy(KNOWN, engine.documents.page(multi.id!, n)!.text);
      assert.ok(accuracy >= 0.95, `page ${n}: ${accuracy}`);
    }
  });

  test('each page is the sheet’s own size, from the resolution the TIFF states', () => {
    for (const n of [1, 2, 3]) {
      const page = engine.documents.page(multi.id!, n)!;
      assert.ok(Math.abs(page.width - 612) < 1 && Math.abs(page.height - 792) < 1, `page ${n}: ${page.width} × ${page.height}`);
    }
  });

  test('every kind of page is drawn as black text on white paper, not inverted (WhiteIsZero bilevel included)', async () => {
    const pages = await drawnPages(fs.readFileSync(multiFile));
    assert.equal(pages.length, 3);
    for (const [i, { mean, dark }] of pages.entries()) assert.ok(mean > 200 && dark > 0.005 && dark < 0.2, `page ${i + 1}: mean ${mean}, dark ${dark}`);
  });

  test('the reader is served the same PDF the import made of the TIFF, with its three pages', async () => {
    const handle = await fs.promises.open(multiFile, 'r');
    try {
      const pdf = await imageSourceAsPdf(handle, fs.statSync(multiFile).size);
      assert.ok(pdf);
      const text = Buffer.from(pdf).toString('latin1');
      assert.match(text, /^%PDF-/);
      assert.match(text, /\/Count 3 /);
    } finally {
      await handle.close();
    }
  });

  // What libtiff writes: CCITT G4 for bilevel document scans, LZW and JPEG for grey ones.
  for (const [compression, kind] of [
    ['g4', 'bilevel'],
    ['lzw', 'grey'],
    ['jpeg', 'grey'],
  ] as const) {
    test(`a ${kind} TIFF compressed by libtiff with ${compression.toUpperCase()} is drawn right and read`, async () => {
      const cp = tiffcp();
      assert.ok(cp, 'tiffcp is not installed: apt-get install libtiff-tools (.ci/run does); this test makes its file with it');
      const plain = path.join(dir, `${compression}-plain.tif`);
      const made = path.join(dir, `scan-${compression}.tif`);
      fs.writeFileSync(plain, writeTiff([{ image: scan, kind, dpi: DPI }]));
      // JPEG needs strips of a multiple of 8 rows: 64 makes many strips, as libtiff's own defaults do.
      execFileSync(cp, ['-c', compression, ...(compression === 'jpeg' ? ['-r', '64'] : []), plain, made]);
      const [drawn] = await drawnPages(fs.readFileSync(made));
      assert.ok(drawn!.mean > 200 && drawn!.dark > 0.005, `drawn: ${JSON.stringify(drawn)}`);
      const [outcome] = (await engine.invoke('library:ingest', { paths: [made] })).documents as [IngestOutcome];
      assert.equal(outcome.status, 'ingested', JSON.stringify(outcome));
      const accuracy = wordAccuracy(KNOWN, engine.documents.page(outcome.id!, 1)!.text);
      assert.ok(accuracy >= 0.95, `${compression} page: ${accuracy}`);
    });
  }

  const refusals: Array<{ what: string; make: () => Buffer; code: string; says: RegExp }> = [
    {
      what: 'a two-page TIFF cut off in its second page',
      make: () => {
        const whole = writeTiff([
          { image: scan, kind: 'grey', dpi: DPI },
          { image: scan, kind: 'grey', dpi: DPI },
        ]);
        return whole.subarray(0, Math.round(whole.length * 0.75));
      },
      code: 'UNSUPPORTED_FORMAT',
      says: /TIFF image cannot be read \(it is cut short\)/,
    },
    {
      what: 'a one-page TIFF cut off in its pixels',
      make: () => writeTiff([{ image: scan, kind: 'grey', dpi: DPI }]).subarray(0, 5000),
      code: 'UNSUPPORTED_FORMAT',
      says: /cut short/,
    },
    {
      what: 'a TIFF with a compression Lectern does not read (JPEG 2000)',
      make: () => writeTiff([{ image: scan, kind: 'grey', dpi: DPI, claimCompression: 34712 }]),
      code: 'UNSUPPORTED_FORMAT',
      says: /compression 34712.*Save it again/,
    },
    {
      what: 'a TIFF page past the pixel limit (refused before decoding)',
      make: () => writeTiff([{ image: { width: 8, height: 8, pixels: new Uint8Array(64) }, kind: 'grey', claimSize: { width: 20_000, height: 20_000 } }]),
      code: 'PAGE_TOO_LARGE',
      says: /20000 × 20000 pixels, over the 100-million-pixel limit/,
    },
  ];

  for (const { what, make, code, says } of refusals) {
    test(`${what} is refused with ${code}, and nothing is stored`, async () => {
      const before = engine.documents.list().length;
      const file = path.join(dir, `${what.replace(/\W+/g, '-')}.tif`);
      fs.writeFileSync(file, make());
      const [outcome] = (await engine.invoke('library:ingest', { paths: [file] })).documents as [IngestOutcome];
      assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
      assert.equal(outcome.error?.code, code, JSON.stringify(outcome.error));
      assert.match(outcome.error?.message ?? '', says);
      assert.equal(engine.documents.list().length, before);
    });
  }
});
