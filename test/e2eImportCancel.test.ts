/**
 * Stopping imports in the app: one file waiting its turn is stopped alone, then "Stop all
 * imports" stops the rest; stopped files end as Cancelled and none of them is in the library,
 * while a file that was not stopped is imported.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeManyPagesPdf } from './fixtures/makePdfs.js';
import { makeSmallTextFile } from './fixtures/makeTextFiles.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();

describe('stopping imports in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  before(async () => {
    work = makeTempDir('lectern-e2e-cancel-');
    app = await startWebApp(path.join(work, 'library'));
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('one waiting file is stopped alone, then Stop all imports stops the rest; the stopped files are not in the library', async () => {
    // Two long PDFs are read at once; the third file waits its turn, and the fourth after it.
    const first = await makeManyPagesPdf(work, 'ledger-a.pdf', 900);
    const second = await makeManyPagesPdf(work, 'ledger-b.pdf', 901);
    const waiting = makeSmallTextFile(work, 'waiting.txt', 31);
    const last = makeSmallTextFile(work, 'last.txt', 32);
    await page.getByLabel('Files to import').setInputFiles([first, second, waiting, last]);
    const imports = page.getByRole('region', { name: 'Imports' });
    const row = (name: string) => imports.getByRole('listitem').filter({ hasText: name });
    await row('ledger-a.pdf').getByText('Reading pages').waitFor({ timeout: 60_000 });
    await row('waiting.txt').getByText('Waiting…').waitFor();

    await row('waiting.txt').getByRole('button', { name: 'Stop importing waiting.txt' }).click();
    await row('waiting.txt').getByText('Cancelled').waitFor();
    assert.equal(await row('last.txt').getByText('Waiting…').count(), 1, 'the other waiting file still waits');

    await imports.getByRole('button', { name: 'Stop all imports' }).click();
    for (const name of ['ledger-a.pdf', 'ledger-b.pdf', 'last.txt']) await row(name).getByText('Cancelled').waitFor({ timeout: 30_000 });
    const titles = (await app.engine['library:list']()).documents.map((d) => path.basename(d.path));
    for (const name of ['ledger-a.pdf', 'ledger-b.pdf', 'waiting.txt', 'last.txt']) assert.ok(!titles.some((t) => t.endsWith(name)), `${name} is not in the library`);
  });

  test('after stopping, a new import goes through', async () => {
    const file = makeSmallTextFile(work, 'afterwards.txt', 33);
    await page.getByLabel('Files to import').setInputFiles(file);
    await page.getByRole('region', { name: 'Imports' }).getByRole('listitem').filter({ hasText: 'afterwards.txt' }).getByText('Ready').waitFor({ timeout: 30_000 });
  });

  test('the page logged no errors of its own', () => {
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});
