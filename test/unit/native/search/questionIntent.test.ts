import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asksAboutDocumentItself, containsDate, containsDuration, questionIntent } from '../../../../native/search/questionIntent.js';

const about = (q: string) => asksAboutDocumentItself(q, questionIntent(q));

test('questions about the document itself: its name, its date, its parties', () => {
  assert.ok(about('What is the name of the contract?'));
  assert.ok(about('The date of the agreement'));
  assert.ok(about('When is this contract effective?'));
  assert.ok(about('Who are the parties to this lease?'));
  assert.ok(about('The two or more parties who signed the contract'));
});

test('questions about a clause are not about the document itself, even when they name a party or a date', () => {
  assert.ok(!about('Is consent required of a party if the contract is assigned to a third party?'));
  assert.ok(!about("On what date will the contract's initial term expire?"));
  assert.ok(!about('What is the renewal term after the initial term of the agreement ends?'));
  assert.ok(!about('Which state law governs?'));
});

test('date questions are recognized and dates are found in their common written forms', () => {
  assert.ok(questionIntent('When does the warranty expire?').date);
  assert.ok(!questionIntent('Who may audit the books?').date);
  for (const text of ['dated as of September 23, 1998', 'this 23rd day of September 1998', 'on 9/23/98', 'effective 1998-09-23', 'in March 2004']) {
    assert.ok(containsDate(text), text);
  }
  assert.ok(!containsDate('Section 12.3 applies to 25 units'));
});

test('paraphrases of "the name of the contract" are recognized, not one template', () => {
  for (const q of [
    'What kind of agreement is this?',
    'What type of contract do we have here?',
    'What is this contract called?',
    'Which agreement is this?',
    'Title of the agreement?',
  ]) {
    assert.ok(questionIntent(q).documentName, q);
  }
  assert.ok(!questionIntent('May the licensee use the name of the licensor in advertising?').documentName);
});

test('paraphrases about the parties and the signing date are about the document itself', () => {
  assert.ok(about('Who is this agreement between?'));
  assert.ok(about('Which companies entered into the contract?'));
  assert.ok(about('When was it signed?'));
  assert.ok(!about('Who may audit the books of the other party?'));
});

test('questions asking how long something lasts ask for a duration, and durations are found in contract wording', () => {
  assert.ok(questionIntent('How long does the warranty last?').duration);
  assert.ok(questionIntent('When does the initial term end?').duration);
  assert.ok(!questionIntent('Who owns the intellectual property?').duration);
  for (const text of ['for a period of five (5) years', 'within 90 days', 'twelve months after delivery', 'a one-year term']) assert.ok(containsDuration(text), text);
  assert.ok(!containsDuration('Section 5 applies to 3 units'));
});
