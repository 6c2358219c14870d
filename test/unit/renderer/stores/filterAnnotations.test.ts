import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Annotation } from '../../../../native/api/annotationTypes.js';
import { filterAnnotations, groupByPage, NO_FILTER, readingOrder } from '../../../../renderer/stores/filterAnnotations.js';

function annotation(id: string, page: number, charStart: number | null, patch: Partial<Annotation> = {}): Annotation {
  return {
    id,
    documentId: 'd',
    user: 'default',
    kind: 'highlight',
    color: 'yellow',
    anchor: { page, spans: charStart === null ? [] : [{ page, charStart, charEnd: charStart + 5 }], quote: charStart === null ? '' : `quote ${id}` },
    note: '',
    answer: null,
    rects: [],
    orphaned: false,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...patch,
  };
}

const LIST = [
  annotation('c', 5, 40, { color: 'green', note: 'Ask the Landlord about the Roof' }),
  annotation('a', 2, 10),
  annotation('mark', 5, null, { kind: 'bookmark', color: null }),
  annotation('b', 5, 3, { kind: 'underline', color: 'blue', anchor: { page: 5, spans: [{ page: 5, charStart: 3, charEnd: 9 }], quote: 'Café rules' } }),
];

test('reading order is by page, then by place on the page, with a page-level bookmark first on its page; groups follow the pages', () => {
  const ordered = [...LIST].sort(readingOrder);
  assert.deepEqual(
    ordered.map((a) => a.id),
    ['a', 'mark', 'b', 'c'],
  );
  assert.deepEqual(
    groupByPage(ordered).map((g) => [g.page, g.annotations.map((a) => a.id)]),
    [
      [2, ['a']],
      [5, ['mark', 'b', 'c']],
    ],
  );
});

test('the filter keeps the chosen colours and kind, and every word of the search in the quote or note, ignoring case and accents', () => {
  const ids = (f: Partial<typeof NO_FILTER>) => filterAnnotations(LIST, { ...NO_FILTER, ...f }).map((a) => a.id);
  assert.deepEqual(ids({}), ['c', 'a', 'mark', 'b']);
  assert.deepEqual(ids({ colors: ['green', 'blue'] }), ['c', 'b']);
  assert.deepEqual(ids({ kind: 'bookmark' }), ['mark']);
  assert.deepEqual(ids({ query: 'roof landlord' }), ['c']);
  assert.deepEqual(ids({ query: 'cafe' }), ['b']);
  assert.deepEqual(ids({ query: 'roof', colors: ['blue'] }), []);
});
