import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanTitle, templateQuestion, topicPhrase } from '../../../../../native/knowledge/suggest/templateQuestion.js';

test('questions about a document name its noun and quote a defined term', () => {
  assert.equal(templateQuestion('term', 'Licensee', 'agreement'), 'What does “Licensee” mean in this agreement?');
  assert.equal(templateQuestion('money', '$10,000', 'lease'), 'What is the $10,000 for, and when is it due?');
  assert.equal(templateQuestion('date', 'June 1, 2024', 'lease'), 'What happens on June 1, 2024 under this lease?');
  assert.equal(templateQuestion('document', 'Lease', 'lease'), 'What is this lease about?');
});

test('a possessive after a name ending in s takes only the apostrophe', () => {
  assert.equal(templateQuestion('party', 'Acme', 'agreement'), 'What are Acme’s obligations under this agreement?');
  assert.equal(templateQuestion('organization', 'Harris', 'agreement'), 'What is Harris’ role in this agreement?');
});

test('a section title reads as a phrase inside the question: numbering dropped, shouting lowered', () => {
  assert.equal(templateQuestion('section', '12. GOVERNING LAW', 'agreement'), 'What does the agreement say about governing law?');
  assert.equal(templateQuestion('topic', 'Use of EU Data', 'contract'), 'What does the contract say about use of EU data?');
});

test('without a document, the questions ask across the library', () => {
  assert.equal(templateQuestion('term', 'Affiliate', null), 'How do my documents define “Affiliate”?');
  assert.equal(templateQuestion('party', 'Acme', null), 'Which of my documents involve Acme?');
  assert.equal(templateQuestion('money', '$5', null), 'Which of my documents mention $5?');
  assert.equal(templateQuestion('section', 'ARTICLE IV — TERMINATION', null), 'What do my documents say about termination?');
  assert.equal(templateQuestion('document', 'x', null), 'What are my documents about?');
});

test('cleanTitle drops article, section, numbered and lettered labels and trailing punctuation', () => {
  assert.equal(cleanTitle('ARTICLE IV — TERM AND TERMINATION'), 'TERM AND TERMINATION');
  assert.equal(cleanTitle('Section 5: Fees.'), 'Fees');
  assert.equal(cleanTitle('2.1.3 Notice  of   Renewal'), 'Notice of Renewal');
  assert.equal(cleanTitle('(b) Payment;'), 'Payment');
  assert.equal(cleanTitle('IV. Warranties'), 'Warranties');
});

test('topicPhrase lowers capitalised words but keeps acronyms and odd capitals', () => {
  assert.equal(topicPhrase('Limitation of Liability'), 'limitation of liability');
  assert.equal(topicPhrase('GDPR Compliance'), 'GDPR compliance');
  assert.equal(topicPhrase('iPhone Warranty'), 'iPhone warranty');
});
