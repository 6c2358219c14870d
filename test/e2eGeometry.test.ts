/**
 * A citation's highlight lands on the words pdf.js draws, in a real browser, on the pages where
 * geometry goes wrong most easily: a page turned by /Rotate 90, offset MediaBox and CropBox, a
 * Type3 font, and text set up the sheet on a turned page. Each page's planted phrase is asked
 * about (an extractive answer cites its sentence); clicking the citation must draw a highlight
 * whose box overlaps the text-layer span of the phrase by at least half of the smaller of the two.
 * Skipped, with the reason, where Chromium or the renderer build is missing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { GEOMETRY, makeGeometryPdf } from './fixtures/makeGeometryPdf.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();

/** What the code run in the page uses of it (the tests compile without the DOM's types). */
interface PageGlobals {
  document: { createRange(): { setStart(node: unknown, offset: number): void; setEnd(node: unknown, offset: number): void; getBoundingClientRect(): Box } };
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The overlap of two boxes as a share of the smaller one's area (0–1). */
function overlapShare(a: Box, b: Box): number {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.min(a.width * a.height, b.width * b.height);
}

describe('citation highlights on turned, offset and Type3 pages in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  before(async () => {
    work = makeTempDir('lectern-e2e-geometry-');
    const file = await makeGeometryPdf(work);
    app = await startWebApp(path.join(work, 'library'));
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
    await page.getByLabel('Files to import').setInputFiles(file);
    const open = page.getByRole('button', { name: /^Open / });
    await open.waitFor({ timeout: 30_000 });
    await open.click();
    await page.locator('.pdfViewer .page canvas').first().waitFor({ timeout: 20_000 });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  GEOMETRY.pages.forEach((setup, index) => {
    const pageNumber = index + 1;
    test(`${setup.name} (page ${pageNumber}): the highlight of a citation quoting "${setup.phrase}" covers the phrase pdf.js draws`, async () => {
      const question = `What does ${setup.phrase} say?`;
      await page.getByRole('textbox', { name: 'Question' }).fill(question);
      await page.getByRole('textbox', { name: 'Question' }).press('Enter');
      const turn = page.getByRole('article', { name: new RegExp(`^Question: ${question.replace(/[?]/g, '\\?')}`) });
      await turn.getByText(/Extractive answer/).waitFor({ timeout: 20_000 });
      await turn
        .getByRole('button', { name: new RegExp(`^Citation .*, page ${pageNumber}$`) })
        .first()
        .click();

      const pageView = page.locator(`.pdfViewer .page[data-page-number="${pageNumber}"]`);
      const marks = pageView.locator('.citation-highlight');
      await marks.first().waitFor({ timeout: 15_000 });
      const [firstWord] = setup.phrase.split(' ');
      const span = pageView.locator('.textLayer span').filter({ hasText: firstWord! }).first();
      await span.waitFor({ timeout: 15_000 });
      // The first word's share of its span: a span may hold more than the phrase, monospaced fonts make the share exact.
      const phraseBox = await span.evaluate((el, phrase) => {
        const text = el.textContent ?? '';
        const at = text.indexOf(phrase);
        const range = (globalThis as unknown as PageGlobals).document.createRange();
        const node = el.firstChild!;
        range.setStart(node, Math.max(0, at));
        range.setEnd(node, at >= 0 ? at + phrase.length : text.length);
        const r = range.getBoundingClientRect();
        return { left: r.left, top: r.top, width: r.width, height: r.height };
      }, setup.phrase);
      assert.ok(phraseBox.width > 0 && phraseBox.height > 0, `pdf.js laid out "${setup.phrase}": ${JSON.stringify(phraseBox)}`);
      const markBoxes = await marks.evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return { left: r.left, top: r.top, width: r.width, height: r.height };
        }),
      );
      const best = Math.max(...markBoxes.map((m) => overlapShare(m, phraseBox)));
      assert.ok(
        best >= 0.5,
        `a highlight covers "${setup.phrase}" (best overlap ${(best * 100).toFixed(0)}% of the smaller box); phrase ${JSON.stringify(phraseBox)}, highlights ${JSON.stringify(markBoxes)}`,
      );
    });
  });

  test('the page logged no errors of its own', () => {
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});
