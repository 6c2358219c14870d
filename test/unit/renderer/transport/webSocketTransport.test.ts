import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mock } from 'node:test';
import { LecternError } from '../../../../native/api/errors.js';
import { CONNECTION_LOST, createWebSocketTransport } from '../../../../renderer/transport/webSocketTransport.js';

/**
 * The browser's WebSocket (Node 20 has none without a flag): it records what is sent, and the
 * test opens, answers and drops it. The server side is proven by test/socketCancel.test.ts.
 */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: (() => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  drop() {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.();
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const latest = () => FakeSocket.all.at(-1)!;
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));
const lost = (e: unknown) => e instanceof LecternError && e.code === 'INTERNAL' && e.message === CONNECTION_LOST;

before(() => {
  Object.assign(globalThis, { WebSocket: FakeSocket });
  mock.timers.enable({ apis: ['setTimeout'] });
});
after(() => mock.timers.reset());

test('calls made before the socket opens are sent when it opens, and replies find their call by id', async () => {
  const t = createWebSocketTransport('ws://127.0.0.1:1/api/ws?token=t');
  assert.equal(latest().url, 'ws://127.0.0.1:1/api/ws?token=t');
  const list = t.invoke('library:list', {});
  const get = t.invoke('library:get', { id: 'x' });
  assert.deepEqual(latest().sent, []);
  latest().open();
  assert.deepEqual(latest().sent, [
    { id: 1, command: 'library:list', args: {} },
    { id: 2, command: 'library:get', args: { id: 'x' } },
  ]);
  latest().receive({ id: 2, ok: false, error: { code: 'DOCUMENT_NOT_FOUND', message: 'No document x.' } });
  latest().receive({ id: 1, ok: true, result: { documents: [] } });
  assert.deepEqual(await list, { documents: [] });
  await assert.rejects(get, (e: unknown) => e instanceof LecternError && e.code === 'DOCUMENT_NOT_FOUND');
  t.close();
});

test('events reach their listeners; text that is not JSON is ignored', () => {
  const t = createWebSocketTransport('ws://x');
  latest().open();
  const seen: unknown[] = [];
  const off = t.on('library:changed', (p) => seen.push(p));
  latest().onmessage?.({ data: 'not json' });
  latest().receive({ event: 'library:changed', payload: { documentIds: ['a'] } });
  off();
  latest().receive({ event: 'library:changed', payload: { documentIds: ['b'] } });
  assert.deepEqual(seen, [{ documentIds: ['a'] }]);
  t.close();
});

test('aborting a sent call sends a cancel with its id and lets the reply say how it ended', async () => {
  const t = createWebSocketTransport('ws://x');
  latest().open();
  const controller = new AbortController();
  const call = t.invoke('library:ingest', { paths: ['/a.pdf'] }, { signal: controller.signal });
  controller.abort();
  assert.deepEqual(latest().sent.at(-1), { cancel: 1 });
  latest().receive({ id: 1, ok: true, result: { documents: [] } });
  assert.deepEqual(await call, { documents: [] });
  t.close();
});

test('aborting a call not yet sent ends it here, and it is never sent', async () => {
  const t = createWebSocketTransport('ws://x');
  const controller = new AbortController();
  const call = t.invoke('library:list', {}, { signal: controller.signal });
  controller.abort();
  await assert.rejects(call, (e: unknown) => e instanceof LecternError && e.code === 'CANCELLED');
  latest().open();
  assert.deepEqual(latest().sent, []);
  t.close();
});

test('a dropped connection fails the calls waiting on it and reconnects with a doubling delay', async () => {
  const t = createWebSocketTransport('ws://x', { minDelayMs: 100, maxDelayMs: 300 });
  const states: boolean[] = [];
  t.onConnection((c) => states.push(c));
  latest().open();
  const call = t.invoke('library:list', {});
  const before = FakeSocket.all.length;
  latest().drop();
  await assert.rejects(call, lost);
  assert.deepEqual(states, [true, false]);
  mock.timers.tick(99);
  assert.equal(FakeSocket.all.length, before, 'not before the delay');
  mock.timers.tick(1);
  assert.equal(FakeSocket.all.length, before + 1);
  latest().drop(); // failed to open: next try after 200 ms
  mock.timers.tick(199);
  assert.equal(FakeSocket.all.length, before + 1);
  mock.timers.tick(1);
  assert.equal(FakeSocket.all.length, before + 2);
  latest().drop(); // capped at 300 ms
  mock.timers.tick(300);
  assert.equal(FakeSocket.all.length, before + 3);
  latest().open();
  assert.deepEqual(states, [true, false, true], 'a socket that never opened is not reported as dropped');
  t.close();
});

test('after close, calls fail at once and no reconnect is tried', async () => {
  const t = createWebSocketTransport('ws://x');
  latest().open();
  const waiting = t.invoke('library:list', {});
  const count = FakeSocket.all.length;
  t.close();
  await assert.rejects(waiting, lost);
  await assert.rejects(t.invoke('library:list', {}), lost);
  mock.timers.tick(60_000);
  await settled();
  assert.equal(FakeSocket.all.length, count);
});
