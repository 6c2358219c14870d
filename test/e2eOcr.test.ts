/**
 * A scan in the reader, in a real browser: imported through the page with OCR, it shows its
 * image with an invisible text layer of the words read, laid over those words, so a person can
 * select them, ask about them and find them (counted, highlighted, next and previous across scanned
 * and born-digital pages alike); a page read with low confidence is flagged above the pages.
 * Skipped, with the reason, where Chromium or the renderer build is missing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import fs from 'node:fs';
import { encodePng } from './fixtures/encodePng.js';
import { makeScannedPdf, scanImages, SCAN_TEXT, type GreyScan } from './fixtures/makeScannedPdf.js';
import { pdfString, rawPdf, stream } from './fixtures/rawPdf.js';
import zlib from 'node:zlib';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();

/** What the code run in the page uses of it (the tests compile without the DOM's types). */
interface PageGlobals {
  document: { querySelectorAll(s: string): ArrayLike<unknown>; createRange(): { setStartBefore(n: unknown): void; setEndAfter(n: unknown): void } };
  getSelection(): { removeAllRanges(): void; addRange(r: unknown): void; toString(): string };
  getComputedStyle(el: unknown): { color: string };
}

describe('a scanned PDF in the reader in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  before(async () => {
    work = makeTempDir('lectern-e2e-ocr-');
    const file = await makeScannedPdf(work, 'scanned-lease.pdf', [{ paragraphs: SCAN_TEXT }]);
    app = await startWebApp(path.join(work, 'library'), { ocrWorkers: 2 });
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
    await page.getByLabel('Files to import').setInputFiles(file);
    const open = page.getByRole('button', { name: /^Open / });
    await open.waitFor({ timeout: 120_000 });
    // As if the scan had been faint: the confidence OCR stored for its page, lowered before the reader opens it.
    app.engine.db.prepare('UPDATE pages SET ocr_confidence = 0.42 WHERE number = 1').run();
    await open.click();
    await page.locator('.pdfViewer .page canvas').first().waitFor({ timeout: 20_000 });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('the scan gets a text layer of the words read, each laid over its word on the page', async () => {
    const layer = page.locator('.pdfViewer .page[data-page-number="1"] .textLayer');
    const word = layer.locator('span', { hasText: /^Wilmington,?$/ });
    await word.waitFor({ state: 'attached', timeout: 20_000 });
    const pageBox = (await page.locator('.pdfViewer .page[data-page-number="1"]').boundingBox())!;
    const box = (await word.boundingBox())!;
    // pdfkit set the fourth paragraph's "Wilmington" in the right half of the page, about a third of the way down.
    const [fx, fy] = [(box.x - pageBox.x) / pageBox.width, (box.y - pageBox.y) / pageBox.height];
    assert.ok(fx > 0.1 && fx < 0.9 && fy > 0.15 && fy < 0.5, `at ${fx.toFixed(2)}, ${fy.toFixed(2)} of the page`);
    assert.ok(box.width > 20 && box.height > 5 && box.height < 40, JSON.stringify(box));
    assert.equal(await word.evaluate((el) => (globalThis as unknown as PageGlobals).getComputedStyle(el).color), 'rgba(0, 0, 0, 0)', 'the text is invisible over the image');
  });

  test('selecting the first words of the layer copies them as the scan reads, spaced', async () => {
    const selected = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      const spans = g.document.querySelectorAll('.pdfViewer .page[data-page-number="1"] .textLayer span');
      const range = g.document.createRange();
      range.setStartBefore(spans[0]);
      range.setEndAfter(spans[4]);
      const selection = g.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return selection.toString();
    });
    assert.equal(selected.replace(/\s+/g, ' ').trim(), 'The Licensee shall keep the');
  });

  test('find searches the words read on the scan: it counts them and highlights the match over its word', async () => {
    await page.keyboard.press('Control+F');
    const bar = page.getByRole('search', { name: 'Find in document' });
    await bar.getByRole('searchbox', { name: 'Find in document' }).fill('courts of Wilmington');
    await bar.getByText('1 of 1').waitFor({ timeout: 15_000 });
    const selected = page.locator('.pdfViewer .page[data-page-number="1"] .textLayer .highlight.selected');
    await selected.first().waitFor({ timeout: 10_000 });
    assert.match((await selected.allTextContents()).join(''), /courts of Wilmington/);
    await bar.getByRole('button', { name: 'Close find' }).click();
  });

  test('a page read with low confidence is flagged above the pages', async () => {
    await page.getByRole('status').filter({ hasText: 'OCR: low confidence on p. 1' }).waitFor({ timeout: 10_000 });
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});

