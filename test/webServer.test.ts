/**
 * Web mode end to end: a real engine on a temporary library behind the real HTTP + WebSocket
 * server, reached the way a browser reaches it (fetch, a WebSocket client) — token, Host and
 * Origin checks, the static app, uploads, the document file route, and `lectern web` itself.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import type { EngineEvents } from '../native/api/commands.js';
import type { WireEvent, WireReply } from '../native/api/wire.js';
import type { Engine } from '../native/engine.js';
import { startWebServer, type WebServer } from '../native/server/WebServer.js';
import { makePlainTextFile, PLAIN_TEXT } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { LECTERN_BIN } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let rendererDir: string;
let engine: Engine;
let server: WebServer;
let base: string;
const APP_JS = 'console.log("lectern app");\n';
const SECRET = 'a file outside the renderer folder';

before(async () => {
  dir = makeTempDir();
  rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Lectern</title><script type="module" src="./assets/app-1a2b.js"></script>\n');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app-1a2b.js'), APP_JS);
  fs.writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(rendererDir, 'leak.txt'));
  engine = openTestEngine(path.join(dir, 'library'));
  server = await startWebServer({ engine, rendererDir });
  base = `http://127.0.0.1:${server.port}`;
});

after(async () => {
  await server?.close();
  await engine?.close();
  removeDir(dir);
});

const withToken = (p: string, token = server.token) => `${base}${p}${p.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;

/** A request with exactly this path and these headers (fetch would normalise `..` and set Host itself). */
function rawGet(requestPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: requestPath, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A test client for the socket protocol: numbered requests, replies by id, events collected. */
class SocketClient {
  readonly events: WireEvent[] = [];
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: WireReply) => void>();
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as WireReply | WireEvent;
      if ('event' in message) this.events.push(message);
      else this.waiting.get(message.id)?.(message);
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<SocketClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => resolve(new SocketClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  call(command: string, args: unknown): Promise<WireReply> {
    return this.sendRaw(JSON.stringify({ id: this.nextId, command, args }), this.nextId++);
  }

  /** Sends text as is and waits for the reply with `replyId`. */
  sendRaw(text: string, replyId: number): Promise<WireReply> {
    return new Promise((resolve) => {
      this.waiting.set(replyId, (reply) => {
        this.waiting.delete(replyId);
        resolve(reply);
      });
      this.ws.send(text);
    });
  }

  close(): void {
    this.ws.close();
  }
}

const socketUrl = (token = server.token) => `ws://127.0.0.1:${server.port}/api/ws?token=${encodeURIComponent(token)}`;

describe('web server: who may connect', () => {
  test('listens on 127.0.0.1 only, and refuses to start on any other host', async () => {
    assert.match(server.url, new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{43}$`));
    await assert.rejects(startWebServer({ engine, rendererDir, host: '0.0.0.0' }), /127\.0\.0\.1 only/);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) {
      await assert.rejects(
        new Promise((resolve, reject) => net.connect(server.port, external.address).once('connect', resolve).once('error', reject)),
        /ECONNREFUSED/,
        `nothing listens on ${external.address}`,
      );
    }
  });

  test('no token → 401, a wrong token → 403, on the page and on the API alike', async () => {
    for (const p of ['/', '/assets/app-1a2b.js', '/api/documents/x/file', '/nothing-here']) {
      assert.equal((await fetch(`${base}${p}`)).status, 401, p);
      assert.equal((await fetch(withToken(p, 'not-the-token'))).status, 403, p);
      assert.equal((await fetch(`${base}${p}`, { headers: { authorization: 'Bearer nope' } })).status, 403, p);
    }
    const upload = await fetch(`${base}/api/upload?name=a.txt`, { method: 'POST', body: 'x' });
    assert.equal(upload.status, 401);
  });

  test('the right token works as ?token=, as a Bearer header, and as the cookie GET /?token= sets', async () => {
    const page = await fetch(withToken('/'));
    assert.equal(page.status, 200);
    const cookie = page.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^lectern_token_${server.port}_[0-9a-f]{12}=${server.token}; HttpOnly; SameSite=Strict; Path=/$`));
    const viaHeader = await fetch(`${base}/assets/app-1a2b.js`, { headers: { authorization: `Bearer ${server.token}` } });
    assert.equal(viaHeader.status, 200);
    const viaCookie = await fetch(`${base}/assets/app-1a2b.js`, { headers: { cookie: cookie.split(';')[0]! } });
    assert.equal(viaCookie.status, 200);
    assert.equal(await viaCookie.text(), APP_JS);
    assert.equal(viaCookie.headers.get('set-cookie'), null, 'a cookie request does not set the cookie again');
  });

  test('a Host other than 127.0.0.1:<port> or localhost:<port> is refused (DNS rebinding) even with the token', async () => {
    const p = `/?token=${server.token}`;
    assert.equal((await rawGet(p, { host: `evil.example:${server.port}` })).status, 403);
    assert.equal((await rawGet(p, { host: '127.0.0.1' })).status, 403);
    assert.equal((await rawGet(p, { host: `127.0.0.1:${server.port + 1}` })).status, 403);
    assert.equal((await rawGet(p, { host: `localhost:${server.port}` })).status, 200);
  });
});

