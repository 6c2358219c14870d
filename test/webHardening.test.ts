/**
 * Web mode as an attacker holding the token, or an unlucky client, would meet it: imports read
 * only uploads, libraries open only where the person said at launch, a client that stops reading
 * is dropped instead of filling memory, uploads nobody uses are removed, names read as what they
 * are, and the token leaves the address bar for a per-launch cookie.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import type { WireReply } from '../native/api/wire.js';
import type { Engine } from '../native/engine.js';
import { safeFileName } from '../native/server/receiveUpload.js';
import { CLOSE_NOT_READING } from '../native/server/SocketSession.js';
import { startWebServer, type WebServer } from '../native/server/WebServer.js';
import { makeMarkdownFile, makePlainTextFile } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let rendererDir: string;
let libraryDir: string;
let engine: Engine;
let server: WebServer;
let base: string;

before(async () => {
  dir = makeTempDir();
  rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Lectern</title>\n');
  libraryDir = path.join(dir, 'library');
  engine = openTestEngine(libraryDir);
  server = await startWebServer({ engine, rendererDir, socketLimits: { maxBufferedBytes: 256 * 1024 } });
  base = `http://127.0.0.1:${server.port}`;
});

after(async () => {
  await server?.close();
  await engine?.close();
  removeDir(dir);
});

const withToken = (p: string) => `${base}${p}${p.includes('?') ? '&' : '?'}token=${encodeURIComponent(server.token)}`;

function openSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${encodeURIComponent(server.token)}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

let nextId = 1;
function call(ws: WebSocket, command: string, args: unknown): Promise<WireReply> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString()) as WireReply;
      if ('id' in message && message.id === id) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, command, args }));
  });
}

async function upload(name: string, body: string | Buffer): Promise<string> {
  const r = await fetch(withToken(`/api/upload?name=${encodeURIComponent(name)}`), { method: 'POST', body });
  assert.equal(r.status, 200, await r.clone().text());
  return ((await r.json()) as { path: string }).path;
}

/** A GET as a browser's navigation sends it (fetch would replace Sec-Fetch-Mode with its own). */
function navigate(url: string, cookie?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'sec-fetch-mode': 'navigate', ...(cookie ? { cookie } : {}) };
    http
      .get(url, { headers, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
      })
      .on('error', reject);
  });
}

const uploadFolders = () => (fs.existsSync(path.join(libraryDir, 'files')) ? fs.readdirSync(path.join(libraryDir, 'files')) : []);

