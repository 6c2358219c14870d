import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchedSentence } from '../../../../renderer/stores/matchedSentence.js';

const text = 'Governing Law. This Agreement is governed by the laws of Delaware. Notices go to the addresses above.';

test('the sentence holding the most matched words is the one highlighted', () => {
  const snippet = '…is governed by the laws of Delaware…';
  assert.equal(
    matchedSentence({
      text,
      snippet,
      snippetMarks: [
        [4, 12],
        [28, 36],
      ],
    }),
    'This Agreement is governed by the laws of Delaware.',
  );
});

test('a hit with no marked words (an opening passage offered instead) highlights the whole passage', () => {
  assert.equal(matchedSentence({ text, snippet: text.slice(0, 40), snippetMarks: [] }), '');
});
