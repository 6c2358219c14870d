/**
 * Suggested questions and completions on a real library database whose entities are
 * written directly (seedKnowledgeLibrary), so each expectation names its entities: what
 * a context offers, how two users' histories turn the same document's suggestions
 * different ways, projection through the entity graph, dismissed and asked questions
 * staying away, reasons, autocomplete, and phrasing by a real (generated) GGUF model
 * with its fallback to templates.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LecternError } from '../native/api/errors.js';
import type { Suggestion } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { KEEP_READING_STATE_TOKENS, readsAsQuestionAbout } from '../native/knowledge/suggest/phraseWithModel.js';
import { suggestionKey } from '../native/knowledge/suggest/suggestionKey.js';
import { SuggestionService } from '../native/knowledge/SuggestionService.js';
import { suggestionQueries } from '../native/store/suggestionQueries.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { contractLibrary, seedKnowledgeLibrary, type SeededLibrary } from './helpers/seedKnowledgeLibrary.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';
import { makeKnowledgeContracts } from './e2e/makeKnowledgeContracts.js';
import { makeContractPdf } from './fixtures/makePdfs.js';

let dir: string;
let engine: Engine;
let lib: SeededLibrary;

before(() => {
  dir = makeTempDir();
  engine = openTestEngine(path.join(dir, 'library'), { llmThreads: 1 });
  lib = seedKnowledgeLibrary(engine.db, contractLibrary());
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

let users = 0;
async function newUser(): Promise<string> {
  const name = `user-${++users}`;
  await engine.invoke('users:create', { name });
  return name;
}

const record = (user: string, type: string, extra: Record<string, unknown>) => engine.invoke('events:record', { user, type, ...extra });
const suggest = async (args: Record<string, unknown>): Promise<Suggestion[]> => (await engine.invoke('suggest:get', args)).suggestions;
const rankOf = (list: Suggestion[], entity: string) => list.findIndex((s) => s.entities.includes(entity));
const isCode = (code: string, message?: RegExp) => (error: unknown) => error instanceof LecternError && error.code === code && (!message || message.test(error.message));

describe('what a context offers', () => {
  test('a document gets 3–6 questions (5 by default), each with text, reason, entities, score and a key that stays the same', async () => {
    const user = await newUser();
    const first = await suggest({ user, documentId: 'lic' });
    assert.equal(first.length, 5);
    for (const s of first) {
      assert.match(s.text, /\?$/);
      assert.ok(s.reason.length > 5);
      assert.ok(s.score > 0);
      assert.equal(s.documentId, 'lic');
      assert.equal(s.phrasing, 'template');
      assert.equal(s.entities.length, s.entityIds.length);
      assert.equal(s.key, suggestionKey('lic', s.text), 'the key is the document plus the normalized question');
    }
    assert.equal(new Set(first.map((s) => s.key)).size, first.length);
    assert.deepEqual(
      first.map((s) => s.score),
      [...first.map((s) => s.score)].sort((a, b) => b - a),
      'best first',
    );
    assert.deepEqual(
      (await suggest({ user, documentId: 'lic' })).map((s) => s.key),
      first.map((s) => s.key),
    );
    assert.equal((await suggest({ user, documentId: 'lic', limit: 3 })).length, 3);
    assert.equal((await suggest({ user, documentId: 'lic', limit: 6 })).length, 6);
  });

  test('for someone new, a defined term is asked about by name with where it is defined', async () => {
    const list = await suggest({ user: await newUser(), documentId: 'lic' });
    const licensee = list.find((s) => s.entities[0] === 'Licensee')!;
    assert.equal(licensee.text, 'What does “Licensee” mean in this agreement?');
    assert.equal(licensee.reason, 'Defined on page 1 and new to you');
  });

  test('amounts and dates are asked about as what is due and when', async () => {
    const list = await suggest({ user: await newUser(), documentId: 'lic', page: 2 });
    assert.ok(list.some((s) => s.text === 'What is the $50,000 for, and when is it due?'));
    assert.ok(list.some((s) => s.text === 'What happens on 1 January 2025 under this agreement?'));
  });

  test('a page puts what is on it first and says so', async () => {
    const list = await suggest({ user: await newUser(), documentId: 'lic', page: 4 });
    const onPage = new Set(['Termination', 'Governing Law', 'Delaware']);
    assert.ok(onPage.has(list[0]!.entities[0]!) && onPage.has(list[1]!.entities[0]!), list.map((s) => s.entities[0]).join(', '));
    assert.match(list[0]!.reason, /on this page/);
  });

  test('a section puts what is in it first', async () => {
    const sectionId = lib.sections.get('dist')!.get('2. Escrow')!;
    const list = await suggest({ user: await newUser(), documentId: 'dist', sectionId });
    assert.deepEqual(new Set(list.slice(0, 2).map((s) => s.entities[0])), new Set(['Escrow', 'Source Code']));
    assert.match(list[0]!.reason, /in this section/);
  });

  test('a selection puts the entities it names first', async () => {
    const list = await suggest({ user: await newUser(), documentId: 'lic', selection: 'the Licensor shall indemnify' });
    assert.equal(list[0]!.entities[0], 'Licensor');
    assert.match(list[0]!.reason, /in your selection/);
  });

  test('the library view asks across documents about what most of them share', async () => {
    const list = await suggest({ user: await newUser() });
    assert.ok(list.length >= 3);
    assert.equal(list[0]!.text, 'What do my documents say about indemnification?');
    assert.equal(list[0]!.reason, 'Comes up in 4 of your documents');
    assert.ok(list.every((s) => s.documentId === null));
  });

  test('a document that is not a contract is called a document', async () => {
    const list = await suggest({ user: await newUser(), documentId: 'notes' });
    assert.ok(list.length >= 3);
    assert.ok(list.some((s) => s.text === 'What does the document say about botany?'));
    assert.ok(!list.some((s) => /agreement/.test(s.text)));
  });

  test('bad context: unknown user, unknown document, a page past the end or a section of another document', async () => {
    await assert.rejects(suggest({ user: 'nobody', documentId: 'lic' }), isCode('USER_NOT_FOUND'));
    await assert.rejects(suggest({ user: 'default', documentId: 'nope' }), isCode('DOCUMENT_NOT_FOUND'));
    await assert.rejects(suggest({ user: 'default', documentId: 'lic', page: 40 }), isCode('INVALID_ARGUMENT', /page 40 .*4 pages/i));
    await assert.rejects(suggest({ user: 'default', documentId: 'lic', sectionId: lib.sections.get('dist')!.get('2. Escrow')! }), isCode('INVALID_ARGUMENT'));
    await assert.rejects(suggest({ user: 'default', documentId: 'lic', limit: 7 }), isCode('INVALID_ARGUMENT'));
  });
});

describe('personal', () => {
  test("two users with different histories get the same document's suggestions ordered their own way, with reasons from their history", async () => {
    const alice = await newUser();
    const bob = await newUser();
    for (const documentId of ['dist', 'svc', 'sup']) {
      await record(alice, 'open', { documentId });
      await record(alice, 'question', { documentId, text: 'Is indemnification capped?' });
    }
    for (const documentId of ['dist', 'sup']) {
      await record(bob, 'open', { documentId });
      await record(bob, 'question', { documentId, text: 'Which governing law applies?' });
    }
    const forAlice = await suggest({ user: alice, documentId: 'lic' });
    const forBob = await suggest({ user: bob, documentId: 'lic' });
    assert.equal(forAlice[0]!.entities[0], 'Indemnification');
    assert.equal(forAlice[0]!.reason, 'You asked about indemnification in 3 other contracts');
    assert.equal(forBob[0]!.entities[0], 'Governing Law');
    assert.equal(forBob[0]!.reason, 'You asked about governing law in 2 other contracts');
    assert.ok(rankOf(forAlice, 'Governing Law') > rankOf(forBob, 'Governing Law'));
    assert.notDeepEqual(
      forAlice.map((s) => s.key),
      forBob.map((s) => s.key),
    );
  });

  test('on a page that does not mention it, a strong interest still gets the third place, with its reason', async () => {
    const reader = await newUser();
    for (const documentId of ['dist', 'svc']) {
      await record(reader, 'open', { documentId });
      await record(reader, 'question', { documentId, text: 'How can the agreement be terminated?' });
    }
    const fresh = await suggest({ user: await newUser(), documentId: 'lic', page: 1 });
    const theirs = await suggest({ user: reader, documentId: 'lic', page: 1 });
    assert.ok(rankOf(fresh, 'Termination') === -1 || rankOf(fresh, 'Termination') > 2, fresh.map((s) => s.entities[0]).join(', '));
    assert.ok(rankOf(theirs, 'Termination') >= 0 && rankOf(theirs, 'Termination') <= 2, theirs.map((s) => s.entities[0]).join(', '));
    assert.match(theirs[rankOf(theirs, 'Termination')]!.reason, /You asked about termination in 2 other contracts/);
    assert.equal(theirs.length, fresh.length, 'the place is taken from the end, not added');
    assert.match(theirs[0]!.reason, /on this page/, 'what is on the page still leads');
  });

  test('interest projects through the entity graph: asking about escrow brings up source code where there is no escrow', async () => {
    const carol = await newUser();
    const baseline = await suggest({ user: await newUser(), documentId: 'src' });
    for (const documentId of ['dist', 'svc']) await record(carol, 'question', { documentId, text: 'When is the escrow released?' });
    const list = await suggest({ user: carol, documentId: 'src' });
    assert.equal(list[0]!.entities[0], 'Source Code');
    assert.equal(list[0]!.reason, 'Related to escrow, which you have been asking about');
    assert.ok(rankOf(baseline, 'Source Code') > 0, 'without the history it is not first');
  });

  test('a dismissed suggestion never comes back, even when more are asked for', async () => {
    const user = await newUser();
    const first = await suggest({ user, documentId: 'lic', recordShown: true });
    await record(user, 'dismiss', { documentId: 'lic', suggestionKey: first[0]!.key });
    for (let i = 0; i < 3; i++) {
      const again = await suggest({ user, documentId: 'lic', limit: 6 });
      assert.ok(!again.some((s) => s.key === first[0]!.key));
    }
  });

  test('a question asked as suggested is not suggested again, and nor is anything else about an entity already asked about here', async () => {
    const user = await newUser();
    const first = await suggest({ user, documentId: 'lic' });
    const licensee = first.find((s) => s.entities[0] === 'Licensee')!;
    await record(user, 'question', { documentId: 'lic', text: licensee.text.toUpperCase() });
    const after = await suggest({ user, documentId: 'lic', limit: 6 });
    assert.ok(!after.some((s) => s.key === licensee.key));
    await record(user, 'question', { documentId: 'lic', text: 'Can either party terminate early?' });
    assert.ok(!(await suggest({ user, documentId: 'lic', limit: 6 })).some((s) => s.entities[0] === 'Termination'));
    assert.ok((await suggest({ user, documentId: 'sup', limit: 6 })).length >= 3, 'other documents are unaffected');
  });

  test('an accepted suggestion counts as asked: it does not come back, and it teaches interest', async () => {
    const user = await newUser();
    const [top] = await suggest({ user, documentId: 'dist', recordShown: true });
    await record(user, 'accept', { documentId: 'dist', suggestionKey: top!.key });
    assert.ok(!(await suggest({ user, documentId: 'dist', limit: 6 })).some((s) => s.key === top!.key));
    const profile = await engine.invoke('profile:get', { user });
    assert.equal(profile.interests[0]!.entity, top!.entities[0]);
  });

  test('what someone knows well loses to what is new to them', async () => {
    const user = await newUser();
    const before = await suggest({ user, documentId: 'lic' });
    assert.equal(before[0]!.entities[0], 'Licensee');
    // Long reads of the definitions page: Licensee and Licensor become familiar; interest is scaled the same for both.
    for (let i = 0; i < 40; i++) await record(user, 'read', { documentId: 'lic', page: 1, dwellMs: 120_000 });
    await engine.invoke('profile:forget', { user, entityId: lib.entity('Meridian Software Ltd') });
    const familiar = (await engine.invoke('profile:get', { user })).familiar.map((f) => f.entity);
    assert.ok(familiar.includes('Licensee'));
    const after = await suggest({ user, documentId: 'lic', page: 3 });
    const reason = after.find((s) => s.entities[0] === 'Licensee')?.reason ?? '';
    assert.ok(!/new to you/.test(reason));
  });

  test('recordShown logs one shown event per suggestion, not again on a refresh within half an hour, and nothing while learning is paused', async () => {
    const user = await newUser();
    const shown = await suggest({ user, documentId: 'svc', recordShown: true });
    await suggest({ user, documentId: 'svc', recordShown: true });
    const events = (await engine.invoke('profile:export', { user })).events;
    assert.equal(events.filter((e) => e.type === 'shown').length, shown.length);
    assert.deepEqual(new Set(events.map((e) => e.suggestionKey)), new Set(shown.map((s) => s.key)));
    const paused = await newUser();
    await engine.invoke('profile:setLearning', { user: paused, paused: true });
    await suggest({ user: paused, documentId: 'svc', recordShown: true });
    assert.equal((await engine.invoke('profile:export', { user: paused })).events.length, 0);
  });

  test("the library view follows the user's interests too", async () => {
    const user = await newUser();
    for (const documentId of ['dist', 'svc']) await record(user, 'question', { documentId, text: 'How does escrow work?' });
    const list = await suggest({ user });
    assert.equal(list[0]!.text, 'What do my documents say about escrow?');
    assert.equal(list[0]!.reason, 'You asked about escrow in 2 documents');
  });
});

describe('autocomplete', () => {
  test('completes entity names from a partial word, and puts what the user read about first', async () => {
    const fresh = await newUser();
    const plain = (await engine.invoke('suggest:autocomplete', { user: fresh, prefix: 'licens' })).completions.map((c) => c.text);
    assert.deepEqual(new Set(plain), new Set(['Licensee', 'Licensor']));
    const reader = await newUser();
    await record(reader, 'highlight', { documentId: 'lic', text: 'the Licensor shall invoice it' });
    const ranked = (await engine.invoke('suggest:autocomplete', { user: reader, prefix: 'Licens' })).completions;
    assert.equal(ranked[0]!.text, 'Licensor');
    assert.ok(ranked[0]!.reason);
  });

  test("matches a later word of a name, and the user's own past questions", async () => {
    const user = await newUser();
    assert.ok((await engine.invoke('suggest:autocomplete', { user, prefix: 'liab' })).completions.some((c) => c.text === 'Limitation of Liability'));
    await record(user, 'question', { documentId: 'svc', text: 'Is indemnification capped in this contract?' });
    const completions = (await engine.invoke('suggest:autocomplete', { user, prefix: 'is indem' })).completions;
    assert.equal(completions[0]!.text, 'Is indemnification capped in this contract?');
    assert.equal(completions[0]!.reason, 'You asked this before');
    assert.equal(completions[0]!.entityId, lib.entity('Indemnification'));
  });

  test('nothing typed, nothing completed; limits are kept', async () => {
    assert.deepEqual((await engine.invoke('suggest:autocomplete', { user: 'default', prefix: '  ' })).completions, []);
    assert.ok((await engine.invoke('suggest:autocomplete', { user: 'default', prefix: 'i', limit: 1 })).completions.length <= 1);
  });
});

describe('on documents imported for real (pdf.js, entity extraction at ingest)', () => {
  let real: Engine;
  const ids = { licence: '', consulting: '', services: '' };

  before(async () => {
    real = openTestEngine(path.join(dir, 'real-library'));
    const files = await makeKnowledgeContracts(dir);
    const { documents } = await real['library:ingest']({ paths: [files.licence, files.consulting, await makeContractPdf(dir)] });
    [ids.licence, ids.consulting, ids.services] = documents.map((d) => d.id!) as [string, string, string];
  });

  after(() => real.close());

  test("someone new is offered the licence's defined terms with the page that defines them, but not the terms that only name a party", async () => {
    const list = (await real.invoke('suggest:get', { user: 'default', documentId: ids.licence })).suggestions;
    const software = list.find((s) => s.text === 'What does “Licensed Software” mean in this agreement?');
    assert.ok(software, list.map((s) => s.text).join('\n'));
    const term = (await real.invoke('knowledge:terms', { documentId: ids.licence })).terms.find((t) => t.term === 'Licensed Software')!;
    assert.equal(software.reason, `Defined on page ${term.definedAt!.page} and new to you`);
    assert.ok(!list.some((s) => /“(Licensee|Licensor|Agreement)”/.test(s.text)), list.map((s) => s.text).join('\n'));
  });

  test("two people who asked about different clauses elsewhere see the licence's suggestions led by their own clause", async () => {
    await real.invoke('users:create', { name: 'careful' });
    await real.invoke('users:create', { name: 'accountant' });
    for (const documentId of [ids.consulting, ids.services]) {
      await real.invoke('events:record', { user: 'careful', type: 'question', documentId, text: 'What are the confidentiality obligations?' });
      await real.invoke('events:record', { user: 'accountant', type: 'question', documentId, text: 'When is payment due?' });
    }
    const careful = (await real.invoke('suggest:get', { user: 'careful', documentId: ids.licence })).suggestions;
    const accountant = (await real.invoke('suggest:get', { user: 'accountant', documentId: ids.licence })).suggestions;
    assert.equal(careful[0]!.text, 'What must be kept confidential under the agreement, and for how long?');
    assert.equal(careful[0]!.reason, 'You asked about confidentiality in 2 other contracts');
    assert.equal(accountant[0]!.text, 'What does a party pay under the agreement, and when is it due?');
    assert.equal(accountant[0]!.reason, 'You asked about payment in 2 other contracts');
  });

  test('what the reader highlighted weighs more: a subject of a highlighted passage scores higher, with nothing learnt from the highlight', async () => {
    await real.invoke('users:create', { name: 'marker' });
    // Learning paused: the highlight records no event, so only the highlighted passage can move the score.
    await real.invoke('profile:setLearning', { user: 'marker', paused: true });
    const before = (await real.invoke('suggest:get', { user: 'marker', documentId: ids.licence, limit: 6 })).suggestions;
    const last = before.at(-1)!;
    const subject = last.entityIds[0]!;
    const passage = real.db
      .prepare<[number, string], { page: number; char_start: number; char_end: number }>(
        'SELECT ps.page, ps.char_start, ps.char_end FROM mentions m JOIN passages p ON p.id = m.passage_id JOIN passage_spans ps ON ps.passage_id = p.id WHERE m.entity_id = ? AND p.document_id = ? LIMIT 1',
      )
      .get(subject, ids.licence)!;
    const text = real.documents.page(ids.licence, passage.page)!.text;
    const span = { page: passage.page, charStart: passage.char_start, charEnd: Math.min(passage.char_end, passage.char_start + 80) };
    await real.invoke('annotations:create', {
      user: 'marker',
      documentId: ids.licence,
      kind: 'highlight',
      anchor: { page: passage.page, spans: [span], quote: text.slice(span.charStart, span.charEnd) },
    });
    const after = (await real.invoke('suggest:get', { user: 'marker', documentId: ids.licence, limit: 6 })).suggestions;
    const again = after.find((s) => s.key === last.key);
    assert.ok(again, after.map((s) => s.text).join('\n'));
    assert.ok(again.score > last.score * 1.4, `${last.text}: ${last.score} → ${again.score}`);
    assert.equal((await real.invoke('profile:export', { user: 'marker' })).events.length, 0);
  });

  test('an accepted suggestion is answered from the passage it keeps: asked first, a passage search ranked lower leads the answer; one outside the scope is not read', async () => {
    const question = 'What must the Licensee do?';
    const plain = await real.invoke('qa:ask', { question, documentIds: [ids.licence] });
    const led = plain.citations[0]!.passageId;
    const hits = (await real.invoke('search:query', { query: 'Licensee', documentIds: [ids.licence], limit: 10 })).results;
    const other = hits.find((r) => r.passageId !== led && !plain.citations.some((c) => c.passageId === r.passageId));
    assert.ok(other, `the licence has passages the plain answer does not quote: ${hits.map((h) => h.passageId).join(', ')}`);
    const asked = await real.invoke('qa:ask', { question, documentIds: [ids.licence], passageIds: [other.passageId] });
    assert.equal(asked.citations[0]!.passageId, other.passageId, 'the passage asked for leads the answer');
    const elsewhere = (await real.invoke('search:query', { query: 'agreement', documentIds: [ids.consulting], limit: 1 })).results[0]!;
    const scoped = await real.invoke('qa:ask', { question, documentIds: [ids.licence], passageIds: [elsewhere.passageId] });
    assert.ok(
      scoped.citations.every((c) => c.documentId === ids.licence),
      'a passage outside the scope is not read',
    );
  });

  test('a question in other words links to the extracted topic ("which law governs" → governing law)', async () => {
    await real.invoke('users:create', { name: 'lawyer' });
    const r = await real.invoke('events:record', { user: 'lawyer', type: 'question', documentId: ids.services, text: 'Which law governs this agreement?' });
    assert.equal(r.entities, 1);
    assert.equal((await real.invoke('profile:get', { user: 'lawyer' })).interests[0]!.entity, 'governing law');
  });
});

describe('phrasing with a model', () => {
  test('a rephrasing is kept only when it is one question that still names its subject', () => {
    assert.ok(readsAsQuestionAbout('What does Licensee mean here?', 'Licensee'));
    assert.ok(readsAsQuestionAbout('How is governing law chosen in this contract?', 'Governing Law'));
    assert.ok(!readsAsQuestionAbout('What does it mean here?', 'Licensee'), 'the subject is gone');
    assert.ok(!readsAsQuestionAbout('Licensee means the buyer.', 'Licensee'), 'not a question');
    assert.ok(!readsAsQuestionAbout('Licensee?', 'Licensee'), 'too short');
    assert.ok(!readsAsQuestionAbout(42, 'Licensee'));
  });

  test('with a generated model loaded, suggestions come back phrased by it under a grammar that keeps their subjects (templates where a phrasing does not pass, or when a question needs the model); the keys never change', async () => {
    const modelPath = path.join(dir, 'tiny.gguf');
    await makeLlamaModel(modelPath, { ...TINY, contextLength: 2048 });
    const unloaded = await engine.invoke('suggest:get', { user: 'default', documentId: 'lic' });
    assert.equal(unloaded.modelLoaded, false);
    const templates = unloaded.suggestions;
    await engine.invoke('models:load', { idOrPath: modelPath });
    try {
      const service = new SuggestionService({ queries: suggestionQueries(engine.db), profiles: engine.profiles, runtime: engine.runtime }, { phrasingBudgetMs: 60_000 });
      const phrased = await service.suggest({ user: 'default', documentId: 'lic' });
      assert.deepEqual(
        phrased.map((s) => s.key),
        templates.map((s) => s.key),
      );
      phrased.forEach((s, i) => {
        if (s.phrasing === 'model') assert.ok(readsAsQuestionAbout(s.text, s.entities[0] ?? ''), s.text);
        else assert.equal(s.text, templates[i]!.text);
      });
      // The grammar makes even a noise model name each subject and end with "?", so most pass.
      assert.ok(phrased.filter((s) => s.phrasing === 'model').length >= Math.ceil(phrased.length / 2), JSON.stringify(phrased.map((s) => [s.phrasing, s.text])));
      assert.ok(phrased.filter((s) => s.phrasing === 'model').every((s) => s.text !== templates.find((t) => t.key === s.key)!.text));

      // Templates on request, at once, with word that a model could word them; through the engine, the model's wording.
      const quickFirst = await engine.invoke('suggest:get', { user: 'default', documentId: 'lic', wording: 'templates' });
      assert.equal(quickFirst.modelLoaded, true);
      assert.deepEqual(
        quickFirst.suggestions.map((s) => [s.key, s.text, s.phrasing]),
        templates.map((s) => [s.key, s.text, 'template']),
      );
      const t0 = performance.now();
      const viaEngine = await engine.invoke('suggest:get', { user: 'default', documentId: 'lic' });
      assert.ok(
        viaEngine.suggestions.some((s) => s.phrasing === 'model'),
        `worded within the engine's budget (took ${Math.round(performance.now() - t0)} ms)`,
      );

      // A question asked while suggestions are being worded takes the model at once: they keep their templates.
      const [worded, answer] = await Promise.all([
        engine.invoke('suggest:get', { user: 'default', documentId: 'dist' }),
        engine.invoke('qa:ask', { question: 'Who holds the escrow?', documentIds: ['dist'], maxTokens: 8 }),
      ]);
      assert.ok(worded.suggestions.length >= 3 && worded.suggestions.every((s) => s.phrasing === 'template'));
      assert.ok(answer.citations !== undefined && answer.mode !== 'extractive', 'the question was answered by the model');

      // No time to phrase: the templates, at once.
      const hurried = new SuggestionService({ queries: suggestionQueries(engine.db), profiles: engine.profiles, runtime: engine.runtime }, { phrasingBudgetMs: 1 });
      const quick = await hurried.suggest({ user: 'default', documentId: 'dist' });
      assert.ok(quick.every((s) => s.phrasing === 'template'));

      // The model busy with other work: suggestions do not wait for it.
      await engine.runtime.exclusive(async () => {}); // what the hurried call left queued has finished
      let release!: () => void;
      const holding = new Promise<void>((started) => {
        void engine.runtime.exclusive(
          () =>
            new Promise<void>((resolve) => {
              release = resolve;
              started();
            }),
        );
      });
      await holding;
      const whileBusy = await service.suggest({ user: 'default', documentId: 'svc' });
      assert.ok(whileBusy.length >= 3 && whileBusy.every((s) => s.phrasing === 'template'));
      release();
      await engine.runtime.exclusive(async () => {});

      // The model holds a document's reading state: phrasing would overwrite it, so templates.
      await engine.runtime.exclusive(async () => {
        const long = engine.runtime.tokenize('The Licensee shall pay the Licence Fee on time. '.repeat(120));
        await engine.runtime.evaluate(long.slice(0, KEEP_READING_STATE_TOKENS + 200));
      });
      const reading = engine.runtime.sequence.nextTokenIndex;
      const kept = await service.suggest({ user: 'default', documentId: 'notes' });
      assert.ok(kept.every((s) => s.phrasing === 'template'));
      assert.equal(engine.runtime.sequence.nextTokenIndex, reading, 'the reading state is untouched');

      // Cancelled by the caller: templates, and the model is free again afterwards.
      const controller = new AbortController();
      controller.abort();
      const cancelled = await service.suggest({ user: 'default', documentId: 'sup' }, { signal: controller.signal });
      assert.ok(cancelled.every((s) => s.phrasing === 'template'));
      assert.equal(engine.runtime.pending, 0);
    } finally {
      await engine.invoke('models:unload', {});
    }
  });
});
