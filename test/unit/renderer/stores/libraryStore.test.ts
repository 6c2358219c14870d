import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import type { DocumentSummary } from '../../../../native/api/types.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { UNDO_MS, useLibraryStore, visibleDocuments, watchLibrary } from '../../../../renderer/stores/libraryStore.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';

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
