/**
 * Asking with a loaded model, in a real browser: the answer streams into the panel,
 * Esc stops it cleanly, and the next question is answered in full from the whole
 * document. The model is a generated GGUF (its words are noise; the mechanics are real).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeMarkdownFile, MARKDOWN } from './fixtures/makeTextFiles.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();

describe('asking with a model in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;

  before(async () => {
    work = makeTempDir('lectern-e2e-ask-');
    const modelPath = path.join(work, 'tiny.gguf');
    await makeLlamaModel(modelPath, { ...TINY, contextLength: 8192 });
    app = await startWebApp(path.join(work, 'library'));
    await app.engine['library:ingest']({ paths: [makeMarkdownFile(work)] });
    await app.engine['models:load']({ idOrPath: modelPath });
    browser = await launchChromium();
    ({ page } = await openApp(browser, app));
    await page.getByRole('button', { name: `Open ${MARKDOWN.title}` }).click();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('the library shows the document is not pre-read; its Pre-read button reads it', async () => {
    const screens = page.getByRole('navigation', { name: 'Screens' });
    await screens.getByRole('button', { name: 'Library' }).click();
    const row = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: `Open ${MARKDOWN.title}` }) });
    await row.getByText('Not pre-read', { exact: true }).waitFor({ timeout: 15_000 });
    await row.getByRole('button', { name: `Pre-read ${MARKDOWN.title}` }).click();
    await row.getByText('Pre-read', { exact: true }).waitFor({ timeout: 120_000 });
    assert.equal(await row.getByRole('button', { name: `Pre-read ${MARKDOWN.title}` }).count(), 0);
    const [status] = (await app.engine['qa:prereadStatus']({ documentIds: [(await app.engine['library:list']()).documents[0]!.id] })).statuses;
    assert.equal(status!.state, 'read');
  });

  test('the Models screen shows how much memory a load at the chosen scale needs; Settings shows the library folder and threads', async () => {
    const screens = page.getByRole('navigation', { name: 'Screens' });
    await screens.getByRole('button', { name: 'Models' }).click();
    await page
      .getByText(/About [\d.]+ GiB needed at 8,192 tokens; [\d.]+ GiB free/)
      .first()
      .waitFor({ timeout: 15_000 });
    await screens.getByRole('button', { name: 'Settings' }).click();
    await page.getByText(app.engine.libraryDir, { exact: true }).waitFor({ timeout: 15_000 });
    await page.getByText(/The model uses \d+ CPU threads?/).waitFor();
    await page.getByRole('spinbutton', { name: 'Threads' }).fill('1');
    await page.getByRole('button', { name: 'Save threads' }).click();
    await page.getByText('The model uses 1 CPU thread.', { exact: false }).waitFor({ timeout: 10_000 });
    assert.equal((await app.engine.invoke('app:info', {})).threads, 1);
    const next = path.join(work, 'another-library');
    await page.getByRole('textbox', { name: 'New library folder' }).fill(next);
    await page.getByRole('button', { name: 'Use from next start' }).click();
    // Web mode was not started with that folder: the person confirms it first.
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText(`Lectern was not started with ${next}.`, { exact: false }).waitFor({ timeout: 10_000 });
    await confirm.getByRole('button', { name: 'Allow and use from next start' }).click();
    await page.getByText(`Lectern will open ${next} the next time it starts.`).waitFor({ timeout: 10_000 });
    assert.equal(JSON.parse(fs.readFileSync(path.join(work, 'user-data', 'settings.json'), 'utf8')).libraryDir, next);
    await screens.getByRole('button', { name: 'Reader' }).click();
    await page.getByRole('textbox', { name: 'Question' }).waitFor();
  });

  test('an answer streams in, and Esc stops it with the partial answer kept', async () => {
    const question = page.getByRole('textbox', { name: 'Question' });
    await question.fill('Tell me everything about the tidal pools');
    await question.press('Enter');
    const turn = page.getByRole('article', { name: 'Question: Tell me everything about the tidal pools' });
    await turn.locator('.cursor').waitFor({ timeout: 30_000 });
    const partial = (await turn.locator('.answer, p, span').first().textContent()) ?? '';
    await page.keyboard.press('Escape');
    await turn.getByText('Stopped.').waitFor({ timeout: 15_000 });
    assert.ok(partial.length > 0);
    await page.getByRole('button', { name: 'Ask', exact: true }).waitFor();
  });

  test('the next question is answered in full from the whole document', async () => {
    const question = page.getByRole('textbox', { name: 'Question' });
    await question.fill('What grazes beside the anemone?');
    await question.press('Enter');
    const turn = page.getByRole('article', { name: 'Question: What grazes beside the anemone?' });
    await turn.getByText('Answered from the whole document').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Ask', exact: true }).waitFor({ timeout: 60_000 });
    assert.equal(await turn.getByText('Stopped.').count(), 0);
  });
});
