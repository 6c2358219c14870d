import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { LecternError } from '../../../../native/api/errors.js';
import type { RereadResult } from '../../../../native/api/types.js';
import { useRereadStore } from '../../../../renderer/stores/rereadStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, untilAborted, type Handlers, type MemoryTransport } from '../transport/memoryTransport.js';

const stoppedAfterOne: RereadResult = { documents: 1, skipped: [], citations: { relocated: 0, unlinked: 0 }, cancelled: true };

let engine: MemoryTransport;

function install(reread: Handlers['library:reread']): void {
  engine = memoryTransport({ 'library:reread': reread });
  setTransport(engine);
  useRereadStore.setState({ known: true, running: true, done: 1, total: 3, startedAt: '2026-01-01T00:00:00.000Z', result: null, stopping: false, error: null });
}

beforeEach(() => install((_args, { signal }) => untilAborted(signal, stoppedAfterOne)));

test('Stop joins the re-read the engine started (never starting one) and aborts that request through the transport', async () => {
  await useRereadStore.getState().stop();
  const calls = engine.calls.filter((c) => c.name === 'library:reread');
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0]!.args, { join: true }, 'a join only: if the re-read just ended, no new one starts');
  assert.equal(calls[0]!.signal?.aborted, true);
  assert.equal(useRereadStore.getState().stopping, true, 'stopping until library:rereadFinished says how it ended');
  assert.equal(useRereadStore.getState().error, null);
});

test('Stop after the re-read already ended clears stopping', async () => {
  install(() => ({ ...stoppedAfterOne, documents: 3, cancelled: false }));
  await useRereadStore.getState().stop();
  assert.equal(useRereadStore.getState().stopping, false);
  assert.equal(useRereadStore.getState().error, null);
});

test('a Stop that never reached the engine says it could not stop, and can be pressed again', async () => {
  install(() => {
    throw new LecternError('INTERNAL', 'The connection to Lectern was lost.');
  });
  await useRereadStore.getState().stop();
  assert.equal(useRereadStore.getState().stopping, false);
  assert.match(useRereadStore.getState().error ?? '', /^Could not stop: The connection to Lectern was lost\./);
});

test('Stop while nothing runs sends nothing', async () => {
  useRereadStore.setState({ running: false });
  await useRereadStore.getState().stop();
  assert.deepEqual(engine.calls, []);
});
