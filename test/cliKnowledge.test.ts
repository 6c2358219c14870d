/**
 * `lectern suggest`, `profile`, `users` and `event` as a person or a script runs them:
 * `node bin/lectern.js` in a child process against a library whose entities were written
 * directly (seedKnowledgeLibrary), checking exit codes (usage 2, other failures 1), the one
 * JSON object --json prints, and the messages of bad input.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openTestEngine } from './helpers/openTestEngine.js';
import { parseSingleJson, runCli } from './helpers/runCli.js';
import { contractLibrary, seedKnowledgeLibrary } from './helpers/seedKnowledgeLibrary.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeNdaText, NDA } from './fixtures/makeDefinedTermsContract.js';

let dir: string;
let library: string;

before(async () => {
  dir = makeTempDir();
  library = path.join(dir, 'library');
  const engine = openTestEngine(library);
  seedKnowledgeLibrary(engine.db, contractLibrary());
  await engine.close();
});

after(() => removeDir(dir));

const lectern = (...args: string[]) => runCli([...args, '--library', library], { home: dir });
const json = async (...args: string[]) => {
  const r = await lectern(...args, '--json');
  return { code: r.code, body: parseSingleJson(r.stdout), stderr: r.stderr };
};

interface SuggestionJson {
  text: string;
  reason: string;
  entities: string[];
  score: number;
  key: string;
}

describe('lectern suggest', () => {
  test('--json prints one {"suggestions":[{text, reason, entities, score, …}]} object for a document', async () => {
    const { code, body, stderr } = await json('suggest', '--doc', 'lic');
    assert.equal(code, 0, stderr);
    assert.deepEqual(Object.keys(body), ['suggestions']);
    const suggestions = body.suggestions as SuggestionJson[];
    assert.ok(suggestions.length >= 3 && suggestions.length <= 6);
    for (const s of suggestions) {
      for (const k of ['text', 'reason', 'entities', 'score', 'key']) assert.ok(k in s, `${k} in ${JSON.stringify(s)}`);
      assert.ok(Array.isArray(s.entities) && typeof s.score === 'number');
    }
    assert.ok(suggestions.some((s) => s.text === 'What does “Licensee” mean in this agreement?'));
  });

  test('without --doc it suggests for the library; --page puts that page first; without --json it prints a numbered list', async () => {
    const library = (await json('suggest')).body.suggestions as SuggestionJson[];
    assert.match(library[0]!.text, /my documents/);
    const page = (await json('suggest', '--doc', 'lic', '--page', '2')).body.suggestions as SuggestionJson[];
    assert.match(page[0]!.reason, /on this page/);
    const plain = await lectern('suggest', '--doc', 'lic', '--limit', '3');
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /^1\. What does/m);
    assert.match(plain.stdout, /^3\. /m);
    assert.doesNotMatch(plain.stdout, /^4\. /m);
  });

  test('bad input: a page that is not a number, zero or past the end, --page without --doc, two --doc, --limit 9 exit 2', async () => {
    for (const args of [
      ['--doc', 'lic', '--page', 'two'],
      ['--doc', 'lic', '--page', '0'],
      ['--doc', 'lic', '--page', '99'],
      ['--page', '2'],
      ['--doc', 'lic', '--doc', 'sup'],
      ['--doc', 'lic', '--limit', '9'],
    ]) {
      const { code, body } = await json('suggest', ...args);
      assert.equal(code, 2, args.join(' '));
      assert.equal((body.error as { code: string }).code, 'INVALID_ARGUMENT');
    }
    const past = await lectern('suggest', '--doc', 'lic', '--page', '99');
    assert.match(past.stderr, /Page 99 is past the end of this document, which has 4 pages/);
  });

  test('an unknown document or user exits 1 with a message that says what there is', async () => {
    const doc = await json('suggest', '--doc', 'nope');
    assert.equal(doc.code, 1);
    assert.equal((doc.body.error as { code: string }).code, 'DOCUMENT_NOT_FOUND');
    const user = await lectern('suggest', '--doc', 'lic', '--user', 'ghost');
    assert.equal(user.code, 1);
    assert.match(user.stderr, /no user named "ghost".*default/);
  });
});

describe('lectern event and lectern profile', () => {
  test('an event is recorded as the app records it, and the profile shows what was learnt', async () => {
    const created = await json('users', 'create', 'alice');
    assert.equal(created.code, 0, created.stderr);
    for (const doc of ['dist', 'svc', 'sup']) {
      const r = await json('event', 'question', '--user', 'alice', '--doc', doc, '--text', 'Is indemnification capped?');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.body, { recorded: true, entities: 1 });
    }
    const read = await json('event', 'read', '--user', 'alice', '--doc', 'lic', '--page', '1', '--dwell-ms', '60000');
    assert.equal(read.body.recorded, true);
    const { code, body } = await json('profile', '--user', 'alice');
    assert.equal(code, 0);
    assert.equal(body.user, 'alice');
    const interests = body.interests as Array<{ entity: string; score: number }>;
    assert.equal(interests[0]!.entity, 'Indemnification');
    assert.ok(interests[0]!.score > 0);
    assert.ok(Array.isArray(body.familiar));
    const suggestions = (await json('suggest', '--doc', 'lic', '--user', 'alice')).body.suggestions as SuggestionJson[];
    assert.equal(suggestions[0]!.reason, 'You asked about indemnification in 3 other contracts');
    const plain = await lectern('profile', '--user', 'alice');
    assert.match(plain.stdout, /Interests:\n {2}Indemnification/);
  });

  test('dismissing a suggestion by its key keeps it away', async () => {
    const [first] = (await json('suggest', '--doc', 'svc')).body.suggestions as SuggestionJson[];
    const r = await lectern('event', 'dismiss', '--doc', 'svc', '--key', first!.key);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Recorded dismiss for default/);
    const after = (await json('suggest', '--doc', 'svc', '--limit', '6')).body.suggestions as SuggestionJson[];
    assert.ok(!after.some((s) => s.key === first!.key));
  });

  test('bad events: an unknown type, a negative dwell, a dismiss without a key, an unknown document', async () => {
    assert.equal((await json('event', 'wander', '--doc', 'lic')).code, 2);
    assert.equal((await json('event')).code, 2);
    assert.equal((await json('event', 'read', '--doc', 'lic', '--dwell-ms=-5')).code, 2);
    const dismiss = await json('event', 'dismiss', '--doc', 'lic');
    assert.equal(dismiss.code, 2);
    assert.match((dismiss.body.error as { message: string }).message, /key/);
    const missing = await json('event', 'open', '--doc', 'nope');
    assert.equal(missing.code, 1);
    assert.equal((missing.body.error as { code: string }).code, 'DOCUMENT_NOT_FOUND');
  });

  test('profile pause stops learning until resume', async () => {
    await json('users', 'create', 'paula');
    assert.equal((await json('profile', 'pause', '--user', 'paula')).body.learningPaused, true);
    const r = await lectern('event', 'search', '--user', 'paula', '--text', 'escrow');
    assert.match(r.stdout, /Learning is paused for paula: nothing was recorded/);
    assert.equal((await json('profile', '--user', 'paula')).body.events, 0);
    await json('profile', 'resume', '--user', 'paula');
    assert.equal((await json('event', 'search', '--user', 'paula', '--text', 'escrow')).body.recorded, true);
  });

  test('profile export prints everything kept as one JSON object, with or without --json', async () => {
    await json('users', 'create', 'exporter');
    await json('event', 'open', '--user', 'exporter', '--doc', 'lic');
    const r = await lectern('profile', 'export', '--user', 'exporter');
    assert.equal(r.code, 0, r.stderr);
    const body = parseSingleJson(r.stdout);
    assert.equal(body.format, 'lectern-profile');
    assert.equal((body.user as { name: string }).name, 'exporter');
    assert.deepEqual(
      (body.events as Array<{ type: string }>).map((e) => e.type),
      ['open'],
    );
  });

  test('profile delete removes a user with their profile; for the default user it clears the profile and keeps the user', async () => {
    await json('users', 'create', 'leaver');
    await json('event', 'question', '--user', 'leaver', '--doc', 'lic', '--text', 'termination?');
    const deleted = await json('profile', 'delete', '--user', 'leaver');
    assert.equal(deleted.code, 0);
    assert.deepEqual(deleted.body, { deleted: 'leaver', events: 1, entities: 1, kept: false });
    assert.equal((await json('profile', '--user', 'leaver')).code, 1);
    assert.equal((await json('profile', '--user', 'alice')).code, 0, 'other users stay');

    await json('event', 'question', '--doc', 'lic', '--text', 'termination?');
    const cleared = await lectern('profile', 'delete');
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.match(cleared.stdout, /Cleared the default user's profile .*stays/);
    const after = await json('profile');
    assert.equal(after.body.events, 0);
    assert.deepEqual(after.body.interests, []);
    const users = (await json('users')).body.users as Array<{ name: string }>;
    assert.ok(users.some((u) => u.name === 'default'));
  });

  test('users create refuses a taken name (exit 1) and profile refuses an unknown subcommand (exit 2)', async () => {
    const taken = await json('users', 'create', 'ALICE');
    assert.equal(taken.code, 1);
    assert.equal((taken.body.error as { code: string }).code, 'USER_EXISTS');
    assert.equal((await json('profile', 'shred')).code, 2);
  });
});

describe('lectern terms and lectern backfill', () => {
  test("terms --json lists a document's defined terms with definition, pages and uses; an unknown document exits 1", async () => {
    const { code, body, stderr } = await json('terms', 'lic');
    assert.equal(code, 0, stderr);
    const terms = (body as { terms: Array<{ term: string; definition: string | null; definedOnPage: number | null; pages: number[]; mentions: number }> }).terms;
    const licensee = terms.find((t) => t.term === 'Licensee');
    assert.ok(licensee, terms.map((t) => t.term).join(', '));
    assert.match(licensee.definition ?? '', /Bluewater Freight/);
    assert.equal(licensee.definedOnPage, 1);
    assert.ok(licensee.pages.includes(1) && licensee.mentions >= licensee.pages.length);
    const text = await lectern('terms', 'lic');
    assert.match(text.stdout, /"Licensee".*defined on page 1/);
    const missing = await lectern('terms', 'no-such-doc');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no-such-doc/);
    assert.equal((await lectern('terms')).code, 2);
  });

  test('backfill finds the entities of a document stored without them, and a second run has nothing to do', async () => {
    const other = path.join(dir, 'backfill-library');
    const ingest = await runCli(['ingest', makeNdaText(dir), '--library', other, '--json'], { home: dir });
    assert.equal(ingest.code, 0, ingest.stderr);
    const engine = openTestEngine(other);
    engine.db.exec('DELETE FROM entity_extraction; DELETE FROM document_entities; DELETE FROM mentions;');
    await engine.close();
    const backfill = (...args: string[]) => runCli(['backfill', '--library', other, ...args], { home: dir });
    const first = await backfill('--json');
    assert.equal(first.code, 0, first.stderr);
    const done = parseSingleJson(first.stdout) as { documents: number; entities: number };
    assert.equal(done.documents, 1);
    assert.ok(done.entities > 0);
    const id = (parseSingleJson(ingest.stdout) as { documents: Array<{ id: string }> }).documents[0]!.id;
    const terms = await runCli(['terms', id, '--library', other, '--json'], { home: dir });
    assert.ok((parseSingleJson(terms.stdout) as { terms: Array<{ term: string }> }).terms.some((t) => t.term === NDA.sharedTerm));
    assert.match((await backfill()).stdout, /Every document already has its entities/);
  });
});
