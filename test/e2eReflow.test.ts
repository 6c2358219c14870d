/**
 * The reflowable reader in a real browser: an EPUB the suite writes is imported through the file
 * picker, opens by chapter with its chapter list, and an answer's citation lands on the exact
 * sentence it cites, marked inside the chapter's text. Skipped, with the reason, where Chromium or
 * the renderer build is missing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeEpub, type EpubChapter } from './fixtures/makeEpub.js';
import { NARRATIVE_BANK, SentenceMaker } from './fixtures/seededText.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();
const CITED = 'The keeper named his daughter Miriam Holloway after the harbour pilot.';

function chapters(): EpubChapter[] {
  const text = new SentenceMaker(17, NARRATIVE_BANK);
  const paragraphs = (n: number) => Array.from({ length: n }, () => `<p>${text.paragraph(70)}</p>`).join('\n');
  return [
    { file: 'chapter1.xhtml', label: 'The Lamp', body: `<h1>The Lamp</h1>${paragraphs(6)}<script>document.body.dataset.ran = 'yes'</script>` },
    {
      file: 'chapter2.xhtml',
      label: 'The Daughter',
      body: `<h1>The Daughter</h1>${paragraphs(8)}<p style="color:red" onclick="document.body.dataset.ran='yes'">${text.paragraph(30)} ${CITED} ${text.paragraph(30)}</p>${paragraphs(8)}`,
    },
    { file: 'chapter3.xhtml', label: 'The Storm', body: `<h1>The Storm</h1>${paragraphs(6)}` },
  ];
}

describe('the reflowable reader in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let book: string;

  before(async () => {
    work = makeTempDir('lectern-e2e-reflow-');
    book = path.join(work, 'keeper.epub');
    fs.writeFileSync(book, await makeEpub({ version: 3, title: 'The Keeper of Leith', author: 'Ada Lowell', chapters: chapters() }));
    app = await startWebApp(path.join(work, 'library'));
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('an imported EPUB opens by chapter: chapter 1 in sanitized HTML, the chapter list names chapter 2, and the list moves to it', async () => {
    await page.getByLabel('Files to import').setInputFiles(book);
    await page.getByRole('button', { name: /^Open The Keeper of Leith/ }).click({ timeout: 30_000 });
    const list = page.getByRole('navigation', { name: 'Chapters' });
    await list.getByRole('button', { name: 'The Daughter' }).waitFor({ timeout: 15_000 });
    const article = page.getByRole('article', { name: /^Chapter 1: The Lamp/ });
    await article.locator('h1', { hasText: 'The Lamp' }).waitFor();
    assert.equal(await article.locator('script, style, [style], [onclick]').count(), 0, 'nothing of the book runs or styles the page');
    await list.getByRole('button', { name: 'The Daughter' }).click();
    await page.getByRole('article', { name: /^Chapter 2: The Daughter/ }).waitFor();
    assert.equal(await list.getByRole('button', { name: 'The Daughter' }).getAttribute('aria-current'), 'page');
    assert.equal(await page.locator('body').getAttribute('data-ran'), null, 'the book’s script never ran');
  });

  test('the chapter list is keyboard accessible: arrow keys move between chapters and Enter opens one', async () => {
    const list = page.getByRole('navigation', { name: 'Chapters' });
    await list.getByRole('button', { name: 'The Lamp' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('article', { name: /^Chapter 3: The Storm/ }).waitFor();
    const read = Number(((await page.getByLabel('Read', { exact: true }).textContent()) ?? '').replace('%', ''));
    assert.ok(read > 30 && read < 100, `two chapters of three are behind: ${read}% read`);
  });

  test('an answer’s citation opens its chapter and marks exactly the cited sentence', async () => {
    await page.getByRole('textbox', { name: 'Question' }).fill('What did the keeper name his daughter?');
    await page.getByRole('textbox', { name: 'Question' }).press('Enter');
    await page
      .getByText(/Extractive answer/)
      .first()
      .waitFor({ timeout: 30_000 });
    const id = (await app.engine['library:list']()).documents[0]!.id;
    const [conversation] = (await app.engine['qa:conversations']({ documentId: id })).conversations;
    const { messages } = await app.engine['qa:messages']({ conversationId: conversation!.id });
    const citations = messages.at(-1)!.citations;
    const cited = citations.find((c) => c.quote.includes('Miriam Holloway'));
    assert.ok(cited, `a citation quotes the sentence: ${JSON.stringify(citations.map((c) => c.quote))}`);
    assert.equal(cited.page, 2, 'the citation is in chapter 2');
    await page
      .getByRole('button', { name: new RegExp(`^Citation ${cited.marker}\\b`) })
      .first()
      .click();
    await page.getByRole('article', { name: /^Chapter 2: The Daughter/ }).waitFor();
    const marks = page.locator('mark.reflow-highlight');
    await marks.first().waitFor({ timeout: 10_000 });
    const marked = (await marks.allTextContents()).join('');
    const chapterText = app.engine.documents.page(id, 2)!.text;
    assert.equal(marked, chapterText.slice(cited.charStart!, cited.charEnd!), 'the mark covers the citation’s range, no more, no less');
    assert.ok(marked.includes(CITED), `the marked text is the sentence: ${marked}`);
    assert.ok(await marks.first().isVisible(), 'the mark was scrolled into view');
    await page.screenshot({ path: path.join(work, 'reflow-citation.png') });
  });

  test('the page logged no errors of its own', () => {
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});
