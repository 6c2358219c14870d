/**
 * Re-reading a library an older Lectern wrote, as the web app shows it in a real browser: a
 * polite bar with "Improving the text of N documents — k of N", a progress bar and Stop, then a
 * note to dismiss that lists what was left alone and why. A window that opens while the
 * re-read runs, or after it ended, shows it too ('library:rereadStatus'); Stop ends it early, leaving the documents
 * not reached as they were. Skipped, with the reason, where Chromium or the renderer build is missing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { INGEST_VERSION } from '../native/model/ingestVersion.js';
import { LIBRARY_FILE } from '../native/store/openLibraryDatabase.js';
import { makeBookPdf, makeManyPagesPdf, makeNoTextPdf } from './fixtures/makePdfs.js';
import { makeMarkdownFile, MARKDOWN } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';
import { rejectsCancelled } from './helpers/rejectsCancelled.js';

const missing = e2eSkipReason();

/** A library of `files` as an older ingest left it: imported, then marked as read by version 1 while no app has it open. */
async function makeOldLibrary(libraryDir: string, files: string[]): Promise<string[]> {
  const engine = openTestEngine(libraryDir);
  let ids: string[];
  try {
    const { documents } = await engine['library:ingest']({ paths: files });
    for (const d of documents) assert.ok(d.status === 'ingested' || d.status === 'needs-ocr', JSON.stringify(d));
    ids = documents.map((d) => d.id!);
  } finally {
    await engine.close();
  }
  const db = new Database(path.join(libraryDir, LIBRARY_FILE));
  try {
    assert.equal(db.prepare('UPDATE documents SET ingest_version = 1').run().changes, files.length);
  } finally {
    db.close();
  }
  return ids;
}

/**
 * Records, in the page, every text the re-read bar's live region shows and every value of its
 * progress bar, from now on: what the bar showed can be checked after it has gone, without timing.
 */
