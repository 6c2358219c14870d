import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entityKey, keyWords, writtenWordKey } from '../../../../../native/knowledge/entities/entityKey.js';

test('plurals, possessives, case and articles give one key: "the Parties\'" is "Party"', () => {
  assert.equal(entityKey("the Parties'"), entityKey('Party'));
  assert.equal(entityKey("Licensee's"), entityKey('licensee'));
  assert.equal(entityKey('Governing Law'), entityKey('governing laws'));
});

test('hyphens and runs of space are one space; accents are dropped', () => {
  assert.equal(entityKey('Non-Compete   Clause'), entityKey('non compete clause'));
  assert.equal(entityKey('Société Générale'), entityKey('Societe Generale'));
});

test('a name of articles only has an empty key; numbers are kept as written', () => {
  assert.equal(entityKey('The'), '');
  assert.deepEqual(keyWords('Section 12 of the Act'), ['section', '12', 'of', 'act']);
});

test('writtenWordKey agrees with the key of the lower-cased word, and is null for an article', () => {
  assert.equal(writtenWordKey('Licensees'), entityKey('licensees'));
  assert.equal(writtenWordKey('An'), null);
});
