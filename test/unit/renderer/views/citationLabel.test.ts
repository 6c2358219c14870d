import assert from 'node:assert/strict';
import { test } from 'node:test';
import { citationLabel, groupByDocument, shortTitle, SHORT_TITLE_CHARS } from '../../../../renderer/views/citationLabel.js';

const titles = new Map([
  ['lease', 'Lease 2024'],
  ['msa', 'MASTER SERVICES AGREEMENT between Magenta Corp. and Acme Holdings, Inc.'],
]);
const titleOf = (id: string) => titles.get(id);

test('a chip names the short title and the page', () => {
  assert.equal(citationLabel({ marker: 'P1', documentId: 'lease', page: 3 }, titleOf), 'Lease 2024 · p. 3');
});

test('a long title is cut at a word with an ellipsis, within the limit', () => {
  const label = shortTitle(titles.get('msa')!);
  assert.equal(label, 'MASTER SERVICES AGREEMENT…');
  assert.ok(label.length <= SHORT_TITLE_CHARS + 1);
});

test('a file name title loses its extension; a title with no space in reach is cut mid-word', () => {
  assert.equal(shortTitle('annual-report.pdf'), 'annual-report');
  assert.equal(shortTitle('x'.repeat(40)), `${'x'.repeat(SHORT_TITLE_CHARS)}…`);
});

test('a citation of a removed document says so; one outside the scope shows its marker', () => {
  assert.equal(citationLabel({ marker: 'P2', documentId: 'gone', page: 1 }, titleOf), 'Removed document · p. 1');
  assert.equal(citationLabel({ marker: 'P3', documentId: null, page: null }, titleOf), 'P3');
});

test('citations group by document in order of first appearance, keeping answer order within each', () => {
  const cites = [
    { marker: 'P1', documentId: 'msa' },
    { marker: 'P2', documentId: 'lease' },
    { marker: 'P3', documentId: 'msa' },
  ];
  assert.deepEqual(
    groupByDocument(cites).map((g) => [g.documentId, g.citations.map((c) => c.marker)]),
    [
      ['msa', ['P1', 'P3']],
      ['lease', ['P2']],
    ],
  );
});
