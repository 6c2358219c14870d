import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findAbbreviations, longFormBefore } from '../../../../native/search/findAbbreviations.js';

test('an abbreviation in parentheses is paired with the words before it whose initials spell it', () => {
  assert.deepEqual(findAbbreviations('reports to the Chief Executive Officer (CEO) of the Company'), [{ short: 'CEO', long: 'Chief Executive Officer' }]);
  assert.deepEqual(findAbbreviations('the Consolidated Statements of Operations ("SOO") show'), [{ short: 'SOO', long: 'Statements of Operations' }]);
  assert.deepEqual(findAbbreviations('under the Direct Marketing Association (the "DMA") guidelines'), [{ short: 'DMA', long: 'Direct Marketing Association' }]);
});

test('parentheses that abbreviate nothing are ignored: list markers, defined names, unrelated capitals', () => {
  assert.deepEqual(findAbbreviations('as set out in clause (a) and (b)'), []);
  assert.deepEqual(findAbbreviations('Acme Corp., a Delaware corporation (the "Company")'), []);
  assert.deepEqual(findAbbreviations('payable in United States dollars (EUR)'), []);
});

test('the long form of a defined abbreviation is read from the end of its definition', () => {
  assert.equal(longFormBefore('DMA', 'best practices relating to Direct Marketing Association'), 'Direct Marketing Association');
  assert.equal(longFormBefore('DMA', 'best practices relating to marketing'), null);
});
