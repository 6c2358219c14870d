import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignWords, checkFidelity } from '../../../../native/ingest/checkFidelity.js';
import type { ComposedPage, Paragraph, PassageDraft } from '../../../../native/model/documentModel.js';

const page = (number: number, text: string): ComposedPage => ({ number, width: 612, height: 792, text, geometry: null });
const paragraph = (pageNumber: number, text: string): Paragraph => ({ page: pageNumber, charStart: 0, charEnd: text.length, text, fontSize: 10, lineCount: 1 });
const passage = (pageNumber: number, text: string): PassageDraft => ({
  section: null,
  page: pageNumber,
  pageEnd: pageNumber,
  text,
  wordCount: text.split(/\s+/).length,
  spans: [{ page: pageNumber, charStart: 0, charEnd: text.length }],
});

const one = 'The tenant pays the rent on the first day of each month.';
const two = 'The landlord keeps the roof and the walls in good repair.';

test('passages that hold all the body text score 1 on the document and every page', () => {
  const report = checkFidelity([page(1, one), page(2, two)], [paragraph(1, one), paragraph(2, two)], [passage(1, `${one} ${two}`)]);
  assert.equal(report.document, 1);
  assert.deepEqual(report.pages, [1, 1]);
  assert.equal(report.extraWords, 0);
});

test('a page whose text is missing from the passages scores 0, and the document the share kept', () => {
  const report = checkFidelity([page(1, one), page(2, two)], [paragraph(1, one), paragraph(2, two)], [passage(1, one)]);
  assert.equal(report.pages[0], 1);
  assert.equal(report.pages[1], 0);
  assert.equal(report.document, report.matchedWords / report.bodyWords);
  assert.ok(report.document! < 0.6 && report.document! > 0.4);
});

test('repeated passage text counts as extra words, not as more fidelity', () => {
  const report = checkFidelity([page(1, one)], [paragraph(1, one)], [passage(1, one), passage(1, one)]);
  assert.equal(report.document, 1);
  assert.equal(report.extraWords, report.bodyWords);
});

test('a page without body words has no score', () => {
  const report = checkFidelity([page(1, '')], [], []);
  assert.equal(report.document, null);
  assert.deepEqual(report.pages, [null]);
});

test('alignWords matches words in order only', () => {
  assert.deepEqual([...alignWords([1, 2, 3, 4], [1, 3, 4])], [1, 0, 1, 1]);
  assert.deepEqual(
    [...alignWords([1, 2], [2, 1])].reduce((a, b) => a + b, 0),
    1,
  );
});
