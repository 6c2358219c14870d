/**
 * "Check how far this model reads" in a real browser: on the Models screen, the check of the
 * loaded (generated) model on the open document fills the heat-map cell by cell and finishes
 * with recall per row and column; Stop ends a second run and keeps the cells it had done.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { NARRATIVE_BANK, SentenceMaker } from './fixtures/seededText.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();

describe('the needle heat-map in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;

  before(async () => {
    work = makeTempDir('lectern-e2e-needles-');
    const modelPath = path.join(work, 'tiny.gguf');
    await makeLlamaModel(modelPath, { ...TINY, contextLength: 2048 });
    const book = path.join(work, 'harbour-log.txt');
    const prose = new SentenceMaker(5, NARRATIVE_BANK);
    fs.writeFileSync(book, `The Harbour Log\n\n${Array.from({ length: 12 }, () => prose.paragraph(150)).join('\n\n')}\n`);
    // One thread: on a loaded two-core machine two threads of llama.cpp wait on each other far longer than they work.
    app = await startWebApp(path.join(work, 'library'), { llmThreads: 1 });
    await app.engine['library:ingest']({ paths: [book] });
    await app.engine['models:load']({ idOrPath: modelPath });
    browser = await launchChromium();
    ({ page } = await openApp(browser, app));
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Models' }).click();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('the check fills a row per length and a column per depth, then says it finished', async () => {
    const card = page.getByRole('region', { name: 'How far this model reads' });
    await card.getByRole('combobox', { name: 'Document' }).waitFor();
    assert.equal(await card.getByRole('combobox', { name: 'Document' }).inputValue(), (await app.engine['library:list']()).documents[0]!.id);
    await card.getByRole('button', { name: 'Check how far this model reads' }).click();
    await card.getByText(/^Finished: 44 of 44 cells/).waitFor({ timeout: 180_000 });
    const table = card.getByRole('table', { name: 'Facts found by depth and length' });
    assert.equal(await table.getByRole('columnheader').count(), 13, 'the corner, 11 depths and Found');
    assert.equal(await table.locator('tbody tr').count(), 4, 'four lengths');
    assert.equal(await table.locator('td.found, td.missed').count(), 44);
    assert.equal(await table.locator('td[aria-label$="not checked"]').count(), 0);
  });

  test('at 2× the context, Stop ends the run, the cells done stay on the map, and the model is back at 1×', async () => {
    const card = page.getByRole('region', { name: 'How far this model reads' });
    await card.getByRole('combobox', { name: 'Context' }).selectOption('2');
    await card.getByRole('button', { name: 'Check how far this model reads' }).click();
    await card.getByText(/[1-9]\d* of 44 cells checked/).waitFor({ timeout: 60_000 });
    await card.getByRole('button', { name: 'Stop' }).click();
    await card.getByText(/^Stopped: \d+ of 44 cells/).waitFor({ timeout: 30_000 });
    const done = Number(/Stopped: (\d+)/.exec((await card.getByText(/^Stopped:/).textContent()) ?? '')![1]);
    assert.ok(done >= 1 && done < 44, `${done} cells kept`);
    assert.equal(await card.locator('td.found, td.missed').count(), done);
    assert.equal(await card.getByRole('alert').count(), 0, 'a stop is not an error');
    assert.match((await card.getByText(/^Stopped:/).textContent()) ?? '', /4,096-token context \(2× the trained 2,048\)/);
    assert.equal((await app.engine['models:loaded']()).model?.scale, 1, 'loaded back at the scale it had');
  });
});