describe('web server: the app', () => {
  test('serves index.html and assets with a strict CSP, nosniff, MIME types and cache headers', async () => {
    const page = await fetch(withToken('/'));
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      `connect-src 'self' ws://127.0.0.1:${server.port}`,
    ]) {
      assert.ok(csp.includes(directive), `CSP has ${directive}: ${csp}`);
    }
    assert.ok(!/unsafe-eval'/.test(csp.replace("'wasm-unsafe-eval'", '')), 'no eval for scripts');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer', 'the token in the URL never leaks as a Referer');
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const js = await fetch(withToken('/assets/app-1a2b.js'));
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(js.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await fetch(withToken('/assets/missing.js'))).status, 404);
  });

  test('no path leaves the renderer folder: .., encoded .., encoded slashes, backslashes, symlinks', async () => {
    const auth = { authorization: `Bearer ${server.token}` };
    for (const p of [
      '/../package.json',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00',
      '/leak.txt',
      `/${encodeURIComponent(path.join(dir, 'secret.txt'))}`,
    ]) {
      const r = await rawGet(p, { ...auth, host: `127.0.0.1:${server.port}` });
      assert.ok(r.status === 403 || r.status === 404, `${p} → ${r.status}`);
      assert.ok(!r.body.includes(SECRET), `${p} does not leak the file`);
    }
  });

  test('before `npm run build` the page is a 503 that says how to build it', async () => {
    const unbuilt = await startWebServer({ engine, rendererDir: path.join(dir, 'no-such-build') });
    try {
      const r = await fetch(unbuilt.url);
      assert.equal(r.status, 503);
      assert.match(await r.text(), /The app is not built: run <code>npm run build<\/code>/);
      assert.ok(r.headers.get('content-security-policy'));
    } finally {
      await unbuilt.close();
    }
  });
});

describe('web server: the API socket', () => {
  test('a socket without the token, with a wrong one, or from another origin is refused', async () => {
    await assert.rejects(SocketClient.open(`ws://127.0.0.1:${server.port}/api/ws`), /refused with 401/);
    await assert.rejects(SocketClient.open(socketUrl('wrong')), /refused with 403/);
    await assert.rejects(SocketClient.open(socketUrl(), { origin: 'http://evil.example' }), /refused with 403/);
    await assert.rejects(SocketClient.open(socketUrl(), { host: `rebound.example:${server.port}` }), /refused with 403/);
    const sameOrigin = await SocketClient.open(socketUrl(), { origin: `http://127.0.0.1:${server.port}` });
    sameOrigin.close();
  });

  test('commands answer by id; bad arguments, unknown commands and garbage are error values and the socket stays usable', async () => {
    const client = await SocketClient.open(socketUrl());
    try {
      assert.deepEqual(await client.call('library:list', {}), { id: 1, ok: true, result: { documents: [] } });
      const invalid = await client.call('search:query', { query: 42 });
      assert.equal(invalid.ok, false);
      assert.equal(!invalid.ok && invalid.error.code, 'INVALID_ARGUMENT');
      const unknown = await client.call('library:format', {});
      assert.deepEqual(unknown, { id: 3, ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Unknown command "library:format".' } });
      const inherited = await client.call('constructor', {});
      assert.equal(!inherited.ok && inherited.error.code, 'INVALID_ARGUMENT', 'Object.prototype names are not commands');
      const garbage = await client.sendRaw('{not json', 0);
      assert.equal(!garbage.ok && garbage.error.code, 'INVALID_ARGUMENT');
      const noId = await client.sendRaw(JSON.stringify({ command: 'library:list', args: {} }), 0);
      assert.equal(!noId.ok && noId.error.code, 'INVALID_ARGUMENT');
      const missingDoc = await client.call('library:get', { id: 'nope' });
      assert.equal(!missingDoc.ok && missingDoc.error.code, 'DOCUMENT_NOT_FOUND');
      assert.equal((await client.call('library:list', {})).ok, true, 'still usable');
    } finally {
      client.close();
    }
  });

  test('a message over 1 MiB closes that socket with 1009; other sockets carry on', async () => {
    const big = await SocketClient.open(socketUrl());
    const other = await SocketClient.open(socketUrl());
    try {
      const closed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)));
      big.ws.send(JSON.stringify({ id: 1, command: 'search:query', args: { query: 'x'.repeat(1024 * 1024) } }));
      assert.equal(await closed, 1009);
      assert.equal((await other.call('library:list', {})).ok, true);
    } finally {
      other.close();
    }
  });
});

