/**
 * The reader as a person lives in it, in Chromium: a book PDF with printed page labels opens fitted
 * to a 1024×700 window with the page given the room, focus in the document; the URL names the page
 * so a reload comes back to it; the place is saved and offered under "Continue reading"; spoiler-free
 * mode says what the assistant sees; skip links and `/` reach the question box in a few keys; the
 * page box follows a highlighted line; panels fold away and stay folded. Screenshots at 1024×700 and
 * 1920×1080 go to $LECTERN_SCREENSHOTS when it is set. Skipped, with the reason, where Chromium or
 * the renderer build is missing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addPageLabels } from './fixtures/addPageLabels.js';
import { BOOK, makeBookPdf } from './fixtures/makePdfs.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();
const SHOTS = process.env.LECTERN_SCREENSHOTS ?? null;
const FRONT_MATTER = 4;

async function shoot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** The page number in the toolbar's box. */
function pageBox(page: Page) {
  return page.getByRole('textbox', { name: 'Page number' });
}

/** The width of the first page drawn, and of the scrolling view it sits in. */
function pageAndView(page: Page): Promise<{ page: number; view: number }> {
  return page.evaluate(() => ({
    page: document.querySelector('.pdfViewer .page')!.getBoundingClientRect().width,
    view: document.querySelector('.pdf-container')!.clientWidth,
  }));
}

