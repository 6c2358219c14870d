import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { useModelsStore } from '../../../../renderer/stores/modelsStore.js';
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
