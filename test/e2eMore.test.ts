/**
 * More of the web app in a real browser: importing by drag and drop, sorting and filtering the
 * library, "Ask about this" on a selection in the PDF, asking about chosen documents only, and a
 * Markdown document in the reader. Skipped, with the reason, where Chromium or the renderer build
 * is missing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeTablePdf, TABLE } from './fixtures/makePdfs.js';
import { makeMarkdownFile, makePlainTextFile, MARKDOWN, PLAIN_TEXT } from './fixtures/makeTextFiles.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();

/** The few browser globals the page functions below use (the tests compile without the DOM library). */
interface PageGlobals {
  DataTransfer: new () => { items: { add(file: unknown): unknown } };
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
  DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => { defaultPrevented: boolean };
  MouseEvent: new (type: string, init: { bubbles: boolean }) => unknown;
  atob(data: string): string;
  dispatchEvent(event: unknown): boolean;
  document: { createRange(): { selectNodeContents(node: unknown): void } };
  getSelection(): { removeAllRanges(): void; addRange(range: unknown): void } | null;
}

const TABLE_TITLE = new RegExp(`^Open ${TABLE.title}`, 'i');

describe('more of the web app in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let tablePdf: string;

  before(async () => {
    work = makeTempDir('lectern-e2e-more-');
    tablePdf = await makeTablePdf(work);
    app = await startWebApp(path.join(work, 'library'));
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('a PDF dropped onto the window is imported into the library', async () => {
    await page.getByRole('button', { name: 'Import files…' }).waitFor();
    const base64 = fs.readFileSync(tablePdf).toString('base64');
    const dataTransfer = await page.evaluateHandle((b64) => {
      const w = globalThis as unknown as PageGlobals;
      const bytes = Uint8Array.from(w.atob(b64), (c) => c.charCodeAt(0));
      const dt = new w.DataTransfer();
      dt.items.add(new w.File([bytes], 'table.pdf', { type: 'application/pdf' }));
      return dt;
    }, base64);
    await page.evaluate((dt) => {
      const w = globalThis as unknown as PageGlobals;
      w.dispatchEvent(new w.DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, dataTransfer);
    await page.getByRole('status').filter({ hasText: 'Drop PDF, text or Markdown files to import them' }).waitFor();
    const accepted = await page.evaluate((dt) => {
      const w = globalThis as unknown as PageGlobals;
      const over = new w.DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true });
      w.dispatchEvent(over);
      const drop = new w.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
      w.dispatchEvent(drop);
      return { over: over.defaultPrevented, drop: drop.defaultPrevented };
    }, dataTransfer);
    assert.deepEqual(accepted, { over: true, drop: true }, 'the window accepts the drop (and the browser does not open the file)');
    await page.getByRole('button', { name: TABLE_TITLE }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByText('Drop PDF, text or Markdown files to import them').count(), 0, 'the overlay is gone');
    const { documents } = await app.engine['library:list']();
    assert.equal(documents.length, 1);
    assert.equal(documents[0]!.format, 'pdf');
  });

  test('the title filter narrows the library, and sorting by title orders it alphabetically', async () => {
    await app.engine['library:ingest']({ paths: [makePlainTextFile(work), makeMarkdownFile(work)] });
    const list = page.getByRole('list', { name: 'Documents' });
    const titles = async () => (await list.getByRole('button', { name: /^Open / }).allTextContents()).map((t) => t.trim());
    await list.getByRole('button', { name: `Open ${MARKDOWN.title}` }).waitFor({ timeout: 15_000 });
    await list.getByRole('button', { name: `Open ${PLAIN_TEXT.title}` }).waitFor({ timeout: 15_000 });
    assert.equal((await titles()).length, 3);

    const filter = page.getByRole('searchbox', { name: 'Filter documents' });
    await filter.fill('tidal');
    await list.getByRole('button', { name: `Open ${PLAIN_TEXT.title}` }).waitFor({ state: 'detached' });
    assert.deepEqual(await titles(), [MARKDOWN.title]);
    await filter.fill('no such title anywhere');
    await page.getByText('No document matches “no such title anywhere”.').waitFor();
    await filter.fill('');
    await list.getByRole('button', { name: TABLE_TITLE }).waitFor();
    assert.equal((await titles()).length, 3);

    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('title');
    const sorted = await titles();
    assert.equal(sorted.length, 3);
    assert.equal(sorted[0], MARKDOWN.title);
    assert.equal(sorted[1], PLAIN_TEXT.title);
    assert.match(sorted[2]!, new RegExp(`^${TABLE.title}`, 'i'));
  });

  test('text selected in the PDF can be asked about, and the question is answered', async () => {
    await page.getByRole('button', { name: TABLE_TITLE }).click();
    const span = page.locator('.textLayer span').filter({ hasText: 'Northwind Logistics' }).first();
    await span.waitFor({ timeout: 20_000 });
    await span.evaluate((el) => {
      const w = globalThis as unknown as PageGlobals;
      const range = w.document.createRange();
      range.selectNodeContents(el);
      const selection = w.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      el.dispatchEvent(new w.MouseEvent('mouseup', { bubbles: true }));
    });
    const askAbout = page.getByRole('button', { name: 'Ask about this' });
    await askAbout.waitFor({ timeout: 5_000 });
    await askAbout.click();
    const selected = page.getByRole('group', { name: 'Selected text' });
    await selected.waitFor();
    assert.match((await selected.textContent()) ?? '', /Northwind Logistics/);
    assert.equal(await askAbout.count(), 0, 'the control goes once used');

    const question = page.getByRole('textbox', { name: 'Question' });
    await question.fill('What role does this party have?');
    await question.press('Enter');
    const turn = page.getByRole('article', { name: /^Question: What role does this party have\?/ });
    await turn.waitFor({ timeout: 10_000 });
    assert.match((await turn.locator('.question').textContent()) ?? '', /about: “Northwind Logistics/);
    await turn.getByText(/Extractive answer/).waitFor({ timeout: 20_000 });
    assert.ok(((await turn.locator('.answer, p').last().textContent()) ?? '').trim().length > 0, 'the turn has an answer');
    assert.equal(await selected.count(), 0, 'the selection is used up by the question');
  });

  test('asking about chosen documents cites only those documents', async () => {
    const { documents } = await app.engine['library:list']();
    const chosen = documents.filter((d) => d.title === MARKDOWN.title || d.title === PLAIN_TEXT.title).map((d) => d.id);
    assert.equal(chosen.length, 2);
    await page.getByRole('radio', { name: 'Chosen documents' }).check();
    const box = page.getByRole('group', { name: 'Documents to ask about' });
    await box.getByRole('checkbox', { name: MARKDOWN.title }).check();
    await box.getByRole('checkbox', { name: PLAIN_TEXT.title }).check();
    const question = page.getByRole('textbox', { name: 'Question' });
    // The table PDF names a supplier too; it must not be cited, since it is not chosen.
    await question.fill('When does the night ferry to Stornoway leave the pier?');
    await question.press('Enter');
    const turn = page.getByRole('article', { name: 'Question: When does the night ferry to Stornoway leave the pier?' });
    await turn.getByText(/Extractive answer/).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Ask', exact: true }).waitFor();

    const messages = [];
    for (const d of documents) {
      for (const c of (await app.engine['qa:conversations']({ documentId: d.id })).conversations) {
        messages.push(...(await app.engine['qa:messages']({ conversationId: c.id })).messages);
      }
    }
    const asked = messages.findIndex((m) => m.role === 'user' && m.text.includes('night ferry to Stornoway'));
    assert.ok(asked >= 0, 'the question was stored');
    const answer = messages.slice(asked + 1).find((m) => m.role === 'assistant');
    assert.ok(answer, 'the answer was stored');
    assert.ok(answer.citations.length > 0, `the answer cites something: ${answer.text}`);
    for (const c of answer.citations) assert.ok(c.documentId && chosen.includes(c.documentId), `citation ${c.marker} is from a chosen document`);
    assert.match(answer.text, /Stornoway/);
  });

  test('a Markdown document opens in the reader as text', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: `Open ${MARKDOWN.title}` }).click();
    const text = page.locator('.text-document');
    await text.getByText(MARKDOWN.planted).waitFor({ timeout: 15_000 });
    await page.getByRole('region', { name: `Document: ${MARKDOWN.title}` }).waitFor();
    assert.equal(await page.locator('.pdfViewer').count(), 0, 'no pdf.js viewer for a text document');
    assert.ok((await text.locator('[data-page]').count()) > 1, 'its passages are shown');
  });

  test('Settings › Open now switches to another library at once, and back again to this one with its documents', async () => {
    const screens = page.getByRole('navigation', { name: 'Screens' });
    const original = app.engine.libraryDir;
    const documents = (await app.engine['library:list']()).documents.length;
    assert.ok(documents > 0);
    const open = async (folder: string, confirm: boolean) => {
      await screens.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('textbox', { name: 'New library folder' }).fill(folder);
      if (!confirm) {
        await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Open now' }).click()]);
        return;
      }
      // A folder web mode was not started with opens only once the person confirms it; Cancel leaves it closed.
      await page.getByRole('button', { name: 'Open now' }).click();
      const dialog = page.getByRole('alertdialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal(app.engine.libraryDir, original, 'Cancel opened nothing');
      await page.getByRole('button', { name: 'Open now' }).click();
      await Promise.all([page.waitForEvent('load'), dialog.getByRole('button', { name: 'Allow and open' }).click()]);
    };
    const other = path.join(work, 'other-library');
    await open(other, true);
    await page.getByText('Your library is empty.', { exact: false }).waitFor({ timeout: 15_000 });
    assert.equal(app.engine.libraryDir, other);
    await screens.getByRole('button', { name: 'Settings' }).click();
    await page.getByText(other, { exact: true }).waitFor();

    await open(original, false);
    await page
      .getByRole('button', { name: /^Open / })
      .first()
      .waitFor({ timeout: 15_000 });
    assert.equal(app.engine.libraryDir, original);
    assert.equal(await page.getByRole('button', { name: /^Open / }).count(), documents, 'every document is back');
  });

  test('the page logged no errors of its own', () => {
    const unexpected = unexpectedErrors(errors);
    assert.deepEqual(unexpected, []);
  });
});
