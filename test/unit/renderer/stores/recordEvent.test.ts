import assert from 'node:assert/strict';
import { beforeEach, mock, test } from 'node:test';
import { recordEvent } from '../../../../renderer/stores/recordEvent.js';
import { useUserStore } from '../../../../renderer/stores/userStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';

let engine: MemoryTransport;
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeEach(() => {
  engine = memoryTransport({ 'events:record': () => ({ recorded: true, entities: 1 }) });
  setTransport(engine);
  useUserStore.setState({ current: 'ana' });
});

test('an event is sent for the current user, or the user given', () => {
  recordEvent({ type: 'open', documentId: 'd1' });
  recordEvent({ type: 'open', documentId: 'd2' }, 'ben');
  assert.deepEqual(
    engine.calls.map((c) => c.args),
    [
      { type: 'open', documentId: 'd1', user: 'ana' },
      { type: 'open', documentId: 'd2', user: 'ben' },
    ],
  );
});

test('text is trimmed and cut to 4000 characters; blank text sends nothing', () => {
  recordEvent({ type: 'search', text: `  ${'x'.repeat(5000)}  ` });
  recordEvent({ type: 'search', text: '   ' });
  assert.equal(engine.calls.length, 1);
  assert.equal((engine.calls[0]!.args as { text: string }).text, 'x'.repeat(4000));
});

test('a failure is one console warning per distinct message, never an error for the caller', async () => {
  setTransport(
    memoryTransport({
      'events:record': () => {
        throw new Error('The knowledge store is closed.');
      },
    }),
  );
  const warn = mock.method(console, 'warn', () => {});
  recordEvent({ type: 'open', documentId: 'd1' });
  recordEvent({ type: 'open', documentId: 'd2' });
  await settled();
  assert.equal(warn.mock.callCount(), 1);
  assert.match(String(warn.mock.calls[0]!.arguments[0]), /could not record a open event: The knowledge store is closed\./);
  warn.mock.restore();
});
