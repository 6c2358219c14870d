import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerType } from '../../../../native/qa/answerType.js';

test('question words decide the answer type: when, how long, how much, how many, where, who', () => {
  assert.equal(answerType('When does the lease end?'), 'date');
  assert.equal(answerType('On what date was it signed?'), 'date');
  assert.equal(answerType('How long is the warranty?'), 'duration');
  assert.equal(answerType('For how many days must notice be given?'), 'duration');
  assert.equal(answerType('How much is the monthly fee?'), 'amount');
  assert.equal(answerType('How many copies may the licensee make?'), 'count');
  assert.equal(answerType('Where does the Time Traveller live?'), 'place');
  assert.equal(answerType('Who signed this lease?'), 'party');
  assert.equal(answerType('Why did the supplier stop deliveries?'), 'reason');
});

test('nouns that name the answer decide it when no question word does', () => {
  assert.equal(answerType("Which country's courts hear disputes?"), 'place');
  assert.equal(answerType('Which company supplies the pumps?'), 'party');
  assert.equal(answerType('What is the notice period for ending the lease?'), 'duration');
  assert.equal(answerType('the effective date of the lease'), 'date');
  assert.equal(answerType('What is the price of one licence?'), 'amount');
});

test('a question opening with an auxiliary is a yes/no condition unless it embeds a question word', () => {
  assert.equal(answerType('Can the buyer cancel an order after shipment?'), 'condition');
  assert.equal(answerType('Is consent required to assign the lease?'), 'condition');
  assert.equal(answerType('Must the tenant insure the building?'), 'condition');
  assert.equal(answerType('Does the lease say how long the tenant may stay?'), 'duration');
});

test('definitions and the document’s own name are recognised in several wordings', () => {
  assert.equal(answerType('What does "Affiliate" mean?'), 'definition');
  assert.equal(answerType('How is Confidential Information defined?'), 'definition');
  assert.equal(answerType('What is an Affiliate?'), 'definition');
  assert.equal(answerType('What is this agreement called?'), 'title');
  assert.equal(answerType('What kind of contract is this?'), 'title');
  assert.equal(answerType('the title of the report'), 'title');
});

test('a question whose form names no kind of answer has none', () => {
  assert.equal(answerType('What do the Morlocks eat?'), null);
  assert.equal(answerType('Tell me about the pumps'), null);
});
