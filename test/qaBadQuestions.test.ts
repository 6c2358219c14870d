/**
 * Questions a person should not have to get right (issue 13, item 6), asked with no
 * model loaded: only punctuation or common words, the longest question allowed, and
 * a question in another language than the document. Each gets a clear answer or
 * message, nothing is stored half, and other scopes are unaffected.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../native/engine.js';
import { AGREEMENT_PASSAGES } from './fixtures/paraphrasedQuestions.js';
import { makePlainTextFile, PLAIN_TEXT } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

describe('bad questions without a model', () => {
  let dir: string;
  let engine: Engine;
  let agreement: string;
  let notes: string;
  before(async () => {
    dir = makeTempDir();
    engine = openTestEngine(path.join(dir, 'library'));
    const file = path.join(dir, 'field-services.txt');
    fs.writeFileSync(file, `${AGREEMENT_PASSAGES.join('\n\n')}\n`);
    const { documents } = await engine['library:ingest']({ paths: [file, makePlainTextFile(dir)] });
    [agreement, notes] = documents.map((d) => d.id!) as [string, string];
  });
  after(async () => {
    await engine?.close();
    removeDir(dir);
  });

  const messageCount = async (conversationId: string) => (await engine['qa:messages']({ conversationId })).messages.length;

  test('a question of only punctuation or common words is refused with EMPTY_QUESTION, saying what to type, and starts no conversation', async () => {
    for (const question of ['?!?', '… — ?', 'what is the?', 'And who is it?']) {
      await assert.rejects(engine['qa:ask']({ question, documentIds: [agreement] }), (error: { code: string; message: string }) => {
        assert.equal(error.code, 'EMPTY_QUESTION', question);
        assert.match(error.message, /Type the words/);
        return true;
      });
    }
    assert.deepEqual((await engine['qa:conversations']({ documentId: agreement })).conversations, []);
  });

  test('a refused question adds nothing to the conversation it continues', async () => {
    const first = await engine['qa:ask']({ question: 'How much is the monthly service fee?', documentIds: [agreement] });
    assert.equal(await messageCount(first.conversationId), 2);
    await assert.rejects(engine['qa:ask']({ question: 'what?', documentIds: [agreement], conversationId: first.conversationId }), { code: 'EMPTY_QUESTION' });
    assert.equal(await messageCount(first.conversationId), 2);
  });

  test('a 4,000-character question gets an extractive answer stored whole; a longer one is refused with the limit in its message', async () => {
    const sentence = 'Kestrel wants to know the notice period for terminating for convenience. ';
    const question = sentence.repeat(Math.ceil(4000 / sentence.length)).slice(0, 4000);
    assert.equal(question.length, 4000);
    const result = await engine['qa:ask']({ question, documentIds: [agreement] });
    assert.equal(result.mode, 'extractive');
    assert.ok(result.citations.length > 0);
    assert.match(result.citations[0]!.quote, /ninety \(90\) days/);
    assert.equal(await messageCount(result.conversationId), 2);
    await assert.rejects(engine['qa:ask']({ question: `${question}?`, documentIds: [agreement] }), /4,000 characters/);
  });

  test('a question in another language than the document gets an answer that says what was searched and that the language may differ', async () => {
    const result = await engine['qa:ask']({ question: 'Quelle loi régit ce contrat de services ?', documentIds: [agreement] });
    assert.equal(result.mode, 'extractive');
    assert.match(result.answer, /régit/);
    assert.match(result.answer, /No passage matches|another language/);
    assert.equal(await messageCount(result.conversationId), 2);
    const none = await engine['qa:ask']({ question: 'Welches Gesetz gilt für diesen Vertrag?', documentIds: [agreement] });
    assert.equal(none.citations.length, 0);
    assert.match(none.answer, /No passage matches the question\. Searched for .*“gesetz”/);
  });

  test('the other document’s scope is unaffected: no conversation appeared there, and it answers from its own text', async () => {
    assert.deepEqual((await engine['qa:conversations']({ documentId: notes })).conversations, []);
    const result = await engine['qa:ask']({ question: 'When does the night ferry to Stornoway leave the pier?', documentIds: [notes] });
    assert.ok(result.citations.every((c) => c.documentId === notes));
    assert.ok(result.citations[0]!.quote.includes(PLAIN_TEXT.planted.slice(0, 40)), result.citations[0]!.quote);
    assert.equal((await engine['qa:conversations']({ documentId: notes })).conversations.length, 1);
  });
});
