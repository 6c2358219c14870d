/**
 * Citations keep their source and the reader's place, in a real browser with no model (the
 * extractive path every new reader meets first): a whole-library answer names each quote's
 * document and page, grouped by document; following a citation from a 12-page contract to page 17 of a 60-page
 * ledger keeps the conversation, logs no pdf.js page error, and scrolls the highlight clear
 * of the bars above the pages; a conversation picked again from the list draws its highlight;
 * a search hit opened in the reader highlights its passage. Skipped, with the reason, where
 * Chromium or the renderer build is missing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CONTRACT, makeContractPdf, makeManyPagesPdf } from './fixtures/makePdfs.js';
import { MARKDOWN, makeMarkdownFile } from './fixtures/makeTextFiles.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();
const LEDGER = 'Harbour Ledger Extracts';
const QUESTION = 'What does ledger entry 18 record?';
/**
 * A chip of the ledger, with its page: the one its quote starts on (ledger entry 18's sentence starts on page 17).
 * Its name holds the chip's own text (short title · p. N) first, then the full title and page.
 */
const LEDGER_CHIP = new RegExp(`^Citation P\\d+, .*${LEDGER}, page (\\d+)$`);

/** Waits for a highlight mark drawn on page `pageNumber` (pdf.js may redraw a page, so the mark is looked for there, not followed). */
async function markOnPage(page: Page, pageNumber: string | number): Promise<void> {
  await page.locator(`.page[data-page-number="${pageNumber}"] .citation-highlight`).first().waitFor({ timeout: 20_000 });
}

/** The bottom of the lowest bar over the pages and the top of the first highlight mark, in viewport pixels. */
async function highlightClearance(page: Page): Promise<{ barsBottom: number; markTop: number; viewBottom: number }> {
  const mark = page.locator('.citation-highlight').first();
  await mark.waitFor({ timeout: 15_000 });
  // Settled: pdf.js renders the page in view after the scroll.
  await page.waitForTimeout(300);
  const markBox = (await mark.boundingBox())!;
  const stripBox = (await page.locator('.reader-main .suggestions').boundingBox())!;
  const viewBox = (await page.locator('.pdf-container').boundingBox())!;
  return { barsBottom: Math.max(stripBox.y + stripBox.height, viewBox.y), markTop: markBox.y, viewBottom: viewBox.y + viewBox.height };
}

