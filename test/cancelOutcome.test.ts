/**
 * One outcome for a cancelled command: every long command, stopped by the signal of its
 * `invoke`, rejects with a LecternError of code CANCELLED, carrying what it had done as
 * `partial` (shaped as its result) where it had done some of its work.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CommandName } from '../native/api/commands.js';
import type { Engine } from '../native/engine.js';
import { makeBookPdf } from './fixtures/makePdfs.js';
import { makeMarkdownFile, makeSmallTextFile } from './fixtures/makeTextFiles.js';
import { assertLibraryConsistent } from './helpers/libraryChecks.js';
import { startModelServer, type ModelServer } from './helpers/modelServer.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { rejectsCancelled } from './helpers/rejectsCancelled.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';

let dir: string;
let engine: Engine;
let server: ModelServer;
let modelPath: string;
const texts: string[] = [];
let notesId: string;
/** A document nothing asks about, so no reading state of it is saved but by pre-reading. */
let unreadId: string;

before(async () => {
  dir = makeTempDir();
  engine = openTestEngine(path.join(dir, 'library'), { llmThreads: 1 });
  server = await startModelServer();
  modelPath = path.join(dir, 'tiny-8k.gguf');
  await makeLlamaModel(modelPath, { ...TINY, contextLength: 8192 });
  for (let i = 0; i < 4; i++) texts.push(makeSmallTextFile(dir, `note-${i}.txt`, 500 + i));
  const { documents } = await engine.invoke('library:ingest', { paths: [makeMarkdownFile(dir), ...texts] });
  notesId = documents[0]!.id!;
  unreadId = documents[1]!.id!;
});

after(async () => {
  await engine?.close();
  await server?.close();
  removeDir(dir);
});

/** Runs `command` and aborts its signal when `stopWhen` first says so (given each progress report). */
function runUntil<C extends CommandName>(command: C, args: unknown, stopWhen: (progress: never) => boolean): Promise<unknown> {
  const controller = new AbortController();
  return engine.invoke(command, args, {
    signal: controller.signal,
    onProgress: (p: unknown) => {
      if (!controller.signal.aborted && stopWhen(p as never)) controller.abort();
    },
  });
}

describe('a signal aborted before the command starts', () => {
  const long: Array<[CommandName, unknown]> = [
    ['library:ingest', { paths: [] as string[] }],
    ['library:reread', {}],
    ['qa:ask', { question: 'anything?' }],
    ['qa:preread', { documentIds: ['x'] }],
    ['models:add', { pathOrUri: 'x.gguf' }],
    ['knowledge:backfill', {}],
  ];
  for (const [command, args] of long) {
    test(`${command} rejects CANCELLED with nothing done`, async () => {
      const valid = command === 'library:ingest' ? { paths: [texts[0]] } : args;
      const before = engine.documents.list().length;
      const partial = await rejectsCancelled(engine.invoke(command, valid, { signal: AbortSignal.abort() }), command);
      assert.equal(partial, undefined);
      assert.equal(engine.documents.list().length, before);
    });
  }
});