describe('what a page may ask for', () => {
  test('library:ingest over the socket refuses a path outside the uploads, a symlink out of them, and a folder above them', async () => {
    const outside = makePlainTextFile(dir, 'outside.txt');
    const planted = path.join(libraryDir, 'files', 'planted');
    fs.mkdirSync(planted, { recursive: true });
    fs.symlinkSync(outside, path.join(planted, 'link.txt'));
    const ws = await openSocket();
    try {
      for (const p of [outside, path.join(planted, 'link.txt'), libraryDir, path.join(libraryDir, 'files', '..', '..', 'outside.txt')]) {
        const reply = await call(ws, 'library:ingest', { paths: [p] });
        assert.ok(!reply.ok && reply.error.code === 'INVALID_ARGUMENT', `${p}: ${JSON.stringify(reply)}`);
      }
      assert.equal((engine.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n, 0, 'nothing was read');
    } finally {
      ws.close();
      fs.rmSync(planted, { recursive: true });
    }
  });

  test('app:openLibrary and app:setLibraryDir refuse a folder not named at launch unless the person confirmed it, and create nothing', async () => {
    const elsewhere = path.join(dir, 'made-by-a-page');
    const ws = await openSocket();
    try {
      for (const command of ['app:openLibrary', 'app:setLibraryDir']) {
        const reply = await call(ws, command, { libraryDir: elsewhere });
        assert.ok(!reply.ok && reply.error.code === 'CONFIRMATION_NEEDED', JSON.stringify(reply));
        assert.match(reply.ok ? '' : reply.error.message, /Confirm that it may open this folder.*lectern web --library/);
      }
      assert.equal(fs.existsSync(elsewhere), false);
    } finally {
      ws.close();
    }
  });

  test('annotations:annotatedCopy refuses a target path chosen by the page, and writes nothing there', async () => {
    const target = path.join(dir, 'written-by-a-page.pdf');
    const ws = await openSocket();
    try {
      const reply = await call(ws, 'annotations:annotatedCopy', { user: 'default', documentId: 'abcdefabcdef', targetPath: target });
      assert.ok(!reply.ok && reply.error.code === 'INVALID_ARGUMENT', JSON.stringify(reply));
      assert.match(reply.ok ? '' : reply.error.message, /exports folder/);
      assert.equal(fs.existsSync(target), false);
    } finally {
      ws.close();
    }
  });
});

describe('uploads nobody uses are removed', () => {
  test('a duplicate upload and a failed one are deleted after the import; the stored one stays until its document is removed', async () => {
    const text = fs.readFileSync(makeMarkdownFile(dir));
    const first = await upload('pools.md', text);
    const again = await upload('pools-copy.md', text);
    const broken = await upload('broken.pdf', 'not a pdf at all');
    const ws = await openSocket();
    try {
      const reply = await call(ws, 'library:ingest', { paths: [first, again, broken] });
      assert.ok(reply.ok, JSON.stringify(reply));
      const statuses = (reply.result as { documents: Array<{ status: string; id: string | null }> }).documents;
      assert.deepEqual(
        statuses.map((d) => d.status),
        ['ingested', 'duplicate', 'failed'],
      );
      assert.equal(fs.existsSync(first), true, 'the stored document keeps its file');
      assert.equal(fs.existsSync(path.dirname(again)), false, 'the duplicate upload is gone');
      assert.equal(fs.existsSync(path.dirname(broken)), false, 'the failed upload is gone');

      const sameAgain = await call(ws, 'library:ingest', { paths: [first] });
      assert.ok(sameAgain.ok);
      assert.equal(fs.existsSync(first), true, 'importing the stored upload again does not delete the document’s own file');

      const removed = await call(ws, 'library:remove', { id: statuses[0]!.id });
      assert.ok(removed.ok, JSON.stringify(removed));
      assert.equal(fs.existsSync(path.dirname(first)), false, 'a removed document’s upload is gone');
      assert.deepEqual(uploadFolders(), []);
    } finally {
      ws.close();
    }
  });
});

describe('upload names', () => {
  test('bidirectional controls are dropped, and a name with nothing visible is refused', async () => {
    assert.equal(safeFileName('invoice\u202Efdp.txt'), 'invoicefdp.txt');
    assert.equal(safeFileName('\u2066notes\u2069.md'), 'notes.md');
    for (const name of ['\u202E', '\u202E.pdf', '.pdf', '\u200B\u200B', '\u0001\u0002.txt']) {
      assert.throws(
        () => safeFileName(name),
        (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT',
        JSON.stringify(name),
      );
    }
    const r = await fetch(withToken(`/api/upload?name=${encodeURIComponent('\u202Etxt.exe')}`), { method: 'POST', body: 'x' });
    assert.equal(r.status, 200);
    const stored = ((await r.json()) as { path: string }).path;
    assert.equal(path.basename(stored), 'txt.exe', 'stored under the name as it reads, without the override');
    fs.rmSync(path.dirname(stored), { recursive: true });
    const empty = await fetch(withToken(`/api/upload?name=${encodeURIComponent('\u202E')}`), { method: 'POST', body: 'x' });
    assert.equal(empty.status, 400);
  });
});

describe('a client that does not read', () => {
  test('is dropped with close code 4008 once its unread replies pass the limit, while other clients carry on', { timeout: 60_000 }, async () => {
    await engine['library:ingest']({ paths: [makePlainTextFile(dir, 'isles.txt')] });
    const [doc] = (await engine['library:list']()).documents;
    const stalled = await openSocket();
    const closed = new Promise<number>((resolve) => stalled.once('close', (code) => resolve(code)));
    stalled.pause(); // reads nothing from here on
    const request = JSON.stringify({ id: 1, command: 'library:passages', args: { id: doc!.id } });
    for (let i = 0; i < 3000; i++) stalled.send(request);
    const rssBefore = process.memoryUsage().rss;
    const healthy = await openSocket();
    try {
      assert.ok((await call(healthy, 'library:list', {})).ok, 'another client is served');
      stalled.resume();
      assert.equal(await closed, CLOSE_NOT_READING);
      assert.ok(process.memoryUsage().rss - rssBefore < 200 * 1024 * 1024, 'memory did not grow with the unread replies');
    } finally {
      healthy.close();
      stalled.terminate();
    }
  });
});

describe('the token in the address bar', () => {
  test('a browser opening the printed address is redirected to the address without the token, with a per-launch cookie', async () => {
    const r = await navigate(server.url);
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/');
    const cookie = r.headers['set-cookie']?.[0] ?? '';
    assert.match(cookie, new RegExp(`^lectern_token_${server.port}_[0-9a-f]{12}=${server.token};`));
    assert.equal((await navigate(`${base}/`, cookie.split(';')[0]!)).status, 200, 'the cookie opens the page');
    assert.equal((await navigate(`${base}/?x=1&token=${server.token}`)).headers.location, '/?x=1', 'other parameters stay');

    // Another launch on the same port names its cookie differently: an old cookie is never taken for the new one.
    const other = await startWebServer({ engine, rendererDir });
    try {
      const otherCookie = (await navigate(other.url)).headers['set-cookie']?.[0] ?? '';
      assert.notEqual(otherCookie.split('=')[0], cookie.split('=')[0]);
    } finally {
      await other.close();
    }
  });
});