async function recordRereadBar(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__reread = { texts: [], values: [] };
    const note = () => {
      const live = document.querySelector('.reread-text');
      const text = live ? live.textContent : '';
      if (text && window.__reread.texts.at(-1) !== text) window.__reread.texts.push(text);
      const bar = document.querySelector('[role="progressbar"]');
      if (bar) window.__reread.values.push({ now: bar.getAttribute('aria-valuenow'), max: bar.getAttribute('aria-valuemax'), text: bar.getAttribute('aria-valuetext') });
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    note();
  })()`);
}

async function recorded(page: Page): Promise<{ texts: string[]; values: Array<{ now: string; max: string; text: string }> }> {
  return page.evaluate('window.__reread');
}

describe('re-reading an older library in Chromium', { skip: missing ?? false }, () => {
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  test('the re-read shows its progress in a polite bar, then a note naming the document whose file is gone, which Dismiss (by keyboard) puts away for good; a scan’s reader header says its pages need OCR', async () => {
    const work = makeTempDir('lectern-e2e-reread-');
    let app: WebApp | undefined;
    try {
      const libraryDir = path.join(work, 'library');
      const markdown = makeMarkdownFile(work);
      await makeOldLibrary(libraryDir, [await makeBookPdf(work), await makeManyPagesPdf(work, 'ledger.pdf', 90), await makeNoTextPdf(work), markdown]);
      fs.rmSync(markdown);
      app = await startWebApp(libraryDir);
      const { page, errors } = await openApp(browser, app);
      await page.getByRole('button', { name: `Open ${MARKDOWN.title}` }).waitFor({ timeout: 15_000 });
      await recordRereadBar(page);

      // What `lectern web` and the desktop app do after opening a library.
      void app.engine.backfillInBackground();
      const bar = page.getByRole('region', { name: 'Improving document text' });
      await bar.getByText('Improved the text of 3 documents.').waitFor({ timeout: 30_000 });

      const seen = await recorded(page);
      assert.ok(
        seen.texts.some((t) => /^Improving the text of 4 documents — [0-4] of 4/.test(t)),
        `the bar said what it was doing: ${JSON.stringify(seen.texts)}`,
      );
      assert.ok(
        seen.values.length > 0 && seen.values.every((v) => v.max === '4' && Number(v.now) <= 4 && v.text === `${v.now} of 4`),
        `the progress bar counted documents: ${JSON.stringify(seen.values)}`,
      );
      assert.equal(await bar.locator('.reread-text').getAttribute('aria-live'), 'polite');
      const skipped = bar.getByRole('list', { name: 'Documents left as they were' }).getByRole('listitem');
      assert.equal(await skipped.count(), 1);
      assert.match((await skipped.textContent()) ?? '', new RegExp(`^source file missing: ${MARKDOWN.title}`));
      assert.equal(await page.getByRole('progressbar').count(), 0, 'the progress bar goes when the re-read ends');
      assert.equal(app.engine.documents.outdated(INGEST_VERSION).length, 1, 'only the document without its file is still old');

      // A window opened after the end gets the same note from 'library:rereadStatus', with no event to go by.
      const late = await openApp(browser, app);
      const lateBar = late.page.getByRole('region', { name: 'Improving document text' });
      await lateBar.getByText('Improved the text of 3 documents.').waitFor({ timeout: 15_000 });
      assert.match((await lateBar.getByRole('listitem').textContent()) ?? '', new RegExp(`^source file missing: ${MARKDOWN.title}`));
      await late.page.context().close();

      await bar.getByRole('button', { name: /^Dismiss/ }).focus();
      await page.keyboard.press('Enter');
      await bar.waitFor({ state: 'detached' });
      await page.reload();
      await page.getByRole('button', { name: `Open ${MARKDOWN.title}` }).waitFor({ timeout: 15_000 });
      assert.equal((await app.engine['library:rereadStatus']()).result?.documents, 3, 'the engine still has the result to give');
      await page.locator('.reread-idle[data-status="known"]').waitFor({ state: 'attached' });
      assert.equal(await page.getByRole('region', { name: 'Improving document text' }).count(), 0, 'a dismissed note stays dismissed after a reload');

      // A scan's row and its reader header say the same about its text.
      const scan = (await app.engine['library:list']()).documents.find((d) => d.ocrPages > 0)!;
      assert.equal(scan.ocrPages, 3);
      const row = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: `Open ${scan.title}` }) });
      await row.getByText('3 pages need OCR').waitFor();
      await page.getByRole('button', { name: `Open ${scan.title}` }).click();
      await page.getByRole('toolbar', { name: 'Reader' }).getByText('3 pages need OCR').waitFor({ timeout: 15_000 });
      assert.deepEqual(unexpectedErrors(errors), []);
    } finally {
      await app?.close();
      removeDir(work);
    }
  });

  test('a window opened while the re-read runs shows how far it is, and Stop ends it with the rest left as they were', async () => {
    const work = makeTempDir('lectern-e2e-reread-stop-');
    let app: WebApp | undefined;
    try {
      const libraryDir = path.join(work, 'library');
      // Enough pages that the re-read is still going when the page has loaded: each file differs by its page count.
      const files = [await makeBookPdf(work)];
      for (let i = 0; i < 8; i++) files.push(await makeManyPagesPdf(work, `ledger-${i}.pdf`, 200 + i));
      await makeOldLibrary(libraryDir, files);
      app = await startWebApp(libraryDir, { pdfWorkers: 1 });
      const finished = app.engine['library:reread']({});
      finished.catch(() => {}); // it ends CANCELLED once Stop is pressed; checked below
      const { page, errors } = await openApp(browser, app);

      const progress = page.getByRole('progressbar', { name: 'Documents read again' });
      await progress.waitFor({ timeout: 15_000 });
      assert.equal(await progress.getAttribute('aria-valuemax'), String(files.length));
      const bar = page.getByRole('region', { name: 'Improving document text' });
      assert.match((await bar.locator('.reread-text').textContent()) ?? '', new RegExp(`^Improving the text of ${files.length} documents — \\d+ of ${files.length}`));

      await bar.getByRole('button', { name: /^Stop/ }).click();
      // The page stops the re-read the engine started by aborting a request that joined it: this request ends CANCELLED too.
      const result = await rejectsCancelled(finished, 'library:reread');
      assert.ok(result, 'the CANCELLED error carries what was re-read');
      assert.equal(result.cancelled, true, 'the re-read was stopped before the end');
      const left = app.engine.documents.outdated(INGEST_VERSION).length;
      assert.ok(left > 0, 'documents not reached keep their earlier text');
      assert.equal(result.documents + left, files.length, 'every document is either read again or left as it was');

      await bar.getByText(new RegExp(`^Improved the text of ${result.documents} documents?\\.|^No document was read again\\.`)).waitFor({ timeout: 15_000 });
      await bar.getByText(new RegExp(`Stopped: ${left} documents? keeps? the earlier text`)).waitFor();
      assert.equal(await progress.count(), 0);
      assert.deepEqual(unexpectedErrors(errors), []);
    } finally {
      await app?.close();
      removeDir(work);
    }
  });
});
