/**
 * End to end in a real browser: headless Chromium (Debian's) drives the built renderer
 * in web mode against the real engine on a temporary library. Skipped, with the reason,
 * where Chromium or the renderer build is missing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeContractPdf, makeTruncatedPdf } from './fixtures/makePdfs.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the page');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the web app in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let contract: string;
  let broken: string;

  before(async () => {
    work = makeTempDir('lectern-e2e-');
    contract = await makeContractPdf(work);
    broken = await makeTruncatedPdf(work);
    app = await startWebApp(path.join(work, 'library'));
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('a PDF imported through the file picker shows its progress and finishes in the library', async () => {
    await page.getByRole('button', { name: 'Import files…' }).waitFor();
    await page.getByLabel('Files to import').setInputFiles(contract);
    await page.getByRole('button', { name: /^Open MASTER SERVICES AGREEMENT/i }).waitFor({ timeout: 30_000 });
    assert.equal((await app.engine['library:list']()).documents.length, 1);
  });

  test('a broken file shows its error while the library stays usable', async () => {
    await page.getByLabel('Files to import').setInputFiles(broken);
    const alert = page.getByRole('alert').filter({ hasText: /incomplete/i });
    await alert.waitFor({ timeout: 20_000 });
    assert.equal((await app.engine['library:list']()).documents.length, 1, 'nothing of the broken file was stored');
    await page.getByRole('button', { name: /^Open MASTER SERVICES AGREEMENT/i }).waitFor();
  });

  test('library search finds the clause as you type and opens the document at the hit', async () => {
    await page.keyboard.press('Control+K');
    await page.keyboard.type('governing law Delaware');
    const hit = page.getByRole('list', { name: 'Search results' }).getByRole('button').first();
    await hit.waitFor();
    assert.match((await hit.textContent()) ?? '', /Delaware/);
    await hit.click();
    await page.locator('.pdfViewer .page canvas').first().waitFor({ timeout: 20_000 });
    await page.locator('.textLayer span').first().waitFor();
  });

  test('the reader moves between pages and sections', async () => {
    const pageNumber = page.getByRole('textbox', { name: 'Page number' });
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: /Definitions/ })
      .first()
      .click();
    await until(async () => (await pageNumber.inputValue()) === '2');
    await page.getByRole('button', { name: 'Next page' }).click();
    await until(async () => (await pageNumber.inputValue()) === '3');
    assert.equal(await pageNumber.inputValue(), '3');
  });

  test('find in document (Ctrl+F) counts the matches and moves between them', async () => {
    await page.keyboard.press('Control+F');
    const box = page.getByRole('search', { name: 'Find in document' }).getByRole('searchbox', { name: 'Find in document' });
    await box.fill('Party');
    await box.press('Enter');
    const status = page.getByRole('search', { name: 'Find in document' }).getByText(/^\d+ of \d+$/);
    await status.waitFor({ timeout: 15_000 });
    const [, total] = ((await status.textContent()) ?? '').match(/of (\d+)/) ?? [];
    assert.ok(Number(total) > 1, `matches: ${await status.textContent()}`);
    await page.getByRole('button', { name: 'Next match' }).click();
    await page.getByRole('button', { name: 'Close find' }).click();
  });

  test('an extractive answer is labelled, and clicking its citation draws the quote on the cited page', async () => {
    await page.getByRole('textbox', { name: 'Question' }).fill('Which law governs this agreement?');
    await page.getByRole('textbox', { name: 'Question' }).press('Enter');
    await page
      .getByText(/Extractive answer/)
      .first()
      .waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: /^Citation P1/ }).click();
    const mark = page.locator('.citation-highlight').first();
    await mark.waitFor({ timeout: 10_000 });
    const pageNumber = await mark.evaluate((el) => el.closest('.page')?.getAttribute('data-page-number'));
    const docId = (await app.engine['library:list']()).documents[0]!.id;
    const passages = (await app.engine['library:passages']({ id: docId })).passages;
    const cited = passages.find((p) => p.text.includes('State of Delaware'))!;
    assert.equal(Number(pageNumber), cited.page, 'the highlight is on the page of the cited passage');
  });

  test('after a reload the library and the conversation are still there', async () => {
    await page.reload(); // back to the reader, at the page being read
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: /^Open MASTER SERVICES AGREEMENT/i }).waitFor({ timeout: 20_000 });
    const docId = (await app.engine['library:list']()).documents[0]!.id;
    assert.ok((await app.engine['qa:conversations']({ documentId: docId })).conversations.length >= 1);
    await page.screenshot({ path: path.join(work, 'after-reload.png') });
  });

  test('removing a document asks first and can be undone', async () => {
    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'Remove MASTER SERVICES AGREEMENT' }).click();
    await page.getByRole('group', { name: 'Confirm removing MASTER SERVICES AGREEMENT' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: /^Open MASTER SERVICES AGREEMENT/i }).waitFor();
    // The undo bar goes with the undo: the store cancelled the removal (test/unit/renderer/stores/libraryStore.test.ts proves the timer never fires).
    await page.getByRole('button', { name: 'Undo' }).waitFor({ state: 'detached' });
    assert.equal((await app.engine['library:list']()).documents.length, 1, 'undo kept the document');
    await page.getByRole('button', { name: 'Remove MASTER SERVICES AGREEMENT' }).click();
    await page.getByRole('group', { name: 'Confirm removing MASTER SERVICES AGREEMENT' }).getByRole('button', { name: 'Remove' }).click();
    const deadline = Date.now() + 15_000;
    while ((await app.engine['library:list']()).documents.length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal((await app.engine['library:list']()).documents.length, 0, 'the document was removed once the undo window passed');
  });

  test('the page logged no errors of its own', () => {
    const unexpected = unexpectedErrors(errors);
    assert.deepEqual(unexpected, []);
  });
});
