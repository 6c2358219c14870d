/**
 * The word counting of the fidelity evaluation (bench/fidelityWords.ts), on generated
 * strings: what counts as a word, what is left aside, and multiset matching.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isNumberLike, measureFidelity, normalizeWord, recurringLines, referenceWords } from '../../../bench/fidelityWords.js';
import { seededRandom } from '../../fixtures/seededText.js';

/** n tokens of made-up words, some capitalized, some with punctuation, some numbers. */
function generatedTokens(seed: number, n: number): string[] {
  const random = seededRandom(seed);
  const syllables = ['ka', 'lo', 'mer', 'tan', 'vis', 'pre', 'dun', 'sho', 'ri', 'gel'];
  const pick = () => syllables[Math.floor(random() * syllables.length)]!;
  return Array.from({ length: n }, () => {
    const r = random();
    if (r < 0.05) return String(Math.floor(random() * 1000));
    let word = pick() + pick() + (random() < 0.5 ? pick() : '');
    if (r < 0.2) word = word[0]!.toUpperCase() + word.slice(1);
    if (r > 0.9) word += ',';
    else if (r > 0.85) word = `(${word})`;
    return word;
  });
}

describe('fidelity word matching', () => {
  test('normalizing lowercases, applies NFKC (ligatures) and strips punctuation at both ends only', () => {
    assert.equal(normalizeWord('("Agreement"),'), 'agreement');
    assert.equal(normalizeWord('\ufb01nancial'), 'financial');
    assert.equal(normalizeWord('Excite\u2019s'), "excite's");
    assert.equal(normalizeWord('self-insured.'), 'self-insured');
    assert.equal(normalizeWord('end-of\u200b'), 'end-of', 'zero-width space dropped');
    assert.equal(normalizeWord('multi\u00adlevel'), 'multi-level', 'soft hyphen read as the hyphen it prints');
  });

  test('numbers, roman numerals and bare punctuation are left aside; words are not', () => {
    for (const n of ['12', '1,000.00', '3.2.1', '(iv)', 'XII', '—', '§']) assert.ok(isNumberLike(normalizeWord(n)), n);
    for (const w of ['agreement', 'vitamin', 'party']) assert.equal(isNumberLike(w), false, w);
    assert.deepEqual(
      referenceWords('Section 12. (iv) Payment — $1,000').map((t) => t.word),
      ['section', 'payment'],
    );
  });

  test('a word broken at a line end is joined, and its hyphenated spelling is accepted too', () => {
    const tokens = referenceWords('the infor-\n   mation and self-\ninsured');
    assert.deepEqual(tokens, [{ word: 'the' }, { word: 'information', alt: 'infor-mation' }, { word: 'and' }, { word: 'selfinsured', alt: 'self-insured' }]);
    const joined = measureFidelity(['the infor-\nmation and self-\ninsured'], ['the information and self-insured']);
    assert.deepEqual(joined.total, { words: 4, found: 4 });
  });

  test('each reference occurrence consumes one passage occurrence (multiset)', () => {
    const measured = measureFidelity(['the the the party'], ['the party']);
    assert.deepEqual(measured.total, { words: 4, found: 2 });
    assert.deepEqual(measured.missing, [['the', 2]]);
  });

  test('lines repeating on 30% of pages (digits masked) are headers; a line on one page of two is not', () => {
    const pages = Array.from({ length: 10 }, (_, i) => `ACME CONFIDENTIAL Page ${i + 1} of 10\nbody ${i}\n${i < 3 ? 'Draft copy' : ''}`);
    const recurring = recurringLines(pages);
    assert.ok(recurring.has('acme confidential page # of #'));
    assert.ok(recurring.has('draft copy'), 'three pages of ten is 30%');
    assert.ok(recurring.has('body #'), 'masked digits make "body 3" and "body 4" one line');
    assert.equal(recurringLines(['only line', 'other line']).size, 0);
    const measured = measureFidelity(
      pages,
      pages.map((_, i) => `body ${i}`),
    );
    assert.deepEqual(measured.total, { words: 0, found: 0 }, 'headers and masked-number lines all left aside');
  });

  test('generated text: dropping k words from the passages loses exactly k words, and none on the page before them', () => {
    const words = generatedTokens(7, 600);
    const pages = [words.slice(0, 300).join(' '), words.slice(300).join(' ')];
    const passageWords = [...words];
    const dropped = passageWords.splice(420, 5); // five words of page 2
    const measured = measureFidelity(pages, [passageWords.join(' ')]);
    const countable = referenceWords(pages.join('\n')).length;
    const droppedCountable = dropped.filter((w) => !isNumberLike(normalizeWord(w))).length;
    assert.equal(measured.total.words, countable);
    assert.equal(measured.total.words - measured.total.found, droppedCountable);
    // A dropped word that also occurs later may be found there, moving its miss later in the document, never earlier.
    assert.equal(measured.pages[0]!.found, measured.pages[0]!.words);
  });
});
