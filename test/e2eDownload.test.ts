/**
 * Downloading a recommended model from the Models screen, in a real browser: the progress
 * bar fills as bytes arrive, Stop keeps the partial file, Download again resumes it, and the
 * finished model is registered. The "Hugging Face" here is a local server (no network here).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadModelCatalog } from '../native/llm/modelCatalog.js';
import { startModelServer, type ModelServer } from './helpers/modelServer.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();

describe('downloading a model in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let host: ModelServer;
  let browser: Browser;
  let page: Page;
  const entry = loadModelCatalog()[0]!;
  const [owner, repo, ...file] = entry.uri.slice('hf:'.length).split('/');
  const servedPath = `/${owner}/${repo}/resolve/main/${file.join('/')}`;

  before(async () => {
    work = makeTempDir('lectern-e2e-download-');
    const modelPath = path.join(work, 'served.gguf');
    await makeLlamaModel(modelPath, TINY);
    host = await startModelServer();
    // Slow enough to watch and to stop part-way: ~64 KiB every 40 ms.
    host.files.set(servedPath, { body: fs.readFileSync(modelPath), slow: { chunkBytes: 64 * 1024, delayMs: 40 } });
    app = await startWebApp(path.join(work, 'library'), { hfEndpoint: host.origin });
    browser = await launchChromium();
    ({ page } = await openApp(browser, app));
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Models' }).click();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await host?.close();
    removeDir(work);
  });

  test('the progress bar advances while the file arrives, and Stop keeps the partial download', async () => {
    await page.getByRole('button', { name: `Download ${entry.name}` }).click();
    const bar = page.getByRole('progressbar', { name: `Downloading ${entry.uri}` });
    // Part-way: a value above zero and below the real size (polled; the bar updates per chunk).
    let seen: { value: number; max: number } | null = null;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline && !seen; await new Promise((r) => setTimeout(r, 50))) {
      const value = Number((await bar.getAttribute('value').catch(() => null)) ?? 0);
      const max = Number((await bar.getAttribute('max').catch(() => null)) ?? 1);
      if (max > 1 && value > 0 && value < max) seen = { value, max };
    }
    assert.ok(seen, 'the bar showed the download part-way');
    const total = Number(await bar.getAttribute('max'));
    assert.equal(total, fs.statSync(path.join(work, 'served.gguf')).size, 'the bar measures the real file size');
    await page
      .getByText(/ of [\d.]+ [KMG]?B · [\d.]+ [KMG]?B\/s/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: `Stop downloading ${entry.name}` }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /cancel|stopp/i })
      .first()
      .waitFor({ timeout: 10_000 });
    const parts = fs.readdirSync(path.join(app.engine.libraryDir, 'models')).filter((f) => f.endsWith('.part'));
    assert.equal(parts.length, 1, 'the partial file is kept for resuming');
  });

  test('Download again resumes from the partial file and registers the model', async () => {
    const before = host.requests.length;
    await page.getByRole('button', { name: `Download ${entry.name}` }).click();
    const catalog = page.getByRole('list', { name: 'Catalog' });
    await catalog.getByText('Downloaded', { exact: true }).waitFor({ timeout: 60_000 });
    const resumed = host.requests.slice(before).find((r) => r.path === servedPath);
    assert.match(resumed?.range ?? '', /^bytes=[1-9]\d*-$/, 'the second request asks only for the rest');
    const registered = page.getByRole('list', { name: 'Registered models' });
    await registered
      .getByRole('button', { name: /^Load / })
      .first()
      .waitFor();
    const { models } = await app.engine['models:list']();
    assert.equal(models.length, 1);
    assert.equal(models[0]!.sourceUri, entry.uri);
  });
});
