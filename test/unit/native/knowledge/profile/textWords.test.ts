import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entityKey } from '../../../../../native/knowledge/entities/entityKey.js';
import { isStopKey, textWords } from '../../../../../native/knowledge/profile/textWords.js';

test('running text gives the same keys entity names do: lower case, stemmed, possessives and articles dropped', () => {
  const words = textWords("What does the Licensee's Limitation of Liability say?");
  assert.deepEqual(
    words.map((w) => w.key),
    entityKey("What does the Licensee's Limitation of Liability say?").split(' '),
  );
  assert.ok(!words.some((w) => w.key === 'the'), 'articles dropped');
});

test('function words are marked, content words are not', () => {
  const marked = textWords('Explain the limitation of liability for Acme').map((w) => [w.key, w.stop]);
  assert.deepEqual(
    marked.filter(([, stop]) => stop).map(([key]) => key),
    textWords('Explain of for').map((w) => w.key),
  );
  assert.deepEqual(
    marked.filter(([, stop]) => !stop).map(([key]) => key),
    entityKey('limitation liability Acme').split(' '),
  );
});

test('isStopKey knows stop words in their key form', () => {
  assert.equal(isStopKey(entityKey('of')), true);
  assert.equal(isStopKey(entityKey('between')), false);
  assert.equal(isStopKey(entityKey('liability')), false);
});
