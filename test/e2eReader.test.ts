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
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addPageLabels } from './fixtures/addPageLabels.js';
import { makeEpub } from './fixtures/makeEpub.js';
import { BOOK, makeBookPdf } from './fixtures/makePdfs.js';
import { NARRATIVE_BANK, SentenceMaker } from './fixtures/seededText.js';
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
  // Strings run in the page (this project is compiled without the DOM's types).
  return page.evaluate(`({ page: document.querySelector('.pdfViewer .page').getBoundingClientRect().width, view: document.querySelector('.pdf-container').clientWidth })`);
}

/** The id of the element with the keyboard focus. */
function focusedId(page: Page): Promise<string | undefined> {
  return page.evaluate('document.activeElement?.id');
}

function focusedText(page: Page): Promise<string | undefined> {
  return page.evaluate('document.activeElement?.textContent');
}

/** Waits until the page box shows `n`. */
function pageBoxShows(page: Page, n: number): Promise<void> {
  return until(page, `document.querySelector('input[aria-label="Page number"]')?.value === '${n}'`, 10_000);
}

/**
 * Waits until `expression`, evaluated in the page, is true. Polled from here: Playwright's own
 * waitForFunction compiles a string with eval in the page, which the app's CSP refuses.
 */
async function until(page: Page, expression: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
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
    await until(page, `document.activeElement?.id === 'document-view'`, 5_000);
    assert.equal(await page.getByRole('button', { name: 'Fit width' }).getAttribute('aria-pressed'), 'true');
    const { page: pageWidth, view } = await pageAndView(page);
    console.log(`1024×700: page column ${view} px, fitted page ${Math.round(pageWidth)} px`);
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
    await until(page, `window.location.hash === '#/doc/${documentId}?page=9'`, 5_000);
    assert.equal(await page.getByText(`printed ${labels[8]}`).count(), 1);
    await page.reload();
    await page.locator('.pdfViewer .page canvas').first().waitFor({ timeout: 20_000 });
    await pageBoxShows(page, 9);
  });

  test('the place read is saved: the library shows the percent read and "Continue reading" opens the document at that page', async () => {
    await pageBox(page).fill('14');
    await pageBox(page).press('Enter');
    // Saved a moment after the reader stops; the engine is asked directly, not the page.
    await waitFor(async () => (await app.engine.invoke('reading:get', { user: 'default', documentId })).progress?.page === 14, 'the place to be saved');
    const { progress } = await app.engine.invoke('reading:get', { user: 'default', documentId });
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Library' }).click();
    const row = page.getByRole('region', { name: 'Continue reading' });
    const card = row.getByRole('button', { name: new RegExp(`^${BOOK.title}.*page 14 · ${Math.round(progress!.percent)}% read`) });
    await card.waitFor({ timeout: 5_000 });
    assert.ok(progress!.percent > 0 && progress!.percent < 100, `percent ${progress!.percent}`);
    assert.match((await page.locator('.document-progress').first().textContent()) ?? '', new RegExp(`${Math.round(progress!.percent)}% read`));
    await shoot(page, 'library-1024x700');
    await card.click();
    await pageBoxShows(page, 14);
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

  test('from the document a few Tabs reach the question box, / jumps there, and the skip links come first in the page', async () => {
    await page.locator('#document-view').focus();
    let tabs = 0;
    const stops: string[] = [];
    while ((await focusedId(page)) !== 'question' && tabs < 30) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(`(document.activeElement?.getAttribute('aria-label') || document.activeElement?.textContent || '').slice(0, 30)`));
      tabs++;
    }
    console.log(stops.join(' | '));
    console.log(`Tab presses from the document to the question box: ${tabs}`);
    assert.ok(tabs <= 6, `${tabs} Tab presses from the document to the question box`);
    await page.locator('#document-view').focus();
    await page.keyboard.press('/');
    assert.equal(await focusedId(page), 'question');
    // The skip links are the page's first stops: Shift+Tab from the bar's brand (nothing focusable before it but them) reaches them.
    await page.locator('.brand').click();
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedText(page), 'Skip to question');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedText(page), 'Skip to document');
    await page.keyboard.press('Enter');
    assert.equal(await focusedId(page), 'document-view');
    await page.locator('.brand').click();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    assert.equal(await focusedId(page), 'question');
    assert.match((await page.locator('#question').getAttribute('placeholder')) ?? '', /\//, 'the shortcut is shown in the box');
  });

  test('a search hit opens with its sentence highlighted, and the page box shows the page the highlight is on', async () => {
    await page.keyboard.press('Control+K');
    await page.keyboard.type('brass orrery stopped seventeen minutes past four');
    const results = page.getByRole('list', { name: 'Search results' });
    await results.getByRole('button').first().waitFor({ timeout: 15_000 });
    await page.getByRole('searchbox', { name: 'Search the library' }).press('ArrowDown');
    assert.equal(await page.evaluate(`document.activeElement?.classList.contains('result')`), true, 'Down from the box reaches the first result');
    await page.keyboard.press('Enter');
    const mark = page.locator('.citation-highlight').first();
    await mark.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(400); // the view settles after the jump
    const markPage = await mark.evaluate((el) => el.closest('.page')?.getAttribute('data-page-number'));
    assert.equal(await pageBox(page).inputValue(), markPage);
  });

  test('folding the Ask panel gives the page its width and stays folded after a reload; the fitted page follows', async () => {
    const before = await pageAndView(page);
    await page.getByRole('toolbar', { name: 'Reader' }).getByRole('button', { name: 'Ask panel' }).click();
    await page.getByRole('complementary', { name: 'Ask' }).waitFor({ state: 'detached' });
    await until(page, `document.querySelector('.pdf-container').clientWidth > ${before.view + 200}`);
    await until(page, `document.querySelector('.pdfViewer .page').getBoundingClientRect().width >= document.querySelector('.pdf-container').clientWidth - 40`);
    await page.reload();
    await page.locator('.pdfViewer .page canvas').first().waitFor({ timeout: 20_000 });
    assert.equal(await page.getByRole('complementary', { name: 'Ask' }).count(), 0);
    await page.keyboard.press('/');
    await page.getByRole('textbox', { name: 'Question' }).waitFor();
    assert.equal(await focusedId(page), 'question', '/ opens the folded panel and focuses the box');
  });

  test('at 1920×1080 every panel is open beside a page at a readable size', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByRole('toolbar', { name: 'Reader' }).getByRole('button', { name: 'Sections' }).click();
    await page.getByRole('tablist', { name: 'Sidebar' }).waitFor();
    await page.getByRole('button', { name: 'Fit page' }).click();
    await page.waitForTimeout(300);
    const { view } = await pageAndView(page);
    console.log(`1920×1080 (sections and Ask open, fit page): page column ${view} px`);
    assert.ok(view >= 1200, `the page column is ${view} px wide at 1920×1080`);
    await shoot(page, 'reader-1920x1080');
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});

