import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sectionTopics, titleTopics } from '../../../../../native/knowledge/entities/sectionTopics.js';

test('a numbered title gives its phrase in lower case, numbering and punctuation dropped', () => {
  assert.deepEqual(titleTopics('12. Governing Law.'), ['governing law']);
  assert.deepEqual(titleTopics('Section 4.2 Limitation of Liability'), ['limitation of liability']);
  assert.deepEqual(titleTopics('(b) Escrow of Source Materials'), ['escrow of source materials']);
});

test('a title joining clauses with "and", "&", a comma or a slash is split into its phrases', () => {
  assert.deepEqual(titleTopics('ARTICLE IV — TERM AND TERMINATION'), ['term', 'termination']);
  assert.deepEqual(titleTopics('Fees & Payment'), ['fees', 'payment']);
  assert.deepEqual(titleTopics('Representations, Warranties / Covenants'), ['representations', 'warranties', 'covenants']);
});

test('boilerplate headings, attachments and misread sentences give no topic', () => {
  assert.deepEqual(titleTopics('Definitions'), []);
  assert.deepEqual(titleTopics('Miscellaneous.'), []);
  assert.deepEqual(titleTopics('Exhibit A'), []);
  assert.deepEqual(titleTopics('Notices. All notices under this agreement go by post'), []);
  assert.deepEqual(titleTopics('This is far too long a title to be a heading of any real contract at all'), []);
  assert.deepEqual(titleTopics('4.1'), []);
});

test('a leading article and a closing possessive are dropped from a phrase, and a repeated phrase is kept once', () => {
  assert.deepEqual(titleTopics('The Services'), ['services']);
  assert.deepEqual(titleTopics("Licensor's and Licensee's"), ['licensor', 'licensee']);
  assert.deepEqual(titleTopics('Payment and the Payment'), ['payment']);
});

test('an article topic reaches its sections and all their subsections', () => {
  const topics = sectionTopics([
    { title: 'ARTICLE 1 Term and Termination', parent: null },
    { title: '1.1 Renewal', parent: 0 },
    { title: '1.1.1 Notice of Renewal', parent: 1 },
    { title: 'ARTICLE 2 Fees', parent: null },
  ]);
  assert.deepEqual([...topics.get('termination')!], [0, 1, 2]);
  assert.deepEqual([...topics.get('renewal')!], [1, 2]);
  assert.deepEqual([...topics.get('notice of renewal')!], [2]);
  assert.deepEqual([...topics.get('fees')!], [3]);
});

test('a parent that does not come before its child is ignored, so a bad tree cannot loop', () => {
  const topics = sectionTopics([
    { title: 'Payment', parent: 1 },
    { title: 'Delivery', parent: 0 },
  ]);
  assert.deepEqual([...topics.get('payment')!], [0, 1]);
  assert.deepEqual([...topics.get('delivery')!], [1]);
});