describe('the reader in Chromium: room, place, keyboard', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let pdf: string;
  let labels: string[];
  let documentId: string;

  before(async () => {
    work = makeTempDir('lectern-e2e-reader-');
    pdf = path.join(work, 'almanac.pdf');
    labels = await addPageLabels(await makeBookPdf(work, 'plain.pdf'), pdf, FRONT_MATTER);
    app = await startWebApp(path.join(work, 'library'));
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app, { viewport: { width: 1024, height: 700 } }));
    await page.getByLabel('Files to import').setInputFiles(pdf);
    await page.getByRole('button', { name: `Open ${BOOK.title}` }).waitFor({ timeout: 60_000 });
    documentId = (await app.engine.invoke('library:list', {})).documents[0]!.id;
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('at 1024×700 a PDF opens fitted to the width, the sections folded, the page given most of the window, and focus in the document', async () => {
    await page.getByRole('button', { name: `Open ${BOOK.title}` }).click();
    await page.locator('.pdfViewer .page canvas').first().waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => document.activeElement?.id === 'document-view', undefined, { timeout: 5_000 });
    assert.equal(await page.getByRole('button', { name: 'Fit width' }).getAttribute('aria-pressed'), 'true');
    const { page: pageWidth, view } = await pageAndView(page);
    assert.ok(view >= 600, `the page column is ${view} px wide at 1024×700`);
    assert.ok(pageWidth <= view && pageWidth >= view - 40, `a fitted page (${pageWidth} px) fills the view (${view} px)`);
    assert.equal(await page.getByRole('tablist', { name: 'Sidebar' }).count(), 0, 'the sections start folded in a narrow window');
    await shoot(page, 'reader-1024x700');
  });

  test('the printed page label shows beside the page index, and the URL names the document and page so a reload returns to it', async () => {
    await pageBox(page).fill('3');
    await pageBox(page).press('Enter');
    await page.getByText(`printed ${labels[2]}`).waitFor();
    await pageBox(page).fill('9');
    await pageBox(page).press('Enter');
    await page.waitForFunction((id) => window.location.hash === `#/doc/${id}?page=9`, documentId, { timeout: 5_000 });
    assert.equal(await page.getByText(`printed ${labels[8]}`).count(), 1);
    await page.reload();
    await page.locator('.pdfViewer .page canvas').first().waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => (document.querySelector('input[aria-label="Page number"]') as HTMLInputElement | null)?.value === '9', undefined, { timeout: 10_000 });
  });

  test('the place read is saved: the library shows the percent read and "Continue reading" opens the document at that page', async () => {
    await pageBox(page).fill('14');
    await pageBox(page).press('Enter');
    // Saved a moment after the reader stops; the engine is asked directly, not the page.
    await waitFor(async () => (await app.engine.invoke('reading:get', { user: 'default', documentId })).progress?.page === 14, 'the place to be saved');
    const { progress } = await app.engine.invoke('reading:get', { user: 'default', documentId });
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Library' }).click();
    const row = page.getByRole('region', { name: 'Continue reading' });
    const card = row.getByRole('button', { name: new RegExp(`^${BOOK.title}.*page 14 · ${progress!.percent}% read`) });
    await card.waitFor({ timeout: 5_000 });
    assert.ok(progress!.percent > 0 && progress!.percent < 100, `percent ${progress!.percent}`);
    assert.match((await page.locator('.document-progress').first().textContent()) ?? '', new RegExp(`${progress!.percent}% read`));
    await shoot(page, 'library-1024x700');
    await card.click();
    await page.waitForFunction(() => (document.querySelector('input[aria-label="Page number"]') as HTMLInputElement | null)?.value === '14', undefined, { timeout: 10_000 });
  });

  test('spoiler-free mode is one toggle, and while on the Ask panel says which pages the assistant sees and lets the reader set the last one', async () => {
    await page.getByRole('button', { name: 'Spoiler-free' }).click();
    const banner = page.getByRole('region', { name: 'Spoiler-free mode' });
    await banner.getByText('the assistant sees pages 1–14').waitFor({ timeout: 5_000 });
    await banner.getByRole('textbox', { name: /Up to page/ }).fill('10');
    await banner.getByRole('button', { name: 'Set' }).click();
    await banner.getByText('the assistant sees pages 1–10').waitFor({ timeout: 5_000 });
    const { progress } = await app.engine.invoke('reading:get', { user: 'default', documentId });
    assert.deepEqual([progress?.spoilerFree, progress?.spoilerLimitPage], [true, 10]);
    await banner.getByRole('button', { name: 'Turn off' }).click();
    await banner.waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await page.getByRole('button', { name: 'Spoiler-free' }).getAttribute('aria-pressed'), 'false');
  });

  test('from the top of the reader, two Tabs and Enter reach the question box (skip link), and / comes back to it from the page', async () => {
    await page.locator('#document-view').focus();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'question');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to document');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to question');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'question');
    assert.match((await page.locator('#question').getAttribute('placeholder')) ?? '', /\//, 'the shortcut is shown in the box');
  });

  test('a search hit opens with its sentence highlighted, and the page box shows the page the highlight is on', async () => {
    await page.keyboard.press('Control+K');
    await page.keyboard.type('brass orrery stopped seventeen minutes past four');
    const results = page.getByRole('list', { name: 'Search results' });
    await results.getByRole('button').first().waitFor({ timeout: 15_000 });
    await page.getByRole('searchbox', { name: 'Search the library' }).press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('result')), true, 'Down from the box reaches the first result');
    await page.keyboard.press('Enter');
    const mark = page.locator('.citation-highlight').first();
    await mark.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(400); // the view settles after the jump
    const markPage = await mark.evaluate((el) => (el.closest('.page') as HTMLElement).dataset.pageNumber);
    assert.equal(await pageBox(page).inputValue(), markPage);
  });

  test('folding the Ask panel gives the page its width and stays folded after a reload; the fitted page follows', async () => {
    const before = await pageAndView(page);
    await page.getByRole('toolbar', { name: 'Reader' }).getByRole('button', { name: 'Ask', exact: true }).click();
    await page.getByRole('complementary', { name: 'Ask' }).waitFor({ state: 'detached' });
    await page.waitForFunction((w) => document.querySelector('.pdf-container')!.clientWidth > w + 200, before.view);
    await page.waitForFunction(() => {
      const p = document.querySelector('.pdfViewer .page')!.getBoundingClientRect().width;
      return p >= document.querySelector('.pdf-container')!.clientWidth - 40;
    });
    await page.reload();
    await page.locator('.pdfViewer .page canvas').first().waitFor({ timeout: 20_000 });
    assert.equal(await page.getByRole('complementary', { name: 'Ask' }).count(), 0);
    await page.keyboard.press('/');
    await page.getByRole('textbox', { name: 'Question' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'question', '/ opens the folded panel and focuses the box');
  });

  test('at 1920×1080 every panel is open beside a page at a readable size', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByRole('toolbar', { name: 'Reader' }).getByRole('button', { name: 'Sections' }).click();
    await page.getByRole('tablist', { name: 'Sidebar' }).waitFor();
    await page.getByRole('button', { name: 'Fit page' }).click();
    await page.waitForTimeout(300);
    const { view } = await pageAndView(page);
    assert.ok(view >= 1200, `the page column is ${view} px wide at 1920×1080`);
    await shoot(page, 'reader-1920x1080');
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
