import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHeading, SentenceScorer } from '../../../../native/qa/scoreSentence.js';

test('numbered, title-case and capitalised labels are headings; clauses and long titles are not', () => {
  for (const heading of ['13. Limitation of Liability.', 'Governing Law.', 'TERM AND TERMINATION', '(h) Governing Law.', 'Notices:']) assert.ok(isHeading(heading), heading);
  for (const clause of [
    'This Agreement is governed by the laws of Ontario.',
    'Fees are due monthly.',
    'Either party may terminate, without cause.',
    'Article One Of The Very Long Agreement Between The Parties Here',
  ])
    assert.ok(!isHeading(clause), clause);
});

const base = { rank: 0, neighbour: false, pair: false, opening: false, documentTitle: '', context: 0 };

test('a clause under a heading that names the question’s topic outscores the same clause without it, and the bare heading scores below both', () => {
  const clause = 'This Agreement shall be construed under the laws of the State of Texas.';
  const heading = '18. Governing Law.';
  const question = 'Which law governs the agreement?';
  const scorer = new SentenceScorer(question, 'place', [heading, clause, 'Fees are due monthly.']);
  const labelled = scorer.score({ ...base, text: clause, heading });
  const bare = scorer.score({ ...base, text: clause });
  const headingAlone = scorer.score({ ...base, text: heading });
  assert.ok(labelled > bare, `${labelled} > ${bare}`);
  assert.ok(headingAlone < labelled, `${headingAlone} < ${labelled}`);
});

test('a sentence from the passage search ranked first beats an equally good one ranked third by a clear margin', () => {
  const text = 'Either party may terminate on thirty (30) days notice.';
  const scorer = new SentenceScorer('Who may terminate on notice?', 'party', [text, 'Fees are due monthly.']);
  const first = scorer.score({ ...base, text });
  const third = scorer.score({ ...base, text, rank: 2 });
  assert.ok(third < first * 0.5, `${third} vs ${first}`);
});
