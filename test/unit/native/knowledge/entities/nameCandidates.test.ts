import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameCandidates } from '../../../../../native/knowledge/entities/nameCandidates.js';

const names = (text: string | string[], known: string[] = [], limit = 50) =>
  nameCandidates(
    (Array.isArray(text) ? text : [text]).map((t) => ({ text: t })),
    new Set(known),
    limit,
  ).candidates.map((c) => c.text);

// The tagger (couldBeName) is what refuses a capitalised word that opens a sentence ("We", "Payment");
// these texts open in lower case so that each test sees only the rule it names.
test('runs of capitalised words are candidates, with inner "of" and initials kept', () => {
  assert.deepEqual(names('the team met Robert C. Hood at the Bank of America office in Redwood City yesterday.'), ['Robert C. Hood', 'Bank of America', 'Redwood City']);
});

test('a company name keeps its suffix after a comma, and an inner word left at the end is dropped', () => {
  assert.deepEqual(names('the payment goes to Netscape Communications, Inc. under the terms of Acme of today.'), ['Netscape Communications, Inc', 'Acme']);
});

test('leading sentence words and trailing form labels are not part of a name', () => {
  assert.deepEqual(names('The Licensor signs. By Bruce Morgan Name here.'), ['Licensor', 'Bruce Morgan']);
});

test('a capitalised word the document also writes in lower case is an ordinary word', () => {
  const found = nameCandidates([{ text: 'Products are sold. The products ship from Lisbon.' }], new Set(), 10);
  assert.deepEqual(
    found.candidates.map((c) => c.text),
    ['Lisbon'],
  );
  assert.ok(found.lowerSeen.has('products'));
});

test('a corporate name stays even when its words are ordinary ones', () => {
  assert.deepEqual(names('General Services Inc. offers general services.'), ['General Services Inc']);
});

test('months, weekdays, all-capital headings and known entities are skipped', () => {
  assert.deepEqual(names('payment is due in March or on Monday. GOVERNING LAW AND VENUE applies. ask Excite or Jane Doe.', ['excit']), ['Jane Doe']);
});

test('candidates come most frequent first, ties in order of appearance, at most the limit', () => {
  const text = 'Alpha met Beta. Gamma met Beta. later Gamma left with Beta.';
  assert.deepEqual(names(text), ['Beta', 'Gamma', 'Alpha']);
  assert.deepEqual(names(text, [], 2), ['Beta', 'Gamma']);
});

test('the tagger filter can refuse a candidate, but never a corporate one', () => {
  const found = nameCandidates([{ text: 'we visit Lisbon with Acme Ltd.' }], new Set(), 10, (words) => words[0] !== 'Lisbon' && words[0] !== 'Acme');
  assert.deepEqual(
    found.candidates.map((c) => c.text),
    ['Acme Ltd'],
  );
});
