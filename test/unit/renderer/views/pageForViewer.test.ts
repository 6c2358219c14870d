import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageForViewer } from '../../../../renderer/views/pageForViewer.js';

test('no page is given to a viewer without pages (it would log "is not a valid page")', () => {
  assert.equal(pageForViewer(18, 0), null);
});

test('a page beyond the document is the last page; fractions round; NaN gives nothing', () => {
  assert.deepEqual([pageForViewer(18, 5), pageForViewer(2.6, 5), pageForViewer(0, 5), pageForViewer(Number.NaN, 5)], [5, 3, 1, null]);
});
