import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ftsString, queryWords } from '../../../../native/search/queryWords.js';

test('stopwords are dropped from the content words, kept in all', () => {
  const q = queryWords('What is the notice period for termination?');
  assert.deepEqual(q.content, ['notice', 'period', 'termination']);
  assert.ok(q.all.includes('what') && q.all.includes('the'));
});

test('a query made only of stopwords keeps them as content', () => {
  const q = queryWords('what is this');
  assert.deepEqual(q.content, q.all);
});

test('FTS5 syntax is plain text: quotes, stars and operators become words or vanish', () => {
  const q = queryWords('"rent" AND late* NEAR(fee)');
  assert.deepEqual(q.all, ['rent', 'and', 'late', 'near', 'fee']);
});

test('words are lowercased and deduplicated', () => {
  assert.deepEqual(queryWords('Rent rent RENT').all, ['rent']);
});

test('ftsString doubles quotes inside the literal', () => {
  assert.equal(ftsString('a"b'), '"a""b"');
});
