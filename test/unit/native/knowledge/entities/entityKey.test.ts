import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entityKey, keyWords, writtenWordKey, WORD_PATTERN, wordSpans } from '../../../../../native/knowledge/entities/entityKey.js';

test('plurals, possessives, case and articles give one key: "the Parties\'" is "Party"', () => {
  assert.equal(entityKey("the Parties'"), entityKey('Party'));
  assert.equal(entityKey("Licensee's"), entityKey('licensee'));
  assert.equal(entityKey('Governing Law'), entityKey('governing laws'));
});

test('hyphens and runs of space are one space; accents are dropped', () => {
  assert.equal(entityKey('Non-Compete   Clause'), entityKey('non compete clause'));
  assert.equal(entityKey('Société Générale'), entityKey('Societe Generale'));
});

test('a name of articles only has an empty key; numbers are kept as written', () => {
  assert.equal(entityKey('The'), '');
  assert.deepEqual(keyWords('Section 12 of the Act'), ['section', '12', 'of', 'act']);
});

test('writtenWordKey agrees with the key of the lower-cased word, and is null for an article', () => {
  assert.equal(writtenWordKey('Licensees'), entityKey('licensees'));
  assert.equal(writtenWordKey('An'), null);
});

/** What a scan finds, as the strings it spans. */
const scanned = (text: string, joined = false) => {
  const out: number[] = [];
  const n = wordSpans(text, out, joined);
  return Array.from({ length: n / 2 }, (_, i) => text.slice(out[2 * i]!, out[2 * i + 1]!));
};
const SCAN_TEXTS = [
  "The Licensee's rights, the Parties' duties and don't-care clauses (1.2(a)) of AT&T, U.S. Inc. and Coca-Cola.",
  'Ünïcödé Straße 12ª, naïve café — résumé; 𝐁𝐨𝐥𝐝 math letters and 😀 emoji; ١٢٣ Arabic digits; Ⅻ roman.',
  "trailing apostrophe' and ’curly’ quotes, it’s, o'5, x'-y, a.b.c., end-",
  'lone \ud800 high and \udc00 low surrogates; decomposed e\u0301 accents; tabs\tand\nnewlines',
  '',
];

test('wordSpans finds exactly the words WORD_PATTERN matches, astral letters, surrogates and marks included', () => {
  for (const text of SCAN_TEXTS)
    assert.deepEqual(
      scanned(text),
      [...text.matchAll(WORD_PATTERN)].map((m) => m[0]),
      text,
    );
});

test('wordSpans joined finds the name tokens: letters and numbers joined by inner apostrophes, dots, ampersands and hyphens', () => {
  const TOKEN = /[\p{L}\p{N}]+(?:['’.&-][\p{L}\p{N}]+)*/gu;
  for (const text of SCAN_TEXTS)
    assert.deepEqual(
      scanned(text, true),
      [...text.matchAll(TOKEN)].map((m) => m[0]),
      text,
    );
  assert.deepEqual(scanned('AT&T and U.S. sold Coca-Cola', true), ['AT&T', 'and', 'U.S', 'sold', 'Coca-Cola']);
});
