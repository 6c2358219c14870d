/**
 * An inference server in the app, in a real browser: added in Models › Add a server (a plain-http
 * address of another machine asks for a confirmation first), used to answer, and the answer says
 * where it was computed. The server is a scripted OpenAI-compatible one on 127.0.0.1.
 * Skipped, with the reason, where Chromium or the renderer build is missing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeMarkdownFile, MARKDOWN } from './fixtures/makeTextFiles.js';
import { openAiScript, scriptedServer } from './helpers/scriptedServer.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();
const KEY = 'sk-browser-secret-5521';

describe('an inference server in Chromium', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let server: Awaited<ReturnType<typeof scriptedServer>>;

  before(async () => {
    work = makeTempDir('lectern-e2e-server-');
    app = await startWebApp(path.join(work, 'library'));
    await app.engine['library:ingest']({ paths: [makeMarkdownFile(work)] });
    const reply = JSON.stringify({ evidence: ['P1'], answer: 'Rock pools hold anemones and small crabs [P1].' });
    server = await scriptedServer(openAiScript([reply.slice(0, 25), reply.slice(25)]));
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await server?.close();
    removeDir(work);
  });

  test('plain http to another machine asks first; a loopback server is added, used, and named on the answer', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Models' }).click();
    const form = page.getByRole('region', { name: 'Add a server' });
    await form.getByRole('textbox', { name: 'Server name' }).fill('lan-box');
    await form.getByRole('textbox', { name: 'Server address' }).fill('http://192.0.2.7:8080');
    await form.getByRole('button', { name: 'Add server' }).click();
    const confirm = form.getByRole('checkbox', { name: /over plain http anyway/ });
    await confirm.waitFor({ timeout: 10_000 });
    assert.equal(await form.getByRole('button', { name: 'Add server' }).isDisabled(), true, 'not added until confirmed');
    assert.equal((await app.engine['models:list']({})).models.filter((m) => m.server).length, 0);

    await form.getByRole('textbox', { name: 'Server name' }).fill('desk-box');
    await form.getByRole('textbox', { name: 'Server address' }).fill(server.url);
    await form.getByRole('textbox', { name: 'API key' }).fill(KEY);
    await form.getByRole('button', { name: 'Add server' }).click();
    await page.getByRole('button', { name: 'Load desk-box' }).click({ timeout: 15_000 });
    await page.getByText('on 127.0.0.1').first().waitFor({ timeout: 15_000 });
    assert.ok(!(await page.content()).includes(KEY), 'the key is never shown again');

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: `Open ${MARKDOWN.title}` }).click();
    const question = page.getByRole('textbox', { name: 'Question' });
    await question.fill('What lives in the rock pools?');
    await question.press('Enter');
    const turn = page.getByRole('article', { name: 'Question: What lives in the rock pools?' });
    await turn.getByText('Rock pools hold anemones and small crabs').waitFor({ timeout: 30_000 });
    await turn.getByText('Answered on 127.0.0.1 (server)').waitFor({ timeout: 10_000 });
    const chat = server.requests.find((r) => r.url === '/v1/chat/completions');
    assert.equal(chat?.auth, `Bearer ${KEY}`, 'the key went to the server, and only there');
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});
