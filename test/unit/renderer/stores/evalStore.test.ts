import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { NeedleCell, NeedleGrid } from '../../../../native/api/evalTypes.js';
import { LecternError } from '../../../../native/api/errors.js';
import { useEvalStore } from '../../../../renderer/stores/evalStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, untilAborted, type MemoryTransport } from '../transport/memoryTransport.js';

let engine: MemoryTransport;

const cell = (length: number, depth: number, found: boolean): NeedleCell => ({
  length,
  depth,
  placedDepth: depth,
  found,
  answer: '',
  promptTokens: length + 90,
  evaluatedTokens: length + 90,
  ms: 5,
});

function grid(cells: NeedleCell[], complete: boolean): NeedleGrid {
  return {
    documentId: 'doc-1',
    documentTitle: 'Harbour log',
    model: { id: 'm1', name: 'tiny' },
    contextSize: 2048,
    trainContextSize: 1024,
    contextScale: 2,
    documentTokens: 9000,
    lengths: [500, 1000],
    depths: [0, 100],
    cells,
    complete,
    seed: 1,
    startedAt: '2026-12-06T10:00:00.000Z',
    ms: 20,
    notes: [],
  };
}

beforeEach(() => {
  useEvalStore.setState({ running: null, grid: null, error: null });
});

test('cells arrive one by one from eval:progress of this request only, and the finished grid replaces them', async () => {
  let finish!: (g: NeedleGrid) => void;
  engine = memoryTransport({ 'eval:needles': () => new Promise<NeedleGrid>((resolve) => (finish = resolve)) });
  setTransport(engine);
  const running = useEvalStore.getState().checkNeedles('doc-1', { contextScale: 2 });
  const run = useEvalStore.getState().running!;
  assert.deepEqual(engine.calls[0]!.args, { documentId: 'doc-1', requestId: run.requestId, contextScale: 2 });
  engine.emit('eval:progress', { requestId: run.requestId, done: 1, total: 4, cell: cell(500, 100, true) });
  engine.emit('eval:progress', { requestId: 'someone-else', done: 1, total: 9, cell: cell(9, 9, false) });
  assert.deepEqual(useEvalStore.getState().running!.cells, [cell(500, 100, true)]);
  assert.equal(useEvalStore.getState().running!.total, 4);
  const done = grid([cell(500, 100, true), cell(500, 0, false), cell(1000, 100, false), cell(1000, 0, false)], true);
  finish(done);
  await running;
  assert.equal(useEvalStore.getState().running, null);
  assert.deepEqual(useEvalStore.getState().grid, done);
});

test('Stop aborts the request through the transport and keeps the cells done as the grid, not as an error', async () => {
  const partial = grid([cell(500, 100, true)], false);
  engine = memoryTransport({ 'eval:needles': (_args, { signal }) => untilAborted(signal, partial) });
  setTransport(engine);
  const running = useEvalStore.getState().checkNeedles('doc-1');
  useEvalStore.getState().cancel();
  await running;
  assert.equal(engine.calls[0]!.signal?.aborted, true);
  assert.deepEqual(useEvalStore.getState().grid, partial);
  assert.equal(useEvalStore.getState().error, null);
});

test('a failure is shown with the engine’s message', async () => {
  engine = memoryTransport({
    'eval:needles': () => {
      throw new LecternError('NO_MODEL_LOADED', 'Checking how far a model reads needs a model: load one in Models, or name one.');
    },
  });
  setTransport(engine);
  await useEvalStore.getState().checkNeedles('doc-1');
  assert.match(useEvalStore.getState().error ?? '', /needs a model: load one/);
  assert.equal(useEvalStore.getState().running, null);
});
