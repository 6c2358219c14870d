import assert from 'node:assert/strict';
import { test } from 'node:test';
import { askedClauseTest } from '../../../../native/knowledge/entities/clauseConcepts.js';
import { extractiveAnswer } from '../../../../native/qa/extractiveAnswer.js';
import type { ContextPassage } from '../../../../native/qa/structuredContext.js';
import { AGREEMENT_PASSAGES, AGREEMENT_TITLE, PARAPHRASED_QUESTIONS } from '../../../fixtures/paraphrasedQuestions.js';

const noGeometry = () => null;

function passage(text: string, order: number, documentId = 'doc'): ContextPassage {
  return {
    id: order + 1,
    documentId,
    documentTitle: AGREEMENT_TITLE,
    sectionId: null,
    section: null,
    order,
    page: 1,
    pageEnd: 1,
    text,
    wordCount: text.split(/\s+/).length,
    spans: [{ page: 1, charStart: 0, charEnd: text.length }],
  };
}

const passages = AGREEMENT_PASSAGES.map((text, i) => passage(text, i));
const adjacent = (p: ContextPassage) => passages.filter((q) => Math.abs(q.order - p.order) === 1);

for (const q of PARAPHRASED_QUESTIONS) {
  test(`the first quote answers “${q.question}”`, () => {
    const { citations } = extractiveAnswer({ question: q.question, ranked: q.ranking.map((i) => passages[i]!), adjacent }, noGeometry);
    assert.ok(citations.length > 0);
    assert.ok(citations[0]!.quote.toLowerCase().includes(q.answer.toLowerCase()), `first quote: ${citations[0]!.quote}`);
  });
}

test('the duration next to the sentence that repeats the question leads, over the sentence that only repeats it', () => {
  const { citations } = extractiveAnswer({ question: 'How long is the initial term?', ranked: [passages[1]!] }, noGeometry);
  assert.match(citations[0]!.quote, /five \(5\) years/);
  assert.ok(!citations[0]!.quote.startsWith('The project plan'));
});

test('an answer at the edge of the passage next to the retrieved one is found', () => {
  const split = [passage('Term. The initial term of this lease is described below.', 0), passage('It runs for three (3) years from the start date. Rent is paid monthly.', 1)];
  const question = 'How long is the initial term of the lease?';
  const without = extractiveAnswer({ question, ranked: [split[0]!] }, noGeometry);
  assert.ok(!without.citations.some((c) => c.quote.includes('three (3) years')), 'without the neighbour the answer cannot be quoted');
  const { citations } = extractiveAnswer({ question, ranked: [split[0]!], adjacent: () => [split[1]!] }, noGeometry);
  assert.ok(citations.some((c) => c.quote.includes('three (3) years')));
  assert.equal(citations.find((c) => c.quote.includes('three (3) years'))!.passageId, split[1]!.id);
});

test('the best quote is labelled the answer and the rest related, several may come from one passage, and the text says which is which', () => {
  const clause = passage(
    'Harbor may terminate on thirty (30) days notice for breach. Fees are due monthly. Kestrel may terminate on ninety (90) days notice for convenience. Either party may terminate on notice if the other becomes insolvent.',
    3,
  );
  const { answer, citations } = extractiveAnswer({ question: 'Who may terminate on notice?', ranked: [clause] }, noGeometry);
  assert.equal(citations.length, 3);
  assert.deepEqual(
    citations.map((c) => c.role),
    ['answer', ...citations.slice(1).map(() => 'related')],
  );
  assert.ok(citations.every((c) => c.passageId === clause.id));
  assert.ok(!citations.some((c) => c.quote.includes('Fees')), 'the sentence about fees is not quoted');
  // The Ask panel says once that the answer is extractive; the answer leads with its quote.
  assert.ok(answer.startsWith(`“${citations[0]!.quote}”`), answer);
  assert.doesNotMatch(answer, /extractive|no model/i);
  assert.match(answer, /Related passages:/);
  for (const c of citations) {
    assert.ok(clause.text.includes(c.quote), 'quotes are verbatim');
    assert.ok(answer.includes(`“${c.quote}” [${c.marker}]`));
  }
  assert.equal(new Set(citations.map((c) => c.quote)).size, 3, 'no quote repeats another');
});

test('between equally good sentences, the passage search ranked first is quoted first', () => {
  const a = passage('The supplier shall deliver the goods to the warehouse.', 0);
  const b = passage('The supplier shall deliver the goods to the warehouse.', 5, 'other');
  assert.equal(extractiveAnswer({ question: 'Where are the goods delivered?', ranked: [a, b] }, noGeometry).citations[0]!.passageId, a.id);
  assert.equal(extractiveAnswer({ question: 'Where are the goods delivered?', ranked: [b, a] }, noGeometry).citations[0]!.passageId, b.id);
});

test('with nothing found, the answer says which words were searched', () => {
  const { answer, citations } = extractiveAnswer({ question: 'Quelle loi régit ce contrat ?', ranked: [], searched: ['quelle', 'loi', 'régit', 'contrat'] }, noGeometry);
  assert.equal(citations.length, 0);
  assert.match(answer, /No passage matches/);
  assert.match(answer, /“régit”/);
});

test('quotes that hold few of the question’s words say so, in case the question is in another language', () => {
  const { answer } = extractiveAnswer({ question: 'Quelle loi régit ce contrat de services ?', ranked: [passages[4]!, passages[2]!] }, noGeometry);
  // "services" is the one word the English text shares; the answer must not pass as a confident one.
  assert.match(answer, /another language/);
  assert.match(answer, /“régit”/);
});

test('a question that names no kind of clause is scored by its words alone', () => {
  assert.equal(askedClauseTest('What colour is the cover?'), null);
  const clauses = [passage('The cover is blue.', 0), passage('The Reseller shall not sell any competing products.', 1)];
  const a = extractiveAnswer({ question: 'What colour is the cover?', ranked: clauses }, noGeometry);
  const b = extractiveAnswer({ question: 'What colour is the cover?', ranked: clauses, askedClauses: askedClauseTest }, noGeometry);
  assert.deepEqual(b, a);
});
