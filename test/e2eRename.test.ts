/**
 * Renaming a document in the web app in a real browser: from its library row and from the
 * reader's header, by keyboard, with Escape cancelling; the new title survives a reload.
 * Skipped, with the reason, where Chromium or the renderer build is missing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeMarkdownFile, MARKDOWN } from './fixtures/makeTextFiles.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();

describe('renaming a document in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let id: string;

  before(async () => {
    work = makeTempDir('lectern-e2e-rename-');
    app = await startWebApp(path.join(work, 'library'));
    const { documents } = await app.engine['library:ingest']({ paths: [makeMarkdownFile(work)] });
    id = documents[0]!.id!;
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  const storedTitle = async () => (await app.engine['library:get']({ id })).title;
  const toLibrary = () => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Library' }).click();

  test('Rename on a library row opens a labelled field; Escape cancels, Enter saves, and the title stays after a reload', async () => {
    await page.getByRole('button', { name: `Rename ${MARKDOWN.title}` }).click();
    const field = page.getByRole('textbox', { name: `New title for ${MARKDOWN.title}` });
    assert.equal(await field.inputValue(), MARKDOWN.title);
    await field.fill('Not this one');
    await field.press('Escape');
    await page.getByRole('button', { name: `Open ${MARKDOWN.title}` }).waitFor();
    assert.equal(await storedTitle(), MARKDOWN.title, 'Escape saved nothing');

    await page.getByRole('button', { name: `Rename ${MARKDOWN.title}` }).focus();
    await page.keyboard.press('Enter');
    await field.fill('  Rock Pool Companion  ');
    await field.press('Enter');
    await page.getByRole('button', { name: 'Open Rock Pool Companion' }).waitFor();
    assert.equal(await storedTitle(), 'Rock Pool Companion');
    await page.reload();
    await page.getByRole('button', { name: 'Open Rock Pool Companion' }).waitFor({ timeout: 15_000 });
  });

  test('a blank title is refused beside the field and the title is unchanged', async () => {
    await page.getByRole('button', { name: 'Rename Rock Pool Companion' }).click();
    const field = page.getByRole('textbox', { name: 'New title for Rock Pool Companion' });
    await field.fill('   ');
    await field.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'A title needs at least one character' }).waitFor();
    await field.press('Escape');
    assert.equal(await storedTitle(), 'Rock Pool Companion');
  });

  test('the reader header renames the open document, by clicking its title or with its Rename button', async () => {
    await page.getByRole('button', { name: 'Open Rock Pool Companion' }).click();
    const header = page.getByRole('toolbar', { name: 'Reader' });
    await header.getByRole('heading', { name: 'Rock Pool Companion' }).waitFor({ timeout: 15_000 });
    await header.getByRole('button', { name: 'Rock Pool Companion' }).click();
    const field = page.getByRole('textbox', { name: 'New title for Rock Pool Companion' });
    await field.fill('Tide Pools, Second Reading');
    await field.press('Enter');
    await header.getByRole('heading', { name: 'Tide Pools, Second Reading' }).waitFor();
    await page.getByRole('region', { name: 'Document: Tide Pools, Second Reading' }).waitFor();
    assert.equal(await storedTitle(), 'Tide Pools, Second Reading');

    await header.getByRole('button', { name: 'Rename document' }).click();
    await page.getByRole('textbox', { name: 'New title for Tide Pools, Second Reading' }).fill('Tidal Pools (annotated)');
    await page.keyboard.press('Enter');
    await header.getByRole('heading', { name: 'Tidal Pools (annotated)' }).waitFor();
    await toLibrary();
    await page.getByRole('button', { name: 'Open Tidal Pools (annotated)' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Open Tidal Pools (annotated)' }).waitFor({ timeout: 15_000 });
    assert.equal(await storedTitle(), 'Tidal Pools (annotated)');
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});
