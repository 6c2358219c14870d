/**
 * The knowledge store in the web app, in a real browser on the real engine: users picked in the
 * top bar, the Defined terms panel, two people whose histories differ (alice asks and searches
 * about termination, bob about confidentiality) getting suggestions that differ the same way,
 * dismissing and accepting suggestions, search completions, and the profile page (interests,
 * forget, export, pause learning, delete). Skipped, with the reason, where Chromium or the
 * renderer build is missing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ProfileExport } from '../native/api/types.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { CONSULTING, LICENCE, makeKnowledgeContracts } from './e2e/makeKnowledgeContracts.js';
import { lean, listed, settledSuggestionsFor, suggestionsFor } from './e2e/suggestionStrip.js';
import { valueOnceSettled } from './e2e/valueOnceSettled.js';
import { e2eSkipReason, launchChromium, openApp, startWebApp, unexpectedErrors, type WebApp } from './e2e/startWebApp.js';

const missing = e2eSkipReason();
const SCREENSHOTS = path.resolve('test-results');

const TOPICS = {
  termination: /terminat/i,
  confidentiality: /confidential/i,
} as const;

describe('knowledge and suggestions in the web app', { skip: missing ?? false }, () => {
  let work: string;
  let app: WebApp;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let licenceId: string;
  let consultingId: string;

  const strip = () => page.getByRole('region', { name: 'Suggested questions' });
  const screens = () => page.getByRole('navigation', { name: 'Screens' });
  const userPicker = () => page.getByRole('combobox', { name: 'User' });

  async function openDocument(title: string): Promise<void> {
    await screens().getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: `Open ${title}` }).click();
    await page.getByRole('region', { name: `Document: ${title}` }).waitFor();
    await page.locator('.pdfViewer .page canvas').first().waitFor({ timeout: 20_000 });
  }

  async function ask(question: string): Promise<void> {
    const box = page.getByRole('textbox', { name: 'Question' });
    await box.fill(question);
    await box.press('Enter');
    const turn = page.getByRole('article', { name: `Question: ${question}` });
    await turn.getByText(/Extractive answer/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Ask', exact: true }).waitFor({ timeout: 30_000 });
  }

  async function search(query: string): Promise<void> {
    await page.keyboard.press('Control+K');
    const box = page.getByRole('searchbox', { name: 'Search the library' });
    await box.fill(query);
    const hit = page.getByRole('list', { name: 'Search results' }).getByRole('button').first();
    await hit.waitFor({ timeout: 15_000 });
    // Opening a hit is what makes it a search rather than typing.
    await hit.click();
    await page.locator('.pdfViewer .page canvas').first().waitFor({ timeout: 20_000 });
  }

  async function switchUser(name: string): Promise<void> {
    await userPicker().selectOption(name);
    assert.equal(await userPicker().inputValue(), name);
  }

  async function exported(user: string): Promise<ProfileExport> {
    return app.engine['profile:export']({ user });
  }

  before(async () => {
    work = makeTempDir('lectern-e2e-knowledge-');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const { licence, consulting } = await makeKnowledgeContracts(work);
    app = await startWebApp(path.join(work, 'library'));
    const { documents } = await app.engine['library:ingest']({ paths: [licence, consulting] });
    assert.deepEqual(
      documents.map((d) => d.status),
      ['ingested', 'ingested'],
    );
    licenceId = documents[0]!.id!;
    consultingId = documents[1]!.id!;
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, app));
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    removeDir(work);
  });

  test('users are created from the top bar, and the one picked is kept across a reload', async () => {
    await page.getByRole('button', { name: `Open ${LICENCE.title}` }).waitFor({ timeout: 15_000 });
    assert.equal(await userPicker().inputValue(), 'default');
    for (const name of ['alice', 'bob']) {
      await page.getByRole('button', { name: 'New user' }).click();
      await page.getByRole('textbox', { name: 'New user name' }).fill(name);
      await page.getByRole('button', { name: 'Create user' }).click();
      await userPicker().waitFor();
      assert.equal(await userPicker().inputValue(), name, `${name} is current once created`);
    }
    const { users } = await app.engine['users:list']();
    assert.deepEqual(users.map((u) => u.name).sort(), ['alice', 'bob', 'default']);

    await switchUser('alice');
    await page.reload();
    await page.getByRole('button', { name: `Open ${LICENCE.title}` }).waitFor({ timeout: 15_000 });
    assert.equal(await userPicker().inputValue(), 'alice');
  });

  test('the Defined terms panel lists a term with its definition, filters, and its page links move the reader', async () => {
    await openDocument(LICENCE.title);
    await page.getByRole('tab', { name: 'Defined terms' }).click();
    const terms = page.getByRole('region', { name: 'Defined terms' });
    const licensee = terms.getByRole('article', { name: LICENCE.term, exact: true });
    await licensee.waitFor({ timeout: 15_000 });
    assert.match((await licensee.textContent()) ?? '', /Bluewater Freight Inc\. and any affiliate/, 'the definition is shown');
    assert.ok(await terms.getByRole('article', { name: LICENCE.parenthesisTerm, exact: true }).count(), 'a term defined in a parenthesis is listed');

    const pageBox = page.getByRole('textbox', { name: 'Page number' });
    assert.equal(await pageBox.inputValue(), '1');
    const later = licensee.getByRole('button', { name: new RegExp(`^${LICENCE.term}: used on page ([2-9]|\\d\\d)$`) }).first();
    const label = (await later.getAttribute('aria-label')) ?? '';
    const target = label.replace(/.* page /, '');
    await later.click();
    assert.equal(await valueOnceSettled(pageBox, target), target, 'the reader moved to the page of the use');

    await page.screenshot({ path: path.join(SCREENSHOTS, 'knowledge-terms-light.png') });

    await terms.getByRole('searchbox', { name: 'Filter defined terms' }).fill(LICENCE.termsFilter);
    await terms.getByRole('article', { name: LICENCE.term, exact: true }).waitFor({ state: 'detached' });
    const shown = await terms.getByRole('article').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.ok(shown.includes(LICENCE.filteredTerm), `the filter keeps ${LICENCE.filteredTerm}: ${shown.join(', ')}`);
    await terms.getByRole('searchbox', { name: 'Filter defined terms' }).fill('');
    await page.getByRole('tab', { name: 'Sections' }).click();
  });

  test('alice reads, asks and searches about termination; the engine records it as she goes', async () => {
    await openDocument(LICENCE.title);
    // Two seconds on a page, then the next: that page was read.
    await page.waitForTimeout(2_300);
    await page.getByRole('button', { name: 'Next page' }).click();
    await ask('When can the Licensee terminate this agreement?');
    // A citation opened is a click on its page and passage.
    await page
      .getByRole('button', { name: /^Citation P\d+, .+, page \d+/ })
      .first()
      .click();
    await ask('What happens on termination of the licence?');
    await ask('What notice is needed for termination for convenience?');
    await search('termination material breach');
    await search('terminate notice');
    // Text selected in the page and used with "Ask about this" is a highlight.
    const span = page
      .locator('.textLayer span')
      .filter({ hasText: /terminat/i })
      .first();
    await span.waitFor({ timeout: 20_000 });
    await span.evaluate((el) => {
      const range = el.ownerDocument.createRange();
      range.selectNodeContents(el);
      const selection = el.ownerDocument.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      const view = el.ownerDocument.defaultView as unknown as { MouseEvent: new (type: string, init: { bubbles: boolean }) => never };
      el.dispatchEvent(new view.MouseEvent('mouseup', { bubbles: true }));
    });
    await page.getByRole('button', { name: 'Ask about this' }).click();
    await page.getByRole('group', { name: 'Selected text' }).waitFor();
    await strip().getByRole('heading', { name: 'Suggested for alice, about the selection' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Remove selected text' }).click();

    const log = await exported('alice');
    const types = new Set(log.events.map((e) => e.type));
    for (const type of ['open', 'read', 'question', 'search', 'click', 'highlight'] as const)
      assert.ok(types.has(type), `a '${type}' event was recorded (got ${[...types].join(', ')})`);
    const read = log.events.find((e) => e.type === 'read')!;
    assert.equal(read.documentId, licenceId);
    assert.ok((read.dwellMs ?? 0) >= 2000, `the read carries its dwell time: ${read.dwellMs}`);
    assert.equal(log.events.filter((e) => e.type === 'question').length, 3);
    assert.ok(log.events.some((e) => e.type === 'search' && e.text === 'termination material breach'));
    const click = log.events.find((e) => e.type === 'click')!;
    assert.ok(click.documentId === licenceId && click.page !== null, 'the click names the cited document and page');
    assert.match(log.events.find((e) => e.type === 'highlight')?.text ?? '', /terminat/i);
    const bobs = (await exported('bob')).events;
    assert.deepEqual(
      bobs.filter((e) => e.type !== 'shown'),
      [],
      'nothing alice did went to bob (he was only shown suggestions, while he was the current user)',
    );
  });

  test('bob asks and searches about confidentiality', async () => {
    await switchUser('bob');
    await openDocument(LICENCE.title);
    await ask('What are the confidentiality obligations of the Licensee?');
    await ask('How long does confidentiality last?');
    await ask('What counts as Confidential Information?');
    await search('confidential information secret');
    const log = await exported('bob');
    assert.equal(log.events.filter((e) => e.type === 'question').length, 3);
    assert.ok(log.events.some((e) => e.type === 'search'));
  });

  test("in the library, alice's suggestions lead with termination and bob's with confidentiality", async () => {
    await switchUser('alice');
    await screens().getByRole('button', { name: 'Library' }).click();
    const alice = await settledSuggestionsFor(page, 'alice');
    await switchUser('bob');
    const bob = await settledSuggestionsFor(page, 'bob');
    const detail = `\nalice: ${listed(alice)}\nbob: ${listed(bob)}`;

    for (const [who, list] of [
      ['alice', alice],
      ['bob', bob],
    ] as const)
      assert.ok(list.length >= 3 && list.length <= 6, `3–6 suggestions for ${who}${detail}`);
    assert.match(alice[0]!.text, TOPICS.termination, `alice's first suggestion is about termination${detail}`);
    assert.match(bob[0]!.text, TOPICS.confidentiality, `bob's first suggestion is about confidentiality${detail}`);
    assert.ok(lean(alice, TOPICS.termination) > lean(bob, TOPICS.termination), `alice's strip leans to termination more than bob's${detail}`);
    assert.ok(lean(bob, TOPICS.confidentiality) > lean(alice, TOPICS.confidentiality), `bob's strip leans to confidentiality more than alice's${detail}`);
  });

  test('in the reader of another contract, on the page with both clauses, each strip leads with its own topic', async () => {
    await switchUser('alice');
    await openDocument(CONSULTING.title);
    const pageBox = page.getByRole('textbox', { name: 'Page number' });
    await pageBox.fill(String(CONSULTING.bothTopicsPage));
    await pageBox.press('Enter');
    assert.equal(await valueOnceSettled(pageBox, String(CONSULTING.bothTopicsPage)), String(CONSULTING.bothTopicsPage));
    const alice = await settledSuggestionsFor(page, 'alice');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'knowledge-reader-light.png') });
    await switchUser('bob');
    const bob = await settledSuggestionsFor(page, 'bob');
    const detail = `\nalice: ${listed(alice)}\nbob: ${listed(bob)}`;

    assert.ok(alice.length >= 3 && bob.length >= 3, `suggestions for both${detail}`);
    assert.match(alice[0]!.text, TOPICS.termination, `alice's first suggestion is about termination${detail}`);
    assert.match(bob[0]!.text, TOPICS.confidentiality, `bob's first suggestion is about confidentiality${detail}`);
    assert.ok(lean(alice, TOPICS.termination) > lean(bob, TOPICS.termination), `alice's strip leans to termination more than bob's${detail}`);
    assert.ok(lean(bob, TOPICS.confidentiality) > lean(alice, TOPICS.confidentiality), `bob's strip leans to confidentiality more than alice's${detail}`);
  });

  test('a dismissed suggestion goes, and stays gone after a reload', async () => {
    const dismissed = (await suggestionsFor(page, 'bob'))[0]!.text;
    await strip()
      .getByRole('button', { name: `Dismiss suggestion: ${dismissed}`, exact: true })
      .click();
    await strip()
      .getByRole('button', { name: `Dismiss suggestion: ${dismissed}`, exact: true })
      .waitFor({ state: 'detached' });
    const feedback = (await exported('bob')).feedback;
    assert.ok(
      feedback.some((f) => f.state === 'dismissed'),
      'the engine remembers the dismissal',
    );

    await page.reload();
    assert.equal(await userPicker().inputValue(), 'bob');
    await openDocument(CONSULTING.title);
    const after = await suggestionsFor(page, 'bob');
    assert.ok(after.length > 0);
    assert.ok(!after.some((s) => s.text === dismissed), `"${dismissed}" is not suggested again: ${listed(after)}`);
  });

  test('accepting a suggestion asks it in the Ask panel, about this document', async () => {
    const chosen = (await suggestionsFor(page, 'bob'))[0]!.text;
    await strip().getByRole('button', { name: chosen, exact: true }).click();
    const turn = page.getByRole('article', { name: `Question: ${chosen}` });
    await turn.getByText(/Extractive answer/).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByRole('radio', { name: 'This document' }).isChecked(), true);
    const log = await exported('bob');
    assert.ok(
      log.events.some((e) => e.type === 'accept'),
      'the acceptance was recorded',
    );
    assert.ok(
      log.events.some((e) => e.type === 'question' && e.text === chosen && e.documentId === consultingId),
      'and the question, scoped to this document',
    );
  });

  test('the search box completes from the library, with arrow keys and Enter', async () => {
    await page.keyboard.press('Control+K');
    const box = page.getByRole('searchbox', { name: 'Search the library' });
    await box.fill('');
    await box.pressSequentially('Confid', { delay: 30 });
    const list = page.getByRole('listbox', { name: 'Search suggestions' });
    await list.waitFor({ timeout: 10_000 });
    const first = list.getByRole('option').first();
    const text = ((await first.locator('.completion-text').textContent()) ?? '').trim();
    assert.match(text, /^Confid/i);
    await box.press('ArrowDown');
    assert.equal(await first.getAttribute('aria-selected'), 'true');
    await box.press('Enter');
    await list.waitFor({ state: 'detached' });
    assert.equal(await box.inputValue(), text, 'the completion fills the query');
    await page.getByRole('list', { name: 'Search results' }).waitFor({ timeout: 10_000 });

    await box.fill('Licen');
    await list.waitFor({ timeout: 10_000 });
    await box.press('Escape');
    await list.waitFor({ state: 'detached' });
    assert.equal(await box.inputValue(), 'Licen', 'Esc closes the list and keeps the text');
  });

  test('the profile page shows interests; forgetting one removes it; export downloads the JSON', async () => {
    await switchUser('alice');
    await screens().getByRole('button', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Profile: alice' }).waitFor();
    const interests = page.getByRole('list', { name: 'Interests' });
    await interests.waitFor({ timeout: 10_000 });
    const names = await interests.getByRole('button', { name: /^Forget / }).evaluateAll((bs) => bs.map((b) => (b.getAttribute('aria-label') ?? '').replace(/^Forget /, '')));
    assert.ok(names.length > 0);
    assert.ok(
      names.some((n) => TOPICS.termination.test(n) || n === LICENCE.term),
      `alice's interests include what she asked about: ${names.join(', ')}`,
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'knowledge-profile-light.png'), fullPage: true });

    const forgotten = names[0]!;
    await interests.getByRole('button', { name: `Forget ${forgotten}`, exact: true }).click();
    await interests.getByRole('button', { name: `Forget ${forgotten}`, exact: true }).waitFor({ state: 'detached' });
    const profile = await app.engine['profile:get']({ user: 'alice' });
    assert.ok(!profile.interests.some((e) => e.entity === forgotten), `${forgotten} is gone from the engine's profile too`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export profile (JSON)' }).click()]);
    assert.match(download.suggestedFilename(), /^lectern-profile-alice\.json$/);
    const file = await download.path();
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as ProfileExport;
    assert.equal(data.format, 'lectern-profile');
    assert.equal(data.user.name, 'alice');
    assert.ok(data.events.some((e) => e.type === 'question'));
    assert.ok(
      data.entities.some((e) => e.entity === forgotten && e.blocked),
      'the forgotten entity is exported as blocked',
    );
  });

  test('while learning is paused, asking changes nothing; resuming learns again', async () => {
    const pause = page.getByRole('switch', { name: 'Pause learning' });
    await pause.check();
    await page.getByText('Paused: nothing is recorded and the profile does not change.').waitFor();
    const before = await exported('alice');
    assert.equal(before.user.learningPaused, true);

    await openDocument(CONSULTING.title);
    await ask('Who owns the Deliverables?');
    const during = await exported('alice');
    assert.equal(during.events.length, before.events.length, 'no event recorded while paused');
    assert.deepEqual(during.entities, before.entities, 'no aggregate changed while paused');

    await screens().getByRole('button', { name: 'Profile' }).click();
    await page.getByRole('spinbutton', { name: 'Keep events for (days)' }).fill('30');
    await page.getByRole('button', { name: 'Save retention' }).click();
    await page.getByText('Events older than 30 days will be deleted.').waitFor();
    assert.equal((await app.engine['profile:get']({ user: 'alice' })).retentionDays, 30);
    await pause.uncheck();
    await page.getByText(/\d+ events? in the log\./).waitFor();
    await openDocument(CONSULTING.title);
    await ask('Who owns the Deliverables once paid?');
    assert.ok((await exported('alice')).events.length > during.events.length, 'events are recorded again');
  });

  test('deleting a profile removes that user and switches back to default', async () => {
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByRole('textbox', { name: 'New user name' }).fill('carol');
    await page.getByRole('button', { name: 'Create user' }).click();
    assert.equal(await userPicker().inputValue(), 'carol');
    await screens().getByRole('button', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Profile: carol' }).waitFor();
    await page.getByRole('button', { name: 'Delete profile…' }).click();
    await page.getByRole('group', { name: 'Confirm deleting the profile of carol' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('heading', { name: 'Profile: default' }).waitFor();
    assert.equal(await userPicker().inputValue(), 'default');
    const { users } = await app.engine['users:list']();
    assert.deepEqual(users.map((u) => u.name).sort(), ['alice', 'bob', 'default']);
  });

  test('the page logged no errors of its own', () => {
    assert.deepEqual(unexpectedErrors(errors), []);
  });
});