describe('a book (EPUB) reopened where it was left', { skip: missing ?? false }, () => {
  test('the chapter and the place in it are saved while reading, and "Continue reading" comes back to both', async () => {
    const work = makeTempDir('lectern-e2e-reader-book-');
    const app = await startWebApp(path.join(work, 'library'));
    const browser = await launchChromium();
    try {
      const text = new SentenceMaker(31, NARRATIVE_BANK);
      const chapter = (title: string) => `<h1>${title}</h1>${Array.from({ length: 24 }, () => `<p>${text.paragraph(90)}</p>`).join('')}`;
      const book = path.join(work, 'keeper.epub');
      const titles = ['The Lamp', 'The Daughter', 'The Storm'];
      fs.writeFileSync(
        book,
        await makeEpub({
          version: 3,
          title: 'The Keeper of Leith',
          author: 'Ada Lowell',
          chapters: titles.map((t, i) => ({ file: `c${i + 1}.xhtml`, label: t, body: chapter(t) })),
        }),
      );
      const { page, errors } = await openApp(browser, app, { viewport: { width: 1024, height: 700 } });
      await page.getByLabel('Files to import').setInputFiles(book);
      await page.getByRole('button', { name: 'Open The Keeper of Leith' }).click({ timeout: 60_000 });
      await page.locator('.reflow-text p').first().waitFor({ timeout: 20_000 });
      await pageBox(page).fill('2');
      await pageBox(page).press('Enter');
      await page.getByRole('heading', { name: 'The Daughter' }).waitFor();
      await page.locator('.reflow-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
      const documentId = (await app.engine.invoke('library:list', {})).documents[0]!.id;
      await waitFor(async () => ((await app.engine.invoke('reading:get', { user: 'default', documentId })).progress?.position ?? 0) > 0.3, 'the place in chapter 2 to be saved');
      const { progress } = await app.engine.invoke('reading:get', { user: 'default', documentId });
      assert.equal(progress?.page, 2);
      assert.ok(progress!.percent > 33 && progress!.percent < 67, `halfway through chapter 2 of 3 is ${progress!.percent}% of the book`);

      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Library' }).click();
      await page
        .getByRole('region', { name: 'Continue reading' })
        .getByRole('button', { name: /^The Keeper of Leith.*chapter 2/ })
        .click();
      await page.getByRole('heading', { name: 'The Daughter' }).waitFor();
      await until(page, `(() => { const el = document.querySelector('.reflow-scroll'); return el && el.scrollTop / el.scrollHeight > 0.3; })()`);
      assert.deepEqual(unexpectedErrors(errors), []);
    } finally {
      await browser.close();
      await app.close();
      removeDir(work);
    }
  });
});

describe('a question about the library asked before any document is open', { skip: missing ?? false }, () => {
  test('a suggestion chosen in the library answers in a reader that gives the answer the window, not a side column', async () => {
    const work = makeTempDir('lectern-e2e-reader-empty-');
    const app = await startWebApp(path.join(work, 'library'));
    const browser = await launchChromium();
    try {
      const { page, errors } = await openApp(browser, app, { viewport: { width: 1024, height: 700 } });
      await page.getByLabel('Files to import').setInputFiles(await makeBookPdf(work));
      await page.getByRole('button', { name: `Open ${BOOK.title}` }).waitFor({ timeout: 60_000 });
      const card = page.getByRole('region', { name: 'Suggested questions' }).locator('.suggestion-ask').first();
      await card.waitFor({ timeout: 20_000 });
      await card.click();
      await page
        .getByText(/Extractive answer/)
        .first()
        .waitFor({ timeout: 20_000 });
      assert.equal(await page.locator('.pdfViewer').count(), 0, 'no document was opened');
      const width = await page.getByRole('complementary', { name: 'Ask' }).evaluate((el) => el.getBoundingClientRect().width);
      assert.ok(width >= 700, `the Ask panel is ${width} px wide in a 1024 px window`);
      await shoot(page, 'library-question-1024x700');
      assert.deepEqual(unexpectedErrors(errors), []);
    } finally {
      await browser.close();
      await app.close();
      removeDir(work);
    }
  });
});

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
