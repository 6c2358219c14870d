import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LecternError } from '../../../../native/api/errors.js';
import { selectTransport, type LecternBridge } from '../../../../renderer/transport/selectTransport.js';

/**
 * The preload bridge as Electron exposes it (Electron cannot run here): `invoke` resolves to
 * an outcome value, and the test decides when each call answers.
 */
function bridge() {
  const calls: Array<{ command: string; args: unknown; callId: number | undefined; answer: (outcome: Awaited<ReturnType<LecternBridge['invoke']>>) => void }> = [];
  const cancelled: number[] = [];
  const listeners = new Map<string, (payload: unknown) => void>();
  const value: LecternBridge = {
    invoke: (command, args, callId) => new Promise((answer) => calls.push({ command, args, callId, answer })),
    cancel: (callId) => cancelled.push(callId),
    on: (event, listener) => {
      listeners.set(event, listener as (payload: unknown) => void);
      return () => listeners.delete(event);
    },
    pathForFile: () => '',
  };
  return { value, calls, cancelled, listeners };
}

const windowWith = (lectern: LecternBridge) => ({ lectern }) as unknown as Window;
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

test('in the desktop app calls go through the preload bridge, each with its own call id', async () => {
  const b = bridge();
  const transport = selectTransport(windowWith(b.value));
  const first = transport.invoke('library:list', {});
  const second = transport.invoke('library:get', { id: 'x' });
  assert.deepEqual(
    b.calls.map((c) => [c.command, c.args, c.callId]),
    [
      ['library:list', {}, 1],
      ['library:get', { id: 'x' }, 2],
    ],
  );
  b.calls[0]!.answer({ ok: true, result: { documents: [] } });
  assert.deepEqual(await first, { documents: [] });
  b.calls[1]!.answer({ ok: false, error: { code: 'DOCUMENT_NOT_FOUND', message: 'No document x.' } });
  await assert.rejects(second, (e: unknown) => e instanceof LecternError && e.code === 'DOCUMENT_NOT_FOUND' && e.message === 'No document x.');
});

test('aborting a call asks the bridge to cancel that call id, once', async () => {
  const b = bridge();
  const transport = selectTransport(windowWith(b.value));
  const controller = new AbortController();
  const call = transport.invoke('library:ingest', { paths: ['/a.pdf'] }, { signal: controller.signal });
  controller.abort();
  controller.abort();
  assert.deepEqual(b.cancelled, [1]);
  b.calls[0]!.answer({ ok: false, error: { code: 'CANCELLED', message: 'Cancelled.' } });
  await assert.rejects(call, (e: unknown) => e instanceof LecternError && e.code === 'CANCELLED');
});

test('a signal already aborted never reaches the engine', async () => {
  const b = bridge();
  const transport = selectTransport(windowWith(b.value));
  await assert.rejects(transport.invoke('library:list', {}, { signal: AbortSignal.abort() }), (e: unknown) => e instanceof LecternError && e.code === 'CANCELLED');
  assert.equal(b.calls.length, 0);
});

test('an answered call no longer listens to its signal', async () => {
  const b = bridge();
  const transport = selectTransport(windowWith(b.value));
  const controller = new AbortController();
  const call = transport.invoke('library:list', {}, { signal: controller.signal });
  b.calls[0]!.answer({ ok: true, result: { documents: [] } });
  await call;
  controller.abort();
  await settled();
  assert.deepEqual(b.cancelled, []);
});

test('events come from the bridge', () => {
  const b = bridge();
  const seen: unknown[] = [];
  const off = selectTransport(windowWith(b.value)).on('library:changed', (p) => seen.push(p));
  b.listeners.get('library:changed')!({ documentIds: ['a'] });
  off();
  assert.deepEqual(seen, [{ documentIds: ['a'] }]);
  assert.equal(b.listeners.size, 0);
});
