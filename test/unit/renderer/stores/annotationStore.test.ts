import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { Annotation } from '../../../../native/api/annotationTypes.js';
import { LecternError } from '../../../../native/api/errors.js';
import { removedLabel, useAnnotationStore } from '../../../../renderer/stores/annotationStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, type MemoryTransport } from '../transport/memoryTransport.js';

/** A tiny engine: annotations kept in a list, ids counted up, as the real commands answer. */
let rows: Annotation[];
let engine: MemoryTransport;
let next: number;

function made(args: { user: string; documentId: string; kind: Annotation['kind']; color?: Annotation['color']; anchor: Annotation['anchor']; note?: string }): Annotation {
  return {
    id: `a${next++}`,
    documentId: args.documentId,
    user: args.user,
    kind: args.kind,
    color: args.color ?? null,
    anchor: args.anchor,
    note: args.note ?? '',
    answer: null,
    rects: [],
    orphaned: false,
    createdAt: new Date(next * 1000).toISOString(),
    updatedAt: new Date(next * 1000).toISOString(),
  };
}

const ANCHOR = { page: 4, spans: [{ page: 4, charStart: 10, charEnd: 30 }], quote: 'the rent is due monthly' };

beforeEach(() => {
  rows = [];
  next = 1;
  engine = memoryTransport({
    'annotations:list': ({ documentId }) => ({ annotations: rows.filter((a) => a.documentId === documentId) }),
    'annotations:create': (args) => {
      if (args.anchor.spans.some((s) => s.charEnd <= s.charStart)) throw new LecternError('INVALID_ARGUMENT', 'An empty selection cannot be highlighted.');
      const a = made(args);
      rows.push(a);
      return { annotation: a };
    },
    'annotations:update': ({ id, note }) => {
      const a = rows.find((r) => r.id === id)!;
      Object.assign(a, { note: note ?? a.note });
      return { annotation: { ...a } };
    },
    'annotations:delete': ({ id }) => {
      const a = rows.find((r) => r.id === id)!;
      rows = rows.filter((r) => r.id !== id);
      return { annotation: a };
    },
  });
  setTransport(engine);
  useAnnotationStore.setState({ documentId: null, user: null, annotations: [], error: null, notice: null, removed: null, editingId: null });
});

test('a highlight made is listed at once; removed, it can be brought back with the same place, colour and note', async () => {
  const store = useAnnotationStore.getState();
  await store.load('doc-1');
  const first = await store.create({ kind: 'highlight', color: 'green', anchor: ANCHOR, note: 'check this' });
  assert.ok(first);
  assert.deepEqual(
    useAnnotationStore.getState().annotations.map((a) => a.id),
    [first.id],
  );

  await store.remove(first.id);
  assert.deepEqual(useAnnotationStore.getState().annotations, []);
  assert.equal(removedLabel(useAnnotationStore.getState().removed!), 'Highlight removed');

  await store.undoRemove();
  const [again] = useAnnotationStore.getState().annotations;
  assert.ok(again);
  assert.deepEqual([again.kind, again.color, again.anchor, again.note], ['highlight', 'green', ANCHOR, 'check this']);
  assert.equal(useAnnotationStore.getState().removed, null);
  assert.deepEqual(
    rows.map((r) => r.id),
    [again.id],
  );
});

test('two overlapping highlights are both kept and listed in reading order', async () => {
  const store = useAnnotationStore.getState();
  await store.load('doc-1');
  await store.create({ kind: 'highlight', color: 'yellow', anchor: { ...ANCHOR, spans: [{ page: 4, charStart: 20, charEnd: 40 }] } });
  await store.create({ kind: 'underline', color: 'blue', anchor: ANCHOR });
  assert.deepEqual(
    useAnnotationStore.getState().annotations.map((a) => [a.kind, a.anchor.spans[0]!.charStart]),
    [
      ['underline', 10],
      ['highlight', 20],
    ],
  );
});

test('an annotation the engine refuses is not listed, and the engine’s reason is shown', async () => {
  const store = useAnnotationStore.getState();
  await store.load('doc-1');
  const none = await store.create({ kind: 'highlight', color: 'yellow', anchor: { ...ANCHOR, spans: [{ page: 4, charStart: 12, charEnd: 12 }] } });
  assert.equal(none, null);
  assert.deepEqual(useAnnotationStore.getState().annotations, []);
  assert.match(useAnnotationStore.getState().error ?? '', /An empty selection cannot be highlighted/);
});

test('the bookmark button adds a bookmark on the page, and pressed again removes it', async () => {
  const store = useAnnotationStore.getState();
  await store.load('doc-1');
  await store.toggleBookmark(7);
  assert.deepEqual(
    useAnnotationStore.getState().annotations.map((a) => [a.kind, a.anchor.page, a.anchor.spans.length]),
    [['bookmark', 7, 0]],
  );
  await store.toggleBookmark(7);
  assert.deepEqual(useAnnotationStore.getState().annotations, []);
});

test('a change made elsewhere (annotations:changed for this user and document) is read again; another document’s is not', async () => {
  const store = useAnnotationStore.getState();
  await store.load('doc-1');
  rows.push(made({ user: 'default', documentId: 'doc-1', kind: 'note', anchor: { page: 1, spans: [], quote: '' }, note: 'from the CLI' }));
  const lists = () => engine.calls.filter((c) => c.name === 'annotations:list').length;
  const before = lists();
  engine.emit('annotations:changed', { user: 'default', documentId: 'doc-2' });
  assert.equal(lists(), before);
  engine.emit('annotations:changed', { user: 'default', documentId: 'doc-1' });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    useAnnotationStore.getState().annotations.map((a) => a.note),
    ['from the CLI'],
  );
});

test('a removed saved answer offers no undo (it is saved again from its conversation)', async () => {
  await useAnnotationStore.getState().load('doc-1');
  const answer = made({ user: 'default', documentId: 'doc-1', kind: 'answer', anchor: ANCHOR });
  rows.push(answer);
  await useAnnotationStore.getState().load('doc-1', true);
  await useAnnotationStore.getState().remove(answer.id);
  assert.equal(useAnnotationStore.getState().removed, null);
});

test('a notes file of a document not in the library is refused with its reason, and can then be put on the open document', async () => {
  const imports: Array<{ documentId?: string }> = [];
  setTransport(
    memoryTransport({
      'annotations:list': () => ({ annotations: [] }),
      'annotations:import': (args) => {
        imports.push(args);
        if (!args.documentId) throw new LecternError('NOTES_FILE_OTHER_DOCUMENT', 'These notes are of "Another Book", which is not in this library.');
        return { imported: 3, documentId: args.documentId };
      },
    }),
  );
  const store = useAnnotationStore.getState();
  await store.load('doc-1');
  assert.equal(await store.importNotes('{"lectern":"notes"}'), null);
  assert.match(useAnnotationStore.getState().error ?? '', /not in this library/);
  assert.equal(useAnnotationStore.getState().otherDocumentFile, '{"lectern":"notes"}');

  assert.equal(await store.importNotes(useAnnotationStore.getState().otherDocumentFile!, true), 3);
  assert.deepEqual(
    imports.map((a) => a.documentId),
    [undefined, 'doc-1'],
  );
  assert.deepEqual([useAnnotationStore.getState().error, useAnnotationStore.getState().otherDocumentFile, useAnnotationStore.getState().notice], [null, null, 'Imported 3 notes.']);
});
