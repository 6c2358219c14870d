import assert from 'node:assert/strict';
import { test } from 'node:test';
import { askedClauseTest } from '../../../../native/knowledge/entities/clauseConcepts.js';
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
  const clause = 'Goods are shipped to the warehouse of the Buyer in Leeds.';
  const heading = '12. Delivery.';
  const question = 'Where are deliveries made?';
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

test('a sentence that says the question’s phrase in the thesaurus’s other words covers it', () => {
  const other = 'Either party may terminate at any time, without cause, on ninety (90) days notice.';
  const unrelated = 'This Agreement continues for one year unless terminated as provided below.';
  const scorer = new SentenceScorer('Can the customer terminate for convenience?', 'condition', [other, unrelated]);
  assert.ok(scorer.coverage(other) > scorer.coverage(unrelated), `${scorer.coverage(other)} > ${scorer.coverage(unrelated)}`);
});

test('a question word common among the sentences read but rare in the library weighs more once the library’s frequencies are known', () => {
  const question = 'Must the buyer keep insurance for the benefit of the seller?';
  const insured = 'Insurance of $1,000,000 per claim is carried.';
  const benefit = 'Each covenant is for the benefit of both parties.';
  const pool = [insured, 'Insurance certificates are delivered yearly.', 'The insurance names the seller as insured.', benefit];
  const library = (words: string[]) => ({ passages: 1000, frequencies: words.map((w) => (w.startsWith('insur') ? 5 : 500)) });
  const byPool = new SentenceScorer(question, 'condition', pool);
  const byLibrary = new SentenceScorer(question, 'condition', pool, library);
  assert.ok(byPool.coverage(insured) < byPool.coverage(benefit), 'among the sentences read, "insurance" is common');
  assert.ok(byLibrary.coverage(insured) > byLibrary.coverage(benefit), 'in the library, "insurance" is rare');
});

test('for a question about what applies, a sentence worded as a definition scores below the same words worded as a statement; for a definition question it does not', () => {
  const definition = '“Change of Control” means a transfer of control of a party to a competitor.';
  const statement = 'A Change of Control is a transfer of control of a party to a competitor.';
  const pool = [definition, statement, 'Fees are due monthly.'];
  const applies = new SentenceScorer('Can a party terminate upon a change of control?', 'condition', pool);
  assert.ok(applies.score({ ...base, text: definition }) < applies.score({ ...base, text: statement }));
  const meaning = new SentenceScorer('What does change of control mean?', 'definition', pool);
  assert.ok(meaning.score({ ...base, text: definition }) >= meaning.score({ ...base, text: statement }));
});

test('a clause of the kind the question names (a non-compete) outscores a sentence ranked above it that only repeats the question’s words', () => {
  const question = 'Does the distributor have a non-compete obligation?';
  const tenders = 'The obligations of the Distributor to compete for public tenders are set out in Schedule B.';
  const covenant = 'The Distributor shall not engage in any competing business in the Territory during the Term.';
  const plain = new SentenceScorer(question, null, [tenders, covenant]);
  assert.ok(plain.score({ ...base, text: tenders }) > plain.score({ ...base, text: covenant, rank: 1 }), 'by words and rank alone the repeated words lead');
  const kinds = new SentenceScorer(question, null, [tenders, covenant], undefined, askedClauseTest);
  assert.ok(kinds.score({ ...base, text: covenant, rank: 1 }) > kinds.score({ ...base, text: tenders }));
  assert.equal(kinds.score({ ...base, text: tenders }), plain.score({ ...base, text: tenders }), 'a sentence that is no such clause keeps its score');
});
