/**
 * In a real browser (Debian's Chromium), the printed address's token leaves the address bar on
 * first load, and the app still reaches its socket and files through the per-launch cookie.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';
import { makeMarkdownFile } from './fixtures/makeTextFiles.js';

const missing = e2eSkipReason();
let work: string;
let app: WebApp;
let browser: Browser;

before(async () => {
  if (missing) return;
  work = makeTempDir('lectern-e2e-token-');
  app = await startWebApp(path.join(work, 'library'));
  await app.engine['library:ingest']({ paths: [makeMarkdownFile(work)] });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
  if (work) removeDir(work);
});

test('after the first load the address has no token, and the library still loads over the cookie', { skip: missing ?? false }, async () => {
  const { page, errors } = await openApp(browser, app);
  assert.ok(app.server.url.includes('token='), 'the printed address carries the token');
  const shown = new URL(page.url());
  assert.equal(shown.searchParams.has('token'), false, page.url());
  assert.equal(page.url().includes(app.server.token), false);
  // The library list arrives through the socket, which now authenticates with the cookie.
  await page.getByText('Tidal Pools', { exact: false }).first().waitFor({ timeout: 15_000 });
  assert.deepEqual(unexpectedErrors(errors), []);
});