describe('stopped while it runs', () => {
  test('library:ingest: the partial lists the file stored before the stop and the unread one cancelled; the stored one stays', async () => {
    const first = makeSmallTextFile(dir, 'ingest-first.txt', 601);
    const book = await makeBookPdf(dir);
    const partial = await rejectsCancelled(
      runUntil(
        'library:ingest',
        { paths: [first, book] },
        (p: { path: string; stage: string; pagesDone: number }) => p.path === book && p.stage === 'extracting' && p.pagesDone >= 1,
      ),
      'library:ingest',
    );
    assert.deepEqual(
      partial?.documents.map((d) => [path.basename(d.path), d.status]),
      [
        ['ingest-first.txt', 'ingested'],
        [path.basename(book), 'cancelled'],
      ],
    );
    assert.ok(engine.documents.summary(partial!.documents[0]!.id!), 'the file read before the stop is in the library');
    assertLibraryConsistent(engine.db);
  });

  test('library:reread: the partial says what was re-read, `cancelled: true`; the rest is re-read next time', async () => {
    engine.db.exec('UPDATE documents SET ingest_version = 1'); // read by an older pipeline
    const total = engine.documents.list().length;
    const partial = await rejectsCancelled(
      runUntil('library:reread', {}, (p: { done: number }) => p.done >= 1),
      'library:reread',
    );
    assert.equal(partial?.cancelled, true);
    assert.ok(partial.documents >= 1 && partial.documents < total, `stopped mid-way (${partial.documents} of ${total})`);
    const rest = await engine.invoke('library:reread', {});
    assert.equal(rest.documents, total - partial.documents);
    assert.equal(rest.cancelled, false);
  });

  test('library:reread joined by a second request: each request gets its progress, and aborting the joiner stops the re-read for both', async () => {
    engine.db.exec('UPDATE documents SET ingest_version = 1');
    const total = engine.documents.list().length;
    const starterProgress: number[] = [];
    // As the engine starts it when a library opens.
    const started = engine.invoke('library:reread', { requestId: 'opened-library' }, { onProgress: (p) => starterProgress.push(p.done) });
    const joiner = new AbortController();
    const joinerProgress: number[] = [];
    const joined = engine.invoke(
      'library:reread',
      { join: true },
      {
        signal: joiner.signal,
        onProgress: (p) => {
          joinerProgress.push(p.done);
          if (p.done >= 1) joiner.abort();
        },
      },
    );
    const [first, second] = [await rejectsCancelled(started, 'library:reread'), await rejectsCancelled(joined, 'library:reread')];
    assert.equal(starterProgress[0], 0, 'the request that starts it hears its first progress too');
    assert.ok(joinerProgress.length > 0, 'the joiner hears the re-read it joined');
    assert.deepEqual(second, first, 'both requests end with the same re-read');
    assert.ok(first && first.cancelled && first.documents < total, JSON.stringify(first));
    await engine.invoke('library:reread', {}); // finish it for the tests after
  });

  test('library:reread with join while none runs starts nothing and answers with the last re-read', async () => {
    const events: unknown[] = [];
    const off = engine.on('library:rereadProgress', (p) => events.push(p));
    engine.db.exec('UPDATE documents SET ingest_version = 1');
    const last = await engine.invoke('library:rereadStatus', {});
    const answer = await engine.invoke('library:reread', { join: true });
    off();
    assert.deepEqual(answer, last.result);
    assert.deepEqual(events, [], 'no re-read started');
    assert.equal(engine.documents.list().length, (await engine.invoke('library:reread', {})).documents, 'the outdated documents were left for a real re-read');
  });

  test('knowledge:backfill: the partial counts the documents done before the stop; the rest are done next time', async () => {
    engine.db.exec('DELETE FROM entity_extraction');
    const total = engine.documents.list().length;
    const partial = await rejectsCancelled(
      runUntil('knowledge:backfill', {}, (p: { done: number }) => p.done >= 1),
      'knowledge:backfill',
    );
    assert.ok(partial && partial.documents >= 1 && partial.documents < total, JSON.stringify(partial));
    const rest = await engine.invoke('knowledge:backfill', {});
    assert.equal(rest.documents, total - partial.documents);
  });

  test('models:add: a download stopped mid-way rejects CANCELLED and registers nothing', async () => {
    server.files.set('/slow/tiny.gguf', { body: fs.readFileSync(modelPath), slow: { chunkBytes: 32 * 1024, delayMs: 10 } });
    const partial = await rejectsCancelled(
      runUntil('models:add', { pathOrUri: `${server.origin}/slow/tiny.gguf` }, (p: { receivedBytes: number }) => p.receivedBytes > 0),
      'models:add',
    );
    assert.equal(partial, undefined);
    assert.deepEqual((await engine.invoke('models:list', {})).models, []);
  });

  describe('with a model loaded', () => {
    before(async () => {
      await engine.invoke('models:load', { idOrPath: modelPath });
    });
    after(async () => {
      await engine.invoke('models:unload', {});
    });

    test('qa:ask: the partial is the answer written so far, and the conversation keeps it', async () => {
      let streamed = '';
      const partial = await rejectsCancelled(
        runUntil('qa:ask', { question: 'tell me everything in these notes', documentIds: [notesId], maxTokens: 2000 }, (p: { delta: string }) => {
          streamed += p.delta;
          return true;
        }),
        'qa:ask',
      );
      assert.ok(partial && streamed.length > 0 && partial.answer.startsWith(streamed.trim().slice(0, 5)), JSON.stringify({ streamed, partial: partial?.answer }));
      const kept = (await engine.invoke('qa:messages', { conversationId: partial.conversationId })).messages.at(-1);
      assert.deepEqual({ role: kept?.role, text: kept?.text }, { role: 'assistant', text: partial.answer });
    });

    test('qa:preread: stopped while reading, it rejects CANCELLED and saves no reading state', async () => {
      await rejectsCancelled(
        runUntil('qa:preread', { documentIds: [unreadId] }, (p: { stage: string }) => p.stage === 'reading'),
        'qa:preread',
      );
      const { statuses } = await engine.invoke('qa:prereadStatus', { documentIds: [unreadId] });
      assert.equal(statuses[0]?.state, 'not-read');
    });
  });
});
