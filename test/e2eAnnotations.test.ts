/**
 * Annotations in the reader, in a real browser over a real engine: words selected on a PDF page
 * become a highlight drawn on that page and listed in the Notes tab, kept over a reload, and a
 * click in the list shows them again; the keyboard does the same (H); a removed highlight comes
 * back with Undo and with Ctrl+Z; the Markdown export holds the quote; a malformed notes file is
 * refused with its reason; a text document is underlined from a selection; an answer is saved to
 * the notes; removing a document with notes asks first and offers the export. Skipped, with the
 * reason, where Chromium or the renderer build is missing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeEpub } from './fixtures/makeEpub.js';
import { CONTRACT, makeContractPdf } from './fixtures/makePdfs.js';
import { MARKDOWN, makeMarkdownFile } from './fixtures/makeTextFiles.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PHRASE = 'fire suppression system';
const SECOND = 'Zurich data centre';
const BOOK = 'The Keeper of Leith';
const CITED = 'The keeper named his daughter Miriam Holloway after the harbour pilot.';
const NOTE = 'Miriam is named after the pilot';

/**
 * Selects `phrase` inside `scope` as a person dragging over it would: a DOM Range from its first
 * character to its last, across the text nodes it spans. Throws when the phrase is not there.
 * (Page-side code as text: this project compiles for Node, without the DOM's types.)
 */
const SELECT_PHRASE = `(scope, phrase) => {
  const root = document.querySelector(scope);
  if (!root) throw new Error('no ' + scope);
  // pdf.js lays out a line per span with no space between lines: compare without white space.
  const chars = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.data.length; i++) if (!/\\s/.test(n.data[i])) chars.push([n, i]);
  }
  const text = chars.map(([n, i]) => n.data[i]).join('');
  const wanted = phrase.replace(/\\s+/g, '');
  const at = text.indexOf(wanted);
  if (at < 0) throw new Error('"' + phrase + '" is not in ' + scope + ': ' + text.slice(0, 300));
  const [startNode, startOffset] = chars[at];
  const [endNode, endOffset] = chars[at + wanted.length - 1];
  const range = document.createRange();
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset + 1);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}`;

async function selectPhrase(page: Page, scope: string, phrase: string): Promise<void> {
  await page.evaluate(`(${SELECT_PHRASE})(${JSON.stringify(scope)}, ${JSON.stringify(phrase)})`);
}

/** Moves the reader to page `n` through the page box. */
async function goToPage(page: Page, n: number): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Page number' });
  await box.fill(String(n));
  await box.press('Enter');
  await page.locator(`.page[data-page-number="${n}"] .textLayer`).waitFor({ timeout: 20_000 });
}

async function openDocument(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Library' }).click();
  await page.getByRole('button', { name: new RegExp(`^Open ${title}`, 'i') }).click();
}

async function showNotes(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Notes' }).click();
}

