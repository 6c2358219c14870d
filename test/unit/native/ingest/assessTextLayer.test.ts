import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessTextLayer } from '../../../../native/ingest/assessTextLayer.js';

const prose = 'The tenant shall pay the rent monthly in advance and keep the premises in good repair throughout the term of this lease. '.repeat(3);

test('ordinary prose is ok', () => {
  assert.equal(assessTextLayer(prose), 'ok');
});

test('an empty page is none (a scan), a page of control characters is garbage', () => {
  assert.equal(assessTextLayer('   \n  '), 'none');
  assert.equal(assessTextLayer('\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008'.repeat(4)), 'garbage');
});

test('many glyphs the extractor could not map make the page garbage', () => {
  assert.equal(assessTextLayer(prose, { chars: prose.length, unmapped: prose.length, control: 0 }), 'garbage');
});

test('a page that is one image with only a page number on it is none', () => {
  assert.equal(assessTextLayer('12', { chars: 2, unmapped: 0, control: 0, imageCoverage: 0.95 }), 'none');
});

test('symbol soup is garbage; non-Latin prose is ok', () => {
  assert.equal(assessTextLayer('#$%& @!*^ ~|<> {}[] '.repeat(10)), 'garbage');
  assert.equal(assessTextLayer('Арендатор обязан ежемесячно вносить арендную плату и содержать помещение в надлежащем состоянии. '.repeat(3)), 'ok');
});