describe('citations that keep their source and the reader’s place, in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  before(async () => {
    work = makeTempDir('lectern-e2e-citations-');
    app = await startWebApp(path.join(work, 'library'));
    await app.engine['library:ingest']({ paths: [await makeContractPdf(work), await makeManyPagesPdf(work)] });
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
    await page.getByRole('button', { name: new RegExp(`^Open ${CONTRACT.title}`, 'i') }).click();
    await page.locator('.pdf-container .page').first().waitFor({ timeout: 20_000 });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('a whole-library answer names the document and page on each chip, groups quotes by document, and says once that it is extractive', async () => {
    await page.getByRole('radio', { name: 'Whole library' }).check();
    await page.getByRole('textbox', { name: 'Question' }).fill(QUESTION);
    await page.getByRole('textbox', { name: 'Question' }).press('Enter');
    const turn = page.getByRole('article', { name: `Question: ${QUESTION}` });
    await turn.getByText(/Extractive answer/).waitFor({ timeout: 30_000 });
    await turn.getByRole('button', { name: LEDGER_CHIP }).first().waitFor();
    const chips = await turn.locator('button.citation').allTextContents();
    assert.ok(chips.length > 1 && chips.every((c) => /^(⚠ )?.+ · p\. \d+$/.test(c)), `every chip names a title and a page: ${chips.join(' | ')}`);
    assert.ok(chips.includes(`${LEDGER} · p. 17`), chips.join(' | '));
    // This answer quotes the ledger and the contract: a heading for each, the quotes under their own.
    assert.deepEqual(await turn.getByRole('heading').allTextContents(), [LEDGER, CONTRACT.title]);
    assert.ok((await turn.getByText('Related passage:').count()) >= 1, 'related passages are labelled as such');
    assert.equal(await page.getByText(/no model loaded/i).count(), 1, 'one notice per answer says there is no model');
  });

  test('following the citation into the 60-page ledger keeps the conversation, logs no page error, and shows the quote below the bars', async () => {
    const turn = page.getByRole('article', { name: `Question: ${QUESTION}` });
    const chip = turn.getByRole('button', { name: LEDGER_CHIP }).first();
    const cited = Number(LEDGER_CHIP.exec((await chip.getAttribute('aria-label'))!)![1]);
    const contractPages = (await app.engine['library:list']()).documents.find((d) => d.title === CONTRACT.title)!.pages;
    assert.ok(cited > contractPages, `the cited page ${cited} is beyond the open contract's ${contractPages} pages`);
    await chip.click();
    await markOnPage(page, String(cited));
    const { barsBottom, markTop, viewBottom } = await highlightClearance(page);
    assert.ok(markTop >= barsBottom && markTop < viewBottom, `the highlight (top ${markTop}) is below the bars (bottom ${barsBottom}) and in view (to ${viewBottom})`);
    await turn.waitFor(); // the answer is still shown
    assert.notEqual(await page.getByRole('combobox', { name: 'Conversation' }).inputValue(), '', 'the panel did not fall back to "New conversation"');
    assert.deepEqual(
      unexpectedErrors(errors).filter((e) => /is not a valid page/.test(e)),
      [],
    );
  });

  test('a conversation picked again from the list draws its highlight', async () => {
    await page.reload(); // back to the reader, at the page being read
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: `Open ${LEDGER}` }).click();
    await page.locator('.pdf-container .page').first().waitFor({ timeout: 20_000 });
    const select = page.getByRole('combobox', { name: 'Conversation' });
    await select.locator('option', { hasText: QUESTION }).waitFor({ state: 'attached', timeout: 15_000 });
    const value = await select.locator('option', { hasText: QUESTION }).getAttribute('value');
    await select.selectOption(value!);
    const turn = page.getByRole('article', { name: `Question: ${QUESTION}` });
    const chip = turn.getByRole('button', { name: LEDGER_CHIP }).first();
    const cited = LEDGER_CHIP.exec((await chip.getAttribute('aria-label', { timeout: 15_000 }))!)![1]!;
    await chip.click();
    await markOnPage(page, cited);
    const { barsBottom, markTop } = await highlightClearance(page);
    assert.ok(markTop >= barsBottom, `restored highlight top ${markTop} below the bars ${barsBottom}`);
  });

  test('a search hit opened in the reader highlights its passage on its page', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Library' }).click();
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('ledger entry 27');
    await page.getByRole('button', { name: new RegExp(`^${LEDGER} · page 27\\b`) }).click();
    await markOnPage(page, '27');
  });

  test('a search hit in a text document marks the sentence that matched, below the bars', async () => {
    await app.engine['library:ingest']({ paths: [makeMarkdownFile(work)] });
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Library' }).click();
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('nudibranch grazed sponge');
    await page
      .getByRole('button', { name: new RegExp(`^${MARKDOWN.title} · page \\d+`) })
      .first()
      .click();
    const mark = page.locator('.text-highlight');
    await mark.waitFor({ timeout: 15_000 });
    assert.equal(await mark.textContent(), MARKDOWN.planted);
    const markBox = (await mark.boundingBox())!;
    const strip = (await page.locator('.reader-main .suggestions').boundingBox())!;
    assert.ok(markBox.y >= strip.y + strip.height, `the mark (top ${markBox.y}) is below the strip (bottom ${strip.y + strip.height})`);
  });

  test('the page logged no errors of its own', () => {
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});
