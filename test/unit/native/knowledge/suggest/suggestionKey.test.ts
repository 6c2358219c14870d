import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeQuestion, suggestionKey } from '../../../../../native/knowledge/suggest/suggestionKey.js';

test('questions differing only in case, quotes, punctuation and spacing are the same question', () => {
  assert.equal(normalizeQuestion('  What does “Licensee” MEAN?? '), 'what does licensee mean');
  assert.equal(suggestionKey('d1', 'What does “Licensee” mean in this agreement?'), suggestionKey('d1', 'what does licensee mean in this agreement'));
});

test('the same question in another document, or across the library, has another key', () => {
  const q = 'What is this lease about?';
  const keys = new Set([suggestionKey('d1', q), suggestionKey('d2', q), suggestionKey(null, q)]);
  assert.equal(keys.size, 3);
  assert.equal(suggestionKey(undefined, q), suggestionKey(null, q));
});

test('a key is 24 hex digits and does not change between runs', () => {
  const key = suggestionKey('d1', 'Who are the parties?');
  assert.match(key, /^[0-9a-f]{24}$/);
  assert.equal(key, suggestionKey('d1', 'Who are the parties?'));
});

test('compatibility forms (full-width letters, ligatures) normalise like their plain letters', () => {
  assert.equal(normalizeQuestion('Ｆee ﬁnal'), 'fee final');
});
