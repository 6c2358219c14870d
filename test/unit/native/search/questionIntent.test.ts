import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asksAboutDocumentItself, containsDate, questionIntent } from '../../../../native/search/questionIntent.js';

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
