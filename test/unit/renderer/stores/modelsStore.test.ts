import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { useModelsStore } from '../../../../renderer/stores/modelsStore.js';
import { LecternError } from '../../../../native/api/errors.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, untilAborted, type MemoryTransport } from '../transport/memoryTransport.js';

let engine: MemoryTransport;

beforeEach(() => {
  engine = memoryTransport({
    'models:add': ({ requestId }, { signal }) => {
      queueMicrotask(() => engine.emit('models:downloadProgress', { requestId, uri: 'hf:o/r/m.gguf', receivedBytes: 10, totalBytes: 100, bytesPerSecond: 5 }));
      return untilAborted(signal);
    },
  });
  setTransport(engine);
  useModelsStore.setState({ downloads: [], error: null, notice: null });
});

test('cancelDownload aborts that download’s request through the transport, and the download says it can resume', async () => {
  const downloading = useModelsStore.getState().download('hf:o/r/m.gguf');
  const { requestId } = useModelsStore.getState().downloads[0]!;
  const call = engine.calls.find((c) => c.name === 'models:add')!;
  assert.equal(call.signal?.aborted, false);

  await useModelsStore.getState().cancelDownload(requestId);
  await downloading;

  assert.equal(call.signal?.aborted, true);
  assert.deepEqual(
    useModelsStore.getState().downloads.map((d) => ({ uri: d.uri, error: d.error })),
    [{ uri: 'hf:o/r/m.gguf', error: 'Stopped. Download again to resume.' }],
  );
});

test('adding a plain-http server asks for the confirmation first, and sends the key only as the argument of models:addServer', async () => {
  const record = { id: 'abc123def456', name: 'lan', server: { baseUrl: 'http://192.0.2.7:8080', model: null, hasKey: true, insecureConfirmed: true, timeoutMs: null } };
  engine = memoryTransport({
    'models:addServer': (args) => {
      if (!args.confirmedInsecure) throw new LecternError('CONFIRMATION_NEEDED', 'Your documents would cross the network unencrypted.');
      return { model: record as never };
    },
    'models:list': () => ({ models: [] }),
    'models:loaded': () => ({ model: null }),
    'models:catalog': () => ({ models: [] }),
  });
  setTransport(engine);
  const first = await useModelsStore.getState().addServer({ name: 'lan', baseUrl: 'http://192.0.2.7:8080', apiKey: ' sk-1 ' });
  assert.equal(first, 'confirm');
  assert.match(useModelsStore.getState().error ?? '', /unencrypted/);
  const second = await useModelsStore.getState().addServer({ name: 'lan', baseUrl: 'http://192.0.2.7:8080', apiKey: ' sk-1 ', confirmedInsecure: true });
  assert.equal(second, true);
  assert.match(useModelsStore.getState().notice ?? '', /sent there/);
  const sent = engine.calls.filter((c) => c.name === 'models:addServer').map((c) => c.args as { apiKey?: string; confirmedInsecure?: boolean });
  assert.deepEqual(
    sent.map((a) => [a.apiKey, a.confirmedInsecure]),
    [
      ['sk-1', undefined],
      ['sk-1', true],
    ],
  );
});
