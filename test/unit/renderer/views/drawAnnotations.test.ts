import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Annotation } from '../../../../native/api/annotationTypes.js';
import { annotationsByPage } from '../../../../renderer/views/drawAnnotations.js';

function annotation(id: string, page: number, rectPages: number[], patch: Partial<Annotation> = {}): Annotation {
  return {
    id,
    documentId: 'd',
    user: 'default',
    kind: 'highlight',
    color: 'yellow',
    anchor: { page, spans: [], quote: '' },
    note: '',
    answer: null,
    rects: rectPages.map((p) => ({ page: p, x: 0, y: 0, width: 10, height: 10 })),
    orphaned: false,
    createdAt: '',
    updatedAt: '',
    ...patch,
  };
}

test('an annotation is drawn on every page its rectangles are on, once per page; a page-level one on its page; an orphaned one nowhere', () => {
  const byPage = annotationsByPage([
    annotation('across', 3, [3, 3, 4]),
    annotation('bookmark', 7, [], { kind: 'bookmark', color: null }),
    annotation('gone', 3, [3], { orphaned: true }),
  ]);
  assert.deepEqual(
    [...byPage].map(([page, list]) => [page, list.map((a) => a.id)]),
    [
      [3, ['across']],
      [4, ['across']],
      [7, ['bookmark']],
    ],
  );
});
