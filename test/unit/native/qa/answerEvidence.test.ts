import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerEvidence } from '../../../../native/qa/answerEvidence.js';

const none = new Set<string>();

test('a sentence carries a duration, a date, an amount or a count when it states one', () => {
  assert.equal(answerEvidence('The initial term runs for five (5) years.', 'duration', none), 1);
  assert.equal(answerEvidence('The initial term is described in the plan.', 'duration', none), 0);
  assert.equal(answerEvidence('It was signed on March 3, 2021.', 'date', none), 1);
  assert.ok(answerEvidence('It lasts two years from signing.', 'date', none) > 0, 'an end date is often given as a term');
  assert.equal(answerEvidence('Kestrel pays $12,500 a month.', 'amount', none), 1);
  assert.equal(answerEvidence('Interest is 1.5% per month.', 'amount', none), 1);
  assert.equal(answerEvidence('The licensee may make three copies.', 'count', none), 1);
  assert.equal(answerEvidence('The licensee may make copies.', 'count', none), 0);
});

test('a party is a company or a name the question does not already hold', () => {
  assert.ok(answerEvidence('The agreement is between Harbor Pumps Ltd. and its client.', 'party', none) > 0);
  const asked = new Set(['who', 'saved', 'weena']);
  assert.equal(answerEvidence('He saved Weena from the river.', 'party', asked), 0);
  assert.ok(answerEvidence('He saved Weena from the river, as Filby said.', 'party', asked) > 0);
});

test('a company named with a short name is stronger party evidence than a filing legend that mentions "the Company"', () => {
  const preamble = answerEvidence('This Supply Agreement is made by and between Harbor Pumps Ltd. ("Harbor") and Kestrel Foods Inc. ("Kestrel").', 'party', none);
  const legend = answerEvidence('SUCH INFORMATION HAS BEEN OMITTED BECAUSE IT WOULD LIKELY CAUSE COMPETITIVE HARM TO THE COMPANY IF DISCLOSED.', 'party', none);
  assert.equal(preamble, 1);
  assert.ok(legend < preamble, `legend ${legend}`);
  assert.equal(answerEvidence('THE COMPANY SHALL PAY ALL FEES.', 'party', none), 0, '"the Company" names no one');
});

test('places, conditions, definitions and titles have their own signs', () => {
  assert.equal(answerEvidence('It is governed by the laws of the Province of Ontario.', 'place', none), 1);
  assert.equal(answerEvidence('Either party may terminate without cause.', 'condition', none), 1);
  assert.equal(answerEvidence('The store is located in Chicago.', 'place', none), 1);
  assert.equal(answerEvidence('The notice shall be displayed within the Websites.', 'place', none), 0.5, 'after "the", a capitalised word is as often a defined term as a place');
  assert.equal(answerEvidence('"Service Area" means the districts in Schedule A.', 'definition', none), 1);
  assert.equal(answerEvidence('FIELD SERVICES AGREEMENT. This agreement is made…', 'title', none, 'Field Services Agreement'), 1);
  assert.equal(answerEvidence('This agreement is made…', 'title', none, 'Field Services Agreement'), 0);
});
