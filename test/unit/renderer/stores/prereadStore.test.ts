import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { usePrereadStore } from '../../../../renderer/stores/prereadStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, untilAborted, type MemoryTransport } from '../transport/memoryTransport.js';

let engine: MemoryTransport;

beforeEach(() => {
  engine = memoryTransport({
    'qa:preread': (_args, { signal }) => untilAborted(signal),
    'qa:prereadStatus': ({ documentIds }) => ({ statuses: documentIds.map((documentId) => ({ documentId, state: 'not-read' as const })) }),
  });
  setTransport(engine);
  usePrereadStore.setState({ statuses: {}, running: {}, errors: {} });
});

test('cancel stops only that document’s pre-read through the transport, and a stop is not shown as a failure', async () => {
  const first = usePrereadStore.getState().preread('doc-1');
  const second = usePrereadStore.getState().preread('doc-2');
  assert.deepEqual(Object.keys(usePrereadStore.getState().running).sort(), ['doc-1', 'doc-2']);
  const [call1, call2] = engine.calls.filter((c) => c.name === 'qa:preread');

  await usePrereadStore.getState().cancel('doc-1');
  await first;

  assert.equal(call1!.signal?.aborted, true);
  assert.equal(call2!.signal?.aborted, false, 'the other pre-read goes on');
  assert.deepEqual(Object.keys(usePrereadStore.getState().running), ['doc-2']);
  assert.deepEqual(usePrereadStore.getState().errors, {});
  assert.equal(usePrereadStore.getState().statuses['doc-1'], 'not-read', 'its badge is asked again');

  await usePrereadStore.getState().cancel('doc-2');
  await second;
  assert.deepEqual(usePrereadStore.getState().running, {});
});