describe('a PNG of a page in the reader in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  before(async () => {
    work = makeTempDir('lectern-e2e-ocr-png-');
    const [scan] = await scanImages([{ paragraphs: SCAN_TEXT }], 200);
    const file = path.join(work, 'photographed-page.png');
    fs.writeFileSync(file, encodePng({ ...scan!, colourType: 0, dpi: 200 }));
    app = await startWebApp(path.join(work, 'library'), { ocrWorkers: 2 });
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
    await page.getByLabel('Files to import').setInputFiles(file);
    const open = page.getByRole('button', { name: /^Open / });
    await open.waitFor({ timeout: 120_000 });
    await open.click();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('imported through the page, the image opens as a one-page document, drawn, with the words read laid over it', async () => {
    await page.locator('.pdfViewer .page[data-page-number="1"] canvas').waitFor({ timeout: 20_000 });
    await page.locator('.pdfViewer .page[data-page-number="1"] .textLayer span', { hasText: /^Wilmington,?$/ }).waitFor({ state: 'attached', timeout: 20_000 });
    assert.equal(await page.locator('.pdfViewer .page').count(), 1);
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});

/** A two-page PDF: a born-digital page of text (Helvetica) with `text` on it, then `scan` as an image-only page. */
function bornDigitalThenScan(text: string, scan: GreyScan, dpi: number): Buffer {
  const [w, h] = [(scan.width * 72) / dpi, (scan.height * 72) / dpi];
  const pixels = zlib.deflateSync(scan.pixels).toString('latin1');
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    stream(`BT /F1 12 Tf 72 700 Td ${pdfString(text)} Tj ET`),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w.toFixed(2)} ${h.toFixed(2)}] /Resources << /XObject << /Im0 7 0 R >> >> /Contents 8 0 R >>`,
    `<< /Type /XObject /Subtype /Image /Width ${scan.width} /Height ${scan.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${pixels.length} >>\nstream\n${pixels}\nendstream`,
    stream(`q ${w.toFixed(2)} 0 0 ${h.toFixed(2)} 0 0 cm /Im0 Do Q`),
  ]);
}

describe('find across a born-digital page and a scanned page in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  before(async () => {
    work = makeTempDir('lectern-e2e-ocr-find-');
    const [scan] = await scanImages([{ paragraphs: SCAN_TEXT }], 200);
    const file = path.join(work, 'cover-letter-and-scan.pdf');
    // "payments" once on the born-digital page, twice on the scan ("All payments are due", "late payments").
    fs.writeFileSync(file, bornDigitalThenScan('Cover letter: the payments schedule is attached as a scan.', scan!, 200));
    app = await startWebApp(path.join(work, 'library'), { ocrWorkers: 2 });
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
    await page.getByLabel('Files to import').setInputFiles(file);
    const open = page.getByRole('button', { name: /^Open / });
    await open.waitFor({ timeout: 120_000 });
    await open.click();
    await page.locator('.pdfViewer .page canvas').first().waitFor({ timeout: 20_000 });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('the matches of both pages are counted, and next and previous move from the text page to the scan and back', async () => {
    await page.keyboard.press('Control+F');
    const bar = page.getByRole('search', { name: 'Find in document' });
    await bar.getByRole('searchbox', { name: 'Find in document' }).fill('payments');
    await bar.getByText('1 of 3').waitFor({ timeout: 15_000 });
    const selectedOn = (n: number) => page.locator(`.pdfViewer .page[data-page-number="${n}"] .textLayer .highlight.selected`);
    await selectedOn(1).first().waitFor({ timeout: 10_000 });
    await bar.getByRole('button', { name: 'Next match' }).click();
    await bar.getByText('2 of 3').waitFor({ timeout: 10_000 });
    await selectedOn(2).first().waitFor({ timeout: 10_000 });
    assert.match((await selectedOn(2).allTextContents()).join(''), /payments/i);
    await bar.getByRole('button', { name: 'Next match' }).click();
    await bar.getByText('3 of 3').waitFor({ timeout: 10_000 });
    await bar.getByRole('button', { name: 'Previous match' }).click();
    await bar.getByRole('button', { name: 'Previous match' }).click();
    await bar.getByText('1 of 3').waitFor({ timeout: 10_000 });
    await selectedOn(1).first().waitFor({ timeout: 10_000 });
    assert.equal(await selectedOn(2).count(), 0, 'the scan no longer holds the selected match');
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});

describe('Settings › OCR languages in Chromium (web mode: the file is uploaded)', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  // Debian's tesseract-ocr-fra: /usr/share/tesseract-ocr/<version>/tessdata/fra.traineddata.
  const root = '/usr/share/tesseract-ocr';
  const french = (fs.existsSync(root) ? fs.readdirSync(root) : []).map((v) => path.join(root, v, 'tessdata', 'fra.traineddata')).find((f) => fs.existsSync(f));

  before(async () => {
    work = makeTempDir('lectern-e2e-ocr-languages-');
    app = await startWebApp(path.join(work, 'library'));
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('English is listed as shipped; French added from its .traineddata appears as added, and its upload is not kept', async () => {
    assert.ok(french, 'tesseract-ocr-fra is not installed (apt-get install tesseract-ocr-fra; .ci/run does)');
    const list = page.getByRole('list', { name: 'OCR languages' });
    await list.getByText('ships with Lectern', { exact: false }).waitFor({ timeout: 15_000 });
    await page.getByLabel('Add an OCR language file').setInputFiles(french);
    await list.getByRole('button', { name: 'Remove fra' }).waitFor({ timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: 'Added fra' }).waitFor();
    assert.ok(fs.existsSync(path.join(app.engine.libraryDir, 'ocr-languages', 'fra.traineddata.gz')));
    const uploads = path.join(app.engine.libraryDir, 'files');
    assert.deepEqual(fs.existsSync(uploads) ? fs.readdirSync(uploads) : [], [], 'the uploaded copy is deleted once stored');
  });

  test('a file that is not a language model is refused with the reason shown, and nothing is kept', async () => {
    const bogus = path.join(work, 'notes.txt');
    fs.writeFileSync(bogus, 'not a model');
    await page.getByLabel('Add an OCR language file').setInputFiles(bogus);
    await page.getByRole('alert').filter({ hasText: 'is not a tesseract language file' }).waitFor({ timeout: 15_000 });
    const uploads = path.join(app.engine.libraryDir, 'files');
    assert.deepEqual(fs.existsSync(uploads) ? fs.readdirSync(uploads) : [], [], 'the refused upload is deleted too');
  });

  test('removing French takes it off the list and out of the library', async () => {
    const list = page.getByRole('list', { name: 'OCR languages' });
    await list.getByRole('button', { name: 'Remove fra' }).click();
    await page.getByRole('status').filter({ hasText: 'Removed fra' }).waitFor({ timeout: 15_000 });
    assert.equal(await list.getByRole('listitem').count(), 1);
    assert.ok(!fs.existsSync(path.join(app.engine.libraryDir, 'ocr-languages', 'fra.traineddata.gz')));
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});
