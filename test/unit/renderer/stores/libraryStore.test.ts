import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import type { DocumentSummary } from '../../../../native/api/types.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { UNDO_MS, useLibraryStore, visibleDocuments, watchLibrary } from '../../../../renderer/stores/libraryStore.js';
import { memoryTransport, untilAborted, type MemoryTransport } from '../transport/memoryTransport.js';

function doc(id: string, title: string, addedAt: string, pages = 1): DocumentSummary {
  return { id, title, path: `/library/files/${id}.pdf`, format: 'pdf', pages, passages: pages, bytes: 1000, status: 'ingested', addedAt, ocrPages: 0, fidelity: 1 };
}

let library: DocumentSummary[];
let engine: MemoryTransport;

beforeEach(() => {
  library = [doc('a', 'Lease', '2024-01-01'), doc('b', 'Agreement', '2024-02-01', 9)];
  engine = memoryTransport({
    'library:list': () => ({ documents: [...library] }),
    'library:remove': ({ id }) => {
      library = library.filter((d) => d.id !== id);
      return { removed: id };
    },
  });
  setTransport(engine);
  useLibraryStore.setState({ documents: [], loaded: false, error: null, pendingRemoval: null });
  mock.timers.enable({ apis: ['setTimeout'] });
});

afterEach(() => mock.timers.reset());

const removals = () => engine.calls.filter((c) => c.name === 'library:remove');

test('refresh loads the documents the engine lists', async () => {
  await useLibraryStore.getState().refresh();
  assert.deepEqual(
    useLibraryStore.getState().documents.map((d) => d.id),
    ['a', 'b'],
  );
  assert.equal(useLibraryStore.getState().loaded, true);
});

test('a removed document is only hidden during the undo window, then removed in the engine', async () => {
  await useLibraryStore.getState().refresh();
  useLibraryStore.getState().remove('a');
  assert.equal(useLibraryStore.getState().pendingRemoval?.id, 'a');
  assert.equal(removals().length, 0, 'nothing is removed while it can still be undone');
  mock.timers.tick(UNDO_MS);
  await new Promise<void>((resolve) => useLibraryStore.subscribe((s) => s.documents.length === 1 && resolve()));
  assert.deepEqual(
    removals().map((c) => c.args),
    [{ id: 'a' }],
  );
  assert.deepEqual(
    useLibraryStore.getState().documents.map((d) => d.id),
    ['b'],
  );
});

test('undo within the window keeps the document: the engine is never asked to remove it', async () => {
  await useLibraryStore.getState().refresh();
  useLibraryStore.getState().remove('a');
  useLibraryStore.getState().undoRemove();
  mock.timers.tick(UNDO_MS * 2);
  assert.equal(useLibraryStore.getState().pendingRemoval, null);
  assert.equal(removals().length, 0);
  assert.equal(library.length, 2);
});

test('a library:changed event from elsewhere refreshes the list', async () => {
  const stop = watchLibrary();
  library.push(doc('c', 'Notes', '2024-03-01'));
  engine.emit('library:changed', { documentIds: ['c'] });
  await new Promise<void>((resolve) => useLibraryStore.subscribe((s) => s.documents.length === 3 && resolve()));
  stop();
});

test('visibleDocuments hides the pending removal, filters by title or path and sorts', () => {
  const docs = [doc('a', 'Lease', '2024-01-01', 3), doc('b', 'Agreement', '2024-02-01', 9), doc('c', 'Lease annex', '2024-03-01', 1)];
  assert.deepEqual(
    visibleDocuments(docs, 'title', '').map((d) => d.id),
    ['b', 'a', 'c'],
  );
  assert.deepEqual(
    visibleDocuments(docs, 'added', 'lease').map((d) => d.id),
    ['c', 'a'],
  );
  assert.deepEqual(
    visibleDocuments(docs, 'pages', '', 'b').map((d) => d.id),
    ['a', 'c'],
  );
});

test('Stop on one import aborts that file’s request through the transport; it ends Cancelled, the other file is imported', async () => {
  const stored = doc('c', 'Notes', '2024-03-01');
  engine = memoryTransport({
    'library:list': () => ({ documents: [...library] }),
    'library:ingest': ({ paths }, { signal }) => {
      if (paths[0] === '/in/slow.pdf') {
        const partial = { documents: [{ id: null, path: paths[0], title: null, status: 'cancelled' as const, pages: 0, passages: 0 }] };
        return untilAborted(signal, partial);
      }
      library.push(stored);
      return { documents: [{ id: 'c', path: paths[0]!, title: 'Notes', status: 'ingested', pages: 1, passages: 1 }] };
    },
  });
  setTransport(engine);
  useLibraryStore.setState({ imports: [] });
  const importing = useLibraryStore.getState().importPaths([
    { key: 'k-slow', path: '/in/slow.pdf' },
    { key: 'k-fast', path: '/in/notes.txt' },
  ]);
  await new Promise<void>((resolve) => useLibraryStore.subscribe((s) => s.imports.find((i) => i.key === 'k-fast')?.stage === 'finished' && resolve()));
  useLibraryStore.getState().cancelImport('k-slow');
  await importing;

  const slowCall = engine.calls.find((c) => c.name === 'library:ingest' && (c.args as { paths: string[] }).paths[0] === '/in/slow.pdf');
  assert.equal(slowCall?.signal?.aborted, true);
  const byKey = Object.fromEntries(
    useLibraryStore.getState().imports.map((i) => [i.key, { stage: i.stage, cancelled: i.cancelled ?? false, status: i.outcome?.status, error: i.error }]),
  );
  assert.deepEqual(byKey, {
    'k-slow': { stage: 'finished', cancelled: true, status: undefined, error: undefined },
    'k-fast': { stage: 'finished', cancelled: false, status: 'ingested', error: undefined },
  });
  assert.ok(
    useLibraryStore.getState().documents.some((d) => d.id === 'c'),
    'the list is refreshed with the file that got in',
  );
});