describe('web server: import, read and search through the browser routes', () => {
  let uploaded = '';
  let documentId = '';

  test('an upload is stored in <library>/files and imported over the socket, with progress events tagged by request id', async () => {
    const source = makePlainTextFile(dir);
    const bytes = fs.readFileSync(source);
    const r = await fetch(withToken('/api/upload?name=western-isles.txt'), { method: 'POST', body: bytes });
    assert.equal(r.status, 200);
    uploaded = ((await r.json()) as { path: string }).path;
    assert.equal(path.dirname(path.dirname(uploaded)), path.join(dir, 'library', 'files'));
    assert.equal(path.basename(uploaded), 'western-isles.txt');
    assert.deepEqual(fs.readFileSync(uploaded), bytes);

    const client = await SocketClient.open(socketUrl());
    try {
      const reply = await client.call('library:ingest', { paths: [uploaded], requestId: 'import-1' });
      assert.ok(reply.ok, JSON.stringify(reply));
      const [outcome] = (reply.result as { documents: Array<{ id: string; status: string; title: string }> }).documents;
      assert.equal(outcome!.status, 'ingested');
      assert.equal(outcome!.title, PLAIN_TEXT.title);
      documentId = outcome!.id;
      const progress = client.events.filter((e) => e.event === 'library:ingestProgress').map((e) => e.payload as EngineEvents['library:ingestProgress']);
      assert.ok(progress.length > 0, 'progress arrived');
      assert.ok(progress.every((p) => p.requestId === 'import-1'));
      assert.equal(progress.at(-1)!.stage, 'done');
      assert.ok(
        client.events.some((e) => e.event === 'library:changed'),
        'library:changed is broadcast too',
      );

      const search = await client.call('search:query', { query: 'night ferry to Stornoway', limit: 3 });
      assert.ok(search.ok);
      const hits = (search.result as { results: Array<{ documentId: string; text: string }> }).results;
      assert.equal(hits[0]!.documentId, documentId);
      assert.ok(hits[0]!.text.includes(PLAIN_TEXT.planted));
    } finally {
      client.close();
    }
  });

  test('an upload name with a path separator is refused, and an upload over the limit gets 413', async () => {
    for (const name of ['../evil.txt', 'a/b.txt', 'a\\b.txt', '..']) {
      const r = await fetch(withToken(`/api/upload?name=${encodeURIComponent(name)}`), { method: 'POST', body: 'text' });
      assert.equal(r.status, 400, name);
      assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'INVALID_ARGUMENT');
    }
    assert.equal((await fetch(withToken('/api/upload?name=a.txt'), { method: 'POST', body: 'x', headers: { origin: 'http://evil.example' } })).status, 403);
    const small = await startWebServer({ engine, rendererDir, maxUploadBytes: 16 });
    try {
      const r = await fetch(`http://127.0.0.1:${small.port}/api/upload?name=big.txt&token=${small.token}`, { method: 'POST', body: 'x'.repeat(100) });
      assert.equal(r.status, 413);
      assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'FILE_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  test('the document file route serves the source with its MIME type, and byte ranges as 206', async () => {
    const bytes = fs.readFileSync(uploaded);
    const full = await fetch(withToken(`/api/documents/${documentId}/file`));
    assert.equal(full.status, 200);
    assert.equal(full.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(full.headers.get('accept-ranges'), 'bytes');
    assert.deepEqual(Buffer.from(await full.arrayBuffer()), bytes);

    const part = await fetch(withToken(`/api/documents/${documentId}/file`), { headers: { range: 'bytes=10-29' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 10-29/${bytes.length}`);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(10, 30));

    const tail = await fetch(withToken(`/api/documents/${documentId}/file`), { headers: { range: 'bytes=-5' } });
    assert.equal(tail.status, 206);
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), bytes.subarray(bytes.length - 5));

    const beyond = await fetch(withToken(`/api/documents/${documentId}/file`), { headers: { range: `bytes=${bytes.length}-` } });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get('content-range'), `bytes */${bytes.length}`);

    const unknown = await fetch(withToken('/api/documents/nope/file'));
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'DOCUMENT_NOT_FOUND');
    assert.equal((await fetch(withToken('/api/elsewhere'))).status, 404);
  });

  test('the document file route serves only the imported file: a source swapped for a symlink, an upload whose link leads out, or rewritten content is refused', async () => {
    const errorCode = async (r: Response) => ((await r.json()) as { error: { code: string } }).error.code;
    const text = 'Minutes of the harbour board.\n\nThe board met on a windy Tuesday and agreed to paint the lighthouse.\n';

    // Imported by path from outside the library, then swapped for a link to a secret.
    const outside = path.join(dir, 'minutes.txt');
    fs.writeFileSync(outside, text);
    const byPath = (await engine['library:ingest']({ paths: [outside] })).documents[0]!.id!;
    assert.equal((await fetch(withToken(`/api/documents/${byPath}/file`))).status, 200);
    fs.rmSync(outside);
    fs.symlinkSync(path.join(dir, 'secret.txt'), outside);
    const swapped = await fetch(withToken(`/api/documents/${byPath}/file`));
    assert.equal(swapped.status, 409);
    assert.equal(await errorCode(swapped), 'SOURCE_CHANGED');

    // The same size, other bytes, written in place.
    fs.rmSync(outside);
    fs.writeFileSync(outside, text.replace('windy', 'rainy'));
    const rewritten = await fetch(withToken(`/api/documents/${byPath}/file`));
    assert.equal(rewritten.status, 409);
    fs.writeFileSync(outside, text);
    assert.equal((await fetch(withToken(`/api/documents/${byPath}/file`))).status, 200, 'the original put back is served again');

    // An upload (inside the library's files/) replaced by a link that leads out of the library.
    const up = await fetch(withToken('/api/upload?name=agenda.txt'), { method: 'POST', body: `${text}Agenda follows.\n` });
    const { path: stored } = (await up.json()) as { path: string };
    const uploadId = (await engine['library:ingest']({ paths: [stored] })).documents[0]!.id!;
    assert.equal((await fetch(withToken(`/api/documents/${uploadId}/file`))).status, 200);
    fs.rmSync(stored);
    fs.symlinkSync(path.join(dir, 'secret.txt'), stored);
    const leaked = await fetch(withToken(`/api/documents/${uploadId}/file`));
    assert.equal(leaked.status, 403);
    const body = await leaked.text();
    assert.ok(!body.includes(SECRET), 'nothing of the secret is sent');
    assert.match(body, /PATH_OUTSIDE_LIBRARY/);
  });
});

/** Spawns a web-mode process, waits for its first stdout line (the URL), and hands back a way to stop it. */
async function launch(args: string[], env: NodeJS.ProcessEnv): Promise<{ firstLine: string; stdout: () => string; stderr: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const firstLine = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
    });
    child.once('close', () => reject(new Error(`exited before printing a URL: ${stderr}`)));
  });
  return {
    firstLine,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, ...extra };
  delete env.LECTERN_LIBRARY;
  return env;
}

describe('lectern web', () => {
  test('--port 0 prints only the URL with its token on stdout, serves, and exits 0 on SIGTERM', async () => {
    const web = await launch([LECTERN_BIN, 'web', '--port', '0', '--library', path.join(dir, 'cli-library')], cleanEnv());
    let code: number | null;
    try {
      const url = new URL(web.firstLine);
      assert.equal(url.hostname, '127.0.0.1');
      assert.match(url.searchParams.get('token') ?? '', /^[A-Za-z0-9_-]{43}$/);
      const r = await fetch(`${url.origin}/api/documents/x/file?token=${url.searchParams.get('token')}`);
      assert.equal(r.status, 404);
      assert.equal((await fetch(`${url.origin}/api/documents/x/file`)).status, 401);
      assert.match(web.stderr(), /Lectern is serving .* at the address above/);
    } finally {
      code = await web.stop();
    }
    assert.equal(code, 0, web.stderr());
    assert.equal(web.stdout(), `${web.firstLine}\n`, 'nothing else on stdout');
  });

  test('npm start without a display falls back to web mode and says why', { skip: process.platform !== 'linux' && 'a display is only looked for on Linux' }, async () => {
    const env = cleanEnv();
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const startScript = fileURLToPath(new URL('../../scripts/start.js', import.meta.url));
    const web = await launch([startScript, '--port', '0', '--library', path.join(dir, 'start-library')], env);
    let code: number | null;
    try {
      assert.match(web.firstLine, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
      assert.match(web.stderr(), /web mode, because there is no display/);
    } finally {
      code = await web.stop();
    }
    assert.equal(code, 0, web.stderr());
  });
});

describe('web server: opening another library while serving', () => {
  test('app:openLibrary switches every tab to the other library: commands, events, uploads and files follow it; the old engine closes', async () => {
    const { LibrarySlot } = await import('../native/LibrarySlot.js');
    const { createEngine } = await import('../native/engine.js');
    const home = makeTempDir('lectern-switch-');
    const first = path.join(home, 'first');
    const second = path.join(home, 'second');
    const opened: Engine[] = [];
    const slot = new LibrarySlot((libraryDir, switchLibrary) => {
      const e = createEngine({ libraryDir, pdfWorkers: 1, userDataDir: path.join(home, 'user-data'), switchLibrary });
      opened.push(e);
      return e;
    }, first);
    const served = await startWebServer({ engine: slot, rendererDir, libraryDirs: [second, path.join(home, 'blocker', 'library')] });
    const url = `ws://127.0.0.1:${served.port}/api/ws?token=${encodeURIComponent(served.token)}`;
    const asker = await SocketClient.open(url);
    const watcher = await SocketClient.open(url);
    try {
      await slot.current['library:ingest']({ paths: [makePlainTextFile(home)] });
      assert.equal(((await asker.call('library:list', {})) as { result: { documents: unknown[] } }).result.documents.length, 1);

      const relative = await asker.call('app:openLibrary', { libraryDir: 'second' });
      assert.ok(!relative.ok && relative.error.code === 'INVALID_ARGUMENT', 'a relative folder is refused');
      const reply = await asker.call('app:openLibrary', { libraryDir: second });
      assert.ok(reply.ok, JSON.stringify(reply));
      assert.equal((reply.result as { libraryDir: string }).libraryDir, second);
      for (let i = 0; i < 50 && !watcher.events.some((e) => e.event === 'app:libraryOpened'); i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(watcher.events.find((e) => e.event === 'app:libraryOpened')?.payload, { libraryDir: second }, 'other tabs are told');

      // Both sockets now talk to the new, empty library; the settings remember it for the next start.
      for (const client of [asker, watcher]) {
        const list = await client.call('library:list', {});
        assert.ok(list.ok);
        assert.equal((list.result as { documents: unknown[] }).documents.length, 0);
      }
      assert.equal(JSON.parse(fs.readFileSync(path.join(home, 'user-data', 'settings.json'), 'utf8')).libraryDir, second);
      const upload = await fetch(`http://127.0.0.1:${served.port}/api/upload?name=note.txt&token=${encodeURIComponent(served.token)}`, {
        method: 'POST',
        body: 'A note for the second library.',
      });
      assert.equal(path.relative(second, ((await upload.json()) as { path: string }).path).split(path.sep)[0], 'files');
      const imported = await watcher.call('library:ingest', { paths: [path.join(second, 'files')], requestId: 'second-1' });
      assert.ok(imported.ok);
      assert.ok(
        watcher.events.some((e) => e.event === 'library:ingestProgress' && (e.payload as { requestId?: string }).requestId === 'second-1'),
        "the new engine's events reach the sockets",
      );

      // The old engine closes once its reply was sent: wait for that, not for a fixed time.
      for (const deadline = Date.now() + 5_000; opened[0]?.db.open && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 5));
      assert.equal(opened.length, 2);
      assert.equal(opened[0]!.db.open, false);
      // A library that cannot be opened leaves the current one open.
      fs.writeFileSync(path.join(home, 'blocker'), 'a file, not a folder');
      const bad = await asker.call('app:openLibrary', { libraryDir: path.join(home, 'blocker', 'library') });
      assert.ok(!bad.ok && bad.error.code === 'LIBRARY_UNREADABLE', JSON.stringify(bad));
      assert.equal(slot.current.libraryDir, second);
      assert.ok((await asker.call('library:list', {})).ok);
    } finally {
      asker.close();
      watcher.close();
      await served.close();
      await slot.close();
      removeDir(home);
    }
  });

  test('without a host that can switch (the CLI, a plain engine), app:openLibrary is refused and nothing changes', async () => {
    await assert.rejects(
      engine.invoke('app:openLibrary', { libraryDir: path.join(dir, 'elsewhere') }),
      (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && /--library/.test(e.message),
    );
    assert.equal(engine.db.open, true);
  });
});