describe('annotations in the reader, in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let firePage: number;
  let contractId: string;

  before(async () => {
    work = makeTempDir('lectern-e2e-annotations-');
    app = await startWebApp(path.join(work, 'library'));
    const book = path.join(work, 'keeper.epub');
    const chapters = [
      { file: 'chapter1.xhtml', label: 'The Lamp', body: '<h1>The Lamp</h1><p>The lamp was lit at dusk by the keeper of the light.</p>' },
      { file: 'chapter2.xhtml', label: 'The Daughter', body: `<h1>The Daughter</h1><p>Rain came over the cliffs. ${CITED} She learnt the tides from him.</p>` },
    ];
    fs.writeFileSync(book, await makeEpub({ version: 3, title: BOOK, author: 'Ada Lowell', chapters }));
    await app.engine['library:ingest']({ paths: [await makeContractPdf(work), makeMarkdownFile(work), book] });
    const documents = (await app.engine['library:list']()).documents;
    contractId = documents.find((d) => d.title === CONTRACT.title)!.id;
    // The page the sentence is printed on: where its first character lies in the page texts.
    const { passages } = await app.engine['library:passages']({ id: contractId });
    const holding = passages.find((p) => p.text.includes(PHRASE))!;
    let at = holding.text.indexOf(PHRASE);
    firePage = holding.spans.find((s) => (at -= s.charEnd - s.charStart + 1) < 0)!.page;
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
    await openDocument(page, CONTRACT.title);
    await page.locator('.pdf-container .page').first().waitFor({ timeout: 20_000 });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('words selected on a PDF page become a green highlight drawn on that page and listed in the Notes tab', async () => {
    await goToPage(page, firePage);
    await selectPhrase(page, `.page[data-page-number="${firePage}"] .textLayer`, PHRASE);
    await page.locator('.pdf-container').dispatchEvent('mouseup');
    await page.getByRole('toolbar', { name: 'Mark the selected text' }).getByRole('button', { name: 'Highlight green' }).click();
    await page.locator(`.page[data-page-number="${firePage}"] .annotation-mark.annotation-color-green`).first().waitFor({ timeout: 15_000 });
    await showNotes(page);
    const item = page.locator('.annotation-item', { hasText: PHRASE });
    await item.waitFor();
    const stored = (await app.engine['annotations:list']({ user: 'default', documentId: contractId })).annotations;
    assert.deepEqual(
      stored.map((a) => [a.kind, a.color, a.anchor.page, a.anchor.quote]),
      [['highlight', 'green', firePage, PHRASE]],
    );
    assert.ok(stored[0]!.rects.length > 0, 'the engine drew rectangles for it');
  });

  test('after a reload the highlight is still listed, and a click in the list shows the page with its rectangles', async () => {
    await page.reload();
    await openDocument(page, CONTRACT.title);
    await page.locator('.pdf-container .page').first().waitFor({ timeout: 20_000 });
    await showNotes(page);
    const item = page.locator('.annotation-item', { hasText: PHRASE });
    await item.waitFor({ timeout: 15_000 });
    await goToPage(page, 1);
    await item.locator('.annotation-item-show').click();
    await page.locator(`.page[data-page-number="${firePage}"] .citation-highlight`).first().waitFor({ timeout: 15_000 });
    assert.equal(await page.getByRole('textbox', { name: 'Page number' }).inputValue(), String(firePage));
    await page.locator(`.page[data-page-number="${firePage}"] .annotation-mark.annotation-color-green`).first().waitFor({ timeout: 15_000 });
  });

  test('the keyboard highlights a selection (H), and an overlapping highlight is kept beside the first', async () => {
    await page.locator('.pdf-container').focus();
    await selectPhrase(page, `.page[data-page-number="${firePage}"] .textLayer`, `suppression system in the ${SECOND}`);
    await page.keyboard.press('h');
    await page.locator('.annotation-item', { hasText: SECOND }).waitFor({ timeout: 15_000 });
    // A caret with nothing selected marks nothing.
    await page.evaluate(
      `(() => { const t = document.querySelector('.page[data-page-number="${firePage}"] .textLayer span'); const r = document.createRange(); r.setStart(t.firstChild, 1); r.collapse(true); getSelection().removeAllRanges(); getSelection().addRange(r); })()`,
    );
    await page.keyboard.press('h');
    const stored = (await app.engine['annotations:list']({ user: 'default', documentId: contractId })).annotations;
    assert.equal(stored.length, 2, 'both overlapping highlights are kept');
    assert.equal(await page.locator(`.page[data-page-number="${firePage}"] .annotation-layer`).count(), 1);
    assert.ok((await page.locator(`.page[data-page-number="${firePage}"] .annotation-mark`).count()) >= 2, 'both are drawn');
  });

  test('a removed highlight comes back with Undo, and with Ctrl+Z in the reader', async () => {
    const item = page.locator('.annotation-item', { hasText: SECOND });
    await item.getByRole('button', { name: /^Remove/ }).click();
    await page.getByText('Highlight removed').waitFor();
    assert.equal(await page.locator('.annotation-item', { hasText: SECOND }).count(), 0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.locator('.annotation-item', { hasText: SECOND }).waitFor({ timeout: 15_000 });

    await page
      .locator('.annotation-item', { hasText: SECOND })
      .getByRole('button', { name: /^Remove/ })
      .click();
    await page.getByText('Highlight removed').waitFor();
    await page.locator('.pdf-container').focus();
    await page.keyboard.press('Control+z');
    await page.locator('.annotation-item', { hasText: SECOND }).waitFor({ timeout: 15_000 });
    assert.equal((await app.engine['annotations:list']({ user: 'default', documentId: contractId })).annotations.length, 2);
  });

  test('the Markdown export holds the quote, and a malformed notes file is refused with its reason', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Markdown' }).click()]);
    const file = path.join(work, 'notes.md');
    await download.saveAs(file);
    assert.match(fs.readFileSync(file, 'utf8'), new RegExp(PHRASE));

    await page.getByLabel('Notes file to import').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{ "lectern": "notes", "version": ') });
    const alert = page.locator('.notes-panel [role="alert"]');
    await alert.waitFor({ timeout: 15_000 });
    assert.match((await alert.textContent()) ?? '', /Could not import these notes: .+/);
    assert.equal((await app.engine['annotations:list']({ user: 'default', documentId: contractId })).annotations.length, 2, 'nothing was imported');
  });

  test('an annotated copy of the PDF is written where the notice says, and the original file is unchanged', async () => {
    const original = (await app.engine['library:get']({ id: contractId })).path;
    const before = fs.readFileSync(original);
    await page.getByRole('button', { name: 'Save an annotated copy' }).click();
    const notice = page.locator('.notes-panel [role="status"]', { hasText: 'Annotated copy written to' });
    await notice.waitFor({ timeout: 30_000 });
    const written = /Annotated copy written to (.+)$/.exec((await notice.textContent()) ?? '')![1]!.trim();
    assert.ok(fs.existsSync(written), `${written} exists`);
    assert.equal(fs.readFileSync(written).subarray(0, 5).toString(), '%PDF-');
    assert.ok(fs.readFileSync(original).equals(before), 'the original is unchanged');
  });

  test('a page is bookmarked from the Notes tab, and a bookmark shows on the page', async () => {
    await page.getByRole('button', { name: `Bookmark page ${firePage}` }).click();
    await page.getByRole('button', { name: `Bookmarked page ${firePage}` }).waitFor();
    await page.locator(`.page[data-page-number="${firePage}"] .annotation-bookmark`).waitFor({ timeout: 15_000 });
  });

  test('an answer saved to the notes shows "Saved" and is listed in the Notes tab', async () => {
    await page.getByRole('textbox', { name: 'Question' }).fill('What does the Supplier maintain in the Zurich data centre?');
    await page.getByRole('textbox', { name: 'Question' }).press('Enter');
    const save = page.getByRole('button', { name: 'Save to notes' }).last();
    await save.waitFor({ timeout: 30_000 });
    await save.click();
    await page.getByRole('button', { name: 'Saved', exact: true }).waitFor({ timeout: 15_000 });
    await page.locator('.annotation-item-answer').first().waitFor({ timeout: 15_000 });
  });

  test('"My highlights" answers from the highlighted passage', async () => {
    await page.getByRole('radio', { name: 'My highlights' }).check();
    const question = 'What must the Supplier maintain in the data centre?';
    await page.getByRole('textbox', { name: 'Question' }).fill(question);
    await page.getByRole('textbox', { name: 'Question' }).press('Enter');
    const turn = page.getByRole('article', { name: `Question: ${question}` });
    await turn.locator('button.citation').first().waitFor({ timeout: 30_000 });
    assert.match((await turn.textContent()) ?? '', /fire suppression/);
    await page.getByRole('radio', { name: 'This document' }).check();
  });

  test('a text document is underlined from a selection (U), the words marked in place', async () => {
    await openDocument(page, MARKDOWN.title);
    await page.locator('.text-document [data-passage-id]').first().waitFor({ timeout: 15_000 });
    await page.locator('.text-document').focus();
    await selectPhrase(page, '.text-document', MARKDOWN.planted);
    await page.keyboard.press('u');
    const mark = page.locator('mark.annotation-text.annotation-underline');
    await mark.first().waitFor({ timeout: 15_000 });
    assert.equal((await mark.allTextContents()).join(''), MARKDOWN.planted);
  });

  test('in a reflowed chapter a selection is highlighted in place, and N writes a note on a selection', async () => {
    await openDocument(page, BOOK);
    await page.getByRole('navigation', { name: 'Chapters' }).getByRole('button', { name: 'The Daughter' }).click({ timeout: 15_000 });
    await page.getByRole('article', { name: /^Chapter 2: The Daughter/ }).waitFor({ timeout: 15_000 });
    await selectPhrase(page, '.reflow-text', CITED);
    await page.locator('.reflow-text').dispatchEvent('mouseup');
    await page.getByRole('toolbar', { name: 'Mark the selected text' }).getByRole('button', { name: 'Highlight blue' }).click();
    const mark = page.locator('mark.annotation-text.annotation-color-blue');
    await mark.first().waitFor({ timeout: 15_000 });
    assert.equal((await mark.allTextContents()).join(''), CITED);
    const bookId = (await app.engine['library:list']()).documents.find((d) => d.title === BOOK)!.id;
    const [stored] = (await app.engine['annotations:list']({ user: 'default', documentId: bookId })).annotations;
    assert.deepEqual([stored?.anchor.page, stored?.anchor.quote], [2, CITED]);

    await page.locator('.reflow-text').focus();
    await selectPhrase(page, '.reflow-text', 'She learnt the tides');
    await page.keyboard.press('n');
    const note = page.getByRole('dialog', { name: 'Note on the selected text' });
    await note.getByRole('textbox', { name: 'Note' }).fill(NOTE);
    await note.getByRole('button', { name: 'Save note' }).click();
    await showNotes(page);
    await page.locator('.annotation-item', { hasText: NOTE }).waitFor({ timeout: 15_000 });
    const notes = (await app.engine['annotations:list']({ user: 'default', documentId: bookId, kind: 'note' })).annotations;
    assert.deepEqual(
      notes.map((a) => [a.anchor.quote, a.note]),
      [['She learnt the tides', NOTE]],
    );
  });

  test('removing a document with notes says they go with it and offers their export first', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: `Remove ${CONTRACT.title}` }).click();
    const confirm = page.getByRole('group', { name: `Confirm removing ${CONTRACT.title}` });
    await confirm.getByText(/notes on it go with it/).waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), confirm.getByRole('button', { name: 'Export notes first' }).click()]);
    assert.match(download.suggestedFilename(), /\.md$/);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
  });

  test('the Notes tab and the selection bar have no accessibility violations (axe-core)', async () => {
    await openDocument(page, MARKDOWN.title);
    await page.locator('.text-document [data-passage-id]').first().waitFor({ timeout: 15_000 });
    await showNotes(page);
    await page.locator('.notes-panel .annotation-item').first().waitFor({ timeout: 15_000 });
    await selectPhrase(page, '.text-document', 'nudibranch');
    await page.locator('.text-document').dispatchEvent('mouseup');
    await page.getByRole('toolbar', { name: 'Mark the selected text' }).waitFor();
    // Evaluated rather than added as a script tag: the app's CSP allows no inline script.
    await page.evaluate(fs.readFileSync(path.join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8'));
    const violations = (await page.evaluate(`(async () => {
      const r = await axe.run({ include: [['.notes-panel'], ['.selection-toolbar']] });
      return r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
    })()`)) as string[];
    console.log(`axe-core on the Notes tab and the selection bar: ${violations.length} violations`);
    assert.deepEqual(violations, []);
  });

  test('the page logged no errors of its own', () => {
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});
