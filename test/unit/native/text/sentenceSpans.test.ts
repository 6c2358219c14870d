import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sentenceSpans } from '../../../../native/text/sentenceSpans.js';

const pieces = (text: string) => sentenceSpans(text).map(([s, e]) => text.slice(s, e));

test('splits at a full stop followed by a capitalized word', () => {
  assert.deepEqual(pieces('The tenant pays rent. The landlord repairs the roof.'), ['The tenant pays rent.', 'The landlord repairs the roof.']);
});

test('does not split after an abbreviation such as "Mr." or "e.g."', () => {
  assert.equal(pieces('Mr. Smith signed the lease. It ends in May.').length, 2);
  assert.equal(pieces('Costs, e.g. repairs, are shared. Taxes are not.').length, 2);
});

test('spans cover every non-space character once, in order', () => {
  const text = '  First one!  Second one?\n"Third," she said. 4. Fourth item.  ';
  const spans = sentenceSpans(text);
  let last = 0;
  let covered = '';
  for (const [s, e] of spans) {
    assert.ok(s >= last && e > s, `span [${s}, ${e}) starts after the previous end ${last}`);
    assert.equal(text.slice(last, s).trim(), '', 'only whitespace between spans');
    covered += text.slice(s, e);
    last = e;
  }
  assert.equal(text.slice(last).trim(), '');
  assert.equal(covered.replace(/\s/g, ''), text.replace(/\s/g, ''));
});

test('a text without a sentence end is one span', () => {
  assert.deepEqual(pieces('no ending here'), ['no ending here']);
});
