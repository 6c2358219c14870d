/**
 * Cancelling through the transport: a `{ "cancel": <request id> }` message on web mode's
 * socket stops that request, which then answers as a cancelled command does; and every way
 * in refuses arguments the contract does not allow.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import type { CommandResults } from '../native/api/commands.js';
import type { WireEvent, WireReply } from '../native/api/wire.js';
import type { Engine } from '../native/engine.js';
import { uploadsDir } from '../native/server/receiveUpload.js';
import { startWebServer, type WebServer } from '../native/server/WebServer.js';
import { makeBookPdf } from './fixtures/makePdfs.js';
import { makeSmallTextFile } from './fixtures/makeTextFiles.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let engine: Engine;
let server: WebServer;
let uploadedBook: string;

before(async () => {
  dir = makeTempDir();
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir, { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Lectern</title>\n');
  engine = openTestEngine(path.join(dir, 'library'), { pdfWorkers: 1 });
  server = await startWebServer({ engine, rendererDir });
  // Where receiveUpload puts an upload: a folder of its own under the uploads folder.
  const upload = path.join(uploadsDir(engine.libraryDir), 'upload-1');
  fs.mkdirSync(upload, { recursive: true });
  uploadedBook = path.join(upload, 'book.pdf');
  fs.copyFileSync(await makeBookPdf(dir), uploadedBook);
});

after(async () => {
  await server?.close();
  await engine?.close();
  removeDir(dir);
});

/** A socket client that keeps replies by id and lets a test watch events. */
async function connect(): Promise<{ ws: WebSocket; reply: (id: number) => Promise<WireReply>; onEvent: (listener: (e: WireEvent) => void) => void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${encodeURIComponent(server.token)}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const replies = new Map<number, (r: WireReply) => void>();
  const eventListeners: Array<(e: WireEvent) => void> = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as WireReply | WireEvent;
    if ('event' in message) for (const l of eventListeners) l(message);
    else replies.get(message.id)?.(message);
  });
  return {
    ws,
    reply: (id) => new Promise((resolve) => replies.set(id, resolve)),
    onEvent: (listener) => eventListeners.push(listener),
  };
}

describe('cancel over the WebSocket by request id', () => {
  test('an import cancelled by its request id answers CANCELLED with its unread file cancelled in `partial`; the library and the uploads keep nothing of it', async () => {
    const client = await connect();
    let cancelSent = false;
    client.onEvent((e) => {
      const p = e.payload as { path?: string; stage?: string; pagesDone?: number };
      if (!cancelSent && e.event === 'library:ingestProgress' && p.path === uploadedBook && p.stage === 'extracting' && (p.pagesDone ?? 0) >= 1) {
        cancelSent = true;
        client.ws.send(JSON.stringify({ cancel: 7 }));
      }
    });
    const replied = client.reply(7);
    client.ws.send(JSON.stringify({ id: 7, command: 'library:ingest', args: { paths: [uploadedBook] } }));
    const reply = await replied;
    assert.ok(cancelSent, 'the import reported progress, and the cancel went out while it ran');
    assert.equal(reply.ok, false, JSON.stringify(reply));
    const { error } = reply as Extract<WireReply, { ok: false }>;
    assert.equal(error.code, 'CANCELLED');
    const { documents } = error.partial as CommandResults['library:ingest'];
    assert.deepEqual(
      documents.map((d) => [d.path, d.status]),
      [[uploadedBook, 'cancelled']],
    );
    assert.deepEqual((await engine.invoke('library:list', {})).documents, []);
    assert.equal(fs.existsSync(uploadedBook), false, 'the stopped import’s upload is tidied away, as a failed one’s is');
    client.ws.close();
  });

  test('a cancel for a request that already ended, or never existed, changes nothing and gets no reply', async () => {
    const client = await connect();
    const replied = client.reply(1);
    client.ws.send(JSON.stringify({ id: 1, command: 'library:list', args: {} }));
    assert.equal((await replied).ok, true);
    client.ws.send(JSON.stringify({ cancel: 1 }));
    client.ws.send(JSON.stringify({ cancel: 999 }));
    const next = client.reply(2);
    client.ws.send(JSON.stringify({ id: 2, command: 'app:info', args: {} }));
    const reply = await next;
    assert.equal(reply.ok, true, 'the session still answers after stray cancels');
    client.ws.close();
  });

  test('an answer cancelled by its request id while it is written answers CANCELLED with the text so far in `partial`', async () => {
    const text = makeSmallTextFile(uploadsDir(engine.libraryDir), 'notes.txt', 411);
    const { documents } = await engine.invoke('library:ingest', { paths: [text] });
    const modelPath = path.join(dir, 'tiny.gguf');
    await makeLlamaModel(modelPath, { ...TINY, contextLength: 8192 });
    await engine.invoke('models:load', { idOrPath: modelPath });
    const client = await connect();
    let written = '';
    client.onEvent((e) => {
      const p = e.payload as { requestId?: string; delta?: string };
      if (e.event !== 'qa:answerDelta' || p.requestId !== 'ask-3') return;
      if (written === '') client.ws.send(JSON.stringify({ cancel: 3 })); // stop at the first words
      written += p.delta;
    });
    const replied = client.reply(3);
    client.ws.send(
      JSON.stringify({ id: 3, command: 'qa:ask', args: { question: 'what does the text say?', documentIds: [documents[0]!.id], requestId: 'ask-3', maxTokens: 2000 } }),
    );
    const reply = await replied;
    assert.equal(reply.ok, false, JSON.stringify(reply).slice(0, 300));
    const { error } = reply as Extract<WireReply, { ok: false }>;
    assert.equal(error.code, 'CANCELLED');
    const partial = error.partial as CommandResults['qa:ask'];
    assert.ok(written.length > 0 && partial.answer.startsWith(written.trim().slice(0, 10)), `the partial answer is what was streamed (${JSON.stringify(written.slice(0, 40))})`);
    const kept = (await engine.invoke('qa:messages', { conversationId: partial.conversationId })).messages.at(-1);
    assert.equal(kept?.text, partial.answer, 'the conversation keeps the stopped answer');
    client.ws.close();
    await engine.invoke('models:unload', {});
    await engine.invoke('library:remove', { id: documents[0]!.id! });
  });
});

describe('invoke refuses arguments the contract does not allow, on every way in', () => {
  test('the engine itself: INVALID_ARGUMENT naming the field', async () => {
    await assert.rejects(engine.invoke('library:get', { id: 5 }), { code: 'INVALID_ARGUMENT', message: /library:get: id/ });
    await assert.rejects(engine.invoke('nope:nothing' as never, {}), { code: 'INVALID_ARGUMENT', message: /Unknown command/ });
  });

  test('the WebSocket session: an INVALID_ARGUMENT reply for the request', async () => {
    const client = await connect();
    const replied = client.reply(4);
    client.ws.send(JSON.stringify({ id: 4, command: 'search:query', args: { query: 42 } }));
    const reply = await replied;
    assert.equal(reply.ok, false);
    assert.equal((reply as { error: { code: string } }).error.code, 'INVALID_ARGUMENT');
    client.ws.close();
  });
});
