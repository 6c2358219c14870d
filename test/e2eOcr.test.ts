/**
 * A scan in the reader, in a real browser: imported through the page with OCR, it shows its
 * image with an invisible text layer of the words read, laid over those words, so a person can
 * select them and ask about them; a page read with low confidence is flagged above the pages.
 * Skipped, with the reason, where Chromium or the renderer build is missing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import fs from 'node:fs';
import { encodePng } from './fixtures/encodePng.js';
import { makeScannedPdf, scanImages, SCAN_TEXT } from './fixtures/makeScannedPdf.js';
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
    const layer = page.locator('.pdfViewer .page[data-page-number="1"] .ocr-text-layer');
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
      const spans = g.document.querySelectorAll('.pdfViewer .page[data-page-number="1"] .ocr-text-layer span');
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
    await page.locator('.pdfViewer .page[data-page-number="1"] .ocr-text-layer span', { hasText: /^Wilmington,?$/ }).waitFor({ state: 'attached', timeout: 20_000 });
    assert.equal(await page.locator('.pdfViewer .page').count(), 1);
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});
